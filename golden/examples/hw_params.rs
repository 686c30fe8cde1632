//! Prints, as JSON, the golden parameters the hardware flow is sized by
//! (constraints/, reports/): channel count, sample rate, per-profile state
//! bits, and the target clock derived from the throughput need.
//!
//! `cargo run -p brainwire-golden --example hw_params`

use golden::grid::{CODE_BITS, SAMPLE_BITS};
use golden::profile::{IMPLANT, MAX_CHANNELS, MAX_CODE_LEN, PROFILES, SAMPLE_RATE_HZ};

/// Clock headroom over one sample per clock: covers pipeline bubbles and
/// leaves timing slack. This is the one place the target clock is chosen.
const CLOCK_MARGIN: f64 = 1.5;

fn main() {
    let samples_per_s = MAX_CHANNELS as f64 * SAMPLE_RATE_HZ as f64;
    // Round up to 0.1 MHz so constraint files hold a short, exact number.
    let target_mhz = (samples_per_s * CLOCK_MARGIN / 1e5).ceil() / 10.0;
    let profiles: Vec<String> = PROFILES
        .iter()
        .map(|p| {
            format!(
                "{{\"name\": \"{}\", \"id\": {}, \"taps\": {}, \"state_bits\": {}, \"max_sample_bits\": {}}}",
                p.name,
                p.id,
                p.model.taps,
                p.model.state_bits(),
                p.model.max_sample_bits()
            )
        })
        .collect();
    println!("{{");
    println!("  \"max_channels\": {MAX_CHANNELS},");
    println!("  \"sample_rate_hz\": {SAMPLE_RATE_HZ},");
    println!("  \"samples_per_s\": {samples_per_s},");
    println!(
        "  \"input_bits_per_s\": {},",
        samples_per_s * SAMPLE_BITS as f64
    );
    println!("  \"sample_bits\": {SAMPLE_BITS},");
    println!("  \"code_bits\": {CODE_BITS},");
    println!("  \"max_code_len\": {MAX_CODE_LEN},");
    println!("  \"clock_margin\": {CLOCK_MARGIN},");
    println!("  \"target_clock_mhz\": {target_mhz},");
    println!("  \"target_period_ns\": {:.3},", 1e3 / target_mhz);
    println!("  \"implant_profile\": \"{}\",", IMPLANT.name);
    println!("  \"implant_state_bits\": {},", IMPLANT.model.state_bits());
    println!("  \"profiles\": [\n    {}\n  ]", profiles.join(",\n    "));
    println!("}}");
}
