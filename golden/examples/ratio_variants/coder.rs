//! The ratio profile's coder with its choices as parameters, for the rows of
//! docs/VARIANTS.md: binarisation, context-coded suffix bits, activity
//! levels, sign context, adaptation, and counters shared by a stream or one
//! set per channel. It codes real bins with golden's range coder
//! (`golden::ratio::arith`), so a row's figure is real payload bytes; with
//! `PROFILE` it writes exactly golden's ratio payload (the example asserts it
//! on every recording, `golden/tests/ratio_variant_coder.rs` on synthetic
//! streams). Encoder and decoder share one walk over the bins, as in
//! `golden::ratio::binarize`.
#![allow(dead_code)]

use crate::trace::Step;
use golden::grid::{CODE_BITS, SAMPLE_BITS};
use golden::ratio::arith::{BinCoder, Context, Decoder, Encoder};
use golden::ratio::binarize::{bucket_of, Coded, ESCAPE_BUCKET, MAX_MAGNITUDE};
use golden::Error;

/// How a residual's magnitude `u = |e|` becomes bins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binarisation {
    /// The profile's: the bucket `floor_log2(u + 1)` in unary (bucket 10 =
    /// off the grid), then the bucket's `b` bits of `u + 1 - 2^b`.
    Bucket,
    /// Rice with a context-coded quotient: `k = floor_log2(v) - 4` (about
    /// `log2` of the mean `|e|`) from the activity, the quotient `u >> k` in
    /// unary up to `QUOTIENT_CAP` bins, then an escape flag (off the grid, or
    /// `u` in 10 bypass bits); then the `k` low bits of `u`.
    Rice,
}

/// Unary quotient bins of `Binarisation::Rice` before its escape flag.
pub const QUOTIENT_CAP: usize = 16;
/// `Binarisation::Rice`'s `k` is `floor_log2(v) - RICE_K_OFFSET` (`v = 16 mean |e|`).
pub const RICE_K_OFFSET: u32 = 4;
/// Largest Rice `k` (`v < 2^13`, so `floor_log2(v) <= 12`).
const MAX_RICE_K: usize = 12 - RICE_K_OFFSET as usize;

/// How the activity `v` (eight times the channel's mean zigzag residual)
/// becomes a level: `2^frac_bits` levels per octave of `v` from octave
/// `first_octave` on, `count` of them (the last one takes everything above).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Levels {
    pub count: usize,
    pub frac_bits: u32,
    pub first_octave: u32,
}

impl Levels {
    /// The level of activity `v`: `clamp(2^f * lg + frac - 2^f * first_octave, 0, count - 1)`
    /// with `lg = floor_log2(v)` and `frac` the `f` bits below its leading one.
    pub fn of(self, v: u32) -> usize {
        let lg = if v == 0 { 0 } else { v.ilog2() };
        let frac = if lg >= self.frac_bits {
            (v >> (lg - self.frac_bits)) & ((1 << self.frac_bits) - 1)
        } else {
            0
        };
        let fine = (lg << self.frac_bits) + frac;
        let level = fine.saturating_sub(self.first_octave << self.frac_bits) as usize;
        level.min(self.count - 1)
    }
}

/// How the sign bin is coded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignContext {
    /// Probability one half (the profile).
    Bypass,
    /// One context.
    One,
    /// Three contexts, by the sign of the channel's previous residual.
    PreviousSign,
}

/// How a context's probability adapts: `prob_bits` of probability; after
/// `n` bins the shift is `clamp(1 + floor_log2(n + 1), rate_min, rate_max)`
/// (a count-based fast start; `rate_min = rate_max` is a fixed rate).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Adaptation {
    pub prob_bits: u32,
    pub rate_min: u32,
    pub rate_max: u32,
}

/// Whose counters a sample uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counters {
    /// One set for all channels of the stream (the profile).
    Shared,
    /// One set per channel.
    PerChannel,
}

