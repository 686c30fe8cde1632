//! Deterministic synthetic recordings on the 10-bit ADC grid: slow LFP
//! sinusoids + band-limited noise + biphasic spikes, per channel.
//!
//! Everything is computed with IEEE 754 `+ - * /` and `round` only (no libm
//! `sin`/`exp`, whose last bits differ between platforms), so a seed gives the
//! same bytes on every machine.

use crate::error::CliError;
use crate::wav::Wav;
use golden::grid::{code_to_sample, CODES};
use golden::profile::{MAX_CHANNELS, SAMPLE_RATE_HZ};

/// SplitMix64: tiny, fast and fully specified.
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `[lo, hi)`.
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Approximately standard normal (Irwin-Hall of four uniforms, unit variance).
    pub fn normal(&mut self) -> f64 {
        let sum = self.unit() + self.unit() + self.unit() + self.unit();
        (sum - 2.0) * 1.732_050_807_568_877_2 // sqrt(3): four uniforms have variance 1/3
    }
}

const PI: f64 = core::f64::consts::PI;

/// `(sin x, cos x)` for `|x| <= PI` by Taylor series (basic operations only).
fn sin_cos(x: f64) -> (f64, f64) {
    let (mut s, mut c) = (0.0, 0.0);
    let mut term = 1.0; // x^n / n!
    for n in 0..30 {
        match n % 4 {
            0 => c += term,
            1 => s += term,
            2 => c -= term,
            _ => s -= term,
        }
        term = term * x / (n + 1) as f64;
    }
    (s, c)
}

/// A sinusoid advanced by rotation, one sample at a time.
struct Oscillator {
    amplitude: f64,
    sin: f64,
    cos: f64,
    step_sin: f64,
    step_cos: f64,
}

impl Oscillator {
    fn new(rng: &mut SplitMix64, freq_hz: (f64, f64), amplitude: (f64, f64)) -> Self {
        let w = 2.0 * PI * rng.uniform(freq_hz.0, freq_hz.1) / SAMPLE_RATE_HZ as f64;
        let (step_sin, step_cos) = sin_cos(w);
        let (sin, cos) = sin_cos(rng.uniform(-PI, PI));
        Oscillator {
            amplitude: rng.uniform(amplitude.0, amplitude.1),
            sin,
            cos,
            step_sin,
            step_cos,
        }
    }

    fn next(&mut self) -> f64 {
        let v = self.amplitude * self.sin;
        let (s, c) = (self.sin, self.cos);
        self.sin = s * self.step_cos + c * self.step_sin;
        self.cos = c * self.step_cos - s * self.step_sin;
        v
    }
}

/// Samples of one spike: a sharp trough, then a slower, smaller rebound (~1.2 ms).
const SPIKE_TROUGH: usize = 8;
const SPIKE_LEN: usize = 24;

fn spike_shape(t: usize) -> f64 {
    let bump = |x: f64| 4.0 * x * (1.0 - x);
    if t < SPIKE_TROUGH {
        -bump((t as f64 + 0.5) / SPIKE_TROUGH as f64)
    } else {
        0.4 * bump((t - SPIKE_TROUGH) as f64 / (SPIKE_LEN - SPIKE_TROUGH) as f64)
    }
}

/// One synthetic electrode, in ADC codes around mid-scale.
struct Channel {
    rng: SplitMix64,
    offset: f64,
    lfp: [Oscillator; 3],
    noise_sigma: f64,
    /// One-pole low-pass coefficient: band-limits the white noise.
    noise_pole: f64,
    noise_state: f64,
    spike_probability: f64,
    spike_amplitude: f64,
    /// Sample index within the current spike, if one is firing.
    spike_at: Option<usize>,
}

