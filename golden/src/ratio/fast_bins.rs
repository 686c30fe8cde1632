//! The bins of one sample (`binarize::code_sample`) for the fast coder
//! (feature `fast`), one function per direction: the encoder knows the
//! bucket, so it codes the unary bins, the suffix's context-coded and
//! bypass bits and the sign without asking the coder what it coded. Both
//! directions branch once per bucket and then run code written for that
//! bucket (a const parameter), where the suffix's loops have a length known
//! at compile time: the branch that settles the bucket is the only one the
//! bucket decides. Off-grid samples take a cold path of their own. Same
//! bins in the same order: the payload tests run both coders on every
//! recording.
//!
//! Measured on 2026-12-01 (session 12, 2-core Intel Xeon, the bench's 20
//! recordings, best of 6 alternated with the loops this replaced): decode
//! 28.6 against 25.6 M samples/s, encode 30.3 against 27.9. Left out: the
//! encoder's bucket as a `match` (a jump table): 0.94 times as fast as the
//! loops; the sign without `code_sign`'s tests where the bucket settles
//! them (either direction): no change; the decoder's samples gathered in a
//! local buffer and appended to the output 64 at a time: no change.
//! Session 13 (same machine): buckets 5 to 9 through one path with the
//! bucket as a variable (the encoder's code 40 % smaller): 0.98 times as
//! fast, and out of line 0.88 (it takes the coder's address); a path for
//! activity levels whose unary contexts have all saturated, without the
//! count test (10 fewer instructions a sample): 0.94 times, more code.
//!
//! Session 16 (same machine; the coder's loop alone over the bench's
//! residuals, precomputed): 22 to 29 ns a sample, against 13 to 17 ns when
//! every residual is made one of bucket 2 (same levels and about as many
//! bins): the branch on the bucket, missed about 0.7 times a sample, is up
//! to two fifths of the coder's time. Left out all the same: buckets 0 to 3
//! (97 % of the residuals) coded without that branch, as four unary and
//! three suffix bins each coded or not by conditional moves (a bin not
//! coded leaves the interval and its context as they were): 41 to 45 ns a
//! sample, the chain from one bin's range to the next now seven bins long
//! for every sample.

use super::arith::BinCoder;
use super::binarize::{
    activity_level, code_sign, Coded, Contexts, Situation, ACTIVITY_CONTEXTS, ESCAPE_BUCKET,
    MAX_MAGNITUDE, SUFFIX_CONTEXT_BITS, SUFFIX_NODES,
};
use super::fast::FastDecoder;
use crate::grid::SAMPLE_BITS;
use crate::profile::RATIO;
use crate::Error;

// The lists of buckets in `encode_bins` and `decode_bins` name every grid bucket.
const _: () = assert!(ESCAPE_BUCKET == 10);

/// What `activity_level` reads of the activity: `activity >> LEVEL_SHIFT`.
const LEVEL_SHIFT: u32 = RATIO.model.context_shift();
/// Values of `activity >> LEVEL_SHIFT` (the activity has `activity_bits`).
const LEVEL_INDICES: usize = 1 << (RATIO.model.activity_bits() - LEVEL_SHIFT);

/// `activity_level` of `RATIO` for every `activity >> LEVEL_SHIFT`.
static LEVELS: [u8; LEVEL_INDICES] = {
    let mut t = [0; LEVEL_INDICES];
    let mut i = 0;
    while i < LEVEL_INDICES {
        t[i] = activity_level((i as u32) << LEVEL_SHIFT, RATIO.model.activity_shift) as u8;
        i += 1;
    }
    t
};

/// `activity_level(activity, RATIO.model.activity_shift)`, from `LEVELS`:
/// one load instead of a logarithm and two clamps a sample.
#[inline(always)]
pub(super) fn level(activity: u32) -> usize {
    debug_assert!(activity < 1 << RATIO.model.activity_bits());
    // The activity stays below `2^activity_bits`: the mask changes nothing
    // and spares a bounds check.
    LEVELS[(activity >> LEVEL_SHIFT) as usize & (LEVEL_INDICES - 1)] as usize
}

/// The bins of a sample for the encoder: `code_sample` with `coded`.
#[inline(always)]
pub(super) fn encode_bins<B: BinCoder>(
    coder: &mut B,
    ctx: &mut Contexts,
    at: Situation,
    coded: Coded,
) {
    match coded {
        Coded::Residual(e) => encode_residual(coder, ctx, at, e.unsigned_abs(), e < 0),
        Coded::Verbatim(v) => encode_verbatim(coder, ctx, at, v),
    }
}

/// The bins of a residual of magnitude `u` (at most `MAX_MAGNITUDE`),
/// negative or not. The bucket is found by a test per bucket, smallest
/// first (as the decoder finds it), each going on to `encode_bucket` for
/// its bucket.
#[inline(always)]
pub(super) fn encode_residual<B: BinCoder>(
    coder: &mut B,
    ctx: &mut Contexts,
    at: Situation,
    u: u32,
    negative: bool,
) {
    if at.raw_mode {
        core::hint::cold_path();
        coder.context(&mut ctx.raw, 0);
    }
    // Bucket `b` holds `u < 2^(b + 1) - 1` (`bucket_of`, tested against
    // thresholds: `bucket_of(u) == b` made the compiler build a jump table,
    // 0.84 times as fast); a grid residual has `u <= MAX_MAGNITUDE`, so it
    // is below `ESCAPE_BUCKET`.
    macro_rules! buckets {
        ($($bucket:literal)*) => {
            $(
                if u < (2 << $bucket) - 1 {
                    return encode_bucket::<$bucket, B>(coder, ctx, at, u, negative);
                }
            )*
        };
    }
    buckets!(0 1 2 3 4 5 6 7 8);
    encode_bucket::<9, B>(coder, ctx, at, u, negative)
}

