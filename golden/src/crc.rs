//! CRC-32 (IEEE 802.3, the zlib/PNG one): the container's check of the decoded output.

/// Reflected generator polynomial.
const POLY: u32 = 0xEDB8_8320;

/// Remainder of every byte value, computed at compile time.
const TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut bit = 0;
        while bit < 8 {
            c = if c & 1 != 0 { POLY ^ (c >> 1) } else { c >> 1 };
            bit += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// CRC-32 of `data`.
pub fn crc32(data: &[u8]) -> u32 {
    !update(!0, data)
}

/// CRC-32 computed over data that comes in pieces.
#[derive(Clone, Copy, Debug)]
pub struct Crc32(u32);

impl Crc32 {
    /// The CRC of no bytes so far.
    pub const fn new() -> Self {
        Crc32(!0)
    }

    /// Goes on over `data`.
    pub fn update(&mut self, data: &[u8]) {
        self.0 = update(self.0, data);
    }

    /// CRC-32 of the bytes so far.
    pub const fn value(&self) -> u32 {
        !self.0
    }
}

impl Default for Crc32 {
    fn default() -> Self {
        Self::new()
    }
}

/// CRC-32 of `head`, then `frame` `count` times, then `tail`, in time
/// logarithmic in `count`: the container's repeat mode checks its output
/// before building it, so a crafted count costs neither time nor memory.
pub fn crc32_repeat(head: &[u8], frame: &[u8], mut count: usize, tail: &[u8]) -> u32 {
    // The register after one frame is a*r + b (mod POLY), an affine map of
    // the register r before it; `count` frames are that map `count` times,
    // composed by squaring.
    let mut r = update(!0, head);
    // a = x^(8 * frame length): the polynomial 1 (bit 31) through a zero byte per frame byte.
    let mut a = frame.iter().fold(1 << 31, |a, _| update(a, &[0]));
    let mut b = update(0, frame);
    while count > 0 {
        if count & 1 == 1 {
            r = multiply(a, r) ^ b;
        }
        b = multiply(a, b) ^ b;
        a = multiply(a, a);
        count >>= 1;
    }
    !update(r, tail)
}

/// The CRC register `c` after `data` (no inversions: linear in `c`).
fn update(c: u32, data: &[u8]) -> u32 {
    data.iter().fold(c, |c, &b| {
        TABLE[((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8)
    })
}

/// The product of two polynomials modulo POLY, both bit-reflected (bit 31 is x^0).
#[inline(never)] // one copy, called three times a step (the executables' size counts)
fn multiply(a: u32, mut b: u32) -> u32 {
    let mut p = 0;
    for i in 0..32 {
        if a & (1 << 31 >> i) != 0 {
            p ^= b;
        }
        b = if b & 1 != 0 { POLY ^ (b >> 1) } else { b >> 1 };
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_standard_check_values() {
        // The catalogue check value of CRC-32 and two well-known strings.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
    }

    #[test]
    fn repeat_equals_the_crc_of_the_bytes_written_out() {
        let mut out = alloc::vec::Vec::new();
        for frame in [&[0u8][..], &[0xFF, 0xFF], b"abc", &[7; 300]] {
            for count in [0usize, 1, 2, 3, 5, 64, 1000] {
                out.clear();
                out.extend_from_slice(b"head");
                for _ in 0..count {
                    out.extend_from_slice(frame);
                }
                out.push(9);
                assert_eq!(crc32_repeat(b"head", frame, count, &[9]), crc32(&out));
            }
        }
        // Three exbibytes of zeros: answered at once.
        let _ = crc32_repeat(&[], &[0], usize::MAX / 4, &[]);
    }
}
