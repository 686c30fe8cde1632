//! `brainwire stats`: what a recording holds and where the golden coder spends its bits.

use crate::wav::Wav;
use golden::codetable::EncodeTable;
use golden::grid::{on_grid, sample_to_code, CODES};
use golden::payload::{Encoder, Sink, SymbolCounts};
use golden::profile::{Profile, ESC_LARGE, ESC_OFFGRID};
use serde::Serialize;

/// Bits the coder spends, split by what they carry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BitSplit {
    /// Table-coded quotients.
    pub quotient_bits: u64,
    /// Raw low bits of the Rice code (`k` per normally coded sample).
    pub low_bits: u64,
    /// Large-residual escapes: the escape symbol plus the raw residual.
    pub large_escape_bits: u64,
    /// Off-grid samples: escape symbols, raw-mode flags and raw samples.
    pub offgrid_bits: u64,
}

impl BitSplit {
    pub fn total(&self) -> u64 {
        self.quotient_bits + self.low_bits + self.large_escape_bits + self.offgrid_bits
    }
}

/// What the raw field following a sink call carries (see `payload::write_sample`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pending {
    /// No symbol pending: a 1-bit raw field is a raw-mode flag.
    Nothing,
    LowBits,
    LargeResidual,
    OffgridSample,
}

/// A sink that classifies every bit by the coder's field order, and keeps the
/// symbol counts of `SymbolCounts` as well.
pub struct ComponentSink {
    pub counts: SymbolCounts,
    pub split: BitSplit,
    pending: Pending,
}

impl ComponentSink {
    pub fn new(p: &Profile) -> Self {
        ComponentSink {
            counts: SymbolCounts::new(p),
            split: BitSplit::default(),
            pending: Pending::Nothing,
        }
    }
}

impl Sink for ComponentSink {
    fn symbol(&mut self, table: usize, symbol: usize, code: &EncodeTable) {
        self.counts.symbol(table, symbol, code);
        let len = code.len[symbol] as u64;
        self.pending = match symbol {
            ESC_LARGE => {
                self.split.large_escape_bits += len;
                Pending::LargeResidual
            }
            ESC_OFFGRID => {
                self.split.offgrid_bits += len;
                Pending::OffgridSample
            }
            _ => {
                self.split.quotient_bits += len;
                Pending::LowBits
            }
        };
    }

    fn raw(&mut self, value: u32, len: u32) {
        self.counts.raw(value, len);
        let len64 = len as u64;
        self.pending = match self.pending {
            Pending::LowBits => {
                self.split.low_bits += len64;
                Pending::Nothing
            }
            Pending::LargeResidual => {
                self.split.large_escape_bits += len64;
                Pending::Nothing
            }
            Pending::OffgridSample => {
                self.split.offgrid_bits += len64;
                Pending::Nothing
            }
            Pending::Nothing => {
                // The raw-mode flag: 1 announces another raw off-grid sample.
                self.split.offgrid_bits += len64;
                if value == 1 {
                    Pending::OffgridSample
                } else {
                    Pending::Nothing
                }
            }
        };
    }
}

/// The statistics of one recording.
#[derive(Clone, Debug, Serialize)]
pub struct RecordingStats {
    pub file: String,
    pub profile: &'static str,
    pub samples: u64,
    pub channels: u16,
    pub sample_rate: u32,
    /// Size of the WAV file.
    pub file_bytes: u64,
    /// Samples that do not lie on the ADC grid.
    pub off_grid: u64,
    /// Order-0 entropy of the ADC codes, bits per sample.
    pub code_entropy: f64,
    /// Order-0 entropy of the per-channel first differences of the codes, bits per sample.
    pub diff_entropy: f64,
    pub bits: BitSplit,
    /// Payload bits per sample.
    pub bits_per_sample: f64,
    /// Payload size in bytes (padded to a byte).
    pub payload_bytes: u64,
    /// WAV file bytes over payload bytes (no container header counted).
    pub payload_ratio: f64,
    /// Size of the file `brainwire encode` writes with this profile.
    pub compressed_bytes: u64,
    /// WAV file bytes over compressed bytes.
    pub ratio: f64,
}

/// Order-0 entropy in bits of a histogram.
fn entropy(hist: &[u64]) -> f64 {
    let n: u64 = hist.iter().sum();
    if n == 0 {
        return 0.0;
    }
    hist.iter()
        .filter(|&&c| c > 0)
        .map(|&c| c as f64 / n as f64)
        .map(|q| -q * q.log2())
        .sum()
}

/// The bits `p` spends on the interleaved `samples` of `channels`.
pub fn bit_split(p: &Profile, samples: &[i16], channels: usize) -> BitSplit {
    let mut enc = Encoder::new(p, channels, ComponentSink::new(p));
    for &s in samples {
        enc.push(s);
    }
    enc.sink.split
}

