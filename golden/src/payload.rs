//! The payload: N interleaved channels coded into one bit stream. Sample `i`
//! belongs to channel `i mod N`; each channel has its own `ChannelState`.

use crate::bits::{BitReader, BitWriter};
use crate::channel::{unzigzag, wrap_residual, zigzag, ChannelState, Expectation};
use crate::codetable::{DecodeTable, EncodeTable};
use crate::grid::{on_grid, sample_to_code, CODES, CODE_BITS, GRID, SAMPLE_BITS};
use crate::profile::{Profile, ESC_LARGE, ESC_OFFGRID, QUOTIENTS, SYMBOLS};
use crate::Error;
use alloc::vec::Vec;

/// Where the coder's output goes: bits, or symbol statistics for training.
pub trait Sink {
    /// A table symbol of table `table`.
    fn symbol(&mut self, table: usize, symbol: usize, code: &EncodeTable);
    /// A raw field of `len` bits.
    fn raw(&mut self, value: u32, len: u32);
}

impl Sink for BitWriter {
    #[inline]
    fn symbol(&mut self, _table: usize, symbol: usize, code: &EncodeTable) {
        self.put(code.code[symbol] as u32, code.len[symbol] as u32);
    }
    #[inline]
    fn raw(&mut self, value: u32, len: u32) {
        self.put(value, len);
    }
}

/// Counts table symbols (for training code tables) and raw bits.
pub struct SymbolCounts {
    pub counts: Vec<[u64; SYMBOLS]>,
    pub raw_bits: u64,
    pub table_bits: u64,
}

impl SymbolCounts {
    pub fn new(p: &Profile) -> Self {
        SymbolCounts {
            counts: alloc::vec![[0; SYMBOLS]; p.tables()],
            raw_bits: 0,
            table_bits: 0,
        }
    }
}

impl Sink for SymbolCounts {
    fn symbol(&mut self, table: usize, symbol: usize, code: &EncodeTable) {
        self.counts[table][symbol] += 1;
        self.table_bits += code.len[symbol] as u64;
    }
    fn raw(&mut self, _value: u32, len: u32) {
        self.raw_bits += len as u64;
    }
}

/// Codes one sample of one channel into `sink` and updates the channel.
#[inline]
pub fn encode_sample<S: Sink>(
    p: &Profile,
    tables: &[EncodeTable],
    state: &mut ChannelState,
    sample: i16,
    sink: &mut S,
) {
    let x: Expectation = state.expect(p);
    let code = sample_to_code(sample);
    let on = on_grid(sample);
    if state.raw_mode {
        // Flag bit: 1 = another off-grid sample follows raw, 0 = back to normal coding.
        sink.raw(!on as u32, 1);
    }
    if !on {
        if !state.raw_mode {
            sink.symbol(x.table, ESC_OFFGRID, &tables[x.table]);
        }
        sink.raw(sample as u16 as u32, SAMPLE_BITS);
    } else {
        let m = zigzag(wrap_residual(code, x.prediction));
        let q = (m >> x.k) as usize;
        if q < QUOTIENTS {
            sink.symbol(x.table, q, &tables[x.table]);
            sink.raw(m & ((1 << x.k) - 1), x.k);
        } else {
            sink.symbol(x.table, ESC_LARGE, &tables[x.table]);
            sink.raw(m, CODE_BITS);
        }
    }
    state.update(p, &x, code, on);
}

/// Encoder of an interleaved multi-channel stream.
pub struct Encoder<'p, S: Sink> {
    profile: &'p Profile,
    tables: Vec<EncodeTable>,
    channels: Vec<ChannelState>,
    next: usize,
    pub sink: S,
}

impl<'p, S: Sink> Encoder<'p, S> {
    /// An encoder for `n_channels` (at least 1) writing into `sink`.
    pub fn new(profile: &'p Profile, n_channels: usize, sink: S) -> Self {
        assert!(n_channels >= 1);
        Encoder {
            profile,
            tables: profile.code_lengths.iter().map(EncodeTable::new).collect(),
            channels: alloc::vec![ChannelState::new(profile); n_channels],
            next: 0,
            sink,
        }
    }

    /// Codes the next sample of the interleaved stream.
    #[inline]
    pub fn push(&mut self, sample: i16) {
        let st = &mut self.channels[self.next];
        encode_sample(self.profile, &self.tables, st, sample, &mut self.sink);
        self.next += 1;
        if self.next == self.channels.len() {
            self.next = 0;
        }
    }

    /// The state of channel `c` (for co-simulation and tests).
    pub fn channel(&self, c: usize) -> &ChannelState {
        &self.channels[c]
    }
}

