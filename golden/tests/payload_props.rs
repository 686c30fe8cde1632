//! Property tests: the payload coder round-trips every input under every
//! profile, decoding arbitrary bytes fails cleanly instead of panicking, and
//! the fast coder (`encode`, `decode`) gives exactly what the reference coder
//! (`encode_reference`, `decode_reference`: the model as defined) gives.

use golden::grid::{code_to_sample, CODES};
use golden::payload::{decode, decode_reference, encode, encode_reference};
use golden::profile::{Model, Profile, DELTA, IMPLANT, MAX_CHANNELS, PROFILES, RATIO};
use proptest::prelude::*;

/// Every profile, the implant's model with other code tables (the fast
/// coder takes any profile with the implant's model parameters), and the
/// ratio profile's coder on a model without its fast path (8 taps).
fn profiles() -> Vec<Profile> {
    let mut all = PROFILES.to_vec();
    all.push(Profile {
        name: "implant model, delta tables",
        code_lengths: DELTA.code_lengths,
        ..IMPLANT
    });
    all.push(RATIO);
    all.push(Profile {
        name: "ratio coder, 8 taps",
        model: Model {
            taps: 8,
            ..RATIO.model
        },
        ..RATIO
    });
    all
}

/// Channel counts worth testing: up to 64 (every channel is independent, so
/// more only costs time), plus the implant's full count.
fn channel_count() -> impl Strategy<Value = usize> {
    prop_oneof![9 => 1usize..=64, 1 => Just(MAX_CHANNELS)]
}

fn grid_sample() -> impl Strategy<Value = i16> {
    (0..CODES).prop_map(code_to_sample)
}

/// Every sample a recording can hold, weighted toward the grid and the extremes.
fn any_sample() -> impl Strategy<Value = i16> {
    prop_oneof![
        4 => grid_sample(),
        3 => any::<i16>(),
        1 => prop_oneof![Just(i16::MIN), Just(i16::MAX), Just(0i16), Just(-1i16)],
    ]
}

/// Encodes, decodes, and checks the samples and the exact payload length;
/// the fast coder's bytes and samples equal the reference coder's.
fn assert_roundtrip(samples: &[i16], channels: usize) -> Result<(), TestCaseError> {
    for p in &profiles() {
        let bytes = encode(p, samples, channels);
        prop_assert_eq!(
            &bytes,
            &encode_reference(p, samples, channels),
            "profile {}",
            p.name
        );
        let mut out = Vec::new();
        let bits = decode(p, &bytes, channels, samples.len(), &mut out)
            .map_err(|e| TestCaseError::fail(format!("{}: {e}", p.name)))?;
        prop_assert_eq!(&out, samples, "profile {}", p.name);
        prop_assert_eq!(bits.div_ceil(8), bytes.len() as u64, "profile {}", p.name);
        assert_decoders_agree(p, &bytes, channels, samples.len())?;
    }
    Ok(())
}

