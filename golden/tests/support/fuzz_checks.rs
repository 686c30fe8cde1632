//! The properties the fuzz targets (fuzz/fuzz_targets) check on every input,
//! and `tests/fuzz_corpus.rs` replays on the committed corpus on stable Rust.
//! A violated property panics, which the fuzzer records as a crash.

#![allow(dead_code)] // each fuzz target uses one of the checks

use golden::container::{compress, decompress, HEADER_LEN};
use golden::payload;
use golden::profile::PROFILES;

/// Samples the payload check decodes at most (keeps each run fast).
const MAX_PAYLOAD_SAMPLES: usize = 4096;

/// Any bytes as a container: an error, or an output that compresses back to
/// a container decoding to the same output. As a payload (first byte: profile
/// and channel count): the fast and the reference decoder agree.
pub fn decode(data: &[u8]) {
    if let Ok(out) = decompress(data) {
        assert_eq!(decompress(&compress(&out)).as_deref(), Ok(&out[..]));
    }
    if let Some((&selector, bits)) = data.split_first() {
        let profile = &PROFILES[selector as usize % PROFILES.len()];
        let channels = 1 + (selector as usize >> 4) % 4;
        let n = (bits.len() * 8).min(MAX_PAYLOAD_SAMPLES);
        let (mut fast, mut reference) = (Vec::new(), Vec::new());
        assert_eq!(
            payload::decode(profile, bits, channels, n, &mut fast),
            payload::decode_reference(profile, bits, channels, n, &mut reference),
        );
        assert_eq!(fast, reference);
    }
}

/// Any bytes encode into a container at most `HEADER_LEN` longer that decodes
/// to them byte for byte.
pub fn roundtrip(data: &[u8]) {
    let c = compress(data);
    assert!(c.len() <= data.len() + HEADER_LEN);
    assert_eq!(decompress(&c).as_deref(), Ok(data));
}
