//! The predictor kernel: the arithmetic of one prediction and one LMS step,
//! written once (mirrors `rtl/src/predictor.rs`).
//!
//! `ChannelState` (the definition), `PredictorLanes` (the fast decoder) and
//! the fast encoder's `BlockPredictor` lay the predictor's state out three
//! ways, and all three compute with these functions. Each is
//! `#[inline(always)]`, so that the compiler keeps a loop's state in
//! registers; where a spelling changed the fast loops' code, the function
//! says which was measured.

use crate::grid::CODES;
use crate::profile::{Profile, IMPLANT};

/// LMS taps of the implant: the fixed length of the fast coder's histories.
pub const TAPS: usize = IMPLANT.model.taps;
/// LMS steps the implant holds pending.
pub const PENDING: usize = IMPLANT.model.pending_steps();

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

/// The history entry of a sample of code `code` after one of code `last`:
/// their difference saturated to `delta_bits`.
#[inline(always)]
pub const fn delta(p: &Profile, code: i32, last: i32) -> i16 {
    saturate(code - last, p.model.delta_bits) as i16
}

/// The sign of a delta: -1, 0 or 1, as a clamp, which vectorizes over the
/// fast encoder's block of deltas (`signum` does not). Scalar code uses
/// `signum`, the same value: there the clamp measured larger (the scored
/// executables) and slower (the fast decoder spilled its deltas).
#[inline(always)]
pub fn sign(delta: i16) -> i16 {
    delta.clamp(-1, 1)
}

/// The LMS accumulator `sum weights[i] * deltas[i]` over the taps (the
/// length of `weights`). An index loop: unrolled, it leaves the callers'
/// arrays in registers, which an iterator over the slices did not.
#[inline(always)]
pub fn weighted_sum(weights: &[i16], deltas: &[i16]) -> i32 {
    let mut acc: i32 = 0;
    for i in 0..weights.len() {
        acc += weights[i] as i32 * deltas[i] as i32;
    }
    acc
}

/// The prediction from previous code `last` and LMS accumulator `acc`
/// (`weighted_sum`): `acc` rounded to nearest at `weight_frac` fraction
/// bits, added to `last`, clamped to the code range.
#[inline(always)]
pub const fn prediction(p: &Profile, last: i32, acc: i32) -> u32 {
    let frac = p.model.weight_frac;
    let correction = (acc + (1 << (frac - 1))) >> frac;
    let x = last + correction;
    (if x < 0 {
        0
    } else if x > CODES as i32 - 1 {
        CODES as i32 - 1
    } else {
        x
    }) as u32
}

/// One weight's sign-sign LMS step: `w + sign_e * sign_d` saturated to
/// `weight_bits`, where `sign_e` is the sign of a residual and `sign_d` that
/// of the delta the weight multiplied for it (each -1, 0 or 1). In 16 bits
/// (exact, as `weight_bits < 16`): the taps of a step are a vector operation.
/// (`hi` computed in 16 bits too: computed in 32 and narrowed, the fast
/// decoder's loop spilled its deltas to the stack.)
#[inline(always)]
pub fn stepped_weight(p: &Profile, w: i16, sign_e: i16, sign_d: i16) -> i16 {
    let hi: i16 = (1 << (p.model.weight_bits - 1)) - 1;
    (w + sign_e * sign_d).clamp(-hi - 1, hi)
}

/// Shifts `history` one place toward its end (the last entry drops out) and
/// puts `newest` first. An element loop, not `copy_within`: with constant
/// lengths it compiles to a few register moves instead of a `memmove` call.
#[inline(always)]
pub fn shift_in<T: Copy>(history: &mut [T], newest: T) {
    for i in (1..history.len()).rev() {
        history[i] = history[i - 1];
    }
    if let Some(first) = history.first_mut() {
        *first = newest;
    }
}

/// `shift_in` of the first `len` (at least 1) entries of `history`, as a new
/// array, the entries from `len` on zero: for the fast coder's loops, where
/// the compiler then keeps the array in registers (`shift_in` on a copy
/// measured worse there: the decoder's deltas went to the stack).
#[inline(always)]
pub fn shifted_in<T: Copy + Default, const N: usize>(
    history: &[T; N],
    len: usize,
    newest: T,
) -> [T; N] {
    core::array::from_fn(|i| match i {
        0 => newest,
        _ if i < len => history[i - 1],
        _ => T::default(),
    })
}
