//! The ratio profile's trained starting point (do not edit by hand): the LMS
//! weights every channel starts with, the mean of those the recordings end
//! with. Written by `cargo run --release -p brainwire-golden --example
//! ratio_train` from 496 recordings; printed in docs/FORMAT.md.

use crate::profile::RATIO;

/// Starting LMS weights of `RATIO` (`weight_frac` fraction bits), tap 0 first.
pub const INITIAL_WEIGHTS: [i16; RATIO.model.taps] = [
    -457, -373, -340, -296, -258, -222, -192, -164, -141, -123, -105, -91, -73, -64, -49, -39,
];
