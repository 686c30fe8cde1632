//! Widths and constants of the ratio back end, every one from golden's
//! `ratio::arith` and `ratio::binarize` (FORMAT.md 14.2-14.6).

use crate::params::clog2;
use golden::grid::{CODE_BITS, SAMPLE_BITS as GRID_SAMPLE_BITS};
use golden::ratio::arith::{COUNT_BITS, COUNT_MAX, FLUSH_BYTES, PROB_BITS, PROB_INIT, RANGE_MIN};
use golden::ratio::binarize::{
    ACTIVITY_CONTEXTS, CONTEXT_COUNT, ESCAPE_BUCKET, SUFFIX_CONTEXT_BITS, SUFFIX_NODES,
};

/// Bits of a probability `p0`.
pub const P_BITS: usize = PROB_BITS as usize;
/// Bits of a context's bin count `n`.
pub const N_BITS: usize = COUNT_BITS as usize;
/// Bits of a context word in the context memory: `{n, p0}`, `p0` in the low bits.
pub const CONTEXT_BITS: usize = P_BITS + N_BITS;
/// Bits of a context index (`0..CONTEXT_COUNT`).
pub const INDEX_BITS: usize = clog2(CONTEXT_COUNT);
/// Bits of `range` (golden's `u32`).
pub const RANGE_BITS: usize = u32::BITS as usize;
/// Bits of `low`: `range`'s and a carry.
pub const LOW_BITS: usize = RANGE_BITS + 1;
/// Bits one renormalisation step shifts out (a byte).
pub const BYTE: usize = 8;
/// `range` is renormalised while its top byte is 0 (below `RANGE_MIN`).
pub const RANGE_MIN_BITS: usize = RANGE_MIN.trailing_zeros() as usize;
/// `shift_low`s of the termination.
pub const FLUSH_SHIFTS: usize = FLUSH_BYTES + 1;
/// Bits of the termination's step counter (`0..=FLUSH_SHIFTS`).
pub const FLUSH_COUNT_BITS: usize = clog2(FLUSH_SHIFTS + 1);
/// Bits of an input sample, coded verbatim off the grid.
pub const SAMPLE_BITS: usize = GRID_SAMPLE_BITS as usize;
/// Bits of the wrapped residual `e` (two's complement, `-512..512`) and of `u = |e|` (`0..=512`).
pub const RESIDUAL_BITS: usize = CODE_BITS as usize;
/// Bits of the activity level.
pub const LEVEL_BITS: usize = clog2(ACTIVITY_CONTEXTS);
/// Bits of a bucket (`0..=ESCAPE_BUCKET`).
pub const BUCKET_BITS: usize = clog2(ESCAPE_BUCKET + 1);
/// Bits of a suffix: the largest grid bucket's.
pub const SUFFIX_BITS: usize = ESCAPE_BUCKET - 1;
/// Bits of a suffix tree node: the context nodes `1..SUFFIX_NODES`, then the bypass ones.
pub const NODE_BITS: usize = SUFFIX_CONTEXT_BITS as usize + 1;
/// Bits of the FSM's bin counter: bucket bin `j`, suffix bit, verbatim bit.
pub const STEP_BITS: usize = clog2(SAMPLE_BITS);
/// Bits of the pending 0xFF count. A run of pending bytes is part of the
/// payload, so this bounds a payload's runs of 0xFF (2^32 - 1 bytes: any
/// payload a 32-bit byte count describes).
pub const PENDING_BITS: usize = 32;
/// A context word of a fresh context: `p0 = PROB_INIT`, `n = 0`.
pub const CONTEXT_INIT: u128 = PROB_INIT as u128;
/// The count where `n` saturates.
pub const N_MAX: u128 = COUNT_MAX as u128;

const _: () = assert!(P_BITS == 16, "the bound is one 16 x 16-bit multiply");
const _: () = assert!(RANGE_BITS == P_BITS + 16 && RANGE_MIN_BITS + BYTE == RANGE_BITS);
const _: () = assert!(N_BITS < 16 && (1 << N_BITS) > COUNT_MAX as usize);
const _: () = assert!(SUFFIX_NODES == 1 << SUFFIX_CONTEXT_BITS);
const _: () = assert!((1 << STEP_BITS) >= SAMPLE_BITS && (1 << STEP_BITS) > ESCAPE_BUCKET);
const _: () = assert!(CONTEXT_COUNT <= 1 << INDEX_BITS);
// Bucket of the largest magnitude (512) is ESCAPE_BUCKET - 1, so u + 1 fits RESIDUAL_BITS.
const _: () = assert!(ESCAPE_BUCKET == RESIDUAL_BITS);
