//! 16-bit samples as little-endian bytes, the byte order of WAV data and of
//! the generic mode's input (docs/FORMAT.md).

use alloc::vec::Vec;

/// The samples of `bytes`, two little-endian bytes each; an odd last byte is left out.
pub fn samples_from_le_bytes(bytes: &[u8]) -> Vec<i16> {
    bytes
        .chunks_exact(2)
        .map(|p| i16::from_le_bytes([p[0], p[1]]))
        .collect()
}

/// Appends `samples` to `out`, two little-endian bytes each.
#[inline]
pub fn extend_le_bytes(out: &mut Vec<u8>, samples: &[i16]) {
    out.reserve(2 * samples.len());
    for s in samples {
        out.extend_from_slice(&s.to_le_bytes());
    }
}

/// `samples` as little-endian bytes.
pub fn le_bytes(samples: &[i16]) -> Vec<u8> {
    let mut out = Vec::new();
    extend_le_bytes(&mut out, samples);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_and_bytes_convert_both_ways_low_byte_first() {
        let samples = [0x1234, -2, i16::MIN, i16::MAX];
        let bytes = le_bytes(&samples);
        assert_eq!(bytes, [0x34, 0x12, 0xFE, 0xFF, 0x00, 0x80, 0xFF, 0x7F]);
        assert_eq!(samples_from_le_bytes(&bytes), samples);
        assert_eq!(samples_from_le_bytes(&bytes[..7]), samples[..3]);
        let mut out = alloc::vec![9];
        extend_le_bytes(&mut out, &samples[..1]);
        assert_eq!(out, [9, 0x34, 0x12]);
    }
}
