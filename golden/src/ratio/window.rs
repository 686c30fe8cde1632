//! A channel of `RATIO`'s model for the fast decoder (feature `fast`): the
//! predictor of `ChannelState` with its deltas in a sliding window. (In the
//! decoder's one loop it measured 1.6 times as fast as `RatioLanes`; the
//! fast encoder, which models a block before coding it, uses `RatioLanes`.)
//!
//! `ChannelState` (and `RatioLanes`) shift 16 deltas and 19 delta signs by
//! one place every sample. Here the deltas stay where they were written:
//! the newest goes in front of the others in `history`, and only when the
//! front is reached are the `REACH` deltas still needed copied back to its
//! end. The prediction reads the 16 newest deltas; the LMS step, which is
//! `PENDING` samples late, reads the 16 after the `PENDING` newest and takes
//! their signs. Same arithmetic (the kernel of `predictor`), so the same
//! predictions: the tests run it beside `ChannelState` on every sample.
//!
//! Measured and left out: holding the newest deltas in registers until the
//! next samples (a 32-byte load over a 2-byte store just written waits for
//! it): slower. Decoding a block's residual bins first (they needed only the
//! activity, the previous sign and the raw flag) and running this predictor
//! over them after (session 10, 2026-12-01, one channel, the bench's 20
//! recordings, alternated with this code): about 0.8 times as fast; alone,
//! the predictor's loop waits on that same store every sample, which the
//! coder's work hides in the one loop. Session 12 (Intel Xeon, where
//! `perf` puts a quarter of the decoder's time at that load): the newest
//! delta multiplied apart, the other weights kept whole beside the weights
//! so that their load matches a store (0.98 times as fast: the load of the
//! older deltas still waits, on the previous sample's store); the 16 newest
//! deltas rewritten every sample (no change: the compiler writes them
//! piecewise, and a vector load is not forwarded from several stores); a
//! decoder's one channel in a local with its arrays boxed, so that its
//! scalars could stay in registers (1.00: the activity is spilled anyway).

use super::binarize::Situation;
use super::{Channel, Weights};
use crate::channel::{next_activity, zigzag, ChannelState};
use crate::predictor::{delta, prediction, sign, stepped_weight};
use crate::profile::{Profile, RATIO};

/// LMS taps of `RATIO`.
const TAPS: usize = RATIO.model.taps;
/// LMS steps `RATIO` holds pending (the step of a sample comes this many samples late).
const PENDING: usize = RATIO.model.pending_steps();
/// Deltas the predictor reaches back to: the step's regressor ends here.
const REACH: usize = TAPS + PENDING;
/// Entries of `history`: the `REACH` deltas are copied back once every
/// `WINDOW - REACH` samples (small, as a stream holds one per channel).
const WINDOW: usize = 4 * REACH;

/// A channel of `RATIO`'s model (only: the constants are `RATIO`'s).
#[derive(Clone)]
pub(super) struct WindowChannel {
    /// Deltas, newest at `history[newest]`, older ones after it; `REACH` of them count.
    history: [i16; WINDOW],
    /// Where the newest delta is: `0..=WINDOW - REACH`.
    newest: usize,
    weights: [i16; TAPS],
    /// Signs of the last `PENDING` residuals, newest first (`ChannelState::residual_signs`).
    residual_signs: [i16; PENDING],
    /// Code of the last sample (`ChannelState::last`).
    last: i32,
    activity: u32,
    raw_mode: bool,
}

/// `weighted_sum` of `TAPS` weights and deltas, summed as the products of
/// tap `i` and tap `i + TAPS / 2` lane by lane: a shape the compiler turns
/// into two SSE2 `pmaddwd`. Not inlined: inlined into the coder's loop it
/// became 16 scalar multiplies again (measured: decode about 1.3 times as
/// fast with the call).
#[inline(never)]
fn paired_sum(weights: &[i16; TAPS], deltas: &[i16; TAPS]) -> i32 {
    const HALF: usize = TAPS / 2;
    let mut lanes = [0i32; HALF];
    for (i, lane) in lanes.iter_mut().enumerate() {
        *lane = weights[i] as i32 * deltas[i] as i32
            + weights[i + HALF] as i32 * deltas[i + HALF] as i32;
    }
    lanes.iter().sum()
}

