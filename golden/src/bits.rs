//! Bit packing, most significant bit first, as the hardware packer emits it.
//!
//! Both ends move whole 64-bit words: the writer stores eight bytes after
//! every field and advances by the whole bytes it holds, the reader loads
//! eight bytes and keeps the whole ones that fit. Neither branches on the data
//! in the common case, which is what makes the coder fast in software.

use alloc::vec::Vec;

/// Bytes one word load or store touches.
const WORD: usize = 8;
/// Most bits `BitWriter::put_long` takes at once: with the at most 7 bits
/// still pending, they stay below the 64 of its word.
pub const LONG_BITS: u32 = 56;

/// Appends bit fields to a byte vector, MSB first.
#[derive(Default, Clone, Debug)]
pub struct BitWriter {
    /// `bytes[..pos]` are complete; the bytes after them are scratch that the
    /// next word store overwrites (its first byte holds the pending bits).
    bytes: Vec<u8>,
    pos: usize,
    /// Pending bits, left-aligned: the top `fill` bits are valid, the rest zero.
    acc: u64,
    /// Always below 8 between calls: whole bytes are moved to `bytes`.
    fill: u32,
}

impl BitWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// A writer with room for about `bytes` output bytes before it grows.
    pub fn with_capacity(bytes: usize) -> Self {
        BitWriter {
            bytes: alloc::vec![0; bytes.saturating_add(WORD)],
            ..Self::default()
        }
    }

    /// Appends the low `len` bits of `value` (len <= 32).
    #[inline(always)]
    pub fn put(&mut self, value: u32, len: u32) {
        debug_assert!(len <= 32);
        self.put_long(value as u64, len);
    }

    /// Appends the low `len` bits of `value` (len <= `LONG_BITS`).
    #[inline(always)]
    pub fn put_long(&mut self, value: u64, len: u32) {
        debug_assert!(len <= LONG_BITS && value >> len == 0);
        // `fill + len` is below 64; the shift wraps to 0 only for len = 0,
        // where `value` is 0 anyway.
        self.acc |= value.wrapping_shl(64 - self.fill - len);
        let fill = self.fill + len;
        // Store the whole word; only its first `fill / 8` bytes are final.
        let word = self.acc.to_be_bytes();
        match self
            .bytes
            .get_mut(self.pos..)
            .and_then(<[u8]>::first_chunk_mut)
        {
            Some(slot) => *slot = word,
            None => self.bytes = grow(core::mem::take(&mut self.bytes), self.pos, word),
        }
        let whole = fill / 8;
        self.pos += whole as usize;
        // `whole` is at most 7 (fill < 8 + 56), so the shift stays below 64.
        self.acc <<= whole * 8;
        self.fill = fill % 8;
    }

    /// Bits written so far.
    pub fn bit_len(&self) -> u64 {
        self.pos as u64 * 8 + self.fill as u64
    }

    /// Moves the complete bytes to `out`, keeping the pending bits (streaming).
    pub fn drain_into(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.bytes[..self.pos]);
        // The scratch after them (the pending bits first) moves to the front.
        self.bytes.drain(..self.pos);
        self.pos = 0;
    }

    /// Pads the last byte with zero bits and returns the bytes.
    pub fn finish(mut self) -> Vec<u8> {
        // The last word store already holds the pending bits, zero-padded, at `pos`.
        let len = self.pos + (self.fill > 0) as usize;
        self.bytes.truncate(len);
        self.bytes
    }
}

/// `bytes` grown (doubling) to hold `word` at `pos`, with it stored. Out of
/// line and given the vector by value, not the writer: so that the writer's
/// other fields can stay in registers in a coding loop.
#[cold]
#[inline(never)]
fn grow(mut bytes: Vec<u8>, pos: usize, word: [u8; WORD]) -> Vec<u8> {
    let len = (pos + WORD).max(2 * bytes.len()).max(64);
    bytes.resize(len, 0);
    bytes[pos..pos + WORD].copy_from_slice(&word);
    bytes
}

/// The reader's refill near the end: the last bytes, one at a time (missing
/// bits read as zero). Out of line and given plain values, so that the
/// reader's fields can stay in registers in the decoding loop.
#[cold]
#[inline(never)]
fn load_tail(bytes: &[u8], mut acc: u64, mut fill: u32, mut pos: usize) -> (u64, u32, usize) {
    while fill <= 56 && pos < bytes.len() {
        acc |= (bytes[pos] as u64) << (56 - fill);
        pos += 1;
        fill += 8;
    }
    (acc, fill, pos)
}

/// Reads bit fields MSB first; reading past the end is an error, not a panic.
#[derive(Clone, Copy, Debug)]
pub struct BitReader<'a> {
    bytes: &'a [u8],
    /// Next byte that is not (wholly) in `acc`.
    pos: usize,
    /// Buffered bits, left-aligned: the top `fill` bits are the next ones of the
    /// stream; the bits below them are zero or the stream's following bits.
    acc: u64,
    fill: u32,
}

