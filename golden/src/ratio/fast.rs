//! The range coder of `arith` laid out for software speed (feature `fast`):
//! the same arithmetic, so the same bytes.
//!
//! - `FastEncoder` writes the bytes of `low` straight into its buffer and,
//!   on the rare carry, adds it to the bytes already written (instead of
//!   holding a cached byte and a run of 0xFF back);
//! - `FastDecoder` reads the next bytes as one big-endian word while four
//!   are left, and byte by byte near the end (where it notes an overrun as
//!   `Decoder` does);
//! - both take a context's adaptation shift from a table (`SHIFTS`).
//!
//! Measured and left out: a branch-free renormalisation (shift by
//! `leading_zeros(range) / 8` every bin) lengthens the chain from one bin's
//! range to the next and was about 1.3 times slower than the branch.
//! On 2026-12-01 (2-core AMD EPYC, the bench's 20 recordings, each
//! against this code in the same session), also left out:
//! - choosing the interval's part by a conditional move instead of
//!   `select`'s masks, and keeping `low`/`range` in registers (no
//!   out-of-line call taking a coder's address): encode about 1.05 times as
//!   fast in a CPU-time harness, no change in `make bench`'s medians (the
//!   second was taken in session 12: on the Intel Xeon of that session,
//!   encode 1.10 times as fast in `make bench`);
//! - the bin above the bound as `(range >> 16) * (2^16 - p0) + (range &
//!   0xFFFF)`, one step shorter on the chain but one multiply more: the
//!   encoder 0.94 times as fast (it is bound by instructions, not the chain);
//! - the encoder's bins written as a list first (context index and bin,
//!   fixed-length writes, no branch on the bucket), then coded in one loop:
//!   0.8 to 0.9 times as fast (writing the list costs a third of the coding);
//! - coding sample `t` while modelling `t + 1` in one loop: 0.77 times;
//! - in `WindowChannel`: the newest delta multiplied apart from a vector
//!   sum of the older ones (the vector load over the 2-byte store just
//!   written is where `paired_sum` waits), or that sum computed in the
//!   update, or the 16 newest deltas kept again as a whole array: decode
//!   0.89 to 0.97 times as fast (the first again in session 12 on an
//!   Intel Xeon, where `perf` puts 15 % of the decoder's time at that
//!   load: no gain); `paired_sum` inlined: 0.75 times.
//!
//! On 2026-12-01 (session 8, same machine and bench), also left out: the
//! decoder's predictor wholly in SSE2 registers (24 deltas as three vectors
//! shifted a lane a sample, the LMS regressor taken from them by byte
//! shifts; it needs `unsafe` intrinsics): 0.95 times as fast; the decoder's
//! one channel held in a local instead of `channels[c]`: no change. Kept:
//! `adapt`'s branch for a saturated count (almost every bin once the
//! contexts are warm), decode 1.045 and encode 1.015 times as fast.
//!
//! On 2026-12-01 (session 11), kept: the carry added to the last byte
//! without a branch (`carry`), and `code_sign` without one; cachegrind's
//! branch model counts 6 % fewer mispredicts, and `make bench`'s decode
//! fraction rose from about 0.25 to 0.27 (encode within the noise).
//!
//! On 2026-12-01 (session 12, 2-core Intel Xeon), also left out, though
//! cachegrind's branch model puts 0.83 mispredicted renormalisations a
//! sample in the encoder: the encoder's first shift of a bin chosen by a
//! conditional move, its bytes left pending above `low`'s 32 bits and
//! written once a sample (0.97 times as fast) or whenever three are pending
//! (no change). The chain from one bin's range to the next grows by the
//! compare and the move.
//!
//! On 2026-12-01 (session 13, same Intel Xeon; best of 8 to 10 rounds
//! alternated in a CPU harness on the bench's 20 recordings), kept:
//! - `narrow` picks the interval's part by `select_unpredictable` (a
//!   conditional move) instead of `select`'s masks, one step shorter on the
//!   chain from one bin's range to the next: encode 34.0-34.3 against
//!   32.4-32.9 M samples/s, and `make bench`'s encode fraction 0.318-0.319
//!   against 0.305 (session 8 had seen no change on the AMD EPYC). The same
//!   in `decide` changed nothing (28.5 against 28.7), nor in `stepped_p0`
//!   (off the chain);
//! - `cold_path` on the renormalisation (about one bin in ten), on a
//!   young context's update and (in `fast_bins`) on the raw and verbatim
//!   paths, so that the likely path falls straight
//!   through instead of jumping over them: encode 34.7-35.3 against
//!   34.1-34.3; decode unchanged.
//! Also left out: the encoder's bytes written after a zero byte kept in
//! front, which spares the carry's test for an empty buffer (no change);
//! the residual handed to the bins as its zigzag code, never formed as a
//! signed number (2.5 fewer instructions a sample, 0.96 times as fast;
//! session 16 does hand the one-channel encoder's bins a magnitude and a
//! sign taken from the zigzag code, as part of its common block path, see
//! `encode_one_channel`).
//!
//! On 2026-12-02 (session 16, same Intel Xeon, the bench's 20 recordings;
//! `make bench`'s fraction and best of 8 to 12 alternated rounds against the
//! code before), also left out:
//! - the shifted-out bytes staged in a 2 KB array of the coder's own (index
//!   masked into it, appended to the output vector every 2 KB): 10 fewer
//!   instructions a sample, no change in time;
//! - each bin's renormalisation left to the next bin and done there by
//!   conditional moves, its bound computed from both the shifted and the
//!   unshifted range side by side (one move on the chain), the bytes kept in
//!   `low` above its 32 bits and staged once a sample: 0.39 fewer
//!   mispredicted branches a sample (cachegrind's model) but 120 more
//!   instructions, 0.89 times as fast.
//!
//! The tests run them against `Encoder` and `Decoder`, and the payload
//! tests run the whole fast coder against the reference on every recording.

