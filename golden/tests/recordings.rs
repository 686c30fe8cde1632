//! The fast coder against the reference coder on the real recordings of
//! `$BRAINWIRE_DATA` (default `../shared/data` beside the repository): the
//! same payload bytes, and both decoders give back the samples.
//!
//! An unoptimized build checks every 8th recording (the reference coder is
//! slow there); `cargo test --release` (as `make test` runs it) checks all.

use brainwire_recordings::{read_mono, recordings_or_skip};
use golden::payload::{decode, decode_reference, encode, encode_reference};
use golden::IMPLANT;

#[test]
fn fast_coder_equals_the_reference_on_every_recording() {
    let Some(recordings) = recordings_or_skip() else {
        return;
    };
    let stride = if cfg!(debug_assertions) { 8 } else { 1 };
    for path in recordings.paths.iter().step_by(stride) {
        let name = path.display();
        let samples = read_mono(path).unwrap_or_else(|e| panic!("{e}"));
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
    }
}
