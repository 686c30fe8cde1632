//! The golden vectors of `golden/vectors/` (see the README there): each input
//! compresses to exactly its committed container, and the container
//! decompresses to exactly the input. A failure means the bitstream changed;
//! if that is deliberate, regenerate the containers and commit them.

use golden::container::{compress, decompress, Mode};
use std::path::Path;

const REGENERATE: &str = "cargo run -p brainwire-golden --example gen_vectors (or make vectors)";

/// Each vector's input file and the container mode it must exercise.
const VECTORS: [(&str, Mode); 6] = [
    ("recording.wav", Mode::CanonicalWav),
    ("every-symbol.wav", Mode::CanonicalWav),
    ("synthetic-4ch.wav", Mode::CanonicalWav),
    ("odd-chunks.wav", Mode::Wav),
    ("walk.bin", Mode::Generic),
    ("noise.bin", Mode::Stored),
];

fn read(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("vectors")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_vector_compresses_to_its_committed_container() {
    for (name, mode) in VECTORS {
        let input = read(name);
        let expected = read(&format!("{name}.bw"));
        let got = compress(&input);
        if got != expected {
            let first = got.iter().zip(&expected).position(|(a, b)| a != b);
            panic!(
                "golden vector {name}: compress() gives {} bytes, golden/vectors/{name}.bw \
                 holds {} (first difference at byte {first:?}). The bitstream changed: \
                 if that is deliberate, regenerate the vectors with `{REGENERATE}` and \
                 commit them; if not, it is a regression.",
                got.len(),
                expected.len(),
            );
        }
        assert_eq!(expected[3], mode as u8, "{name}: container mode");
    }
}

#[test]
fn every_committed_container_decompresses_to_its_input() {
    for (name, _) in VECTORS {
        let input = read(name);
        let container = read(&format!("{name}.bw"));
        match decompress(&container) {
            Ok(out) => assert!(
                out == input,
                "golden vector {name}: golden/vectors/{name}.bw decompresses to other \
                 bytes than {name} (regenerate with `{REGENERATE}` only for a deliberate \
                 format change)"
            ),
            Err(e) => panic!(
                "golden vector {name}: {name}.bw does not decompress ({e}); regenerate \
                 with `{REGENERATE}` only for a deliberate format change"
            ),
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
    assert!(reach.iter().filter(|&&r| r).count() >= p.tables() - 3);
}
