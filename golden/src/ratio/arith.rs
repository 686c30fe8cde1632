//! The adaptive binary arithmetic coder of the ratio profile: a 32-bit range
//! coder over bins, each bin either context-coded (with an adaptive 16-bit
//! probability) or bypass (probability one half). Integer only: one
//! 16 x 16-bit multiply per context-coded bin, shifts, adds, compares; no
//! division. Specified in docs/FORMAT.md, chapter "The ratio profile".

use crate::Error;
use alloc::vec::Vec;
use core::hint::select_unpredictable;

/// Bits of a probability: `p0` is the probability of a 0 in units of `2^-16`.
pub const PROB_BITS: u32 = 16;
/// A context's starting probability of a 0: one half.
pub const PROB_INIT: u16 = 1 << (PROB_BITS - 1);
/// Adaptation shift of a context's first update (its fastest rate, 1/4).
pub const RATE_MIN: u32 = 2;
/// Adaptation shift once a context has seen enough bins (its slow rate, 1/1024).
pub const RATE_MAX: u32 = 10;
/// A context's bin count saturates here: `1 + floor_log2(COUNT_MAX + 1) = RATE_MAX`.
pub const COUNT_MAX: u16 = (1 << (RATE_MAX - 1)) - 1;
/// Bits of a context's bin count.
pub const COUNT_BITS: u32 = RATE_MAX - 1;
/// The range is renormalised (shifted up a byte) whenever it falls below this.
pub const RANGE_MIN: u32 = 1 << 24;
/// Bytes of the code value the decoder loads at the start (and the encoder flushes at the end).
pub const FLUSH_BYTES: usize = 4;

/// One context: an adaptive probability and how many bins it has coded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Context {
    /// Probability of a 0, in `1..=65535` units of `2^-16` (never 0 or 1).
    pub p0: u16,
    /// Bins coded so far, saturating at `COUNT_MAX` (`COUNT_BITS` bits).
    pub count: u16,
}

impl Context {
    /// A context that has seen nothing: probability one half.
    pub const NEW: Context = Context {
        p0: PROB_INIT,
        count: 0,
    };

    /// The adaptation shift: `clamp(1 + floor_log2(count + 1), RATE_MIN, RATE_MAX)`.
    /// Fast while the context is young (a count-based start), then 1/1024.
    #[inline(always)]
    pub const fn shift(self) -> u32 {
        let s = 32 - (self.count as u32 + 1).leading_zeros();
        if s < RATE_MIN {
            RATE_MIN
        } else if s > RATE_MAX {
            RATE_MAX
        } else {
            s
        }
    }

    /// Moves the probability toward the bin just coded. `p0` stays in
    /// `1..=65535`: a step is at most half the distance to 0 or to `2^16`.
    #[inline(always)]
    pub fn update(&mut self, bin: u32) {
        self.p0 = stepped_p0(self.p0, self.shift(), bin);
        if self.count < COUNT_MAX {
            self.count += 1;
        }
    }

    /// Where the interval `range` splits: the part below is the 0's.
    #[inline(always)]
    pub(crate) const fn bound(self, range: u32) -> u32 {
        (range >> PROB_BITS) * self.p0 as u32
    }
}

/// Probability `p0` moved toward the bin just coded by `2^-s` of the way:
/// the step of `Context::update` at shift `s`.
///
/// Measured and left out: one arithmetic shift of `target - p0` for both
/// directions (target `2^16` or `2^s - 1`): in the decoder's loop the
/// compiler chose the target by a branch on the bin, and neither coder was
/// measurably faster; again on 2026-12-02 in `fast::adapt`'s saturated
/// path, the target chosen by a conditional move (2-core Intel Xeon): no
/// change either.
#[inline(always)]
pub(crate) fn stepped_p0(p0: u16, s: u32, bin: u32) -> u16 {
    let p = p0 as u32;
    let toward_0 = p + (((1 << PROB_BITS) - p) >> s);
    let toward_1 = p - (p >> s);
    select(bin, toward_1, toward_0) as u16
}

/// `if_1` if `bin` (0 or 1) is 1, else `if_0`: without a branch, since a
/// bin is as hard to predict as it is informative.
#[inline(always)]
pub(crate) fn select(bin: u32, if_1: u32, if_0: u32) -> u32 {
    let mask = bin.wrapping_neg();
    if_0 ^ ((if_1 ^ if_0) & mask)
}

/// The interval `(low, range)` after the context-coded bin `bin`: 0 keeps
/// the part below the bound, 1 the part above it.
#[inline(always)]
pub fn narrow(low: u64, range: u32, ctx: Context, bin: u32) -> (u64, u32) {
    let bound = ctx.bound(range);
    let one = bin != 0;
    (
        low + select_unpredictable(one, bound, 0) as u64,
        select_unpredictable(one, range - bound, bound),
    )
}

