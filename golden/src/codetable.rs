//! Canonical prefix codes for the quotient symbols: built from code lengths,
//! trained from symbol counts, and decoded with a lookup table.

use crate::context::MAX_CONTEXTS;
use crate::grid::CODES;
use crate::profile::{MAX_CODE_LEN, QUOTIENTS, SYMBOLS};
use alloc::vec;
use alloc::vec::Vec;

/// Whether the lengths describe a complete prefix code (Kraft sum exactly 1),
/// so that every bit string decodes.
pub fn kraft_is_complete(lengths: &[u8]) -> bool {
    let total: u64 = lengths
        .iter()
        .filter(|&&l| l > 0)
        .map(|&l| 1u64 << (MAX_CODE_LEN - l as u32))
        .sum();
    total == 1u64 << MAX_CODE_LEN
}

/// Canonical code words for `lengths`: shorter codes first, ties by symbol,
/// each code the previous one plus one, shifted left when the length grows.
pub fn canonical_codes(lengths: &[u8; SYMBOLS]) -> [u16; SYMBOLS] {
    let mut codes = [0u16; SYMBOLS];
    let mut next: u32 = 0;
    for len in 1..=MAX_CODE_LEN as u8 {
        for (sym, &l) in lengths.iter().enumerate() {
            if l == len {
                codes[sym] = next as u16;
                next += 1;
            }
        }
        next <<= 1;
    }
    codes
}

/// Encoder side of one table: code word and length per symbol.
#[derive(Clone, Copy)]
pub struct EncodeTable {
    pub code: [u16; SYMBOLS],
    pub len: [u8; SYMBOLS],
}

impl EncodeTable {
    pub fn new(lengths: &[u8; SYMBOLS]) -> Self {
        EncodeTable {
            code: canonical_codes(lengths),
            len: *lengths,
        }
    }
}

/// Bits the decoder looks up at once; longer codes take the slow path.
pub const LOOKUP_BITS: u32 = 10;

/// Decoder side of one table.
pub struct DecodeTable {
    /// Indexed by the next `LOOKUP_BITS` bits: `symbol << 8 | length`, or 0 if
    /// the code is longer. A fixed array: any `LOOKUP_BITS`-bit index is in bounds.
    lookup: [u16; 1 << LOOKUP_BITS],
    /// Canonical decoding of long codes: per length, first code and index into `sorted`.
    first_code: [u32; MAX_CODE_LEN as usize + 1],
    first_index: [u16; MAX_CODE_LEN as usize + 1],
    count: [u16; MAX_CODE_LEN as usize + 1],
    sorted: [u8; SYMBOLS],
}

impl DecodeTable {
    pub fn new(lengths: &[u8; SYMBOLS]) -> Self {
        let codes = canonical_codes(lengths);
        let mut lookup = [0u16; 1 << LOOKUP_BITS];
        for sym in 0..SYMBOLS {
            let l = lengths[sym] as u32;
            if l == 0 || l > LOOKUP_BITS {
                continue;
            }
            let base = (codes[sym] as usize) << (LOOKUP_BITS - l);
            for e in &mut lookup[base..base + (1 << (LOOKUP_BITS - l))] {
                *e = (sym as u16) << 8 | l as u16;
            }
        }
        let mut t = DecodeTable {
            lookup,
            first_code: [0; MAX_CODE_LEN as usize + 1],
            first_index: [0; MAX_CODE_LEN as usize + 1],
            count: [0; MAX_CODE_LEN as usize + 1],
            sorted: [0; SYMBOLS],
        };
        let mut idx = 0u16;
        for len in 1..=MAX_CODE_LEN as usize {
            t.first_index[len] = idx;
            let mut first = None;
            for sym in 0..SYMBOLS {
                if lengths[sym] as usize == len {
                    first.get_or_insert(codes[sym] as u32);
                    t.sorted[idx as usize] = sym as u8;
                    idx += 1;
                    t.count[len] += 1;
                }
            }
            t.first_code[len] = first.unwrap_or(0);
        }
        t
    }

    /// Decodes one symbol from `r`.
    #[inline(always)]
    pub fn decode(&self, r: &mut crate::bits::BitReader) -> Result<usize, crate::Error> {
        let (symbol, len) = self.symbol(r.peek(MAX_CODE_LEN))?;
        r.skip(len)?;
        Ok(symbol)
    }

