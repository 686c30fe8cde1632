//! What the ratio profile's predictor tells the coder of each sample: the
//! model half of the variant coder (`coder.rs`), run once per stream and
//! coded by every coder row (the model does not depend on the coder).
#![allow(dead_code)]

use golden::channel::{wrap_residual, ChannelState, Residual};
use golden::grid::{on_grid, sample_to_code};
use golden::profile::Profile;
use golden::ratio::binarize::Coded;
use golden::ratio::Weights;

/// What the model knows of a channel before its sample, and the sample's
/// content: one entry of a `trace`.
#[derive(Clone, Copy, Debug)]
pub struct Step {
    /// `v = A >> (S - 3)`: eight times the channel's mean zigzag residual.
    pub v: u16,
    /// Sign (-1, 0, 1) of the channel's previous residual.
    pub previous_sign: i8,
    /// `|e|` of the channel's previous residual (0 after an off-grid sample or at the start).
    pub previous_magnitude: u16,
    /// The previous sample was off the grid.
    pub raw_mode: bool,
    pub off_grid: bool,
    /// The residual `e`, or the sample itself when off the grid.
    pub value: i16,
}

impl Step {
    pub fn coded(&self) -> Coded {
        if self.off_grid {
            Coded::Verbatim(self.value)
        } else {
            Coded::Residual(self.value as i32)
        }
    }
}

/// The steps of interleaved `samples` of `n_channels` under profile `p`'s
/// model, every channel's LMS weights starting at `weights`.
pub fn trace(p: &Profile, weights: &Weights, samples: &[i16], n_channels: usize) -> Vec<Step> {
    let mut start = ChannelState::new(p);
    start.weights = *weights;
    let mut channels = vec![(start, 0u16); n_channels];
    let shift = p.model.context_shift();
    samples
        .iter()
        .enumerate()
        .map(|(i, &sample)| {
            let (state, previous_magnitude) = &mut channels[i % n_channels];
            let code = sample_to_code(sample);
            let on = on_grid(sample);
            let e = wrap_residual(code, state.predict(p));
            let step = Step {
                v: u16::try_from(state.activity >> shift).expect("activity fits 16 bits"),
                previous_sign: state.residual_signs[0],
                previous_magnitude: *previous_magnitude,
                raw_mode: state.raw_mode,
                off_grid: !on,
                value: if on { e as i16 } else { sample },
            };
            state.update_residual(p, code, Residual::from_e(e), on);
            *previous_magnitude = if on { e.unsigned_abs() as u16 } else { 0 };
            step
        })
        .collect()
}