/// Every choice of the coder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoderParams {
    pub binarisation: Binarisation,
    /// Suffix (or Rice remainder) bits, most significant first, that are
    /// context-coded by a tree; the rest are bypass.
    pub suffix_bits: u32,
    pub levels: Levels,
    /// Second activity levels: the bucket `floor_log2(|e| + 1)` of the
    /// channel's previous residual, up to `second_levels - 1` (1: none, the
    /// profile). The unary bins are contexted by both levels.
    pub second_levels: usize,
    pub sign: SignContext,
    pub adaptation: Adaptation,
    pub counters: Counters,
}

/// The ratio profile's coder (docs/FORMAT.md, section 14).
pub const PROFILE: CoderParams = CoderParams {
    binarisation: Binarisation::Bucket,
    suffix_bits: 3,
    levels: Levels {
        count: 16,
        frac_bits: 2,
        first_octave: 4,
    },
    second_levels: 1,
    sign: SignContext::Bypass,
    adaptation: Adaptation {
        prob_bits: 16,
        rate_min: 2,
        rate_max: 10,
    },
    counters: Counters::Shared,
};

/// One adaptive probability: `p` of a 0 in units of `2^-prob_bits`, and the bins coded.
#[derive(Clone, Copy, Debug)]
struct Prob {
    p: u16,
    n: u16,
}

impl Prob {
    fn new(a: Adaptation) -> Self {
        Prob {
            p: 1 << (a.prob_bits - 1),
            n: 0,
        }
    }

    fn update(&mut self, bin: u32, a: Adaptation) {
        let s = (1 + (self.n as u32 + 1).ilog2()).clamp(a.rate_min, a.rate_max);
        let p = self.p as u32;
        self.p = if bin == 0 {
            p + (((1 << a.prob_bits) - p) >> s)
        } else {
            p - (p >> s)
        } as u16;
        if (self.n as u32) < (1 << (a.rate_max - 1)) - 1 {
            self.n += 1;
        }
    }
}

/// One set of counters.
#[derive(Clone, Debug)]
struct Contexts {
    /// `levels.count * second_levels` rows of `unary_bins` (bucket or quotient bins, and Rice's escape flag).
    unary: Vec<Prob>,
    /// One tree of `nodes` per bucket (or per Rice `k`); node 0 unused.
    suffix: Vec<Prob>,
    sign: [Prob; 3],
    raw: Prob,
}

impl CoderParams {
    fn unary_bins(&self) -> usize {
        match self.binarisation {
            Binarisation::Bucket => ESCAPE_BUCKET,
            Binarisation::Rice => QUOTIENT_CAP + 1,
        }
    }

    fn suffix_trees(&self) -> usize {
        match self.binarisation {
            Binarisation::Bucket => ESCAPE_BUCKET,
            Binarisation::Rice => MAX_RICE_K + 1,
        }
    }

    fn unary_rows(&self) -> usize {
        self.levels.count * self.second_levels
    }

    /// The first of the unary bins of a sample in situation `at`.
    fn unary_row(&self, at: &Step) -> usize {
        let second = bucket_of(at.previous_magnitude as u32).min(self.second_levels - 1);
        (self.levels.of(at.v as u32) * self.second_levels + second) * self.unary_bins()
    }

    fn nodes(&self) -> usize {
        1 << self.suffix_bits
    }

    /// Counters in one set as addressed (as `binarize::CONTEXT_COUNT` counts them).
    pub fn context_count(&self) -> usize {
        let sign = match self.sign {
            SignContext::Bypass => 0,
            SignContext::One => 1,
            SignContext::PreviousSign => 3,
        };
        self.unary_rows() * self.unary_bins() + self.suffix_trees() * self.nodes() + sign + 1
    }

    fn contexts(&self) -> Contexts {
        let new = Prob::new(self.adaptation);
        Contexts {
            unary: vec![new; self.unary_rows() * self.unary_bins()],
            suffix: vec![new; self.suffix_trees() * self.nodes()],
            sign: [new; 3],
            raw: new,
        }
    }
}

/// A coded stream and its bins.
pub struct Coding {
    pub bytes: Vec<u8>,
    pub context_bins: u64,
    pub bypass_bins: u64,
}

