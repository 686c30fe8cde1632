//! The golden vectors of `golden/vectors/` (see the README there): each input
//! compresses to exactly its committed container, and the container
//! decompresses to exactly the input. A failure means the bitstream changed;
//! if that is deliberate, regenerate the containers and commit them.

use golden::container::{compress_with, decompress, Mode, REPEAT};
use golden::profile::{Profile, IMPLANT, RATIO};
use std::path::Path;

const REGENERATE: &str = "cargo run -p brainwire-golden --example gen_vectors (or make vectors)";

/// Each vector's input file and the container mode byte it must exercise.
const VECTORS: [(&str, u8); 6] = [
    ("recording.wav", Mode::CanonicalWav as u8),
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
