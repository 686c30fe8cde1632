//! The per-channel model: state, prediction, context and update. Everything
//! here is integer arithmetic of stated width; the RTL implements exactly this.

use crate::grid::CODES;
use crate::predictor::{delta, shift_in, stepped_weight, weighted_sum};
use crate::profile::{Profile, MAX_LMS_DELAY, MAX_TAPS};

mod block;
mod lanes;
pub use block::{BlockPredictor, ImplantBlock, RatioBlock, BLOCK};
#[cfg(test)]
pub(crate) use lanes::hard_stream;
pub use lanes::{PredictorLanes, RatioLanes};

// Where other crates and the per-block RTL tests find them.
pub use crate::context::{context, next_activity, Context, ContextTable, MAX_CONTEXTS};
pub use crate::predictor::{prediction, saturate};

/// The state one channel carries from one sample to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChannelState {
    /// Previous ADC code (`CODE_BITS` unsigned).
    pub last: u16,
    /// Recent code deltas, newest first (`delta_bits` signed, saturated).
    pub deltas: [i16; MAX_TAPS],
    /// LMS weights with `weight_frac` fraction bits (`weight_bits` signed, saturated).
    pub weights: [i16; MAX_TAPS],
    /// Signs (-1, 0, 1) of the residuals whose LMS steps are still pending, newest first
    /// (`pending_steps()` of them).
    pub residual_signs: [i8; MAX_LMS_DELAY - 1],
    /// Signs of the deltas shifted out of `deltas`, newest first: the oldest
    /// pending step's regressor reaches this far back (`pending_steps()` of them).
    pub old_delta_signs: [i8; MAX_LMS_DELAY - 1],
    /// Activity accumulator: about `mean(m) << activity_shift` (`activity_bits` unsigned).
    pub activity: u32,
    /// Set after an off-grid sample: the next sample starts with a raw/normal flag bit.
    pub raw_mode: bool,
}

/// What the model expects of the next sample, before seeing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expectation {
    /// Predicted ADC code, in `0..CODES`.
    pub prediction: u32,
    /// Rice parameter: low bits of the zigzag residual sent raw.
    pub k: u32,
    /// Code table for the quotient.
    pub table: usize,
}

/// Residual wrapped into `-512..512`: the decoder adds it back modulo 1024.
#[inline]
pub const fn wrap_residual(code: u32, prediction: u32) -> i32 {
    ((code as i32 - prediction as i32 + 512) & (CODES as i32 - 1)) - 512
}

/// Zigzag map of a residual onto `0..1024`: 0, -1, 1, -2, ... -> 0, 1, 2, 3, ...
#[inline]
pub const fn zigzag(e: i32) -> u32 {
    ((e << 1) ^ (e >> 31)) as u32
}

/// Inverse of `zigzag`.
#[inline]
pub const fn unzigzag(m: u32) -> i32 {
    (m >> 1) as i32 ^ -((m & 1) as i32)
}

/// A residual in both its forms: `e` in `-512..512` and its zigzag map `m`.
/// The encoder computes `m` from `e`, the decoder `e` from `m`; the update
/// needs both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Residual {
    pub e: i32,
    pub m: u32,
}

impl Residual {
    #[inline(always)]
    pub const fn from_e(e: i32) -> Self {
        Residual { e, m: zigzag(e) }
    }

    #[inline(always)]
    pub const fn from_m(m: u32) -> Self {
        Residual { e: unzigzag(m), m }
    }
}

impl ChannelState {
    /// The state every channel starts in (and returns to on reset).
    pub const fn new(p: &Profile) -> Self {
        ChannelState {
            last: (CODES / 2) as u16,
            deltas: [0; MAX_TAPS],
            weights: [0; MAX_TAPS],
            residual_signs: [0; MAX_LMS_DELAY - 1],
            old_delta_signs: [0; MAX_LMS_DELAY - 1],
            activity: p.model.activity_init << p.model.activity_shift,
            raw_mode: false,
        }
    }

    /// Prediction and coding context for the next sample.
    #[inline(always)]
    pub fn expect(&self, p: &Profile) -> Expectation {
        let (k, table) = context(p, self.activity);
        Expectation {
            prediction: self.predict(p),
            k,
            table,
        }
    }

    /// The predicted code of the next sample, in `0..CODES`.
    #[inline(always)]
    pub fn predict(&self, p: &Profile) -> u32 {
        let taps = p.model.taps;
        let acc = weighted_sum(&self.weights[..taps], &self.deltas[..taps]);
        prediction(p, self.last as i32, acc)
    }

    /// Folds the coded sample `code` (and whether it was on the grid) into the state.
    #[inline(always)]
    pub fn update(&mut self, p: &Profile, x: &Expectation, code: u32, on_grid: bool) {
        let r = Residual::from_e(wrap_residual(code, x.prediction));
        self.update_residual(p, code, r, on_grid);
    }

