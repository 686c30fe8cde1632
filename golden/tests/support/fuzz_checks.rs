//! The properties the fuzz targets (fuzz/fuzz_targets) check on every input,
//! and `tests/fuzz_corpus.rs` replays on the committed corpus on stable Rust.
//! A violated property panics, which the fuzzer records as a crash.

#![allow(dead_code)] // each fuzz target uses one of the checks

use golden::container::{compress, decompress, decompress_stream, StreamError, HEADER_LEN};
use golden::payload;
use golden::profile::PROFILES;

/// Samples the payload check decodes at most (keeps each run fast).
const MAX_PAYLOAD_SAMPLES: usize = 4096;

/// Any bytes as a container: an error, or an output that compresses back to
/// a container decoding to the same output. As a payload (first byte: profile
/// and channel count): the fast and the reference decoder agree. The
/// streamed container decoder gives what `decompress` gives.
pub fn decode(data: &[u8]) {
    let whole = decompress(data);
    if let Ok(out) = &whole {
        assert_eq!(decompress(&compress(out)).as_deref(), Ok(&out[..]));
    }
    // The streamed decoder gives the same output or the same error.
    let mut streamed = Vec::new();
    let mut source = data;
    let result = decompress_stream(&mut source, |b| {
        streamed.extend_from_slice(b);
        Ok(())
    });
    match (result, whole) {
        (Ok(()), Ok(out)) => assert_eq!(streamed, out),
        (Err(StreamError::Format(e)), Err(w)) => assert_eq!(e, w),
        (streamed, whole) => panic!("streamed {streamed:?}, whole {whole:?}"),
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
