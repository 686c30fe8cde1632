//! The bins of one sample in the ratio profile, and their contexts.
//!
//! A grid sample is coded as its residual `e` (`-512..512`): the magnitude
//! `u = |e|` by its bucket `b = floor_log2(u + 1)` (unary, context-coded by
//! activity), then the `b` bits of `u + 1 - 2^b` (the top `SUFFIX_CONTEXT_BITS`
//! context-coded by bucket and the bits above them, the rest bypass), then
//! the sign (a bypass bin). Bucket
//! `ESCAPE_BUCKET` is the off-grid escape. `code_sample` walks these bins for
//! the encoder and the decoder alike (see `BinCoder`).

use super::arith::{BinCoder, Context};
use crate::grid::{CODE_BITS, SAMPLE_BITS};
use crate::Error;

/// Largest residual magnitude: `|e| <= 512`.
pub const MAX_MAGNITUDE: u32 = 1 << (CODE_BITS - 1);
/// The bucket that stands for an off-grid sample; the grid buckets are below it
/// (`floor_log2(MAX_MAGNITUDE + 1) = 9`).
pub const ESCAPE_BUCKET: usize = CODE_BITS as usize;
/// Context-coded bins of the bucket's unary code: "bucket > j" for `j < ESCAPE_BUCKET`.
pub const BUCKET_BINS: usize = ESCAPE_BUCKET;
/// Activity levels the bucket bins are contexted by.
pub const ACTIVITY_CONTEXTS: usize = 16;
/// The activity level is `4 * floor_log2(v) + (two bits below v's leading one) - ACTIVITY_OFFSET`,
/// clamped to `0..ACTIVITY_CONTEXTS`, with `v = 8 * mean |zigzag residual|`.
pub const ACTIVITY_OFFSET: u32 = 16;
/// Suffix bits (the most significant ones) that are context-coded.
pub const SUFFIX_CONTEXT_BITS: u32 = 3;
/// Contexts of a bucket's suffix: a binary tree over its top bits, nodes `1..2^SUFFIX_CONTEXT_BITS`.
pub const SUFFIX_NODES: usize = 1 << SUFFIX_CONTEXT_BITS;

/// Every context of a stream; all channels of the stream share them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contexts {
    /// `bucket[level][j]`: the bin "bucket > j" at activity level `level`.
    pub bucket: [[Context; BUCKET_BINS]; ACTIVITY_CONTEXTS],
    /// `suffix[b][node]`: a suffix bit of bucket `b` below the bits that led to `node`.
    pub suffix: [[Context; SUFFIX_NODES]; ESCAPE_BUCKET],
    /// The flag after an off-grid sample: 1 = this one is off the grid too.
    pub raw: Context,
}

/// Contexts a stream holds as addressed (the probability memory of the
/// hardware; suffix node 0, bucket 0's suffix and the nodes below short
/// buckets are never used).
pub const CONTEXT_COUNT: usize = RAW_INDEX + 1;

// Where each context sits in a flat context memory of CONTEXT_COUNT entries
// (the hardware's, rtl/src/arith): `bucket` row by row, then `suffix` bucket
// by bucket, then `raw`. The one statement of that layout.

/// Index of `bucket[level][0]`; `bucket[level][j]` follows at `+ j`.
pub const fn bucket_index(level: usize) -> usize {
    level * BUCKET_BINS
}
/// Index of `suffix[0][0]`; `suffix[b][node]` is at `+ b * SUFFIX_NODES + node`.
pub const SUFFIX_BASE: usize = ACTIVITY_CONTEXTS * BUCKET_BINS;
/// Index of `raw`.
pub const RAW_INDEX: usize = SUFFIX_BASE + ESCAPE_BUCKET * SUFFIX_NODES;

impl Contexts {
    pub const fn new() -> Self {
        Contexts {
            bucket: [[Context::NEW; BUCKET_BINS]; ACTIVITY_CONTEXTS],
            suffix: [[Context::NEW; SUFFIX_NODES]; ESCAPE_BUCKET],
            raw: Context::NEW,
        }
    }
}

impl Contexts {
    /// The context at flat index `index` (the layout above); `None` past the end.
    pub fn at(&self, index: usize) -> Option<Context> {
        if index < SUFFIX_BASE {
            Some(self.bucket[index / BUCKET_BINS][index % BUCKET_BINS])
        } else if index < RAW_INDEX {
            let i = index - SUFFIX_BASE;
            Some(self.suffix[i / SUFFIX_NODES][i % SUFFIX_NODES])
        } else if index == RAW_INDEX {
            Some(self.raw)
        } else {
            None
        }
    }
}

impl Default for Contexts {
    fn default() -> Self {
        Self::new()
    }
}

/// The activity level of activity accumulator `a` (`activity_shift` 5).
#[inline(always)]
pub const fn activity_level(a: u32, activity_shift: u32) -> usize {
    let v = a >> crate::profile::context_shift(activity_shift);
    let lg = if v == 0 { 0 } else { 31 - v.leading_zeros() };
    let frac = if lg >= 2 { (v >> (lg - 2)) & 3 } else { 0 };
    let fine = 4 * lg + frac;
    let level = fine.saturating_sub(ACTIVITY_OFFSET);
    if level >= ACTIVITY_CONTEXTS as u32 {
        ACTIVITY_CONTEXTS - 1
    } else {
        level as usize
    }
}

/// The bucket of magnitude `u`: `floor_log2(u + 1)`.
#[inline(always)]
pub const fn bucket_of(u: u32) -> usize {
    (31 - (u + 1).leading_zeros()) as usize
}