/// The decoder's `narrow`: the bin that `code` (the stream's value minus
/// `low`) lies in, and the `code` and `range` after it.
#[inline(always)]
pub(crate) fn decide(code: u32, range: u32, ctx: Context) -> (u32, u32, u32) {
    let bound = ctx.bound(range);
    let bin = (code >= bound) as u32;
    (
        bin,
        code - select(bin, bound, 0),
        select(bin, range - bound, bound),
    )
}

/// How a decoder ends (`Decoder::finish`): the bytes consumed, which are
/// exactly those the encoder wrote. The encoder flushed the interval's
/// bottom, so `code` ends at 0; anything else (or a byte missing) is not a
/// stream this coder writes.
pub(crate) fn end_of_stream(overrun: bool, code: u32, pos: usize) -> Result<usize, Error> {
    if overrun {
        Err(Error::Truncated)
    } else if code != 0 {
        Err(Error::Corrupt)
    } else {
        Ok(pos)
    }
}

/// Both ends of the coder, as the binarisation sees them: it hands each bin
/// to `context` or `bypass` and gets back the bin that is coded. The encoder
/// codes the bin it is given and returns it; the decoder ignores it and
/// returns the bin it reads. So one function defines the bins of a sample
/// for both directions.
pub trait BinCoder {
    /// A context-coded bin (the context adapts).
    fn context(&mut self, ctx: &mut Context, bin: u32) -> u32;
    /// A bypass bin (probability one half).
    fn bypass(&mut self, bin: u32) -> u32;
    /// `len` bypass bins, most significant first (`len` <= 16).
    #[inline]
    fn bypass_bits(&mut self, value: u32, len: u32) -> u32 {
        bypass_bits_of(self, value, len)
    }
}

/// `BinCoder::bypass_bits`, for coders that must have it inlined (the fast
/// ones: out of line it would take the coder's address, `fast::ripple`).
#[inline(always)]
pub(crate) fn bypass_bits_of<B: BinCoder + ?Sized>(coder: &mut B, value: u32, len: u32) -> u32 {
    let mut v = 0;
    for i in (0..len).rev() {
        v = v << 1 | coder.bypass(value >> i & 1);
    }
    v
}

/// The encoder: `low` and `range` of the interval, and the bytes not yet
/// final because a carry may still reach them.
pub struct Encoder {
    /// Bottom of the interval: 32 bits, and a carry in bit 32.
    low: u64,
    range: u32,
    /// The last byte shifted out of `low` but not yet written (a carry may add one).
    cache: u8,
    /// Bytes 0xFF shifted out after `cache`, not yet written (a carry turns them to 0x00).
    pending_ff: usize,
    /// Whether `cache` holds a byte: the first shift has none to write
    /// before it (the byte above the initial interval is always 0).
    started: bool,
    out: Vec<u8>,
}

impl Encoder {
    pub fn new(capacity: usize) -> Self {
        Encoder {
            low: 0,
            range: u32::MAX,
            cache: 0,
            pending_ff: 0,
            started: false,
            out: Vec::with_capacity(capacity),
        }
    }

    /// Shifts the top byte of `low` out, resolving a carry into the bytes
    /// before it.
    #[inline]
    fn shift_low(&mut self) {
        let carry = (self.low >> 32) as u8;
        let top = (self.low >> 24) as u8;
        if self.low < 0xFF00_0000 || carry != 0 {
            // The byte and the 0xFFs before it are final now.
            if self.started {
                self.out.push(self.cache.wrapping_add(carry));
            }
            for _ in 0..self.pending_ff {
                self.out.push(0xFFu8.wrapping_add(carry));
            }
            self.pending_ff = 0;
            self.cache = top;
            self.started = true;
        } else {
            // 0xFF: a later carry would flip it and reach `cache`.
            self.pending_ff += 1;
        }
        self.low = (self.low & 0x00FF_FFFF) << 8;
    }

    #[inline(always)]
    fn normalize(&mut self) {
        while self.range < RANGE_MIN {
            self.range <<= 8;
            self.shift_low();
        }
    }

    /// Moves the bytes that are final so far to `out` (streaming).
    pub fn drain_into(&mut self, out: &mut Vec<u8>) {
        out.append(&mut self.out);
    }

    /// Writes the interval's bottom (4 bytes after what is pending) and returns the bytes.
    pub fn finish(mut self) -> Vec<u8> {
        for _ in 0..=FLUSH_BYTES {
            self.shift_low();
        }
        self.out
    }
}