/// Codes `trace` (interleaved over `n_channels`) with the coder `c`.
pub fn encode(c: &CoderParams, trace: &[Step], n_channels: usize) -> Coding {
    if trace.is_empty() {
        return Coding {
            bytes: Vec::new(),
            context_bins: 0,
            bypass_bins: 0,
        };
    }
    let mut bins = Bins::new(Encoder::new(trace.len() / 2), c.adaptation);
    let mut sets = counter_sets(c, n_channels);
    let n = sets.len();
    for (i, step) in trace.iter().enumerate() {
        code_sample(
            c,
            &mut bins,
            &mut sets[i % n_channels % n],
            step,
            step.coded(),
        )
        .expect("the encoder writes only valid bins");
    }
    Coding {
        context_bins: bins.context_bins,
        bypass_bins: bins.bypass_bins,
        bytes: bins.coder.finish(),
    }
}

/// Decodes `bytes` with the coder `c`, the situations taken from `trace`
/// (the decoder's model would rebuild them): the coded contents, if the
/// decoder reads exactly `bytes`.
pub fn decode(
    c: &CoderParams,
    bytes: &[u8],
    trace: &[Step],
    n_channels: usize,
) -> Result<Vec<Coded>, Error> {
    let mut bins = Bins::new(Decoder::new(bytes), c.adaptation);
    let mut sets = counter_sets(c, n_channels);
    let n = sets.len();
    let mut out = Vec::with_capacity(trace.len());
    for (i, step) in trace.iter().enumerate() {
        let any = Coded::Residual(0);
        out.push(code_sample(
            c,
            &mut bins,
            &mut sets[i % n_channels % n],
            step,
            any,
        )?);
    }
    match bins.coder.finish()? {
        read if read == bytes.len() => Ok(out),
        _ => Err(Error::Corrupt),
    }
}

fn counter_sets(c: &CoderParams, n_channels: usize) -> Vec<Contexts> {
    let n = match c.counters {
        Counters::Shared => 1,
        Counters::PerChannel => n_channels,
    };
    vec![c.contexts(); n]
}

/// A range coder end with the row's adaptation, counting its bins.
struct Bins<B> {
    coder: B,
    adaptation: Adaptation,
    context_bins: u64,
    bypass_bins: u64,
}

impl<B: BinCoder> Bins<B> {
    fn new(coder: B, adaptation: Adaptation) -> Self {
        Bins {
            coder,
            adaptation,
            context_bins: 0,
            bypass_bins: 0,
        }
    }

    /// A context-coded bin: golden's coder codes it with `ctx`'s probability
    /// in 16 bits; `ctx` then adapts by the row's rule.
    fn context(&mut self, ctx: &mut Prob, bin: u32) -> u32 {
        let p0 = (ctx.p as u32) << (16 - self.adaptation.prob_bits);
        let mut once = Context {
            p0: p0 as u16,
            count: 0,
        };
        let got = self.coder.context(&mut once, bin);
        ctx.update(got, self.adaptation);
        self.context_bins += 1;
        got
    }

    fn bypass(&mut self, bin: u32) -> u32 {
        self.bypass_bins += 1;
        self.coder.bypass(bin)
    }

    /// `len` bypass bins of `value`, most significant first.
    fn bypass_bits(&mut self, value: u32, len: u32) -> u32 {
        (0..len)
            .rev()
            .fold(0, |v, i| v << 1 | self.bypass(value >> i & 1))
    }

    /// Unary bins "`want` > j" over the contexts `probs[j]`, until a 0 or
    /// all of them: the value coded (`probs.len()` if all were 1).
    fn unary(&mut self, probs: &mut [Prob], want: usize) -> usize {
        let mut n = 0;
        while n < probs.len() && self.context(&mut probs[n], (want > n) as u32) == 1 {
            n += 1;
        }
        n
    }