    /// `update` given the residual `wrap_residual(code, prediction)`, which
    /// the decoder has before the code.
    #[inline(always)]
    pub fn update_residual(&mut self, p: &Profile, code: u32, r: Residual, on_grid: bool) {
        let Residual { e, m } = r;
        let taps = p.model.taps;
        if taps > 0 {
            self.lms_step(p, e.signum() as i8);
            let newest = delta(p, code as i32, self.last as i32);
            shift_in(&mut self.deltas[..taps], newest);
        }
        self.last = code as u16;
        self.activity = next_activity(p, self.activity, m);
        self.raw_mode = !on_grid;
    }

    /// Sign-sign LMS with delay `D = lms_delay`: the step of sample `t - D + 1`
    /// is applied now, so each weight moves one LSB toward reducing that
    /// sample's error, with that sample's regressor (`deltas[i + D - 1]` today).
    #[inline(always)]
    fn lms_step(&mut self, p: &Profile, sign_e: i8) {
        let (taps, pending) = (p.model.taps, p.model.pending_steps());
        let (step_sign, back) = if pending == 0 {
            (sign_e, 0)
        } else {
            (self.residual_signs[pending - 1], pending)
        };
        // A zero sign leaves every weight as it is: no branch needed.
        for i in 0..taps {
            let j = i + back;
            let sign_d = if j < taps {
                self.deltas[j].signum()
            } else {
                self.old_delta_signs[j - taps] as i16
            };
            self.weights[i] = stepped_weight(p, self.weights[i], step_sign as i16, sign_d);
        }
        if pending > 0 {
            let oldest_delta = self.deltas[taps - 1].signum() as i8;
            shift_in(&mut self.residual_signs[..pending], sign_e);
            shift_in(&mut self.old_delta_signs[..pending], oldest_delta);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::IMPLANT;

    #[test]
    fn zigzag_is_a_bijection_on_the_residual_range() {
        let mut seen = [false; 1024];
        for e in -512..512 {
            let m = zigzag(e);
            assert!(m < 1024);
            assert!(!seen[m as usize]);
            seen[m as usize] = true;
            assert_eq!(unzigzag(m), e);
        }
    }

    #[test]
    fn wrapped_residual_reconstructs_the_code() {
        for pred in [0u32, 1, 511, 512, 1023] {
            for code in 0..1024u32 {
                let e = wrap_residual(code, pred);
                assert!((-512..512).contains(&e));
                assert_eq!(((pred as i32 + e) & 1023) as u32, code);
            }
        }
    }

    #[test]
    fn activity_never_exceeds_its_width() {
        let p = &IMPLANT;
        let mut s = ChannelState::new(p);
        for i in 0..10_000u32 {
            let x = s.expect(p);
            // Alternate full-scale codes: the largest residuals there are.
            s.update(p, &x, if i % 2 == 0 { 0 } else { 1023 }, true);
            assert!(s.activity < 1 << p.model.activity_bits());
        }
    }

    /// Delayed LMS written the direct way: queue each sample's (residual sign,
    /// regressor signs) and apply the one `lms_delay - 1` samples old.
    #[test]
    fn delayed_lms_matches_a_queue_of_whole_steps() {
        for delay in 1..=crate::profile::MAX_LMS_DELAY as u32 {
            let p = Profile {
                model: crate::profile::Model {
                    lms_delay: delay,
                    ..IMPLANT.model
                },
                ..IMPLANT
            };
            let mut s = ChannelState::new(&p);
            let mut weights = [0i32; 4];
            let mut queue: std::collections::VecDeque<(i32, [i32; 4])> = Default::default();
            let mut rng = 0x1234_5678u32;
            for t in 0..20_000u32 {
                rng = rng.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                // A noisy sine, sometimes jumping, so signs of every kind occur.
                let base = 512.0 + 300.0 * (t as f64 * 0.01).sin();
                let code = (base as i32 + (rng >> 28) as i32 - 8).clamp(0, 1023) as u32;
                let x = s.expect(&p);
                let before = s;
                s.update(&p, &x, code, true);
                let sign_e = wrap_residual(code, x.prediction).signum();
                let regressor: [i32; 4] =
                    core::array::from_fn(|i| (before.deltas[i] as i32).signum());
                queue.push_back((sign_e, regressor));
                if queue.len() == delay as usize {
                    let (se, sd) = queue.pop_front().unwrap();
                    for i in 0..4 {
                        weights[i] = saturate(weights[i] + se * sd[i], p.model.weight_bits);
                    }
                }
                let got: [i32; 4] = core::array::from_fn(|i| s.weights[i] as i32);
                assert_eq!(got, weights, "delay {delay}, sample {t}");
            }
            assert_ne!(weights, [0; 4], "delay {delay}: the weights never moved");
        }
    }

    #[test]
    fn lms_learns_a_ramp() {
        // A steady ramp: after learning, prediction error should be small.
        let p = &IMPLANT;
        let mut s = ChannelState::new(p);
        let mut last_err = 0;
        for t in 0..4000u32 {
            let code = 100 + (t % 800);
            let x = s.expect(p);
            last_err = wrap_residual(code, x.prediction).abs();
            s.update(p, &x, code, true);
        }
        assert!(last_err <= 1, "error {last_err}");
    }
}