impl BinCoder for Encoder {
    #[inline(always)]
    fn context(&mut self, ctx: &mut Context, bin: u32) -> u32 {
        (self.low, self.range) = narrow(self.low, self.range, *ctx, bin);
        ctx.update(bin);
        self.normalize();
        bin
    }

    #[inline(always)]
    fn bypass(&mut self, bin: u32) -> u32 {
        self.range >>= 1;
        if bin != 0 {
            self.low += self.range as u64;
        }
        self.normalize();
        bin
    }
}

/// The decoder: the same `range`, and `code`, the stream's value minus `low`.
pub struct Decoder<'a> {
    bytes: &'a [u8],
    pos: usize,
    range: u32,
    code: u32,
    /// Set once a byte past the end was needed: the stream is truncated.
    overrun: bool,
}

impl<'a> Decoder<'a> {
    /// Starts decoding `bytes`: loads the first `FLUSH_BYTES` of them.
    pub fn new(bytes: &'a [u8]) -> Self {
        let mut d = Decoder {
            bytes,
            pos: 0,
            range: u32::MAX,
            code: 0,
            overrun: false,
        };
        for _ in 0..FLUSH_BYTES {
            d.code = d.code << 8 | d.next_byte();
        }
        d
    }

    #[inline(always)]
    fn next_byte(&mut self) -> u32 {
        match self.bytes.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                b as u32
            }
            None => {
                self.overrun = true;
                0
            }
        }
    }

    #[inline(always)]
    fn normalize(&mut self) {
        while self.range < RANGE_MIN {
            self.range <<= 8;
            self.code = self.code << 8 | self.next_byte();
        }
    }

    /// Ends decoding: see `end_of_stream`.
    pub fn finish(self) -> Result<usize, Error> {
        end_of_stream(self.overrun, self.code, self.pos)
    }

    /// Whether a byte past the end has been needed (the caller may stop early).
    pub fn overrun(&self) -> bool {
        self.overrun
    }

    /// Bytes of its input consumed so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Stops decoding for now (streaming): where the decoder stands, and the
    /// bytes of `bytes` consumed. `resume` goes on over the bytes after them.
    pub fn suspend(self) -> (DecoderState, usize) {
        let state = DecoderState {
            range: self.range,
            code: self.code,
            overrun: self.overrun,
        };
        (state, self.pos)
    }

    /// Goes on decoding from `state` over `bytes`, the stream's bytes after
    /// those consumed before `suspend`.
    pub fn resume(bytes: &'a [u8], state: DecoderState) -> Self {
        Decoder {
            bytes,
            pos: 0,
            range: state.range,
            code: state.code,
            overrun: state.overrun,
        }
    }
}

/// A suspended `Decoder`: everything but its bytes and position.
#[derive(Clone, Copy, Debug)]
pub struct DecoderState {
    range: u32,
    code: u32,
    overrun: bool,
}

impl BinCoder for Decoder<'_> {
    #[inline(always)]
    fn context(&mut self, ctx: &mut Context, _bin: u32) -> u32 {
        let bin;
        (bin, self.code, self.range) = decide(self.code, self.range, *ctx);
        ctx.update(bin);
        self.normalize();
        bin
    }

    #[inline(always)]
    fn bypass(&mut self, _bin: u32) -> u32 {
        self.range >>= 1;
        let bin = if self.code < self.range {
            0
        } else {
            self.code -= self.range;
            1
        };
        self.normalize();
        bin
    }
}

