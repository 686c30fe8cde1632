//! The encoder's predictor over a block of samples at a time, for a fixed
//! number of taps and LMS delay: the implant's (`ImplantBlock`, the fast
//! code-table encoder) and the ratio profile's (`RatioBlock`, the fast
//! arithmetic encoder).
//!
//! An encoder knows every code in advance, so it computes a block's deltas
//! first; the prediction and the LMS step of each sample then read their
//! regressors from memory, and only the weights and the pending residual
//! signs are carried from one sample to the next. Same arithmetic as
//! `ChannelState` (the kernel of `predictor`); the tests run both side by
//! side on every sample.

use super::{wrap_residual, zigzag, ChannelState};
use crate::grid::{sample_to_code, GRID};
use crate::predictor::{delta, prediction, shifted_in, sign, stepped_weight, weighted_sum};
use crate::profile::{Profile, IMPLANT, MAX_LMS_DELAY, MAX_TAPS, RATIO};

/// Samples per block: one block's residuals and deltas stay in the L1
/// cache between an encoder's two passes.
pub const BLOCK: usize = 2048;

/// Entries before a block's deltas for the deltas before it: the most any
/// profile's prediction and oldest pending LMS step reach back.
const LEAD: usize = MAX_TAPS + MAX_LMS_DELAY;

/// The block predictor of the implant's taps and LMS delay.
pub type ImplantBlock = BlockPredictor<{ IMPLANT.model.taps }, { IMPLANT.model.pending_steps() }>;

/// The block predictor of the ratio profile's taps and LMS delay.
pub type RatioBlock = BlockPredictor<{ RATIO.model.taps }, { RATIO.model.pending_steps() }>;

/// The predictor part of a `ChannelState` of a profile with `TAPS` taps and
/// `PENDING` (at least 1) pending LMS steps, laid out for a block at a time.
pub struct BlockPredictor<const TAPS: usize, const PENDING: usize> {
    /// The code before the block.
    last: u32,
    /// The block's codes, after the last one of the block before.
    codes: [u16; 1 + BLOCK],
    /// The block's deltas (`delta_bits` signed) from `LEAD` on, after the
    /// `TAPS + PENDING` deltas before them; zero before the first sample, as
    /// in `ChannelState::new`.
    deltas: [i16; LEAD + BLOCK],
    /// The signs of `deltas`.
    delta_signs: [i16; LEAD + BLOCK],
    /// `ChannelState::weights` in reverse order, oldest tap first, which
    /// lines them up with `deltas` in memory: the sample at `deltas[j]` is
    /// predicted from `weights[t] * deltas[j - TAPS + t]`.
    weights: [i16; TAPS],
    /// `ChannelState::residual_signs`. Stored in 16 bits and widened in the
    /// loop: stored in 32, the implant's loop measured 20% slower (the
    /// compiler's choice of registers, not the arithmetic).
    residual_signs: [i16; PENDING],
}

impl<const TAPS: usize, const PENDING: usize> BlockPredictor<TAPS, PENDING> {
    /// Deltas a sample looks back at: the `TAPS` of its prediction, and the
    /// `PENDING` older ones its oldest pending LMS step's regressor reaches.
    const HISTORY: usize = TAPS + PENDING;

    /// The predictor of `ChannelState::new(p)`, whose taps and LMS delay
    /// must be `TAPS` and `PENDING`.
    pub fn new(p: &Profile) -> Self {
        assert!(p.model.taps == TAPS && p.model.pending_steps() == PENDING);
        assert!(PENDING >= 1 && Self::HISTORY <= LEAD);
        let s = ChannelState::new(p);
        BlockPredictor {
            last: s.last as u32,
            codes: [0; 1 + BLOCK],
            deltas: [0; LEAD + BLOCK],
            delta_signs: [0; LEAD + BLOCK],
            weights: [0; TAPS],
            residual_signs: [0; PENDING],
        }
        .with_weights(&s.weights[..TAPS])
    }

    /// This predictor with the LMS weights set to `weights` (tap order).
    pub fn with_weights(mut self, weights: &[i16]) -> Self {
        self.weights = core::array::from_fn(|t| weights[TAPS - 1 - t]);
        self
    }

