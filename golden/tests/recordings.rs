//! The fast coder against the reference coder on the real recordings of
//! `$BRAINWIRE_DATA` (default `../shared/data` beside the repository): the
//! same payload bytes, and both decoders give back the samples.
//!
//! An unoptimized build checks every 8th recording (the reference coder is
//! slow there); `cargo test --release` (as `make test` runs it) checks all.

use golden::payload::{decode, decode_reference, encode, encode_reference};
use golden::IMPLANT;
use std::path::PathBuf;

fn data_dir() -> PathBuf {
    std::env::var_os("BRAINWIRE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"))
}

/// The 16-bit mono WAVs of the data folder, sorted by name.
fn recordings() -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(data_dir()) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wav"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn fast_coder_equals_the_reference_on_every_recording() {
    let paths = recordings();
    if paths.is_empty() {
        eprintln!("no recordings in {}: skipped", data_dir().display());
        return;
    }
    let stride = if cfg!(debug_assertions) { 8 } else { 1 };
    let mut checked = 0;
    for path in paths.iter().step_by(stride) {
        let reader = hound::WavReader::open(path).expect("readable WAV");
        if reader.spec().channels != 1 || reader.spec().bits_per_sample != 16 {
            continue;
        }
        let samples: Vec<i16> = reader.into_samples().collect::<Result<_, _>>().unwrap();
        let name = path.display();
        let bytes = encode(&IMPLANT, &samples, 1);
        assert!(
            bytes == encode_reference(&IMPLANT, &samples, 1),
            "{name}: payloads differ"
        );
        let (mut fast, mut reference) = (Vec::new(), Vec::new());
        let bits = decode(&IMPLANT, &bytes, 1, samples.len(), &mut fast);
        let reference_bits = decode_reference(&IMPLANT, &bytes, 1, samples.len(), &mut reference);
        assert_eq!(bits, reference_bits, "{name}");
        assert!(fast == samples, "{name}: fast decoder");
        assert!(reference == samples, "{name}: reference decoder");
        checked += 1;
    }
    assert!(
        checked > 0,
        "no 16-bit mono recording among {} files",
        paths.len()
    );
}
