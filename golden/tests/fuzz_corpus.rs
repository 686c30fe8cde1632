//! Replays the fuzzers' committed corpus (fuzz/corpus/TARGET/*: seeds, and
//! every crash or slow input ever found) through the fuzz targets' checks, on
//! stable Rust, so that `make test` catches a regression without a fuzzer.

use std::fs;
use std::path::Path;

#[path = "support/fuzz_checks.rs"]
mod fuzz_checks;

/// Runs `check` on every file of corpus `target`; returns how many there were.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut files = 0;
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let data = fs::read(&path).unwrap();
        // A failing check panics; name the input first.
        eprintln!("{}", path.display());
        check(&data);
        files += 1;
    }
    files
}

#[test]
fn decode_corpus_replays() {
    assert!(replay("decode", fuzz_checks::decode) > 0);
}

#[test]
fn roundtrip_corpus_replays() {
    assert!(replay("roundtrip", fuzz_checks::roundtrip) > 0);
}
