//! Bit packing, most significant bit first, as the hardware packer emits it.

use alloc::vec::Vec;

/// Appends bit fields to a byte vector, MSB first.
#[derive(Default, Clone, Debug)]
pub struct BitWriter {
    bytes: Vec<u8>,
    /// Pending bits, right-aligned; `fill` of them are valid.
    acc: u64,
    fill: u32,
}

impl BitWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends the low `len` bits of `value` (len <= 32).
    #[inline]
    pub fn put(&mut self, value: u32, len: u32) {
        debug_assert!(len <= 32 && (len == 32 || value >> len == 0));
        self.acc = (self.acc << len) | value as u64;
        self.fill += len;
        // `fill` stays below 64: it was below 32 and `len` is at most 32.
        if self.fill >= 32 {
            self.fill -= 32;
            self.bytes
                .extend_from_slice(&((self.acc >> self.fill) as u32).to_be_bytes());
        }
    }

    /// Bits written so far.
    pub fn bit_len(&self) -> u64 {
        self.bytes.len() as u64 * 8 + self.fill as u64
    }

    /// Pads the last byte with zero bits and returns the bytes.
    pub fn finish(mut self) -> Vec<u8> {
        while self.fill >= 8 {
            self.fill -= 8;
            self.bytes.push((self.acc >> self.fill) as u8);
        }
        if self.fill > 0 {
            self.bytes.push((self.acc << (8 - self.fill)) as u8);
        }
        self.bytes
    }
}

/// Reads bit fields MSB first; reading past the end is an error, not a panic.
pub struct BitReader<'a> {
    bytes: &'a [u8],
    /// Next byte to load into `acc`.
    pos: usize,
    /// Buffered bits, left-aligned in the top `fill` bits.
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

    #[inline]
    fn refill(&mut self) {
        if self.pos + 8 <= self.bytes.len() {
            // Fast path: load eight bytes, keep the whole ones that fit below `fill`.
            let mut w = [0u8; 8];
            w.copy_from_slice(&self.bytes[self.pos..self.pos + 8]);
            let take = (64 - self.fill) / 8;
            self.acc |= u64::from_be_bytes(w) >> self.fill;
            self.fill += take * 8;
            if self.fill < 64 {
                self.acc &= !(u64::MAX >> self.fill);
            }
            self.pos += take as usize;
        } else {
            while self.fill <= 56 && self.pos < self.bytes.len() {
                self.acc |= (self.bytes[self.pos] as u64) << (56 - self.fill);
                self.pos += 1;
                self.fill += 8;
            }
        }
    }

    /// The next `len` bits (len <= 32) without consuming them; missing bits read as zero.
    #[inline]
    pub fn peek(&mut self, len: u32) -> u32 {
        if self.fill < len {
            self.refill();
        }
        if len == 0 {
            0
        } else {
            (self.acc >> (64 - len)) as u32
        }
    }

    /// Consumes `len` bits; fails if fewer remain.
    #[inline]
    pub fn skip(&mut self, len: u32) -> Result<(), crate::Error> {
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
    #[inline]
    pub fn get(&mut self, len: u32) -> Result<u32, crate::Error> {
        let v = self.peek(len);
        self.skip(len)?;
        Ok(v)
    }

    /// Bits consumed so far.
    pub fn bit_pos(&self) -> u64 {
        self.pos as u64 * 8 - self.fill as u64
    }
}
