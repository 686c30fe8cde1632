//! The per-channel model: state, prediction, context and update. Everything
//! here is integer arithmetic of stated width; the RTL implements exactly this.

use crate::grid::CODES;
use crate::profile::{Profile, FRAC_BITS, MAX_LMS_DELAY, MAX_TAPS};
use alloc::vec::Vec;

mod lanes;
pub use lanes::{PredictorLanes, RatioLanes};

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

/// The prediction from previous code `last` and LMS accumulator `acc`
/// (`sum weights[i] * deltas[i]`): `acc` rounded to nearest at `weight_frac`
/// fraction bits, added to `last`, clamped to the code range.
#[inline(always)]
pub const fn prediction(p: &Profile, last: i32, acc: i32) -> u32 {
    let correction = (acc + (1 << (p.weight_frac - 1))) >> p.weight_frac;
    let x = last + correction;
    (if x < 0 {
        0
    } else if x > CODES as i32 - 1 {
        CODES as i32 - 1
    } else {
        x
    }) as u32
}

/// The activity after a sample of zigzag residual `m`: `A + m - (A >> activity_shift)`.
#[inline(always)]
pub const fn next_activity(p: &Profile, activity: u32, m: u32) -> u32 {
    activity + m - (activity >> p.activity_shift)
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

/// A coding context in one word: Rice parameter `k`, code table, and the
/// context's number among those of its profile (which indexes per-context
/// tables).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Context(u32);

impl Context {
    /// `k` is at most 12 and `table` below 4096 (see `Profile`).
    const fn new(k: u32, table: usize, index: usize) -> Self {
        Context((index as u32) << 16 | (table as u32) << 4 | k)
    }

    pub const fn k(self) -> u32 {
        self.0 & 0xF
    }

    pub const fn table(self) -> usize {
        (self.0 >> 4 & 0xFFF) as usize
    }

    /// The context's number, below `ContextTable::count`.
    pub const fn index(self) -> usize {
        (self.0 >> 16) as usize
    }
}

/// Most contexts a profile has: at most 4 per octave of `8 * mean`, which is
/// below `2^13`.
pub const MAX_CONTEXTS: usize = 64;

/// Entries of a `ContextTable`: `a >> (activity_shift - 3)` is below this.
const ACTIVITY_STEPS: usize = 8 * CODES as usize;

/// `context` of every activity, for software speed (`context` is the
/// definition), with the contexts numbered in order of activity.
pub struct ContextTable {
    /// Indexed by `a >> (activity_shift - 3)`, which is below `8 * CODES`.
    contexts: alloc::boxed::Box<[Context; ACTIVITY_STEPS]>,
    count: usize,
}

impl ContextTable {
    pub fn new(p: &Profile) -> Self {
        let shift = p.activity_shift - 3;
        let mut contexts: Vec<Context> = Vec::with_capacity(ACTIVITY_STEPS);
        let mut count = 0;
        for v in 0..ACTIVITY_STEPS as u32 {
            let (k, table) = context(p, v << shift);
            // Each change of context starts a new number (a context recurring
            // later would get a second number: harmless, it never does).
            match contexts.last() {
                Some(&c) if (c.k(), c.table()) == (k, table) => contexts.push(c),
                _ => {
                    contexts.push(Context::new(k, table, count));
                    count += 1;
                }
            }
        }
        assert!(count <= MAX_CONTEXTS);
        ContextTable {
            contexts: contexts.into_boxed_slice().try_into().unwrap(),
            count,
        }
    }

    /// How many contexts there are.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Every context once, in the order of their numbers.
    pub fn distinct(&self) -> impl Iterator<Item = Context> + '_ {
        // Numbered in order of first occurrence: each number first appears
        // right after the one before it.
        let mut next = 0;
        self.contexts.iter().copied().filter(move |c| {
            let first = c.index() == next;
            next += first as usize;
            first
        })
    }

    /// The context of activity `a` (which is below `CODES << activity_shift`)
    /// in profile `p`, the one the table was built for. Given the profile
    /// rather than holding its shift, so that a constant profile's shift is
    /// an immediate.
    #[inline(always)]
    pub fn get(&self, p: &Profile, a: u32) -> Context {
        // The mask keeps every index in bounds without a check; it changes
        // nothing for a valid activity.
        self.contexts[(a >> (p.activity_shift - 3)) as usize % ACTIVITY_STEPS]
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
        let mut acc: i32 = 0;
        for i in 0..p.taps {
            acc += self.weights[i] as i32 * self.deltas[i] as i32;
        }
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
        let taps = p.taps;
        if taps > 0 {
            self.lms_step(p, e.signum() as i8);
            shift_in(
                &mut self.deltas[..taps],
                saturate(code as i32 - self.last as i32, p.delta_bits) as i16,
            );
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
        let (taps, pending) = (p.taps, p.pending_steps());
        let (sign, back) = if pending == 0 {
            (sign_e, 0)
        } else {
            (self.residual_signs[pending - 1], pending)
        };
        // A zero sign leaves every weight as it is: no branch needed.
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
        if pending > 0 {
            let oldest_delta = (self.deltas[taps - 1] as i32).signum() as i8;
            shift_in(&mut self.residual_signs[..pending], sign_e);
            shift_in(&mut self.old_delta_signs[..pending], oldest_delta);
        }
    }
}

/// Shifts `history` one place toward its end (the last entry drops out) and
/// puts `newest` first. An element loop, not `copy_within`: with constant
/// lengths it compiles to a few register moves instead of a `memmove` call.
#[inline(always)]
fn shift_in<T: Copy>(history: &mut [T], newest: T) {
    for i in (1..history.len()).rev() {
        history[i] = history[i - 1];
    }
    if let Some(first) = history.first_mut() {
        *first = newest;
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
    fn context_table_is_context_for_every_activity() {
        for p in PROFILES {
            let table = ContextTable::new(p);
            let mut numbers = std::collections::BTreeMap::new();
            for a in 0..=1023u32 << p.activity_shift {
                let c = table.get(p, a);
                assert_eq!((c.k(), c.table()), context(p, a), "{} a={a}", p.name);
                assert!(c.index() < table.count());
                // One number per context, one context per number.
                assert_eq!(*numbers.entry(c.index()).or_insert(c), c, "{}", p.name);
            }
            assert_eq!(numbers.len(), table.count(), "{}", p.name);
            let distinct: Vec<Context> = table.distinct().collect();
            assert_eq!(
                distinct,
                numbers.into_values().collect::<Vec<_>>(),
                "{}",
                p.name
            );
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
