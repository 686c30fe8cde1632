//! The range coder of `arith` laid out for software speed (feature `fast`):
//! the same arithmetic, so the same bytes.
//!
//! - `FastEncoder` writes the bytes of `low` straight into its buffer and,
//!   on the rare carry, adds it to the bytes already written (instead of
//!   holding a cached byte and a run of 0xFF back); it is a short-lived
//!   local over room that `FastOutput` made for a block of samples;
//! - both choose a bin's part of the interval by a conditional move
//!   (`narrow`, `decide`);
//! - `FastDecoder` reads the next bytes as one big-endian word while four
//!   are left, and byte by byte near the end (where it notes an overrun as
//!   `Decoder` does);
//! - both take a context's adaptation shift from a table (`SHIFTS`).
//!
//! No function that is not inlined takes a coder's address (the cold paths
//! take the bytes, or values): the compiler then keeps `low`, `range` and
//! `code` in registers, not in memory, across the bins of a block.
//!
//! Measured and left out: a branch-free renormalisation (shift by
//! `leading_zeros(range) / 8` every bin) lengthens the chain from one bin's
//! range to the next and was about 1.3 times slower than the branch.
//!
//! The tests run them against `Encoder` and `Decoder`, and the payload
//! tests run the whole fast coder against the reference on every recording.

use super::arith::{
    end_of_stream, select, BinCoder, Context, COUNT_MAX, FLUSH_BYTES, PROB_BITS, RANGE_MIN,
};
use crate::Error;
use alloc::vec::Vec;

/// `Context::shift` of every bin count, tabulated.
static SHIFTS: [u8; COUNT_MAX as usize + 1] = {
    let mut t = [0; COUNT_MAX as usize + 1];
    let mut count = 0;
    while count <= COUNT_MAX {
        t[count as usize] = Context { p0: 0, count }.shift() as u8;
        count += 1;
    }
    t
};

/// `Context::update`, with the shift from `SHIFTS`.
#[inline(always)]
fn adapt(ctx: &mut Context, bin: u32) {
    // `count <= COUNT_MAX = 2^COUNT_BITS - 1`: the mask keeps the index in
    // the table without a bounds check, and changes nothing.
    let s = SHIFTS[(ctx.count & COUNT_MAX) as usize] as u32;
    let p = ctx.p0 as u32;
    let toward_0 = p + (((1 << PROB_BITS) - p) >> s);
    let toward_1 = p - (p >> s);
    ctx.p0 = select(bin, toward_1, toward_0) as u16;
    ctx.count += (ctx.count < COUNT_MAX) as u16;
}

/// `arith::narrow` with the interval's two parts chosen by a conditional
/// move: on the chain from one bin's `range` to the next that is a
/// subtraction and a move, where `select`'s masks took four steps.
#[inline(always)]
fn narrow(low: u64, range: u32, ctx: Context, bin: u32) -> (u64, u32) {
    let bound = ctx.bound(range);
    if bin != 0 {
        (low + bound as u64, range - bound)
    } else {
        (low, bound)
    }
}

/// `arith::decide`, its choices by conditional moves as in `narrow`.
#[inline(always)]
fn decide(code: u32, range: u32, ctx: Context) -> (u32, u32, u32) {
    let bound = ctx.bound(range);
    if code >= bound {
        (1, code - bound, range - bound)
    } else {
        (0, code, bound)
    }
}

/// Adds the carry out of `low` to the bytes `written`: 0xFF bytes wrap to
/// 0x00 and the first other byte takes it. The interval never reaches
/// above the first byte, so some byte takes it. (Free functions, these and
/// `grow`: a method on the coder would take its address, and the compiler
/// then keeps `low` and `range` in memory instead of registers.)
#[cold]
fn carry(written: &mut [u8]) {
    for byte in written.iter_mut().rev() {
        let (sum, overflow) = byte.overflowing_add(1);
        *byte = sum;
        if !overflow {
            return;
        }
    }
}

/// Grows `out` to at least `need` bytes (at least doubling it).
#[cold]
fn grow(out: &mut Vec<u8>, need: usize) {
    out.resize(need.max(2 * out.len()), 0);
}

/// What `FastEncoder` leaves between runs of bins: `Encoder`'s interval,
/// and the bytes written so far (none held back).
pub struct FastOutput {
    /// Bottom of the interval: 32 bits, and a carry in bit 32.
    low: u64,
    range: u32,
    /// The bytes written so far (`len` of them), then room.
    out: Vec<u8>,
    len: usize,
}

impl FastOutput {
    pub fn new(capacity: usize) -> Self {
        FastOutput {
            low: 0,
            range: u32::MAX,
            out: alloc::vec![0; capacity],
            len: 0,
        }
    }

