//! The bins of one sample (`binarize::code_sample`) for the fast coder
//! (feature `fast`), one function per direction: the encoder knows the
//! bucket, so it codes the unary bins, the suffix's context-coded and
//! bypass bits and the sign without asking the coder what it coded, and
//! both directions walk the suffix as two loops of known length instead of
//! one with a test per bit. Off-grid samples take a cold path. Same bins in
//! the same order: the payload tests run both coders on every recording.

use super::arith::BinCoder;
use super::binarize::{
    bucket_of, code_sign, Coded, Contexts, Situation, ESCAPE_BUCKET, MAX_MAGNITUDE,
    SUFFIX_CONTEXT_BITS, SUFFIX_NODES,
};
use crate::grid::SAMPLE_BITS;
use crate::Error;

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
    let suffix = (u + 1).wrapping_sub(1 << b);
    let tree = &mut ctx.suffix[b];
    let bypass = b.saturating_sub(SUFFIX_CONTEXT_BITS as usize) as u32;
    let mut node = 1;
    for i in (bypass..b as u32).rev() {
        let bin = suffix >> i & 1;
        // `node < SUFFIX_NODES` (1 and at most 2 bits): the mask changes
        // nothing and spares a bounds check.
        coder.context(&mut tree[node & (SUFFIX_NODES - 1)], bin);
        node = 2 * node + bin as usize;
    }
    for i in (0..bypass).rev() {
        coder.bypass(suffix >> i & 1);
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
