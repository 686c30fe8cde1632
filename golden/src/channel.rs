//! The per-channel model: state, prediction, context and update. Everything
//! here is integer arithmetic of stated width; the RTL implements exactly this.

use crate::grid::CODES;
use crate::profile::{Profile, FRAC_BITS, MAX_LMS_DELAY, MAX_TAPS};

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

/// Saturates `v` to a signed `bits`-bit value.
#[inline]
pub const fn saturate(v: i32, bits: u32) -> i32 {
    let hi = (1 << (bits - 1)) - 1;
    let lo = -(1 << (bits - 1));
    if v > hi {
        hi
    } else if v < lo {
        lo
    } else {
        v
    }
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

/// Rice parameter and code table for activity `a`.
///
/// `v = a >> (activity_shift - 3)` is eight times the mean zigzag residual.
/// With `lg = floor(log2 v)` and `frac` the `FRAC_BITS` bits below its leading
/// one, `k = lg - k_offset` when positive, and the table is `frac` (the shape
/// repeats every octave). Quieter contexts have `k = 0` and a table of their
/// own for each quarter octave above the two lowest octaves.
#[inline]
pub const fn context(p: &Profile, a: u32) -> (u32, usize) {
    let v = a >> (p.activity_shift - 3);
    let lg = if v == 0 { 0 } else { 31 - v.leading_zeros() };
    let frac = if lg >= FRAC_BITS {
        (v >> (lg - FRAC_BITS)) & ((1 << FRAC_BITS) - 1)
    } else {
        0
    };
    if lg > p.k_offset {
        (lg - p.k_offset, frac as usize)
    } else {
        let ctx = (lg << FRAC_BITS) + frac;
        (0, 4 + ctx.saturating_sub(8) as usize)
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
            activity: p.activity_init << p.activity_shift,
            raw_mode: false,
        }
    }

    /// Prediction and coding context for the next sample.
    #[inline]
    pub fn expect(&self, p: &Profile) -> Expectation {
        // Constant tap counts let the compiler unroll the loops.
        match p.taps {
            4 => self.expect_taps(p, 4),
            8 => self.expect_taps(p, 8),
            n => self.expect_taps(p, n),
        }
    }

    #[inline(always)]
    fn expect_taps(&self, p: &Profile, taps: usize) -> Expectation {
        let mut acc: i32 = 0;
        for i in 0..taps {
            acc += self.weights[i] as i32 * self.deltas[i] as i32;
        }
        // Round to nearest, then clamp to the code range.
        let correction = (acc + (1 << (p.weight_frac - 1))) >> p.weight_frac;
        let prediction = (self.last as i32 + correction).clamp(0, CODES as i32 - 1) as u32;
        let (k, table) = context(p, self.activity);
        Expectation {
            prediction,
            k,
            table,
        }
    }

    /// Folds the coded sample `code` (and whether it was on the grid) into the state.
    #[inline]
    pub fn update(&mut self, p: &Profile, x: &Expectation, code: u32, on_grid: bool) {
        match p.taps {
            4 => self.update_taps(p, 4, x, code, on_grid),
            8 => self.update_taps(p, 8, x, code, on_grid),
            n => self.update_taps(p, n, x, code, on_grid),
        }
    }

    #[inline(always)]
    fn update_taps(&mut self, p: &Profile, taps: usize, x: &Expectation, code: u32, on_grid: bool) {
        let e = wrap_residual(code, x.prediction);
        let m = zigzag(e);
        if taps > 0 {
            self.lms_step(p, taps, e.signum() as i8);
            self.deltas.copy_within(0..taps - 1, 1);
            self.deltas[0] = saturate(code as i32 - self.last as i32, p.delta_bits) as i16;
        }
        self.last = code as u16;
        self.activity = self.activity + m - (self.activity >> p.activity_shift);
        self.raw_mode = !on_grid;
    }

    /// Sign-sign LMS with delay `D = lms_delay`: the step of sample `t - D + 1`
    /// is applied now, so each weight moves one LSB toward reducing that
    /// sample's error, with that sample's regressor (`deltas[i + D - 1]` today).
    #[inline(always)]
    fn lms_step(&mut self, p: &Profile, taps: usize, sign_e: i8) {
        let pending = p.pending_steps();
        let (sign, back) = if pending == 0 {
            (sign_e, 0)
        } else {
            (self.residual_signs[pending - 1], pending)
        };
        if sign != 0 {
            for i in 0..taps {
                let j = i + back;
                let sign_d = if j < taps {
                    (self.deltas[j] as i32).signum()
                } else {
                    self.old_delta_signs[j - taps] as i32
                };
                let w = self.weights[i] as i32 + sign as i32 * sign_d;
                self.weights[i] = saturate(w, p.weight_bits) as i16;
            }
        }
        if pending > 0 {
            self.residual_signs.copy_within(0..pending - 1, 1);
            self.residual_signs[0] = sign_e;
            self.old_delta_signs.copy_within(0..pending - 1, 1);
            self.old_delta_signs[0] = (self.deltas[taps - 1] as i32).signum() as i8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{IMPLANT, PROFILES};

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
    fn context_stays_in_range_for_every_activity() {
        for p in PROFILES {
            let top = 1023u32 << p.activity_shift;
            for a in 0..=top {
                let (k, t) = context(p, a);
                assert!(k <= p.max_k() && t < p.tables(), "{} a={a}", p.name);
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
            assert!(s.activity < 1 << p.activity_bits());
        }
    }

    /// Delayed LMS written the direct way: queue each sample's (residual sign,
    /// regressor signs) and apply the one `lms_delay - 1` samples old.
    #[test]
    fn delayed_lms_matches_a_queue_of_whole_steps() {
        for delay in 1..=crate::profile::MAX_LMS_DELAY as u32 {
            let p = Profile {
                lms_delay: delay,
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
                        weights[i] = saturate(weights[i] + se * sd[i], p.weight_bits);
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