    /// Runs `code` with a `FastEncoder` that goes on from here and may
    /// write up to `bytes` bytes. The encoder is a local of its own, so the
    /// compiler keeps `low` and `range` in registers while it codes (and
    /// needs no test for room in `out` per byte).
    #[inline(always)]
    pub fn code<R>(&mut self, bytes: usize, code: impl FnOnce(&mut FastEncoder<'_>) -> R) -> R {
        // A word is written where one byte goes.
        let need = self.len + bytes + 4;
        if need > self.out.len() {
            grow(&mut self.out, need);
        }
        let mut coder = FastEncoder {
            low: self.low,
            range: self.range,
            out: &mut self.out,
            len: self.len,
        };
        let result = code(&mut coder);
        (self.low, self.range, self.len) = (coder.low, coder.range, coder.len);
        result
    }

    /// `Encoder::finish`: the interval's bottom, 4 bytes, after what is written.
    pub fn finish(mut self) -> Vec<u8> {
        self.code(FLUSH_BYTES, |coder| coder.shift_out(FLUSH_BYTES as u32));
        self.out.truncate(self.len);
        self.out
    }
}

/// `Encoder`'s interval, with the bytes shifted out written at once into
/// the room `FastOutput::code` made.
pub struct FastEncoder<'a> {
    low: u64,
    range: u32,
    out: &'a mut [u8],
    len: usize,
}

impl FastEncoder<'_> {
    /// Writes the top `n` bytes of `low` (a carry first).
    #[inline(always)]
    fn shift_out(&mut self, n: u32) {
        if self.low > u32::MAX as u64 {
            self.low &= u32::MAX as u64;
            carry(&mut self.out[..self.len]);
        }
        let word = (self.low as u32).to_be_bytes();
        self.out[self.len..self.len + 4].copy_from_slice(&word);
        self.len += n as usize;
        self.low = (self.low << (8 * n)) & u32::MAX as u64;
    }

    #[inline(always)]
    fn normalize(&mut self) {
        if self.range < RANGE_MIN {
            self.range <<= 8;
            self.shift_out(1);
            if self.range < RANGE_MIN {
                self.range <<= 8;
                self.shift_out(1);
            }
        }
    }
}

impl BinCoder for FastEncoder<'_> {
    #[inline(always)]
    fn context(&mut self, ctx: &mut Context, bin: u32) -> u32 {
        (self.low, self.range) = narrow(self.low, self.range, *ctx, bin);
        adapt(ctx, bin);
        self.normalize();
        bin
    }

    #[inline(always)]
    fn bypass(&mut self, bin: u32) -> u32 {
        self.range >>= 1;
        self.low += select(bin, self.range, 0) as u64;
        self.normalize();
        bin
    }

    /// Inlined (the trait's own is not): a call with the coder's address
    /// would keep `low` and `range` in memory around every bin.
    #[inline(always)]
    fn bypass_bits(&mut self, value: u32, len: u32) -> u32 {
        for i in (0..len).rev() {
            self.bypass(value >> i & 1);
        }
        value
    }
}

/// `FastDecoder::shift_in` within 4 bytes of the end of `bytes`, from
/// `code`, `pos` and `overrun` to the same after: byte by byte, zeros
/// past the end (a free function, as `carry`).
#[cold]
fn shift_in_near_end(
    bytes: &[u8],
    (mut code, mut pos, mut overrun): (u32, usize, bool),
    n: u32,
) -> (u32, usize, bool) {
    for _ in 0..n {
        let byte = match bytes.get(pos) {
            Some(&b) => {
                pos += 1;
                b
            }
            None => {
                overrun = true;
                0
            }
        };
        code = code << 8 | byte as u32;
    }
    (code, pos, overrun)
}

/// `Decoder`'s interval, refilled a word at a time.
pub struct FastDecoder<'a> {
    bytes: &'a [u8],
    pos: usize,
    range: u32,
    code: u32,
    /// Set once a byte past the end was needed: the stream is truncated.
    overrun: bool,
}

impl<'a> FastDecoder<'a> {
    /// Starts decoding `bytes`: loads the first `FLUSH_BYTES` of them.
    pub fn new(bytes: &'a [u8]) -> Self {
        let mut d = FastDecoder {
            bytes,
            pos: 0,
            range: u32::MAX,
            code: 0,
            overrun: false,
        };
        d.shift_in(FLUSH_BYTES as u32);
        d
    }

    /// Shifts the next `n` (1 to 4) bytes into `code`.
    #[inline(always)]
    fn shift_in(&mut self, n: u32) {
        if let Some(word) = self.bytes.get(self.pos..self.pos + 4) {
            let word = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
            let both = (self.code as u64) << 32 | word as u64;
            self.code = (both >> (32 - 8 * n)) as u32;
            self.pos += n as usize;
        } else {
            (self.code, self.pos, self.overrun) =
                shift_in_near_end(self.bytes, (self.code, self.pos, self.overrun), n);
        }
    }

    #[inline(always)]
    fn normalize(&mut self) {
        if self.range < RANGE_MIN {
            self.range <<= 8;
            self.shift_in(1);
            if self.range < RANGE_MIN {
                self.range <<= 8;
                self.shift_in(1);
            }
        }
    }

    /// `Decoder::finish`.
    pub fn finish(self) -> Result<usize, Error> {
        end_of_stream(self.overrun, self.code, self.pos)
    }

    /// Whether a byte past the end has been needed (the caller may stop early).
    pub fn overrun(&self) -> bool {
        self.overrun
    }
}