    /// `len` bits of `value`, most significant first, the first ones
    /// context-coded by the binary tree `tree` (node 1 its root), the rest bypass.
    fn tree_bits(&mut self, tree: &mut [Prob], value: u32, len: u32) -> u32 {
        let mut node = 1;
        (0..len).rev().fold(0, |v, i| {
            let bin = value >> i & 1;
            // Past the tree's leaves `node` only grows: the rest are bypass.
            let got = match tree.get_mut(node) {
                Some(prob) => self.context(prob, bin),
                None => self.bypass(bin),
            };
            node = 2 * node + got as usize;
            v << 1 | got
        })
    }
}

/// The bins of one sample (`golden::ratio::binarize::code_sample` with the
/// row's choices): the encoder passes the sample's content, the decoder
/// anything, and the content comes back.
fn code_sample<B: BinCoder>(
    c: &CoderParams,
    bins: &mut Bins<B>,
    ctx: &mut Contexts,
    at: &Step,
    coded: Coded,
) -> Result<Coded, Error> {
    let (off_grid, sample, e) = match coded {
        Coded::Verbatim(v) => (1, v as u16 as u32, 0),
        Coded::Residual(e) => (0, 0, e),
    };
    let verbatim = |bins: &mut Bins<B>| {
        Ok(Coded::Verbatim(
            bins.bypass_bits(sample, SAMPLE_BITS) as u16 as i16,
        ))
    };
    if at.raw_mode && bins.context(&mut ctx.raw, off_grid) == 1 {
        return verbatim(bins);
    }
    let Some(u) = magnitude(c, bins, ctx, at, off_grid, e.unsigned_abs()) else {
        return verbatim(bins);
    };
    if u > MAX_MAGNITUDE {
        return Err(Error::Corrupt);
    }
    let negative = if u == 0 {
        false
    } else if u == MAX_MAGNITUDE {
        true
    } else {
        let bin = (e < 0) as u32;
        let got = match c.sign {
            SignContext::Bypass => bins.bypass(bin),
            SignContext::One => bins.context(&mut ctx.sign[1], bin),
            SignContext::PreviousSign => {
                bins.context(&mut ctx.sign[(at.previous_sign + 1) as usize], bin)
            }
        };
        got == 1
    };
    Ok(Coded::Residual(if negative {
        -(u as i32)
    } else {
        u as i32
    }))
}

/// The bins of magnitude `u` under `c.binarisation`; `None` for the off-grid escape.
fn magnitude<B: BinCoder>(
    c: &CoderParams,
    bins: &mut Bins<B>,
    ctx: &mut Contexts,
    at: &Step,
    off_grid: u32,
    u: u32,
) -> Option<u32> {
    let row = c.unary_row(at);
    let unary = &mut ctx.unary[row..row + c.unary_bins()];
    let nodes = c.nodes();
    match c.binarisation {
        Binarisation::Bucket => {
            let want = if off_grid == 1 {
                ESCAPE_BUCKET
            } else {
                bucket_of(u)
            };
            let b = bins.unary(unary, want);
            if b == ESCAPE_BUCKET {
                return None;
            }
            let tree = &mut ctx.suffix[b * nodes..(b + 1) * nodes];
            let suffix = bins.tree_bits(tree, (u + 1).wrapping_sub(1 << b), b as u32);
            Some((1 << b) - 1 + suffix)
        }
        Binarisation::Rice => {
            let v = at.v as u32;
            let k = if v == 0 { 0 } else { v.ilog2() }
                .saturating_sub(RICE_K_OFFSET)
                .min(MAX_RICE_K as u32) as usize;
            let want = if off_grid == 1 {
                QUOTIENT_CAP
            } else {
                (u as usize >> k).min(QUOTIENT_CAP)
            };
            let q = bins.unary(&mut unary[..QUOTIENT_CAP], want);
            if q == QUOTIENT_CAP {
                // The escape: off the grid, or a magnitude of `QUOTIENT_CAP << k` or more.
                if bins.context(&mut unary[QUOTIENT_CAP], off_grid) == 1 {
                    return None;
                }
                return Some(bins.bypass_bits(u, CODE_BITS));
            }
            let tree = &mut ctx.suffix[k * nodes..(k + 1) * nodes];
            let low = bins.tree_bits(tree, u & ((1 << k) - 1), k as u32);
            Some((q as u32) << k | low)
        }
    }
}