/// Encodes interleaved `samples` of `n_channels` into payload bytes (zero-padded to a byte).
pub fn encode(p: &Profile, samples: &[i16], n_channels: usize) -> Vec<u8> {
    let mut enc = Encoder::new(p, n_channels, BitWriter::new());
    for &s in samples {
        enc.push(s);
    }
    enc.sink.finish()
}

/// Decodes `n_samples` interleaved samples of `n_channels` from `payload` into
/// `out`. Returns the number of payload bits consumed.
pub fn decode(
    p: &Profile,
    payload: &[u8],
    n_channels: usize,
    n_samples: usize,
    out: &mut Vec<i16>,
) -> Result<u64, Error> {
    if n_channels == 0 {
        return Err(Error::Corrupt);
    }
    let tables: Vec<DecodeTable> = p.code_lengths.iter().map(DecodeTable::new).collect();
    let mut channels = alloc::vec![ChannelState::new(p); n_channels];
    let mut r = BitReader::new(payload);
    out.reserve(n_samples);
    let mut c = 0;
    for _ in 0..n_samples {
        let st = &mut channels[c];
        let x = st.expect(p);
        let raw_follows = if st.raw_mode { r.get(1)? == 1 } else { false };
        let sample = if raw_follows {
            r.get(SAMPLE_BITS)? as u16 as i16
        } else {
            match tables[x.table].decode(&mut r)? {
                ESC_OFFGRID => r.get(SAMPLE_BITS)? as u16 as i16,
                ESC_LARGE => {
                    let m = r.get(CODE_BITS)?;
                    residual_to_sample(x.prediction, m)
                }
                q => {
                    let m = ((q as u32) << x.k) | r.get(x.k)?;
                    if m >= CODES {
                        return Err(Error::Corrupt);
                    }
                    residual_to_sample(x.prediction, m)
                }
            }
        };
        st.update(p, &x, sample_to_code(sample), on_grid(sample));
        out.push(sample);
        c += 1;
        if c == n_channels {
            c = 0;
        }
    }
    Ok(r.bit_pos())
}

#[inline]
fn residual_to_sample(prediction: u32, m: u32) -> i16 {
    let code = (prediction as i32 + unzigzag(m)) as u32 & (CODES - 1);
    GRID[code as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::code_to_sample;
    use crate::profile::PROFILES;
    use alloc::vec;

    fn roundtrip(samples: &[i16], n: usize) {
        for p in PROFILES {
            let bytes = encode(p, samples, n);
            let mut out = Vec::new();
            let bits = decode(p, &bytes, n, samples.len(), &mut out).unwrap();
            assert_eq!(out, samples, "profile {}", p.name);
            assert_eq!((bits + 7) / 8, bytes.len() as u64, "profile {}", p.name);
        }
    }

    #[test]
    fn grid_ramps_and_extremes_roundtrip() {
        let s: Vec<i16> = (0..5000u32)
            .map(|i| code_to_sample((i * 7) % 1024))
            .collect();
        roundtrip(&s, 1);
        roundtrip(&s, 3);
        let alt: Vec<i16> = (0..2000)
            .map(|i| if i % 2 == 0 { i16::MIN } else { i16::MAX })
            .collect();
        roundtrip(&alt, 1);
    }

    #[test]
    fn off_grid_samples_roundtrip_and_cost_at_most_17_bits_each() {
        let s: Vec<i16> = (0..4000i32)
            .map(|i| (i * 37 + 1) as i16)
            .filter(|&v| !on_grid(v))
            .collect();
        roundtrip(&s, 1);
        roundtrip(&s, 2);
        for p in PROFILES {
            let bytes = encode(p, &s, 1);
            // One escape to enter raw mode, then 17 bits per sample.
            let bound = p.max_sample_bits() as usize + 17 * (s.len() - 1);
            assert!(
                bytes.len() * 8 <= bound + 7,
                "{}: {} bits",
                p.name,
                bytes.len() * 8
            );
        }
    }

    #[test]
    fn mixed_on_and_off_grid_roundtrip() {
        let mut s = vec![];
        for i in 0..3000i32 {
            s.push(if i % 5 == 0 {
                (i * 11) as i16
            } else {
                code_to_sample((i as u32 * 3) % 1024)
            });
        }
        roundtrip(&s, 1);
        roundtrip(&s, 4);
    }

    #[test]
    fn truncated_payload_is_an_error_not_a_panic() {
        let s: Vec<i16> = (0..1000u32)
            .map(|i| code_to_sample((i * 13) % 1024))
            .collect();
        let bytes = encode(&crate::profile::IMPLANT, &s, 1);
        let mut out = Vec::new();
        let r = decode(
            &crate::profile::IMPLANT,
            &bytes[..bytes.len() / 2],
            1,
            s.len(),
            &mut out,
        );
        assert_eq!(r, Err(Error::Truncated));
    }
}