    /// The zigzag residuals of the samples of `block` (at most `BLOCK`),
    /// and the predictor advanced past them. Returns whether all the
    /// samples are on the grid.
    #[inline(always)]
    pub fn residuals(&mut self, p: &Profile, block: &[i16], residuals: &mut [u16]) -> bool {
        let n = block.len();
        assert!(n <= BLOCK && residuals.len() >= n);
        // The codes and their deltas: no sample depends on a prediction
        // here, and all but the grid check compile to vector code.
        self.codes[0] = self.last as u16;
        for (code, &sample) in self.codes[1..=n].iter_mut().zip(block) {
            *code = sample_to_code(sample) as u16;
        }
        let mut all_on_grid = true;
        for (&code, &sample) in self.codes[1..=n].iter().zip(block) {
            all_on_grid &= GRID[code as usize] == sample;
        }
        for i in 0..n {
            let delta = delta(p, self.codes[1 + i] as i32, self.codes[i] as i32);
            self.deltas[LEAD + i] = delta;
            self.delta_signs[LEAD + i] = sign(delta);
        }
        // The predictions, residuals and LMS steps.
        let mut weights = self.weights;
        let mut residual_signs = self.residual_signs.map(i32::from);
        // Per sample: its code and the one before, the deltas it is
        // predicted from and the delta signs of its pending LMS step.
        let inputs = self.codes[..=n]
            .windows(2)
            .zip(self.deltas[LEAD - TAPS..].windows(TAPS))
            .zip(self.delta_signs[LEAD - Self::HISTORY..].windows(TAPS));
        for (m, ((codes, regressor), signs)) in residuals.iter_mut().zip(inputs) {
            let acc = weighted_sum(&weights, regressor);
            let e = wrap_residual(codes[1] as u32, prediction(p, codes[0] as i32, acc));
            *m = zigzag(e) as u16;
            // The step of sample `i - PENDING`, with its regressor's signs.
            let step_sign = residual_signs[PENDING - 1] as i16;
            for t in 0..TAPS {
                weights[t] = stepped_weight(p, weights[t], step_sign, signs[t]);
            }
            residual_signs = shifted_in(&residual_signs, PENDING, e.signum());
        }
        let residual_signs = residual_signs.map(|s| s as i16);
        (self.weights, self.residual_signs) = (weights, residual_signs);
        self.last = self.codes[n] as u32;
        let kept = LEAD - Self::HISTORY;
        self.deltas.copy_within(kept + n..LEAD + n, kept);
        self.delta_signs.copy_within(kept + n..LEAD + n, kept);
        all_on_grid
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::{hard_stream, Residual};
    use crate::grid::{code_to_sample, on_grid};
    use alloc::vec::Vec;

    /// Beside `ChannelState` on `hard_stream` (off-grid samples, weights
    /// driven to both rails), in blocks of every size up to `BLOCK`.
    fn follow_the_state<const T: usize, const P: usize>(p: &Profile, weights: &[i16]) {
        let mut block = BlockPredictor::<T, P>::new(p).with_weights(weights);
        let mut state = ChannelState::new(p);
        state.weights[..T].copy_from_slice(weights);
        let mut rng = 0x2545_F491u32;
        let samples: Vec<i16> = (0..40_000u32)
            .map(|t| {
                let (code, grid) = hard_stream(t, &mut rng);
                let sample = code_to_sample(code);
                if grid {
                    sample
                } else {
                    sample ^ 1
                }
            })
            .collect();
        let mut residuals = [0u16; BLOCK];
        let (mut start, mut size) = (0, 1);
        while start < samples.len() {
            let chunk = &samples[start..(start + size).min(samples.len())];
            let all_on_grid = block.residuals(p, chunk, &mut residuals);
            assert_eq!(all_on_grid, chunk.iter().all(|&s| on_grid(s)));
            for (i, &sample) in chunk.iter().enumerate() {
                let code = sample_to_code(sample);
                let e = wrap_residual(code, state.predict(p));
                assert_eq!(
                    residuals[i],
                    zigzag(e) as u16,
                    "{} sample {}",
                    p.name,
                    start + i
                );
                state.update_residual(p, code, Residual::from_e(e), on_grid(sample));
            }
            start += chunk.len();
            size = size * 3 % (BLOCK + 1);
        }
        let mut weights = block.weights;
        weights.reverse();
        assert_eq!(weights[..], state.weights[..T], "{}", p.name);
    }

    #[test]
    fn the_block_predictors_follow_the_state() {
        follow_the_state::<{ IMPLANT.model.taps }, { IMPLANT.model.pending_steps() }>(
            &IMPLANT,
            &[0; MAX_TAPS][..IMPLANT.model.taps],
        );
        let ratio_weights = crate::ratio::initial_weights(&RATIO);
        follow_the_state::<{ RATIO.model.taps }, { RATIO.model.pending_steps() }>(
            &RATIO,
            &ratio_weights[..RATIO.model.taps],
        );
    }
}