    /// The symbol whose code begins `bits` (the next `MAX_CODE_LEN` bits of
    /// the stream), and its code length.
    #[inline(always)]
    pub fn symbol(&self, bits: u32) -> Result<(usize, u32), crate::Error> {
        let e = self.lookup[(bits >> (MAX_CODE_LEN - LOOKUP_BITS)) as usize];
        if e != 0 {
            Ok(((e >> 8) as usize, (e & 0xff) as u32))
        } else {
            self.long_symbol(bits)
        }
    }

    /// Codes longer than `LOOKUP_BITS`: canonical decoding, length by length.
    /// Out of line and given plain bits, so that the reader stays in registers.
    #[cold]
    #[inline(never)]
    fn long_symbol(&self, bits: u32) -> Result<(usize, u32), crate::Error> {
        for len in LOOKUP_BITS + 1..=MAX_CODE_LEN {
            let code = bits >> (MAX_CODE_LEN - len);
            let l = len as usize;
            if self.count[l] > 0
                && code >= self.first_code[l]
                && code - self.first_code[l] < self.count[l] as u32
            {
                let index = (self.first_index[l] as u32 + code - self.first_code[l]) as usize;
                return Ok((self.sorted[index] as usize, len));
            }
        }
        // Unreachable for complete codes (checked when profiles are built).
        Err(crate::Error::Corrupt)
    }
}

/// Bits a residual lookup reads at once: a quotient code and its raw bits.
pub const RESIDUAL_BITS: u32 = 12;

/// Whole residuals decoded with one lookup per coding context, for software
/// speed: `DecodeTable` and the raw-bit read after it are the definition.
///
/// A context's lookup is indexed by the next `RESIDUAL_BITS` bits of the
/// stream: `m << 5 | length` when they begin with a quotient code and its `k`
/// raw bits (zigzag residual `m`, `length` bits in all), 0 when they begin
/// with anything else (an escape, a longer code, a residual out of range),
/// which the decoder reads symbol by symbol. Lookups start empty (all 0) and
/// are built when their context first occurs.
pub struct ResidualTables {
    /// One lookup per context, one after the other.
    lookup: Vec<u16>,
    built: Vec<bool>,
}

impl ResidualTables {
    /// Empty lookups for `contexts` contexts (at most `MAX_CONTEXTS`).
    pub fn new(contexts: usize) -> Self {
        assert!(contexts <= MAX_CONTEXTS);
        ResidualTables {
            // Room for `MAX_CONTEXTS`, so that a masked index needs no bounds
            // check. Zeroed memory: pages of contexts that never occur are
            // never touched.
            lookup: vec![0; MAX_CONTEXTS << RESIDUAL_BITS],
            built: vec![false; contexts],
        }
    }

    pub fn is_built(&self, context: usize) -> bool {
        self.built[context]
    }

    /// Builds the lookup of `context`: code table `lengths`, Rice parameter `k`.
    pub fn build(&mut self, context: usize, lengths: &[u8; SYMBOLS], k: u32) {
        let codes = canonical_codes(lengths);
        let start = context << RESIDUAL_BITS;
        let lookup = &mut self.lookup[start..start + (1 << RESIDUAL_BITS)];
        for q in 0..QUOTIENTS {
            let len = lengths[q] as u32 + k;
            if lengths[q] == 0 || len > RESIDUAL_BITS {
                continue;
            }
            for low in 0..1u32 << k {
                let m = (q as u32) << k | low;
                if m >= CODES {
                    break;
                }
                // Every index that begins with this code word and these raw bits.
                let word = ((codes[q] as usize) << k | low as usize) << (RESIDUAL_BITS - len);
                lookup[word..word + (1 << (RESIDUAL_BITS - len))].fill((m << 5 | len) as u16);
            }
        }
        self.built[context] = true;
    }

    /// The zigzag residual that `bits` (the next `RESIDUAL_BITS` bits) begin
    /// with in `context`, and its length in bits; `None` for the other cases.
    #[inline(always)]
    pub fn residual(&self, context: usize, bits: u32) -> Option<(u32, u32)> {
        let index = context << RESIDUAL_BITS | (bits as usize & ((1 << RESIDUAL_BITS) - 1));
        let e = self.lookup[index % (MAX_CONTEXTS << RESIDUAL_BITS)] as u32;
        (e != 0).then_some((e >> 5, e & 31))
    }
}