impl Channel {
    fn new(seed: u64) -> Self {
        let mut rng = SplitMix64::new(seed);
        let offset = rng.uniform(-60.0, 60.0);
        let lfp = [
            Oscillator::new(&mut rng, (0.5, 4.0), (10.0, 40.0)),
            Oscillator::new(&mut rng, (4.0, 12.0), (5.0, 20.0)),
            Oscillator::new(&mut rng, (12.0, 40.0), (2.0, 8.0)),
        ];
        let noise_sigma = rng.uniform(1.5, 4.0);
        let noise_pole = rng.uniform(0.3, 0.7);
        let spike_probability = rng.uniform(2.0, 40.0) / SAMPLE_RATE_HZ as f64;
        let spike_amplitude = rng.uniform(20.0, 120.0);
        Channel {
            rng,
            offset,
            lfp,
            noise_sigma,
            noise_pole,
            noise_state: 0.0,
            spike_probability,
            spike_amplitude,
            spike_at: None,
        }
    }

    /// The next ADC code of this channel.
    fn next_code(&mut self) -> u32 {
        let mut v = self.offset;
        for osc in &mut self.lfp {
            v += osc.next();
        }
        let white = self.rng.normal();
        self.noise_state += self.noise_pole * (white - self.noise_state);
        // A one-pole low-pass with pole p keeps variance p / (2 - p): undo it.
        v += self.noise_sigma * self.noise_state
            / (self.noise_pole / (2.0 - self.noise_pole)).sqrt();
        let fire = self.rng.unit() < self.spike_probability;
        match self.spike_at {
            Some(t) => {
                v += self.spike_amplitude * spike_shape(t);
                self.spike_at = (t + 1 < SPIKE_LEN).then_some(t + 1);
            }
            None if fire => self.spike_at = Some(0),
            None => {}
        }
        let mid = (CODES / 2) as f64;
        (mid + v).round().clamp(0.0, (CODES - 1) as f64) as u32
    }
}

/// Parameters of `brainwire synth`.
#[derive(Clone, Copy, Debug)]
pub struct SynthSpec {
    pub seconds: f64,
    pub channels: usize,
    pub seed: u64,
}

/// Largest data chunk a WAV file can describe.
const MAX_WAV_DATA_BYTES: f64 = u32::MAX as f64 - 64.0;

/// A synthetic recording of `spec`; every sample lies on the ADC grid.
pub fn synthesize(spec: &SynthSpec) -> Result<Wav, CliError> {
    if !(1..=MAX_CHANNELS).contains(&spec.channels) {
        return Err(CliError::Usage(format!(
            "channels must be in 1..={MAX_CHANNELS}, got {}",
            spec.channels
        )));
    }
    let frames = spec.seconds * SAMPLE_RATE_HZ as f64;
    if !frames.is_finite()
        || frames < 1.0
        || frames * spec.channels as f64 * 2.0 > MAX_WAV_DATA_BYTES
    {
        return Err(CliError::Usage(format!(
            "seconds must give 1 sample up to a 4 GB file, got {}",
            spec.seconds
        )));
    }
    let frames = frames.round() as usize;
    let mut seeds = SplitMix64::new(spec.seed);
    let mut channels: Vec<Channel> = (0..spec.channels)
        .map(|_| Channel::new(seeds.next_u64()))
        .collect();
    let mut samples = Vec::with_capacity(frames * spec.channels);
    for _ in 0..frames {
        for ch in &mut channels {
            samples.push(code_to_sample(ch.next_code()));
        }
    }
    Ok(Wav {
        channels: spec.channels as u16,
        sample_rate: SAMPLE_RATE_HZ,
        samples,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taylor_sin_cos_matches_libm() {
        for i in -100..=100 {
            let x = PI * i as f64 / 100.0;
            let (s, c) = sin_cos(x);
            assert!(
                (s - x.sin()).abs() < 1e-12 && (c - x.cos()).abs() < 1e-12,
                "x={x}"
            );
        }
    }

    #[test]
    fn splitmix_matches_the_reference_sequence() {
        // First outputs of the reference C implementation seeded with 1234567.
        let mut r = SplitMix64::new(1234567);
        assert_eq!(r.next_u64(), 6457827717110365317);
        assert_eq!(r.next_u64(), 3203168211198807973);
    }

    #[test]
    fn spike_is_biphasic() {
        let min = (0..SPIKE_LEN).map(spike_shape).fold(f64::MAX, f64::min);
        let max = (0..SPIKE_LEN).map(spike_shape).fold(f64::MIN, f64::max);
        assert!(min < -0.9 && max > 0.3);
    }
}
