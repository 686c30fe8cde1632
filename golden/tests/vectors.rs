//! The golden vectors of `golden/vectors/` (see the README there): each input
//! compresses to exactly its committed container, and the container
//! decompresses to exactly the input. A failure means the bitstream changed;
//! if that is deliberate, regenerate the containers and commit them.

use golden::container::{compress_with, decompress, Mode, REPEAT};
use golden::profile::{Profile, IMPLANT, RATIO};
use std::path::Path;

#[path = "support/blocked.rs"]
mod blocked;
use blocked::*;

const REGENERATE: &str = "cargo run -p brainwire-golden --example gen_vectors (or make vectors)";

/// Each vector's input file and the container mode byte it must exercise.
const VECTORS: [(&str, u8); 7] = [
    ("recording.wav", Mode::CanonicalWav as u8),
    ("every-symbol.wav", Mode::CanonicalWav as u8),
    ("synthetic-4ch.wav", Mode::CanonicalWav as u8),
    ("silence-2ch.wav", Mode::CanonicalWav as u8 + REPEAT),
    ("odd-chunks.wav", Mode::Wav as u8),
    ("walk.bin", Mode::Generic as u8),
    ("noise.bin", Mode::Stored as u8),
];

/// The ratio profile's vectors: the same inputs (but the stored one) coded
/// by `RATIO`, in `<input>.ratio.bw`.
const RATIO_VECTORS: [(&str, u8); 4] = [
    ("recording.wav", Mode::CanonicalWav as u8),
    ("synthetic-4ch.wav", Mode::CanonicalWav as u8),
    ("odd-chunks.wav", Mode::Wav as u8),
    ("walk.bin", Mode::Generic as u8),
];

/// Every vector set: profile, inputs and modes, and the suffix of its containers.
fn vector_sets() -> [(
    &'static Profile,
    &'static [(&'static str, u8)],
    &'static str,
); 2] {
    [
        (&IMPLANT, &VECTORS, "bw"),
        (&RATIO, &RATIO_VECTORS, "ratio.bw"),
    ]
}

fn read(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("vectors")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_vector_compresses_to_its_committed_container() {
    for (profile, vectors, suffix) in vector_sets() {
        for &(name, mode) in vectors {
            let input = read(name);
            let expected = read(&format!("{name}.{suffix}"));
            let got = compress_with(profile, &input);
            if got != expected {
                let first = got.iter().zip(&expected).position(|(a, b)| a != b);
                panic!(
                "golden vector {name}: compress_with({}) gives {} bytes, golden/vectors/{name}.{suffix} \
                 holds {} (first difference at byte {first:?}). The bitstream changed: \
                 if that is deliberate, regenerate the vectors with `{REGENERATE}` and \
                 commit them; if not, it is a regression.",
                profile.name,
                got.len(),
                expected.len(),
            );
            }
            assert_eq!(expected[3], mode, "{name}: container mode");
            if mode != Mode::Stored as u8 {
                assert_eq!(expected[8], profile.id, "{name}.{suffix}: profile id");
            }
        }
    }
}

#[test]
fn every_committed_container_decompresses_to_its_input() {
    for (_, vectors, suffix) in vector_sets() {
        for &(name, _) in vectors {
            let input = read(name);
            let container = read(&format!("{name}.{suffix}"));
            match decompress(&container) {
                Ok(out) => assert!(
                    out == input,
                    "golden vector {name}: golden/vectors/{name}.{suffix} decompresses to other \
                 bytes than {name} (regenerate with `{REGENERATE}` only for a deliberate \
                 format change)"
                ),
                Err(e) => panic!(
                    "golden vector {name}: {name}.{suffix} does not decompress ({e}); regenerate \
                 with `{REGENERATE}` only for a deliberate format change"
                ),
            }
        }
    }
}

#[test]
fn every_symbol_vector_uses_every_code_of_every_reachable_table() {
    // The samples the committed container decodes to, coded symbol by symbol.
    let wav = decompress(&read("every-symbol.wav.bw")).expect("every-symbol.wav.bw decodes");
    let samples: Vec<i16> = wav[44..]
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    let p = &golden::IMPLANT;
    let mut enc = golden::payload::Encoder::new(p, 1, golden::payload::SymbolCounts::new(p));
    for &s in &samples {
        enc.push(s);
    }
    let reach = golden::cover::reachable_tables(p);
    for (t, row) in enc.sink.counts.iter().enumerate() {
        for (symbol, &n) in row.iter().enumerate() {
            assert!(
                !reach[t] || n > 0,
                "golden vector every-symbol.wav never codes table {t} symbol {symbol}"
            );
        }
    }
    assert!(reach.iter().filter(|&&r| r).count() >= p.model.tables() - 3);
}

/// The blocked-layout vector: the recording slice as 5 channels in blocks of
/// 8 (a length that is no multiple of 40) codes to exactly the committed raw
/// payload, which decodes back to those samples.
#[test]
fn blocked_layout_vector_matches_its_committed_payload() {
    use golden::payload::{decode_blocked, encode_blocked};
    let samples = blocked_samples(&read(BLOCKED_INPUT));
    let expected = read(BLOCKED_PAYLOAD);
    assert!(
        encode_blocked(&IMPLANT, &samples, blocked_layout()) == expected,
        "golden vector {BLOCKED_PAYLOAD}: the blocked payload changed; regenerate with \
         `{REGENERATE}` only for a deliberate format change"
    );
    let mut out = Vec::new();
    let bits = decode_blocked(
        &IMPLANT,
        &expected,
        blocked_layout(),
        samples.len(),
        &mut out,
    )
    .expect("the committed blocked payload decodes");
    assert_eq!(out, samples);
    assert_eq!(bits.div_ceil(8), expected.len() as u64);
    // The layout changes the order: the interleaved payload differs.
    assert_ne!(
        golden::payload::encode(&IMPLANT, &samples, BLOCKED_CHANNELS),
        expected
    );
}
