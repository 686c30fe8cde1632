//! The bins of one sample (`binarize::code_sample`) for the fast coder
//! (feature `fast`), one function per direction: the encoder knows the
//! bucket, so it codes the unary bins, the suffix's context-coded and
//! bypass bits and the sign without asking the coder what it coded, and
//! both directions walk the suffix as two loops of known length instead of
//! one with a test per bit. Off-grid samples take a cold path. Same bins in
//! the same order: the payload tests run both coders on every recording.

use super::arith::BinCoder;
use super::binarize::{
    activity_level, bucket_of, code_sign, Coded, Contexts, Situation, ESCAPE_BUCKET, MAX_MAGNITUDE,
    SUFFIX_CONTEXT_BITS, SUFFIX_NODES,
};
use crate::grid::SAMPLE_BITS;
use crate::profile::RATIO;
use crate::Error;

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
    let e = match coded {
        Coded::Residual(e) => e,
        Coded::Verbatim(v) => return encode_verbatim(coder, ctx, at, v),
    };
    if at.raw_mode {
        coder.context(&mut ctx.raw, 0);
    }
    let u = e.unsigned_abs();
    // A grid residual has `u <= MAX_MAGNITUDE`, so `b < ESCAPE_BUCKET`.
    let b = bucket_of(u).min(ESCAPE_BUCKET - 1);
    let bins = &mut ctx.bucket[at.level];
    for bin in &mut bins[..b] {
        coder.context(bin, 1);
    }
    coder.context(&mut bins[b], 0);
    // `u + 1 = 2^b + suffix`: its bits above bit `i` are the suffix tree's
    // node before suffix bit `i` (the leading 1 is the root), so each
    // context-coded bin finds its node without the bins before it.
    let top = u + 1;
    let tree = &mut ctx.suffix[b];
    let bypass = b.saturating_sub(SUFFIX_CONTEXT_BITS as usize) as u32;
    for i in (bypass..b as u32).rev() {
        let node = (top >> (i + 1)) as usize;
        // `node < SUFFIX_NODES` (1 and at most 2 bits): the mask changes
        // nothing and spares a bounds check.
        coder.context(&mut tree[node & (SUFFIX_NODES - 1)], top >> i & 1);
    }
    for i in (0..bypass).rev() {
        coder.bypass(top >> i & 1);
    }
    code_sign(coder, ctx, at, u, e);
}

/// An off-grid sample: the raw flag or the escape bucket, then 16 bypass bits.
#[cold]
fn encode_verbatim<B: BinCoder>(coder: &mut B, ctx: &mut Contexts, at: Situation, v: i16) {
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
#[inline(always)]
pub(super) fn decode_bins<B: BinCoder>(
    coder: &mut B,
    ctx: &mut Contexts,
    at: Situation,
) -> Result<Coded, Error> {
    if at.raw_mode && coder.context(&mut ctx.raw, 0) == 1 {
        return Ok(decode_verbatim(coder));
    }
    let bins = &mut ctx.bucket[at.level];
    let mut b = 0;
    while b < ESCAPE_BUCKET && coder.context(&mut bins[b], 0) == 1 {
        b += 1;
    }
    if b == ESCAPE_BUCKET {
        return Ok(decode_verbatim(coder));
    }
    let tree = &mut ctx.suffix[b];
    let bypass = b.saturating_sub(SUFFIX_CONTEXT_BITS as usize) as u32;
    let mut node = 1;
    for _ in bypass..b as u32 {
        let bin = coder.context(&mut tree[node & (SUFFIX_NODES - 1)], 0);
        node = 2 * node + bin as usize;
    }
    // `node` is 1 followed by the context-coded bits.
    let mut value = (node - (1 << (b as u32 - bypass))) as u32;
    for _ in 0..bypass {
        value = value << 1 | coder.bypass(0);
    }
    let u = (1u32 << b) - 1 + value;
    if u > MAX_MAGNITUDE {
        return Err(Error::Corrupt);
    }
    Ok(Coded::Residual(code_sign(coder, ctx, at, u, 0)))
}

/// 16 bypass bits: the sample sent verbatim.
#[cold]
fn decode_verbatim<B: BinCoder>(coder: &mut B) -> Coded {
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