/// What the model knows of a channel before its next sample.
#[derive(Clone, Copy, Debug)]
pub struct Situation {
    /// `activity_level` of the channel's activity.
    pub level: usize,
    /// The previous sample was off the grid: the raw flag comes first.
    pub raw_mode: bool,
}

/// What a sample's bins carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coded {
    /// A grid sample, as its residual `e` in `-512..512`.
    Residual(i32),
    /// A sample sent verbatim as 16 bypass bits.
    Verbatim(i16),
}

/// The bins of one sample. The encoder passes the sample as `coded`
/// (`Verbatim` exactly for off-grid samples); the decoder passes anything
/// (its bins come from the stream) and gets the sample back. Fails only on
/// bins no encoder writes (a magnitude above 512).
#[inline(always)]
pub fn code_sample<B: BinCoder>(
    coder: &mut B,
    ctx: &mut Contexts,
    at: Situation,
    coded: Coded,
) -> Result<Coded, Error> {
    let (off_grid, sample, e) = match coded {
        Coded::Verbatim(v) => (1, v as u16 as u32, 0),
        Coded::Residual(e) => (0, 0, e),
    };
    let verbatim =
        |coder: &mut B| Coded::Verbatim(coder.bypass_bits(sample, SAMPLE_BITS) as u16 as i16);
    if at.raw_mode && coder.context(&mut ctx.raw, off_grid) == 1 {
        return Ok(verbatim(coder));
    }
    let u = e.unsigned_abs();
    let want = if off_grid == 1 {
        ESCAPE_BUCKET
    } else {
        bucket_of(u)
    };
    // Unary bucket: "bucket > j" until a 0 (or the escape).
    let bins = &mut ctx.bucket[at.level];
    let mut b = 0;
    while b < ESCAPE_BUCKET && coder.context(&mut bins[b], (want > b) as u32) == 1 {
        b += 1;
    }
    if b == ESCAPE_BUCKET {
        return Ok(verbatim(coder));
    }
    // Suffix: the b bits of u + 1 - 2^b, a tree of contexts over the top ones.
    let suffix = (u + 1).wrapping_sub(1 << b);
    let tree = &mut ctx.suffix[b];
    let mut node = 1;
    let mut value = 0;
    for i in (0..b as u32).rev() {
        let bin = suffix >> i & 1;
        let bin = if node < SUFFIX_NODES {
            let got = coder.context(&mut tree[node], bin);
            node = 2 * node + got as usize;
            got
        } else {
            coder.bypass(bin)
        };
        value = value << 1 | bin;
    }
    let u = (1u32 << b) - 1 + value;
    if u > MAX_MAGNITUDE {
        return Err(Error::Corrupt);
    }
    Ok(Coded::Residual(code_sign(coder, u, e)))
}

/// The sign bin of magnitude `u`, when there is a choice: 0 has none, and
/// 512 is only -512. A bypass bin: contexts (by the previous residual's
/// sign, or one for all) gained nothing on the recordings
/// (docs/VARIANTS.md) and cost a multiply and an update a sample. The
/// encoder passes the residual `e`; the residual comes back.
#[inline(always)]
pub(crate) fn code_sign<B: BinCoder>(coder: &mut B, u: u32, e: i32) -> i32 {
    let negative = if u == 0 {
        false
    } else if u == MAX_MAGNITUDE {
        true
    } else {
        coder.bypass((e < 0) as u32) == 1
    };
    // `negative ? -u : u` without a branch: the sign is a coin toss that a
    // branch predictor misses about half the time.
    let flip = -(negative as i32);
    (u as i32 ^ flip) - flip
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_cover_every_magnitude_below_the_escape() {
        assert_eq!(bucket_of(0), 0);
        assert_eq!(bucket_of(1), 1);
        assert_eq!(bucket_of(2), 1);
        assert_eq!(bucket_of(3), 2);
        assert_eq!(bucket_of(MAX_MAGNITUDE), ESCAPE_BUCKET - 1);
    }

    /// The flat layout numbers every context once, in `0..CONTEXT_COUNT`.
    #[test]
    fn the_flat_layout_is_one_to_one() {
        let mut c = Contexts::new();
        let mut n = 0u16;
        let mut tag = |ctx: &mut Context| {
            n += 1;
            ctx.count = n;
        };
        c.bucket.iter_mut().flatten().for_each(&mut tag);
        c.suffix.iter_mut().flatten().for_each(&mut tag);
        tag(&mut c.raw);
        let counts: alloc::vec::Vec<u16> =
            (0..CONTEXT_COUNT).map(|i| c.at(i).unwrap().count).collect();
        assert!(counts.iter().enumerate().all(|(i, &k)| k as usize == i + 1));
        assert_eq!(c.at(CONTEXT_COUNT), None);
        assert_eq!(c.at(bucket_index(3) + 2), Some(c.bucket[3][2]));
        assert_eq!(
            c.at(SUFFIX_BASE + 4 * SUFFIX_NODES + 5),
            Some(c.suffix[4][5])
        );
    }

    #[test]
    fn activity_levels_rise_with_activity_and_stay_in_range() {
        let mut last = 0;
        for a in 0..=1023u32 << 5 {
            let l = activity_level(a, 5);
            assert!(l < ACTIVITY_CONTEXTS && l >= last);
            last = l;
        }
        assert_eq!(activity_level(0, 5), 0);
        assert_eq!(last, ACTIVITY_CONTEXTS - 1);
    }
}