/// `decode` and `decode_reference` give the same result on `bytes`: the same
/// samples and bit count, or the same error.
fn assert_decoders_agree(
    p: &Profile,
    bytes: &[u8],
    channels: usize,
    count: usize,
) -> Result<(), TestCaseError> {
    let (mut fast, mut reference) = (Vec::new(), Vec::new());
    let a = decode(p, bytes, channels, count, &mut fast);
    let b = decode_reference(p, bytes, channels, count, &mut reference);
    prop_assert_eq!(a, b, "profile {}", p.name);
    prop_assert_eq!(fast, reference, "profile {}", p.name);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_samples_roundtrip(samples in prop::collection::vec(any_sample(), 0..3000), n in channel_count()) {
        assert_roundtrip(&samples, n)?;
    }

    /// One channel, where the fast coder runs: every kind of sample, and
    /// slow walks that let the LMS weights and the activity settle.
    #[test]
    fn one_channel_fast_coder_is_the_reference(
        noise in prop::collection::vec(any_sample(), 0..2000),
        start in 0..CODES as i32,
        steps in prop::collection::vec(-6i32..=6, 0..3000),
    ) {
        let mut code = start;
        let walk = steps.iter().map(|d| {
            code = (code + d).clamp(0, CODES as i32 - 1);
            code_to_sample(code as u32)
        });
        let samples: Vec<i16> = walk.chain(noise.iter().copied()).collect();
        assert_roundtrip(&samples, 1)?;
    }

    #[test]
    fn grid_samples_roundtrip(samples in prop::collection::vec(grid_sample(), 0..3000), n in channel_count()) {
        assert_roundtrip(&samples, n)?;
    }

    /// Slow walks on the grid: what real recordings look like, where the
    /// model's adaptation (LMS weights, small Rice parameters) is exercised.
    #[test]
    fn grid_random_walks_roundtrip(
        start in 0..CODES as i32,
        steps in prop::collection::vec(-6i32..=6, 1..4000),
        n in channel_count(),
    ) {
        let mut code = start;
        let samples: Vec<i16> = steps
            .iter()
            .map(|d| {
                code = (code + d).clamp(0, CODES as i32 - 1);
                code_to_sample(code as u32)
            })
            .collect();
        assert_roundtrip(&samples, n)?;
    }

    #[test]
    fn constants_roundtrip(value in any::<i16>(), len in 0usize..3000, n in channel_count()) {
        assert_roundtrip(&vec![value; len], n)?;
    }

    /// Full-scale alternation: the largest residuals, saturating weights and activity.
    #[test]
    fn full_scale_alternation_roundtrips(
        len in 0usize..3000,
        period in 1usize..8,
        on_grid in any::<bool>(),
        n in channel_count(),
    ) {
        let (lo, hi) = if on_grid {
            (code_to_sample(0), code_to_sample(CODES - 1))
        } else {
            (i16::MIN + 1, i16::MAX - 1)
        };
        let samples: Vec<i16> = (0..len).map(|i| if (i / period) % 2 == 0 { lo } else { hi }).collect();
        assert_roundtrip(&samples, n)?;
    }

    /// Bursts of off-grid samples between grid samples (raw mode entered and left).
    #[test]
    fn off_grid_bursts_roundtrip(
        bursts in prop::collection::vec((prop::collection::vec(any::<i16>(), 0..20), prop::collection::vec(grid_sample(), 0..20)), 0..100),
        n in channel_count(),
    ) {
        let samples: Vec<i16> = bursts.into_iter().flat_map(|(a, b)| a.into_iter().chain(b)).collect();
        assert_roundtrip(&samples, n)?;
    }

    /// Any bytes decode to samples or to an error, the same with both
    /// decoders; never a panic or a hang.
    #[test]
    fn decoding_random_bytes_never_panics(
        bytes in prop::collection::vec(any::<u8>(), 0..2000),
        n in 1usize..=64,
        count in 0usize..5000,
    ) {
        for p in &profiles() {
            let mut out = Vec::new();
            if decode(p, &bytes, n, count, &mut out).is_ok() {
                prop_assert_eq!(out.len(), count);
            }
            assert_decoders_agree(p, &bytes, n, count)?;
        }
    }

    /// A payload cut short is an error, never a panic or a wrong success.
    #[test]
    fn truncated_payloads_are_errors(samples in prop::collection::vec(any_sample(), 1..2000), n in 1usize..=8, keep in 0.0f64..1.0) {
        for p in &profiles() {
            let bytes = encode(p, &samples, n);
            let cut = ((bytes.len() as f64 * keep) as usize).min(bytes.len() - 1);
            let mut out = Vec::new();
            // The decoder reads exactly the bits the encoder wrote, and the last byte holds at least one.
            prop_assert!(decode(p, &bytes[..cut], n, samples.len(), &mut out).is_err(), "{}: decoded a cut payload", p.name);
            assert_decoders_agree(p, &bytes[..cut], n, samples.len())?;
        }
    }
}