/// Statistics under profile `p` of `wav`, parsed from the file bytes `file_bytes`.
pub fn recording_stats(
    file: &str,
    file_bytes: &[u8],
    wav: &Wav,
    p: &'static Profile,
) -> RecordingStats {
    let n = wav.channels as usize;
    let mut code_hist = vec![0u64; CODES as usize];
    // Differences of codes span -1023..=1023.
    let mut diff_hist = vec![0u64; 2 * CODES as usize - 1];
    let mut last = vec![None::<u32>; n];
    let mut off_grid = 0;
    for (i, &s) in wav.samples.iter().enumerate() {
        off_grid += !on_grid(s) as u64;
        let code = sample_to_code(s);
        code_hist[code as usize] += 1;
        if let Some(prev) = last[i % n].replace(code) {
            diff_hist[(code as i64 - prev as i64 + CODES as i64 - 1) as usize] += 1;
        }
    }
    let bits = if wav.samples.is_empty() {
        BitSplit::default()
    } else {
        bit_split(p, &wav.samples, n)
    };
    let samples = wav.samples.len() as u64;
    let payload_bytes = bits.total().div_ceil(8);
    let compressed_bytes = crate::codec::compress(p, file_bytes).len() as u64;
    let raw_bytes = file_bytes.len() as f64;
    RecordingStats {
        file: file.to_string(),
        profile: p.name,
        samples,
        channels: wav.channels,
        sample_rate: wav.sample_rate,
        file_bytes: file_bytes.len() as u64,
        off_grid,
        code_entropy: entropy(&code_hist),
        diff_entropy: entropy(&diff_hist),
        bits,
        bits_per_sample: if samples == 0 {
            0.0
        } else {
            bits.total() as f64 / samples as f64
        },
        payload_bytes,
        payload_ratio: raw_bytes / payload_bytes.max(1) as f64,
        compressed_bytes,
        ratio: raw_bytes / compressed_bytes as f64,
    }
}

/// One human-readable line per recording.
pub fn render_line(s: &RecordingStats) -> String {
    let b = &s.bits;
    let per = |x: u64| {
        if s.samples == 0 {
            0.0
        } else {
            x as f64 / s.samples as f64
        }
    };
    format!(
        "{}: {} samples x {} ch @ {} Hz, off-grid {}, H(code) {:.3}, H(diff) {:.3}, {}: {:.3} b/s \
         (quotient {:.3}, low {:.3}, large-esc {:.3}, off-grid {:.3}), ratio {:.3} ({} -> {} bytes)",
        s.file,
        s.samples,
        s.channels,
        s.sample_rate,
        s.off_grid,
        s.code_entropy,
        s.diff_entropy,
        s.profile,
        s.bits_per_sample,
        per(b.quotient_bits),
        per(b.low_bits),
        per(b.large_escape_bits),
        per(b.offgrid_bits),
        s.ratio,
        s.file_bytes,
        s.compressed_bytes,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use golden::grid::code_to_sample;
    use golden::profile::PROFILES;

    /// A mix of smooth, jumpy and off-grid samples, so every component is used.
    fn mixed_signal() -> Vec<i16> {
        (0..6000u32)
            .map(|i| match i % 97 {
                0 => (i * 31 + 1) as i16,
                1 if i % 3 == 0 => (i * 17 + 3) as i16,
                50 => code_to_sample((i * 389) % CODES),
                _ => code_to_sample(512 + (i / 7) % 40),
            })
            .collect()
    }

    #[test]
    fn the_split_adds_up_to_the_payload_length() {
        let s = mixed_signal();
        for p in PROFILES {
            for n in [1, 3] {
                let split = bit_split(p, &s, n);
                let bytes = golden::payload::encode(p, &s, n);
                assert_eq!(split.total().div_ceil(8), bytes.len() as u64, "{}", p.name);
                assert!(
                    split.quotient_bits > 0 && split.offgrid_bits > 0,
                    "{}",
                    p.name
                );
            }
        }
    }

    #[test]
    fn offgrid_bits_cover_every_offgrid_sample() {
        let s = mixed_signal();
        let off = s.iter().filter(|&&v| !on_grid(v)).count() as u64;
        let split = bit_split(&golden::IMPLANT, &s, 1);
        assert!(split.offgrid_bits >= off * golden::grid::SAMPLE_BITS as u64);
    }

    #[test]
    fn entropy_of_uniform_and_constant_histograms() {
        assert_eq!(entropy(&[5, 5, 5, 5]), 2.0);
        assert_eq!(entropy(&[9, 0, 0]), 0.0);
    }
}
