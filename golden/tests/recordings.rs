//! The fast coders against the reference coders on the real recordings of
//! `$BRAINWIRE_DATA` (default `../shared/data` beside the repository): the
//! same payload bytes, and both decoders give back the samples, for the
//! implant profile and the ratio profile.
//!
//! An unoptimized build checks every 8th recording (the reference coder is
//! slow there); `cargo test --release` (as `make test` runs it) checks all.

use golden::payload::{decode, decode_reference, encode, encode_reference};
use golden::profile::{Profile, IMPLANT, RATIO};

#[path = "support/recordings.rs"]
mod support;
use support::{data_dir, paths as recordings};

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
        let name = format!("{} ({})", path.display(), p.name);
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
        checked += 1;
    }
    assert!(
        checked > 0,
        "no 16-bit mono recording among {} files",
        paths.len()
    );
}