/// The tests' random numbers (xorshift64).
#[cfg(test)]
pub(crate) fn xorshift(x: &mut u64) -> u64 {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    *x
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// Skewed, balanced and bypass bins over a few contexts come back, the
    /// decoder consumes exactly the encoder's bytes and ends at code 0.
    #[test]
    fn bins_roundtrip_and_the_stream_ends_exactly() {
        for (seed, n) in [(1u64, 0usize), (2, 1), (3, 10), (4, 50_000)] {
            let mut rng = seed;
            let bins: Vec<(usize, u32)> = (0..n)
                .map(|_| {
                    let r = xorshift(&mut rng);
                    let kind = (r % 4) as usize;
                    // Context 0 almost always 0, context 1 almost always 1, 2 fair, 3 bypass.
                    let bin = match kind {
                        0 => (r >> 20) % 100 == 0,
                        1 => (r >> 20) % 100 != 0,
                        _ => r >> 40 & 1 == 1,
                    } as u32;
                    (kind, bin)
                })
                .collect();
            let mut ctx = [Context::NEW; 3];
            let mut enc = Encoder::new(0);
            for &(kind, bin) in &bins {
                if kind == 3 {
                    enc.bypass(bin);
                } else {
                    enc.context(&mut ctx[kind], bin);
                }
            }
            let bytes = enc.finish();
            let mut ctx = [Context::NEW; 3];
            let mut dec = Decoder::new(&bytes);
            for &(kind, bin) in &bins {
                let got = if kind == 3 {
                    dec.bypass(0)
                } else {
                    dec.context(&mut ctx[kind], 0)
                };
                assert_eq!(got, bin);
            }
            assert_eq!(dec.finish(), Ok(bytes.len()), "seed {seed}");
        }
    }

    /// Long runs of one bin with a saturated context make the encoder's
    /// bottom sit on 0xFF bytes, so carries ripple through pending bytes.
    #[test]
    fn carries_through_runs_of_ff_resolve() {
        let mut rng = 7u64;
        let bins: Vec<u32> = (0..200_000)
            .map(|i| (i % 5000 == 0 || xorshift(&mut rng) % 3000 == 0) as u32)
            .collect();
        let mut enc = Encoder::new(0);
        let mut ctx = Context::NEW;
        for &b in &bins {
            enc.context(&mut ctx, b);
        }
        let bytes = enc.finish();
        assert!(bytes.windows(3).any(|w| w == [0xFF; 3]) || bytes.contains(&0x00));
        let mut dec = Decoder::new(&bytes);
        let mut ctx = Context::NEW;
        let got: Vec<u32> = bins.iter().map(|_| dec.context(&mut ctx, 0)).collect();
        assert_eq!(got, bins);
        assert_eq!(dec.finish(), Ok(bytes.len()));
    }

    #[test]
    fn probability_stays_inside_its_range_and_rates_slow_down() {
        let mut c = Context::NEW;
        assert_eq!(c.shift(), RATE_MIN);
        for _ in 0..5000 {
            c.update(0);
        }
        // At the slow rate a step vanishes within 2^RATE_MAX of either end.
        assert!(c.p0 as u32 > (1 << PROB_BITS) - (1 << RATE_MAX), "{}", c.p0);
        assert_eq!(c.shift(), RATE_MAX);
        for _ in 0..5000 {
            c.update(1);
        }
        assert!(c.p0 >= 1 && (c.p0 as u32) < 1 << RATE_MAX, "{}", c.p0);
        let mut young = Context::NEW;
        for _ in 0..20 {
            young.update(0);
        }
        assert!(
            young.p0 > 60_000,
            "a young context adapts fast: {}",
            young.p0
        );
        let shifts: Vec<u32> = (0..=COUNT_MAX)
            .map(|count| Context { p0: 1, count }.shift())
            .collect();
        assert!(shifts.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(shifts[COUNT_MAX as usize], RATE_MAX);
        assert_eq!(shifts[COUNT_MAX as usize - 1], RATE_MAX - 1);
    }

    /// `stepped_p0` is the step of docs/FORMAT.md 14.2, written there as two
    /// formulas, for every probability, rate and bin.
    #[test]
    fn the_probability_step_is_the_documented_one() {
        for s in RATE_MIN..=RATE_MAX {
            for p0 in 1..=u16::MAX {
                let p = p0 as u32;
                let toward_0 = p + (((1 << PROB_BITS) - p) >> s);
                let toward_1 = p - (p >> s);
                assert_eq!(stepped_p0(p0, s, 0) as u32, toward_0, "p0 {p0} s {s}");
                assert_eq!(stepped_p0(p0, s, 1) as u32, toward_1, "p0 {p0} s {s}");
            }
        }
    }

    #[test]
    fn a_cut_stream_is_truncated_and_a_changed_end_is_corrupt() {
        let mut enc = Encoder::new(0);
        let mut ctx = Context::NEW;
        for i in 0..1000u32 {
            enc.context(&mut ctx, (i % 7 == 0) as u32);
        }
        let bytes = enc.finish();
        let decode = |b: &[u8]| {
            let mut dec = Decoder::new(b);
            let mut ctx = Context::NEW;
            for _ in 0..1000 {
                dec.context(&mut ctx, 0);
            }
            dec.finish()
        };
        assert_eq!(decode(&bytes), Ok(bytes.len()));
        assert_eq!(decode(&bytes[..bytes.len() - 1]), Err(Error::Truncated));
        let mut changed = bytes.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert_eq!(decode(&changed), Err(Error::Corrupt));
        let longer = [bytes.clone(), vec![0]].concat();
        assert_eq!(decode(&longer), Ok(bytes.len()));
    }
}
