//! The parameterised coder of `examples/ratio_variants` (the rows of
//! docs/VARIANTS.md): with the profile's parameters it writes golden's ratio
//! payload byte for byte, and every choice it offers decodes back.

#[path = "../examples/ratio_variants/coder.rs"]
mod coder;
#[path = "../examples/ratio_variants/trace.rs"]
mod trace;

use coder::{
    decode, encode, Adaptation, Binarisation, CoderParams, Counters, Levels, SignContext, PROFILE,
};
use golden::grid::code_to_sample;
use golden::profile::{Model, Profile, RATIO};
use golden::ratio::{encode_from, initial_weights, train_weights};
use trace::trace;

/// A noisy wandering sine with bursts, spikes (large residuals) and off-grid
/// samples, alone and in runs (so the raw flag is coded both ways).
fn synthetic(len: usize, seed: u32) -> Vec<i16> {
    let mut rng = seed.wrapping_mul(2_654_435_761) | 1;
    (0..len as u32)
        .map(|t| {
            rng = rng.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let burst = if (t / 3000) % 3 == 1 { 6.0 } else { 0.5 };
            let noise = ((rng >> 24) as f64 - 128.0) / 128.0 * 8.0 * burst;
            let wave = 512.0 + 300.0 * (t as f64 * 0.003 * (1 + seed % 3) as f64).sin() + noise;
            match (rng >> 8) % 1000 {
                0 => (rng >> 12) as i16,
                1..=3 if t % 500 < 20 => (rng >> 10) as i16 | 1,
                4 => code_to_sample(if t % 2 == 0 { 0 } else { 1023 }),
                _ => code_to_sample(wave.clamp(0.0, 1023.0) as u32),
            }
        })
        .collect()
}

#[test]
fn the_profiles_parameters_write_goldens_payload() {
    let eight_taps = Profile {
        model: Model {
            taps: 8,
            ..RATIO.model
        },
        ..RATIO
    };
    for (seed, n_channels) in [(1, 1), (2, 1), (3, 3), (4, 16)] {
        let samples = synthetic(48_000, seed);
        for p in [RATIO, eight_taps] {
            let weights = if seed % 2 == 0 {
                initial_weights(&p)
            } else {
                train_weights(&p, [&samples[..9000]].into_iter())
            };
            let golden = encode_from(&p, &weights, &samples, n_channels);
            let t = trace(&p, &weights, &samples, n_channels);
            let ours = encode(&PROFILE, &t, n_channels);
            assert!(ours.bytes == golden, "seed {seed}, {} taps", p.model.taps);
            // Each sample takes at least one context-coded bin.
            assert!(ours.context_bins >= samples.len() as u64);
        }
    }
}

/// Each choice of each parameter, one at a time from the profile: the bytes
/// decode back to every sample's content, the decoder reading all of them
/// and no more; and each choice writes other bytes than the profile.
#[test]
fn every_choice_decodes_back() {
    let samples = synthetic(40_000, 5);
    let n_channels = 4;
    let t = trace(&RATIO, &initial_weights(&RATIO), &samples, n_channels);
    let profile_bytes = encode(&PROFILE, &t, n_channels).bytes;
    let adapt = |prob_bits, rate_min, rate_max| Adaptation {
        prob_bits,
        rate_min,
        rate_max,
    };
    let mut rows: Vec<CoderParams> = vec![PROFILE];
    let with = |f: &dyn Fn(&mut CoderParams)| {
        let mut c = PROFILE;
        f(&mut c);
        c
    };
    rows.push(with(&|c| c.binarisation = Binarisation::Rice));
    for bits in [0, 1, 2, 4] {
        rows.push(with(&|c| c.suffix_bits = bits));
        rows.push(with(&|c| {
            c.binarisation = Binarisation::Rice;
            c.suffix_bits = bits;
        }));
    }
    for (count, frac_bits, first_octave) in [(1, 0, 0), (4, 0, 4), (8, 1, 4), (32, 3, 4)] {
        let levels = Levels {
            count,
            frac_bits,
            first_octave,
        };
        rows.push(with(&|c| c.levels = levels));
    }
    rows.push(with(&|c| c.second_levels = 4));
    rows.push(with(&|c| c.sign = SignContext::PreviousSign));
    rows.push(with(&|c| c.sign = SignContext::One));
    for a in [
        adapt(16, 2, 6),
        adapt(16, 2, 12),
        adapt(16, 10, 10),
        adapt(12, 2, 10),
    ] {
        rows.push(with(&|c| c.adaptation = a));
    }
    rows.push(with(&|c| c.counters = Counters::PerChannel));
    let expected: Vec<_> = t.iter().map(|s| s.coded()).collect();
    for (i, c) in rows.iter().enumerate() {
        let coding = encode(c, &t, n_channels);
        let got = decode(c, &coding.bytes, &t, n_channels);
        assert!(got.as_ref() == Ok(&expected), "row {i}: {c:?}");
        let cut = &coding.bytes[..coding.bytes.len() - 1];
        assert!(decode(c, cut, &t, n_channels).is_err(), "row {i} cut");
        if i > 0 {
            assert!(
                coding.bytes != profile_bytes,
                "row {i} changes nothing: {c:?}"
            );
        }
    }
}
