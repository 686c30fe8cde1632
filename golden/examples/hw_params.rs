//! Prints, as JSON, the golden parameters the hardware flow is sized by
//! (constraints/, reports/): channel count, sample rate, per-profile state
//! bits, and the target clock derived from the throughput need.
//!
//! `cargo run -p brainwire-golden --example hw_params`

use golden::grid::{CODE_BITS, SAMPLE_BITS};
use golden::profile::{IMPLANT, MAX_CHANNELS, MAX_CODE_LEN, PROFILES, SAMPLE_RATE_HZ};
use serde::Serialize;
use serde_json::Value;

/// Clock headroom over one sample per clock: covers pipeline bubbles and
/// leaves timing slack. This is the one place the target clock is chosen.
const CLOCK_MARGIN: f64 = 1.5;

#[derive(Serialize)]
struct HwParams {
    max_channels: usize,
    sample_rate_hz: u32,
    samples_per_s: u64,
    input_bits_per_s: u64,
    sample_bits: u32,
    code_bits: u32,
    max_code_len: u32,
    clock_margin: Value,
    target_clock_mhz: Value,
    target_period_ns: f64,
    implant_profile: &'static str,
    implant_state_bits: u32,
    profiles: Vec<ProfileParams>,
}

#[derive(Serialize)]
struct ProfileParams {
    name: &'static str,
    id: u8,
    taps: usize,
    state_bits: u32,
    max_sample_bits: u32,
}

/// `x` as a JSON number the way Rust's `{}` prints it: 30, not 30.0. The flow
/// writes these values into constraint files and reports as Python reads them.
fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < (1u64 << 53) as f64 {
        Value::from(x as i64)
    } else {
        Value::from(x)
    }
}

fn main() {
    let samples_per_s = MAX_CHANNELS as u64 * SAMPLE_RATE_HZ as u64;
    // Round up to 0.1 MHz so constraint files hold a short, exact number.
    let target_mhz = (samples_per_s as f64 * CLOCK_MARGIN / 1e5).ceil() / 10.0;
    let params = HwParams {
        max_channels: MAX_CHANNELS,
        sample_rate_hz: SAMPLE_RATE_HZ,
        samples_per_s,
        input_bits_per_s: samples_per_s * SAMPLE_BITS as u64,
        sample_bits: SAMPLE_BITS,
        code_bits: CODE_BITS,
        max_code_len: MAX_CODE_LEN,
        clock_margin: number(CLOCK_MARGIN),
        target_clock_mhz: number(target_mhz),
        target_period_ns: (1e6 / target_mhz).round() / 1e3,
        implant_profile: IMPLANT.name,
        implant_state_bits: IMPLANT.state_bits(),
        profiles: PROFILES
            .iter()
            .map(|p| ProfileParams {
                name: p.name,
                id: p.id,
                taps: p.taps,
                state_bits: p.state_bits(),
                max_sample_bits: p.max_sample_bits(),
            })
            .collect(),
    };
    println!(
        "{}",
        serde_json::to_string_pretty(&params).expect("plain data serializes")
    );
}