impl BinCoder for FastDecoder<'_> {
    #[inline(always)]
    fn context(&mut self, ctx: &mut Context, _bin: u32) -> u32 {
        let bin;
        (bin, self.code, self.range) = decide(self.code, self.range, *ctx);
        adapt(ctx, bin);
        self.normalize();
        bin
    }

    #[inline(always)]
    fn bypass(&mut self, _bin: u32) -> u32 {
        self.range >>= 1;
        let bin = (self.code >= self.range) as u32;
        self.code -= select(bin, self.range, 0);
        self.normalize();
        bin
    }

    /// Inlined, as `FastEncoder`'s.
    #[inline(always)]
    fn bypass_bits(&mut self, _value: u32, len: u32) -> u32 {
        let mut v = 0;
        for _ in 0..len {
            v = v << 1 | self.bypass(0);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ratio::arith::{xorshift, Decoder, Encoder};
    use alloc::vec;

    #[test]
    fn adapt_is_context_update() {
        let mut rng = 3u64;
        let mut probabilities = vec![1u16, 2, 1023, 1024, 32768, 64512, 65534, 65535];
        probabilities.extend((0..50).map(|_| (xorshift(&mut rng) % 65535) as u16 + 1));
        for count in 0..=COUNT_MAX {
            for &p0 in &probabilities {
                for bin in 0..2 {
                    let (mut fast, mut reference) = (Context { p0, count }, Context { p0, count });
                    adapt(&mut fast, bin);
                    reference.update(bin);
                    assert_eq!(fast, reference, "p0 {p0} count {count} bin {bin}");
                }
            }
        }
    }

    /// Bins (context index, bin; index 3 is bypass) of a stream that sits
    /// on skewed contexts for long runs, so that carries reach back through
    /// runs of 0xFF, with fair and bypass bins between the runs.
    fn bins(seed: u64, n: usize) -> Vec<(usize, u32)> {
        let mut rng = seed;
        (0..n)
            .map(|i| {
                let r = xorshift(&mut rng);
                let kind = if (i / 4000) % 2 == 0 {
                    0
                } else {
                    (r % 4) as usize
                };
                let bin = match kind {
                    0 => r.is_multiple_of(3000) || i.is_multiple_of(5000),
                    1 => !(r >> 20).is_multiple_of(100),
                    _ => r >> 40 & 1 == 1,
                } as u32;
                (kind, bin)
            })
            .collect()
    }

    fn code<B: BinCoder>(coder: &mut B, bins: &[(usize, u32)]) -> Vec<u32> {
        let mut ctx = [Context::NEW; 3];
        bins.iter()
            .map(|&(kind, bin)| match kind {
                3 => coder.bypass(bin),
                _ => coder.context(&mut ctx[kind], bin),
            })
            .collect()
    }

    /// The fast ends write and read exactly the bytes of `Encoder` and
    /// `Decoder`, and fail on cut and changed streams as they do.
    #[test]
    fn the_fast_ends_are_the_reference_ends() {
        for (seed, n) in [(1u64, 1usize), (2, 10), (3, 3000), (4, 60_000)] {
            let bins = bins(seed, n);
            let mut reference = Encoder::new(0);
            code(&mut reference, &bins);
            let bytes = reference.finish();
            let mut fast = FastOutput::new(0);
            fast.code(2 * bins.len(), |coder| code(coder, &bins));
            assert!(fast.finish() == bytes, "seed {seed}");
            let sent: Vec<u32> = bins.iter().map(|&(_, bin)| bin).collect();
            let mut cut = bytes.clone();
            cut.pop();
            let mut changed = bytes.clone();
            *changed.last_mut().unwrap() ^= 1;
            for stream in [&bytes, &cut, &changed] {
                let mut reference = Decoder::new(stream);
                let want = code(&mut reference, &bins);
                let mut fast = FastDecoder::new(stream);
                assert!(code(&mut fast, &bins) == want, "seed {seed}");
                assert_eq!(fast.overrun(), reference.overrun());
                assert_eq!(fast.finish(), reference.finish(), "seed {seed}");
            }
            let mut fast = FastDecoder::new(&bytes);
            assert!(code(&mut fast, &bins) == sent);
        }
    }

    /// `FastOutput` run block by block (as `encode_in_blocks` runs it),
    /// from no room at all, grows and carries across the blocks and writes
    /// the bytes of `Encoder`.
    #[test]
    fn blocks_of_bins_give_the_bytes_of_one_run() {
        for (seed, block) in [(5u64, 1usize), (6, 7), (7, 4096)] {
            let bins = bins(seed, 40_000);
            let mut reference = Encoder::new(0);
            code(&mut reference, &bins);
            let bytes = reference.finish();
            let mut fast = FastOutput::new(0);
            let mut ctx = [Context::NEW; 3];
            for run in bins.chunks(block) {
                fast.code(2 * run.len(), |coder| {
                    for &(kind, bin) in run {
                        match kind {
                            3 => coder.bypass(bin),
                            _ => coder.context(&mut ctx[kind], bin),
                        };
                    }
                });
            }
            assert!(fast.finish() == bytes, "seed {seed}, blocks of {block}");
        }
    }
}
