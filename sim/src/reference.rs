//! Golden's encoding of a stream, with where each sample's bits end, so that a
//! bit offset can be traced back to the sample that wrote it (the profile
//! the implant design's Verilog was generated from, `rtl_profile`; the ratio
//! profile's payload without them).

use crate::bridge::{rtl_profile, Model};
use golden::bits::BitWriter;
use golden::payload::{Encoder, Layout};

/// The bits golden::payload::encode(rtl_profile(), samples, n) writes
/// (`encode_blocked` for samples in blocks: `with_layout`).
pub struct Reference {
    /// Payload bytes, zero-padded to a byte.
    pub bytes: Vec<u8>,
    /// Number of valid bits.
    pub n_bits: u64,
    /// Bit offset just past sample `i`'s code.
    pub sample_end: Vec<u64>,
    pub n_channels: usize,
    pub layout: Layout,
}

impl Reference {
    pub fn new(samples: &[i16], n_channels: usize) -> Reference {
        Self::with_layout(samples, Layout::interleaved(n_channels))
    }

    /// The bits of `samples` laid out in blocks (golden::payload::Layout).
    pub fn with_layout(samples: &[i16], layout: Layout) -> Reference {
        let mut enc = Encoder::with_layout(rtl_profile(), layout, BitWriter::new());
        let mut sample_end = Vec::with_capacity(samples.len());
        for &s in samples {
            enc.push(s);
            sample_end.push(enc.sink.bit_len());
        }
        let n_bits = enc.sink.bit_len();
        Reference {
            bytes: enc.sink.finish(),
            n_bits,
            sample_end,
            n_channels: layout.channels(),
            layout,
        }
    }

    /// What `model`'s encoder must emit for `samples` in `layout` (the
    /// ratio profile's layout is interleaved: FORMAT.md section 9).
    pub fn of(model: Model, samples: &[i16], layout: Layout) -> Reference {
        match model {
            Model::Implant => Self::with_layout(samples, layout),
            Model::Ratio => Self::ratio(samples, layout.channels()),
        }
    }

    /// The ratio profile's payload, `golden::ratio::encode(&RATIO, samples,
    /// n)`: bytes only (the range coder's bytes trail its samples, so no
    /// sample positions; a mismatch is located by byte).
    pub fn ratio(samples: &[i16], n_channels: usize) -> Reference {
        let bytes = golden::ratio::encode(&golden::profile::RATIO, samples, n_channels);
        Reference {
            n_bits: 8 * bytes.len() as u64,
            bytes,
            sample_end: Vec::new(),
            n_channels,
            layout: Layout::interleaved(n_channels),
        }
    }

    /// The 32 bits starting at bit `32 * index`, MSB first, zero past the end.
    pub fn word(&self, index: u64) -> u32 {
        let first = index as usize * 4;
        let mut w = [0u8; 4];
        for (i, b) in w.iter_mut().enumerate() {
            *b = self.bytes.get(first + i).copied().unwrap_or(0);
        }
        u32::from_be_bytes(w)
    }

    /// Index of the sample whose code contains bit `bit`.
    pub fn sample_at(&self, bit: u64) -> usize {
        self.sample_end.partition_point(|&end| end <= bit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_sample_positions_agree_with_golden_encode() {
        let samples: Vec<i16> = (0..3000u32)
            .map(|i| golden::grid::code_to_sample((i * 37 + i * i) % 1024))
            .collect();
        let r = Reference::new(&samples, 3);
        assert_eq!(r.bytes, golden::payload::encode(rtl_profile(), &samples, 3));
        assert_eq!(r.n_bits, *r.sample_end.last().unwrap());
        assert_eq!(r.word(0).to_be_bytes(), r.bytes[..4]);
        let layout = Layout::new(3, 8).unwrap();
        let blocked = Reference::with_layout(&samples, layout);
        let golden_bytes = golden::payload::encode_blocked(rtl_profile(), &samples, layout);
        assert_eq!(blocked.bytes, golden_bytes);
        // Sample i's bits are [end(i-1), end(i)).
        for i in [0usize, 1, 1000, 2999] {
            let start = if i == 0 { 0 } else { r.sample_end[i - 1] };
            assert_eq!(r.sample_at(start), i);
            assert_eq!(r.sample_at(r.sample_end[i] - 1), i);
        }
    }
}