use super::arith::{
    bypass_bits_of, decide, end_of_stream, narrow, select, stepped_p0, BinCoder, Context,
    COUNT_MAX, FLUSH_BYTES, RANGE_MIN, RATE_MAX,
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

/// `Context::update`: at the slow rate once the count has saturated (a
/// branch the predictor gets right on almost every bin), else with the
/// shift from `SHIFTS`.
#[inline(always)]
fn adapt(ctx: &mut Context, bin: u32) {
    if ctx.count == COUNT_MAX {
        ctx.p0 = stepped_p0(ctx.p0, RATE_MAX, bin);
        return;
    }
    // A young context: rare once the stream is under way.
    core::hint::cold_path();
    // `count < COUNT_MAX = 2^COUNT_BITS - 1`: the mask keeps the index in
    // the table without a bounds check, and changes nothing.
    let s = SHIFTS[(ctx.count & COUNT_MAX) as usize] as u32;
    ctx.p0 = stepped_p0(ctx.p0, s, bin);
    ctx.count += 1;
}

/// The carry out of a last byte that wrapped, on to the bytes before it.
/// (Out of line, and given only the bytes: a call that took the coder's
/// address would keep `low` and `range` in memory in the coding loop.)
#[cold]
fn ripple(bytes: &mut [u8]) {
    for byte in bytes.iter_mut().rev() {
        let (sum, overflow) = byte.overflowing_add(1);
        *byte = sum;
        if !overflow {
            return;
        }
    }
}

/// `out` twice as long (zeros after): out of line, taking the buffer by
/// value for the same reason as `ripple`.
#[cold]
fn grown(mut out: Vec<u8>) -> Vec<u8> {
    out.resize(2 * out.len(), 0);
    out
}

/// `Encoder`'s interval, with the bytes shifted out written at once.
pub struct FastEncoder {
    /// Bottom of the interval: 32 bits, and a carry in bit 32.
    low: u64,
    range: u32,
    /// The bytes written so far, then room for a whole word (`len` are written).
    out: Vec<u8>,
    len: usize,
}

impl FastEncoder {
    #[inline(always)]
    pub fn new(capacity: usize) -> Self {
        FastEncoder {
            low: 0,
            range: u32::MAX,
            out: alloc::vec![0; capacity.max(16)],
            len: 0,
        }
    }

    /// Adds the carry out of `low` (bit 32, 0 or 1) to the bytes written:
    /// to the last one without a branch (a carry comes often and at random),
    /// and on through the 0xFF bytes it wraps to 0x00 (rare) until one takes
    /// it. The interval never reaches above the first byte, so some byte
    /// takes it.
    #[inline(always)]
    fn carry(&mut self) {
        let carry = (self.low >> 32) as u8;
        self.low &= u32::MAX as u64;
        if let Some((last, before)) = self.out[..self.len].split_last_mut() {
            let (sum, overflow) = last.overflowing_add(carry);
            *last = sum;
            if overflow {
                ripple(before);
            }
        }
    }

    /// Writes the top `n` bytes of `low` (a carry first); `out` keeps room for a whole word.
    #[inline(always)]
    fn shift_out(&mut self, n: u32) {
        self.carry();
        if self.len + 4 > self.out.len() {
            self.out = grown(core::mem::take(&mut self.out));
        }
        let word = (self.low as u32).to_be_bytes();
        self.out[self.len..self.len + 4].copy_from_slice(&word);
        self.len += n as usize;
        self.low = (self.low << (8 * n)) & u32::MAX as u64;
    }

    #[inline(always)]
    fn normalize(&mut self) {
        if self.range < RANGE_MIN {
            core::hint::cold_path();
            self.range <<= 8;
            self.shift_out(1);
            if self.range < RANGE_MIN {
                core::hint::cold_path();
                self.range <<= 8;
                self.shift_out(1);
            }
        }
    }

    /// `Encoder::finish`: the interval's bottom, 4 bytes, after what is written.
    #[inline(always)]
    pub fn finish(mut self) -> Vec<u8> {
        self.shift_out(FLUSH_BYTES as u32);
        self.out.truncate(self.len);
        self.out
    }
}

impl BinCoder for FastEncoder {
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

    /// The default, inlined: out of line it would take the coder's address.
    #[inline(always)]
    fn bypass_bits(&mut self, value: u32, len: u32) -> u32 {
        bypass_bits_of(self, value, len)
    }
}

/// `code` with the `n` bytes from `pos` on shifted in, byte by byte, zeros
/// past the end: the new `code` and `pos`, and whether a byte was missing.
/// (Out of line, and given no coder: a call that took the coder's address
/// would keep its fields in memory in the decoding loop.)
#[cold]
fn bytes_near_end(bytes: &[u8], mut pos: usize, mut code: u32, n: u32) -> (u32, usize, bool) {
    let mut overrun = false;
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
    #[inline(always)]
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
            self.shift_in_near_end(n);
        }
    }

    /// `shift_in` within 4 bytes of the end: byte by byte, zeros past it.
    #[inline(always)]
    fn shift_in_near_end(&mut self, n: u32) {
        let overrun;
        (self.code, self.pos, overrun) = bytes_near_end(self.bytes, self.pos, self.code, n);
        self.overrun |= overrun;
    }

    #[inline(always)]
    fn normalize(&mut self) {
        if self.range < RANGE_MIN {
            core::hint::cold_path();
            self.range <<= 8;
            self.shift_in(1);
            if self.range < RANGE_MIN {
                core::hint::cold_path();
                self.range <<= 8;
                self.shift_in(1);
            }
        }
    }

    /// `Decoder::finish`.
    #[inline(always)]
    pub fn finish(self) -> Result<usize, Error> {
        end_of_stream(self.overrun, self.code, self.pos)
    }

    /// Whether a byte past the end has been needed (the caller may stop early).
    #[inline(always)]
    pub fn overrun(&self) -> bool {
        self.overrun
    }
}

impl FastDecoder<'_> {
    /// A context-coded bin the caller branches on anyway (a unary bin):
    /// decided by a branch, so that the processor runs on down the likely
    /// side without waiting for the comparison, and each side does only
    /// its own half of `decide` and of the update. Same arithmetic as
    /// `context`.
    #[inline(always)]
    pub(super) fn branch_on_context(&mut self, ctx: &mut Context) -> bool {
        let bound = ctx.bound(self.range);
        let one = self.code >= bound;
        if one {
            self.code -= bound;
            self.range -= bound;
            adapt(ctx, 1);
        } else {
            self.range = bound;
            adapt(ctx, 0);
        }
        self.normalize();
        one
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

    /// The default, inlined: out of line it would take the coder's address.
    #[inline(always)]
    fn bypass_bits(&mut self, value: u32, len: u32) -> u32 {
        bypass_bits_of(self, value, len)
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
            let mut fast = FastEncoder::new(0);
            code(&mut fast, &bins);
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
}