/// The bins of a residual of magnitude `u` in bucket `BUCKET`: the unary
/// code, the suffix (context-coded top bits, then bypass) and the sign.
#[inline(always)]
fn encode_bucket<const BUCKET: usize, B: BinCoder>(
    coder: &mut B,
    ctx: &mut Contexts,
    at: Situation,
    u: u32,
    negative: bool,
) {
    const { assert!(BUCKET < ESCAPE_BUCKET) };
    // `level < ACTIVITY_CONTEXTS`, a power of two: the mask changes nothing
    // and spares a bounds check.
    let bins = &mut ctx.bucket[at.level & (ACTIVITY_CONTEXTS - 1)];
    for bin in &mut bins[..BUCKET] {
        coder.context(bin, 1);
    }
    coder.context(&mut bins[BUCKET], 0);
    // `u + 1 = 2^BUCKET + suffix`: its bits above bit `i` are the suffix
    // tree's node before suffix bit `i` (the leading 1 is the root), so each
    // context-coded bin finds its node without the bins before it.
    let top = u + 1;
    let tree = &mut ctx.suffix[BUCKET];
    let bypass = bypass_bits(BUCKET);
    for i in (bypass..BUCKET as u32).rev() {
        let node = (top >> (i + 1)) as usize;
        // `node < SUFFIX_NODES` (1 and at most 2 bits): the mask changes
        // nothing and spares a bounds check.
        coder.context(&mut tree[node & (SUFFIX_NODES - 1)], top >> i & 1);
    }
    for i in (0..bypass).rev() {
        coder.bypass(top >> i & 1);
    }
    // (`code_sign` reads only the residual's sign.)
    code_sign(coder, u, if negative { -1 } else { 1 });
}

/// Bypass bits of bucket `b`'s suffix: the bits below its context-coded top ones.
const fn bypass_bits(b: usize) -> u32 {
    b.saturating_sub(SUFFIX_CONTEXT_BITS as usize) as u32
}

/// An off-grid sample: the raw flag or the escape bucket, then 16 bypass
/// bits. (Inlined: out of line it would take the coder's address, see
/// `fast::ripple`.)
#[inline(always)]
fn encode_verbatim<B: BinCoder>(coder: &mut B, ctx: &mut Contexts, at: Situation, v: i16) {
    core::hint::cold_path();
    if at.raw_mode {
        coder.context(&mut ctx.raw, 1);
    } else {
        for bin in &mut ctx.bucket[at.level] {
            coder.context(bin, 1);
        }
    }
    coder.bypass_bits(v as u16 as u32, SAMPLE_BITS);
}

/// The bins of a sample for the decoder: `code_sample`'s result.
///
/// Each unary bin is its own branch, and its exit goes on to straight-line
/// code for that bucket (`decode_bucket`): the branch that ends the unary
/// code is the only one the bucket decides (a loop would decide the suffix
/// loop's length again, and miss it again).
#[inline(always)]
pub(super) fn decode_bins(
    coder: &mut FastDecoder,
    ctx: &mut Contexts,
    at: Situation,
) -> Result<Coded, Error> {
    if at.raw_mode {
        core::hint::cold_path();
        if coder.context(&mut ctx.raw, 0) == 1 {
            return Ok(decode_verbatim(coder));
        }
    }
    macro_rules! unary {
        ($($bucket:literal)*) => {
            $(
                if !coder.branch_on_context(&mut ctx.bucket[at.level][$bucket]) {
                    return decode_bucket::<$bucket>(coder, ctx);
                }
            )*
        };
    }
    unary!(0 1 2 3 4 5 6 7 8 9);
    Ok(decode_verbatim(coder))
}

/// The suffix and sign of a sample of bucket `BUCKET`, after its unary code.
#[inline(always)]
fn decode_bucket<const BUCKET: usize>(
    coder: &mut FastDecoder,
    ctx: &mut Contexts,
) -> Result<Coded, Error> {
    let tree = &mut ctx.suffix[BUCKET];
    let bypass = bypass_bits(BUCKET);
    let mut node = 1;
    for _ in bypass..BUCKET as u32 {
        let bin = coder.context(&mut tree[node & (SUFFIX_NODES - 1)], 0);
        node = 2 * node + bin as usize;
    }
    // `node` is 1 followed by the context-coded bits.
    let mut value = (node - (1 << (BUCKET as u32 - bypass))) as u32;
    for _ in 0..bypass {
        value = value << 1 | coder.bypass(0);
    }
    let u = (1u32 << BUCKET) - 1 + value;
    if u > MAX_MAGNITUDE {
        return Err(Error::Corrupt);
    }
    Ok(Coded::Residual(code_sign(coder, u, 0)))
}

/// 16 bypass bits: the sample sent verbatim. (Inlined: out of line it
/// would take the coder's address, see `fast::ripple`.)
#[inline(always)]
fn decode_verbatim(coder: &mut FastDecoder) -> Coded {
    core::hint::cold_path();
    Coded::Verbatim(coder.bypass_bits(0, SAMPLE_BITS) as u16 as i16)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table gives `activity_level` of every activity a channel can hold.
    #[test]
    fn tabulated_levels_are_activity_levels() {
        for activity in 0..1 << RATIO.model.activity_bits() {
            assert_eq!(
                level(activity),
                activity_level(activity, RATIO.model.activity_shift),
                "activity {activity}"
            );
        }
    }
}
