//! The fast coders against the reference coders on the real recordings of
//! `$BRAINWIRE_DATA` (default `../shared/data` beside the repository): the
//! same payload bytes, and both decoders give back the samples, for the
//! implant profile and the ratio profile.
//!
//! An unoptimized build checks every 8th recording (the reference coder is
//! slow there); `cargo test --release` (as `make test` runs it) checks all.

use brainwire_recordings::{read_mono, recordings_or_skip};
use golden::payload::{decode, decode_reference, encode, encode_reference};
use golden::profile::{Profile, IMPLANT, RATIO};

#[test]
fn fast_coder_equals_the_reference_on_every_recording() {
    fast_equals_reference_on_every_recording(&IMPLANT);
}

/// The ratio profile: its fast coder runs the predictor in `RatioLanes`, its
/// reference coder in `ChannelState`.
#[test]
fn ratio_profile_fast_coder_equals_the_reference_on_every_recording() {
    fast_equals_reference_on_every_recording(&RATIO);
}

fn fast_equals_reference_on_every_recording(p: &Profile) {
    let Some(recordings) = recordings_or_skip() else {
        return;
    };
    let stride = if cfg!(debug_assertions) { 8 } else { 1 };
    for path in recordings.paths.iter().step_by(stride) {
        let name = format!("{} ({})", path.display(), p.name);
        let samples = read_mono(path).unwrap_or_else(|e| panic!("{e}"));
        let bytes = encode(p, &samples, 1);
        assert!(
            bytes == encode_reference(p, &samples, 1),
            "{name}: payloads differ"
        );
        let (mut fast, mut reference) = (Vec::new(), Vec::new());
        let bits = decode(p, &bytes, 1, samples.len(), &mut fast);
        let reference_bits = decode_reference(p, &bytes, 1, samples.len(), &mut reference);
        assert_eq!(
            bits.map(|b| b.div_ceil(8)),
            Ok(bytes.len() as u64),
            "{name}"
        );
        assert_eq!(bits, reference_bits, "{name}");
        assert!(fast == samples, "{name}: fast decoder");
        assert!(reference == samples, "{name}: reference decoder");
    }
}
