//! The rows of the ratio tables of docs/VARIANTS.md: predictors (each with
//! the profile's coder) and coders (each on the profile's predictor).

use crate::coder::{Adaptation, Binarisation, CoderParams, Counters, Levels, SignContext, PROFILE};
use golden::profile::{Model, Profile, RATIO};

/// A predictor row: label, profile, whether the LMS weights start trained
/// (cross-validated) or at 0.
pub type ModelRow = (&'static str, Profile, bool);

const fn model(taps: usize, weight_bits: u32, weight_frac: u32) -> Profile {
    Profile {
        model: Model {
            taps,
            weight_bits,
            weight_frac,
            ..RATIO.model
        },
        ..RATIO
    }
}

pub const MODEL_ROWS: [ModelRow; 6] = [
    ("ratio (the profile)", RATIO, true),
    ("ratio, weights start at 0", RATIO, false),
    (
        "ratio, 10-bit weights, 10 fraction bits",
        model(16, 10, 10),
        true,
    ),
    ("ratio, 12 taps", model(12, 11, 11), true),
    ("ratio, 8 taps", model(8, 11, 11), true),
    (
        "ratio, 4 taps (the implant's predictor)",
        model(4, 10, 10),
        true,
    ),
];

const fn levels(count: usize, frac_bits: u32, first_octave: u32) -> CoderParams {
    CoderParams {
        levels: Levels {
            count,
            frac_bits,
            first_octave,
        },
        ..PROFILE
    }
}

const fn suffix(bits: u32) -> CoderParams {
    CoderParams {
        suffix_bits: bits,
        ..PROFILE
    }
}

const fn second(second_levels: usize) -> CoderParams {
    CoderParams {
        second_levels,
        ..PROFILE
    }
}

const fn sign(sign: SignContext) -> CoderParams {
    CoderParams { sign, ..PROFILE }
}

const fn adapt(prob_bits: u32, rate_min: u32, rate_max: u32) -> CoderParams {
    CoderParams {
        adaptation: Adaptation {
            prob_bits,
            rate_min,
            rate_max,
        },
        ..PROFILE
    }
}

/// A coder row: label and coder.
pub type CoderRow = (&'static str, CoderParams);

pub const CODER_ROWS: [CoderRow; 24] = [
    ("ratio (the profile)", PROFILE),
    (
        "Rice: k from the activity, quotient unary context-coded",
        CoderParams {
            binarisation: Binarisation::Rice,
            ..PROFILE
        },
    ),
    ("0 suffix bits context-coded (all bypass)", suffix(0)),
    ("1 suffix bit context-coded", suffix(1)),
    ("2 suffix bits context-coded", suffix(2)),
    ("4 suffix bits context-coded", suffix(4)),
    ("1 activity level (no activity context)", levels(1, 0, 0)),
    ("4 activity levels, 1 per octave", levels(4, 0, 4)),
    ("8 activity levels, 2 per octave", levels(8, 1, 4)),
    ("32 activity levels, 8 per octave", levels(32, 3, 4)),
    (
        "32 activity levels, 4 per octave from octave 2",
        levels(32, 2, 2),
    ),
    (
        "second activity: previous residual's bucket, 4 levels",
        second(4),
    ),
    (
        "second activity: previous residual's bucket, 8 levels",
        second(8),
    ),
    (
        "sign: 3 contexts by the previous residual's sign",
        sign(SignContext::PreviousSign),
    ),
    ("sign: one context", sign(SignContext::One)),
    ("slowest rate 2^-6", adapt(16, 2, 6)),
    ("slowest rate 2^-8", adapt(16, 2, 8)),
    ("slowest rate 2^-12", adapt(16, 2, 12)),
    ("fixed rate 2^-6 (no fast start)", adapt(16, 6, 6)),
    ("fixed rate 2^-8 (no fast start)", adapt(16, 8, 8)),
    ("fixed rate 2^-10 (no fast start)", adapt(16, 10, 10)),
    ("12-bit probabilities", adapt(12, 2, 10)),
    ("12-bit probabilities, slowest rate 2^-8", adapt(12, 2, 8)),
    ("12-bit probabilities, slowest rate 2^-6", adapt(12, 2, 6)),
];

/// The rows of the multi-channel table: the profile's shared counters
/// against one set per channel, each with fewer and more activity levels.
pub const COUNTER_ROWS: [CoderRow; 7] = [
    ("shared by the stream (the profile)", PROFILE),
    ("shared, 1 activity level", levels(1, 0, 0)),
    (
        "shared, 32 activity levels, 4 per octave from octave 2",
        levels(32, 2, 2),
    ),
    (
        "shared, second activity (previous bucket, 4 levels)",
        second(4),
    ),
    ("one set per channel", per_channel(PROFILE)),
    (
        "one set per channel, 4 activity levels",
        per_channel(levels(4, 0, 4)),
    ),
    (
        "one set per channel, 1 activity level",
        per_channel(levels(1, 0, 0)),
    ),
];

const fn per_channel(c: CoderParams) -> CoderParams {
    CoderParams {
        counters: Counters::PerChannel,
        ..c
    }
}

/// Channels of the multi-channel streams.
pub const CHANNELS: [usize; 3] = [4, 32, 1024];
