//! The predictor of `ChannelState` for a fixed number of taps and LMS
//! delay, laid out for software speed: the implant's (`PredictorLanes`) and
//! the ratio profile's (`RatioLanes`).
//!
//! Same arithmetic, other layout: every history is an array of exactly the
//! profile's length in 16-bit lanes, and the signs of all the deltas a pending
//! LMS step reaches back to are one history instead of `deltas` plus
//! `old_delta_signs`. The prediction is then a short multiply-add and the LMS
//! step a few vector instructions, with the state in registers. The fast
//! coders use it for the profiles with these models; `ChannelState` stays the
//! definition, and the tests run both side by side on every sample.

use super::ChannelState;
use crate::predictor::{delta, prediction, shifted_in, stepped_weight, weighted_sum};
use crate::profile::{Profile, IMPLANT, RATIO};

/// The lanes of the implant's taps and LMS delay.
pub type PredictorLanes = Lanes<
    { IMPLANT.model.taps },
    { IMPLANT.model.pending_steps() },
    { sign_lanes(&IMPLANT) },
    { residual_lanes(&IMPLANT) },
>;

/// The lanes of the ratio profile's taps and LMS delay.
pub type RatioLanes = Lanes<
    { RATIO.model.taps },
    { RATIO.model.pending_steps() },
    { sign_lanes(&RATIO) },
    { residual_lanes(&RATIO) },
>;

/// Lanes of the delta-sign history: `taps + pending` rounded up to a whole
/// vector, so that a shift is one vector shift (the extra lanes stay zero).
const fn sign_lanes(p: &Profile) -> usize {
    (p.model.taps + p.model.pending_steps()).next_power_of_two()
}

/// Lanes of the residual-sign history, likewise.
const fn residual_lanes(p: &Profile) -> usize {
    p.model.pending_steps().next_power_of_two()
}

/// The predictor part of a `ChannelState` (`last`, `deltas`, `weights` and
/// the pending LMS steps) of a profile with `TAPS` taps and `PENDING` pending
/// steps. The activity and the raw-mode flag belong to the entropy coder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lanes<
    const TAPS: usize,
    const PENDING: usize,
    const SIGN_LANES: usize,
    const RESIDUAL_LANES: usize,
> {
    last: i32,
    /// `ChannelState::deltas`.
    deltas: [i16; TAPS],
    /// `ChannelState::weights`.
    weights: [i16; TAPS],
    /// Signs of the last `TAPS + PENDING` deltas, newest first: those of
    /// `ChannelState::deltas`, then `ChannelState::old_delta_signs`.
    delta_signs: [i16; SIGN_LANES],
    /// `ChannelState::residual_signs`.
    residual_signs: [i16; RESIDUAL_LANES],
}

impl<
        const TAPS: usize,
        const PENDING: usize,
        const SIGN_LANES: usize,
        const RESIDUAL_LANES: usize,
    > Lanes<TAPS, PENDING, SIGN_LANES, RESIDUAL_LANES>
{
    /// Whether profile `p` has the taps and LMS delay the lanes hold.
    pub const fn fits(p: &Profile) -> bool {
        p.model.taps == TAPS && p.model.pending_steps() == PENDING
    }

    /// The predictor of `ChannelState::new(p)` (`p` must fit).
    pub fn new(p: &Profile) -> Self {
        assert!(Self::fits(p), "profile {} does not fit the lanes", p.name);
        assert!(SIGN_LANES >= TAPS + PENDING && RESIDUAL_LANES >= PENDING);
        let s = ChannelState::new(p);
        Lanes {
            last: s.last as i32,
            deltas: core::array::from_fn(|i| s.deltas[i]),
            weights: core::array::from_fn(|i| s.weights[i]),
            delta_signs: [0; SIGN_LANES],
            residual_signs: [0; RESIDUAL_LANES],
        }
    }

    /// These lanes with the LMS weights set to `weights` (a starting point).
    pub fn with_weights(mut self, weights: &[i16; TAPS]) -> Self {
        self.weights = *weights;
        self
    }

    /// `state` with its predictor part replaced by these lanes (for profile `p`).
    pub fn to_state(&self, p: &Profile, state: &ChannelState) -> ChannelState {
        let mut s = *state;
        s.last = self.last as u16;
        s.deltas[..TAPS].copy_from_slice(&self.deltas);
        s.weights[..TAPS].copy_from_slice(&self.weights);
        for i in 0..p.model.pending_steps() {
            s.old_delta_signs[i] = self.delta_signs[TAPS + i] as i8;
            s.residual_signs[i] = self.residual_signs[i] as i8;
        }
        s
    }

    /// `ChannelState::predict`.
    #[inline(always)]
    pub fn predict(&self, p: &Profile) -> u32 {
        prediction(p, self.last, weighted_sum(&self.weights, &self.deltas))
    }

    /// The predictor part of `ChannelState::update_residual`: `code` was
    /// coded with a residual of sign `sign_e` (-1, 0 or 1).
    #[inline(always)]
    pub fn update(&mut self, p: &Profile, code: u32, sign_e: i16) {
        if TAPS > 0 {
            // The LMS step of sample `t - PENDING`, with that sample's
            // regressor: lanes `PENDING..` of the delta signs.
            let step_sign = match PENDING.checked_sub(1) {
                None => sign_e,
                Some(oldest) => self.residual_signs[oldest],
            };
            for i in 0..TAPS {
                let sign_d = self.delta_signs[i + PENDING];
                self.weights[i] = stepped_weight(p, self.weights[i], step_sign, sign_d);
            }
            let delta = delta(p, code as i32, self.last);
            // `signum`, not the kernel's equal `sign` (a clamp): here, in the
            // decoder's one loop, the clamp spilled the deltas to the stack.
            self.residual_signs = shifted_in(&self.residual_signs, PENDING, sign_e);
            self.delta_signs = shifted_in(&self.delta_signs, TAPS + PENDING, delta.signum());
            self.deltas = shifted_in(&self.deltas, TAPS, delta);
        }
        self.last = code as i32;
    }
}