impl<'a> BitReader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        BitReader {
            bytes,
            pos: 0,
            acc: 0,
            fill: 0,
        }
    }

    /// Buffers at least 56 bits, or every bit left if fewer remain. A caller
    /// that refills once per sample finds all of the sample's bits (at most 33)
    /// buffered, and `peek`/`skip` never branch to refill in the middle of it.
    #[inline(always)]
    pub fn refill(&mut self) {
        if let Some(word) = self.bytes.get(self.pos..self.pos + WORD) {
            let mut w = [0u8; WORD];
            w.copy_from_slice(word);
            // Bits of a partly fitting byte land below `fill`: the next refill
            // ORs the same bits at the same place.
            self.acc |= u64::from_be_bytes(w) >> self.fill;
            self.pos += (63 - self.fill as usize) / 8;
            self.fill |= 56;
        } else {
            (self.acc, self.fill, self.pos) = load_tail(self.bytes, self.acc, self.fill, self.pos);
        }
    }

    /// The next `len` bits (len <= 32) without consuming them; missing bits read as zero.
    #[inline(always)]
    pub fn peek(&mut self, len: u32) -> u32 {
        debug_assert!(len <= 32);
        if self.fill < len {
            self.refill();
        }
        // Two shifts: len = 0 gives 0 without a branch.
        ((self.acc >> 32) >> (32 - len)) as u32
    }

    /// Consumes `len` bits (len <= 32); fails if fewer remain.
    #[inline(always)]
    pub fn skip(&mut self, len: u32) -> Result<(), crate::Error> {
        debug_assert!(len <= 32);
        if self.fill < len {
            self.refill();
            if self.fill < len {
                return Err(crate::Error::Truncated);
            }
        }
        self.acc <<= len;
        self.fill -= len;
        Ok(())
    }

    /// Reads `len` bits (len <= 32).
    #[inline(always)]
    pub fn get(&mut self, len: u32) -> Result<u32, crate::Error> {
        let v = self.peek(len);
        self.skip(len)?;
        Ok(v)
    }

    /// Bits consumed so far.
    pub fn bit_pos(&self) -> u64 {
        self.pos as u64 * 8 - self.fill as u64
    }

    /// Stops reading for now (streaming): where the reader stands.
    pub fn suspend(self) -> ReadState {
        ReadState {
            pos: self.pos,
            acc: self.acc,
            fill: self.fill,
        }
    }

    /// Goes on reading from `state` over `bytes`: the same stream, with
    /// `state` moved (`ReadState::dropped`) by any bytes cut off its front.
    pub fn resume(bytes: &'a [u8], state: ReadState) -> Self {
        BitReader {
            bytes,
            pos: state.pos,
            acc: state.acc,
            fill: state.fill,
        }
    }
}

/// A suspended `BitReader`: its position and buffered bits. (The bits below
/// `fill` are zero or the stream's next ones, so a resumed refill ORs the
/// same bits.)
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadState {
    pos: usize,
    acc: u64,
    fill: u32,
}

impl ReadState {
    /// The state over the same stream with its first `n` bytes cut off
    /// (at most those loaded before the buffered bits).
    pub fn dropped(self, n: usize) -> Self {
        ReadState {
            pos: self.pos - n,
            ..self
        }
    }

    /// Bytes that may be cut off the front: those wholly consumed.
    pub fn consumed_bytes(&self) -> usize {
        self.pos - (self.fill as usize).div_ceil(8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fields of every width at every alignment, then read back; the byte
    /// image matches a plain bit-by-bit packer.
    #[test]
    fn fields_roundtrip_and_match_a_bit_by_bit_packer() {
        let mut rng = 0x2545_F491_4F6C_DD1Du64;
        let mut fields = Vec::new();
        for _ in 0..5000 {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let len = (rng % 33) as u32;
            let value = if len == 0 {
                0
            } else {
                (rng >> 32) as u32 >> (32 - len)
            };
            fields.push((value, len));
        }
        let mut w = BitWriter::new();
        let mut plain: Vec<bool> = Vec::new();
        for &(v, l) in &fields {
            w.put(v, l);
            plain.extend((0..l).rev().map(|b| v >> b & 1 == 1));
            assert_eq!(w.bit_len(), plain.len() as u64);
        }
        let bytes = w.finish();
        let expected: Vec<u8> = plain
            .chunks(8)
            .map(|c| {
                c.iter()
                    .enumerate()
                    .fold(0u8, |b, (i, &x)| b | (x as u8) << (7 - i))
            })
            .collect();
        assert_eq!(bytes, expected);
        let mut r = BitReader::new(&bytes);
        for (i, &(v, l)) in fields.iter().enumerate() {
            if i % 3 == 0 {
                r.refill();
            }
            assert_eq!(r.get(l), Ok(v), "field {i}");
        }
        assert_eq!(r.bit_pos(), plain.len() as u64);
    }

    #[test]
    fn reading_past_the_end_is_truncated() {
        let bytes = [0xA5u8, 0x0F, 0xFF];
        let mut r = BitReader::new(&bytes);
        assert_eq!(r.get(20), Ok(0xA50FF));
        assert_eq!(r.peek(8), 0xF0, "missing bits read as zero");
        assert_eq!(r.get(5), Err(crate::Error::Truncated));
        assert_eq!(r.get(4), Ok(0xF));
        assert_eq!(r.get(1), Err(crate::Error::Truncated));
    }

    #[test]
    fn with_capacity_writes_the_same_bytes() {
        let mut a = BitWriter::new();
        let mut b = BitWriter::with_capacity(3);
        for i in 0..100u32 {
            a.put(i & 0x1F, 5 + i % 3);
            b.put(i & 0x1F, 5 + i % 3);
        }
        assert_eq!(a.finish(), b.finish());
        assert_eq!(BitWriter::new().finish(), Vec::<u8>::new());
    }
}