impl WindowChannel {
    /// The `TAPS` deltas from `from` on (`from + TAPS <= REACH`).
    #[inline(always)]
    fn deltas(&self, from: usize) -> &[i16; TAPS] {
        self.history[self.newest + from..][..TAPS]
            .try_into()
            .unwrap()
    }
}

impl Channel for WindowChannel {
    fn new(p: &Profile, weights: &Weights) -> Self {
        assert!(p.model == RATIO.model && PENDING >= 1);
        let s = ChannelState::new(p);
        let mut history = [0; WINDOW];
        let newest = WINDOW - REACH;
        history[newest..newest + TAPS].copy_from_slice(&s.deltas[..TAPS]);
        // Past the taps only the signs count: those `ChannelState` holds.
        for i in 0..PENDING {
            history[newest + TAPS + i] = s.old_delta_signs[i] as i16;
        }
        WindowChannel {
            history,
            newest,
            weights: weights[..TAPS].try_into().unwrap(),
            residual_signs: core::array::from_fn(|i| s.residual_signs[i] as i16),
            last: s.last as i32,
            activity: s.activity,
            raw_mode: s.raw_mode,
        }
    }

    #[inline(always)]
    fn predict(&self, _p: &Profile) -> u32 {
        prediction(&RATIO, self.last, paired_sum(&self.weights, self.deltas(0)))
    }

    #[inline(always)]
    fn situation(&self, _p: &Profile) -> Situation {
        Situation {
            level: super::fast_bins::level(self.activity),
            raw_mode: self.raw_mode,
        }
    }

    #[inline(always)]
    fn update(&mut self, _p: &Profile, code: u32, e: i32, on_grid: bool) {
        let p = &RATIO;
        // The LMS step of sample `t - PENDING`, with that sample's regressor.
        let step_sign = self.residual_signs[PENDING - 1];
        let regressor = *self.deltas(PENDING);
        for (w, d) in self.weights.iter_mut().zip(regressor) {
            *w = stepped_weight(p, *w, step_sign, sign(d));
        }
        for i in (1..PENDING).rev() {
            self.residual_signs[i] = self.residual_signs[i - 1];
        }
        self.residual_signs[0] = e.signum() as i16;
        if self.newest == 0 {
            let keep = WINDOW - (REACH - 1);
            self.history.copy_within(..REACH - 1, keep);
            self.newest = keep;
        }
        self.newest -= 1;
        self.history[self.newest] = delta(p, code as i32, self.last);
        self.last = code as i32;
        self.activity = next_activity(p, self.activity, zigzag(e));
        self.raw_mode = !on_grid;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::hard_stream;
    use crate::channel::wrap_residual;
    use crate::ratio::initial_weights;

    /// Beside `ChannelState` on `hard_stream`, which wraps the window many
    /// times and drives the weights to both rails.
    #[test]
    fn the_window_follows_the_state_sample_by_sample() {
        let p = &RATIO;
        let weights = initial_weights(p);
        let mut window = WindowChannel::new(p, &weights);
        let mut state = <ChannelState as Channel>::new(p, &weights);
        let mut rng = 0x2545_F491u32;
        let (mut lowest, mut highest) = (0, 0);
        for t in 0..60_000u32 {
            let (code, on_grid) = hard_stream(t, &mut rng);
            let prediction = Channel::predict(&state, p);
            assert_eq!(window.predict(p), prediction, "sample {t}");
            let (a, b) = (window.situation(p), Channel::situation(&state, p));
            assert_eq!((a.level, a.raw_mode), (b.level, b.raw_mode), "sample {t}");
            let e = wrap_residual(code, prediction);
            window.update(p, code, e, on_grid);
            Channel::update(&mut state, p, code, e, on_grid);
            assert_eq!(window.weights[..], state.weights[..TAPS], "sample {t}");
            lowest = lowest.min(*window.weights.iter().min().unwrap() as i32);
            highest = highest.max(*window.weights.iter().max().unwrap() as i32);
        }
        let bound = 1 << (p.model.weight_bits - 1);
        assert_eq!(
            (lowest, highest),
            (-bound, bound - 1),
            "saturated both ways"
        );
    }
}