/// Sample `t` of a stream for the predictors' side-by-side tests (its code,
/// and whether it is on the grid) that exercises every path: noisy slow
/// waves, jumps, full-scale alternation (which saturates the weights both
/// ways), constants, off-grid samples. `rng` is a linear congruential state.
#[cfg(test)]
pub(crate) fn hard_stream(t: u32, rng: &mut u32) -> (u32, bool) {
    use crate::grid::CODES;
    *rng = rng.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
    let wave = 512.0 + 400.0 * (t as f64 * 0.003).sin();
    let code = match (t / 1000) % 6 {
        0 | 1 => (wave as i32 + (*rng >> 27) as i32 - 16).clamp(0, 1023) as u32,
        2 => (*rng >> 22) % CODES,
        3 => [0, CODES - 1][t as usize % 2],
        4 => [0, CODES - 1][t as usize / 2 % 2],
        _ => 700,
    };
    (code, !rng.is_multiple_of(97))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::wrap_residual;
    use crate::profile::{PROFILES, RATIO};
    use alloc::vec::Vec;

    /// The two models, side by side on `hard_stream`.
    #[test]
    fn lanes_follow_the_state_sample_by_sample() {
        let fitting: Vec<_> = PROFILES
            .iter()
            .filter(|p| PredictorLanes::fits(p))
            .collect();
        assert!(
            fitting.len() >= 2,
            "the implant and its Rice variant at least"
        );
        for p in fitting {
            follow_the_state::<PredictorLanes>(p, PredictorLanes::new(p));
        }
        follow_the_state(&RATIO, RatioLanes::new(&RATIO));
    }

    /// What the side-by-side test needs of a lanes type.
    trait Model: PartialEq + core::fmt::Debug {
        fn predict(&self, p: &Profile) -> u32;
        fn update(&mut self, p: &Profile, code: u32, sign_e: i16);
        fn to_state(&self, p: &Profile, state: &ChannelState) -> ChannelState;
    }

    impl<const T: usize, const P: usize, const S: usize, const R: usize> Model for Lanes<T, P, S, R> {
        fn predict(&self, p: &Profile) -> u32 {
            Lanes::predict(self, p)
        }
        fn update(&mut self, p: &Profile, code: u32, sign_e: i16) {
            Lanes::update(self, p, code, sign_e)
        }
        fn to_state(&self, p: &Profile, state: &ChannelState) -> ChannelState {
            Lanes::to_state(self, p, state)
        }
    }

    fn follow_the_state<L: Model>(p: &Profile, mut lanes: L) {
        {
            let mut state = ChannelState::new(p);
            assert_eq!(lanes.to_state(p, &state), state);
            let mut rng = 0x9E37_79B9u32;
            let (mut lowest, mut highest) = (0, 0);
            for t in 0..60_000u32 {
                let (code, on_grid) = hard_stream(t, &mut rng);
                let x = state.expect(p);
                assert_eq!(lanes.predict(p), x.prediction, "{} sample {t}", p.name);
                let e = wrap_residual(code, x.prediction);
                state.update(p, &x, code, on_grid);
                lanes.update(p, code, e.signum() as i16);
                assert_eq!(lanes.to_state(p, &state), state, "{} sample {t}", p.name);
                lowest = lowest.min(*state.weights.iter().min().unwrap() as i32);
                highest = highest.max(*state.weights.iter().max().unwrap() as i32);
            }
            let bound = 1 << (p.model.weight_bits - 1);
            assert_eq!(
                (lowest, highest),
                (-bound, bound - 1),
                "{}: saturated both ways",
                p.name
            );
        }
    }
}