/// Length-limited Huffman code lengths for `counts`. Every symbol gets a code
/// (counts are smoothed by one), so the code is complete.
pub fn lengths_from_counts(counts: &[u64; SYMBOLS]) -> [u8; SYMBOLS] {
    // Plain Huffman on smoothed counts.
    let mut nodes: Vec<(u64, Vec<usize>)> = counts
        .iter()
        .enumerate()
        .map(|(s, &c)| (c + 1, vec![s]))
        .collect();
    let mut depth = [0u32; SYMBOLS];
    while nodes.len() > 1 {
        nodes.sort_by(|a, b| b.0.cmp(&a.0).then(b.1[0].cmp(&a.1[0])));
        let (wa, sa) = nodes.pop().unwrap();
        let (wb, sb) = nodes.pop().unwrap();
        for &s in sa.iter().chain(sb.iter()) {
            depth[s] += 1;
        }
        let mut merged = sa;
        merged.extend(sb);
        nodes.push((wa + wb, merged));
    }
    // Limit the lengths (JPEG Annex K.3): move symbols up from the deepest level.
    let max = MAX_CODE_LEN as usize;
    let mut bl_count = vec![0u32; 64];
    for &d in &depth {
        bl_count[d as usize] += 1;
    }
    let mut i = bl_count.len() - 1;
    while i > max {
        while bl_count[i] > 0 {
            let mut j = i - 2;
            while bl_count[j] == 0 {
                j -= 1;
            }
            bl_count[i] -= 2;
            bl_count[i - 1] += 1;
            bl_count[j + 1] += 2;
            bl_count[j] -= 1;
        }
        i -= 1;
    }
    // Hand the lengths out again, most frequent symbol first.
    let mut order: Vec<usize> = (0..SYMBOLS).collect();
    order.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(a.cmp(&b)));
    let mut lengths = [0u8; SYMBOLS];
    let mut it = order.into_iter();
    for (len, &n) in bl_count.iter().enumerate().take(max + 1) {
        for _ in 0..n {
            lengths[it.next().unwrap()] = len as u8;
        }
    }
    lengths
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bits::{BitReader, BitWriter};
    use crate::profile::{ESC_LARGE, PROFILES};

    /// Every `RESIDUAL_BITS`-bit window, for every table and Rice parameter:
    /// the lookup gives what symbol-by-symbol decoding gives, and declines
    /// exactly the escapes, the codes too long for it and the out-of-range
    /// residuals.
    #[test]
    fn residual_lookup_is_symbol_decoding() {
        for p in PROFILES {
            for lengths in p.code_lengths {
                let symbols = DecodeTable::new(lengths);
                for k in 0..=p.model.max_k() {
                    let mut residuals = ResidualTables::new(1);
                    residuals.build(0, lengths, k);
                    for window in 0..1u32 << RESIDUAL_BITS {
                        let bytes = (window << (32 - RESIDUAL_BITS)).to_be_bytes();
                        let mut r = BitReader::new(&bytes);
                        let q = symbols.decode(&mut r).unwrap();
                        let m = (q as u32) << k | r.get(k).unwrap();
                        let len = lengths[q] as u32 + k;
                        let fits = q < ESC_LARGE && len <= RESIDUAL_BITS && m < CODES;
                        let expected = fits.then_some((m, len));
                        assert_eq!(residuals.residual(0, window), expected, "{} k={k}", p.name);
                    }
                }
            }
        }
    }

    fn roundtrip(lengths: &[u8; SYMBOLS]) {
        assert!(kraft_is_complete(lengths));
        let enc = EncodeTable::new(lengths);
        let dec = DecodeTable::new(lengths);
        let mut w = BitWriter::new();
        for s in 0..SYMBOLS {
            w.put(enc.code[s] as u32, enc.len[s] as u32);
        }
        let bytes = w.finish();
        let mut r = BitReader::new(&bytes);
        for s in 0..SYMBOLS {
            assert_eq!(dec.decode(&mut r).unwrap(), s);
        }
    }

    #[test]
    fn unary_rows_roundtrip() {
        roundtrip(&crate::tables::unary_row());
    }

    #[test]
    fn trained_lengths_are_limited_complete_and_roundtrip() {
        let mut counts = [0u64; SYMBOLS];
        for (s, c) in counts.iter_mut().enumerate() {
            *c = 1u64 << (40 - s.min(40)); // very skewed: forces the length limit
        }
        let l = lengths_from_counts(&counts);
        assert!(l.iter().all(|&x| x >= 1 && x as u32 <= MAX_CODE_LEN));
        roundtrip(&l);
        let flat = lengths_from_counts(&[7; SYMBOLS]);
        roundtrip(&flat);
    }

    #[test]
    fn frequent_symbols_get_short_codes() {
        let mut counts = [1u64; SYMBOLS];
        counts[3] = 1_000_000;
        let l = lengths_from_counts(&counts);
        assert_eq!(l[3], 1);
    }
}
