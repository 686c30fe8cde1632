//! The payload: N interleaved channels coded into one bit stream. Sample `i`
//! belongs to channel `i mod N` (in blocks of B samples a channel,
//! `(i / B) mod N`: `layout`); each channel has its own `ChannelState`.
//!
//! Two coders give the same bits. The reference coder is the model as
//! defined: `ChannelState`, `context`, symbol by symbol, through the symbol
//! layer `write_sample` / `read_sample`. The fast coder (`fast`) runs one
//! channel of a profile with the implant's model parameters in two passes
//! over blocks of samples. `encode` and `decode` pick the fast one where it
//! applies.

use crate::bits::{BitReader, BitWriter};
use crate::channel::{unzigzag, wrap_residual, ChannelState, Expectation, Residual};
use crate::codetable::{DecodeTable, EncodeTable};
use crate::grid::{on_grid, sample_to_code, CODES, CODE_BITS, GRID, SAMPLE_BITS};
use crate::profile::{Profile, ESC_LARGE, ESC_OFFGRID, IMPLANT, QUOTIENTS, SYMBOLS};
use crate::Error;
use alloc::vec::Vec;

mod fast;
mod layout;
pub use layout::{decode_blocked, encode_blocked, Layout};

/// Where the coder's output goes: bits, or symbol statistics for training.
pub trait Sink {
    /// A table symbol of table `table`.
    fn symbol(&mut self, table: usize, symbol: usize, code: &EncodeTable);
    /// A raw field of `len` bits.
    fn raw(&mut self, value: u32, len: u32);
    /// A table symbol and the raw field after it (`len` <= 16): one write for
    /// a bit packer, the two calls above for anything else.
    #[inline]
    fn symbol_and_raw(
        &mut self,
        table: usize,
        symbol: usize,
        code: &EncodeTable,
        value: u32,
        len: u32,
    ) {
        self.symbol(table, symbol, code);
        self.raw(value, len);
    }
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
    #[inline]
    fn symbol_and_raw(
        &mut self,
        _table: usize,
        symbol: usize,
        code: &EncodeTable,
        value: u32,
        len: u32,
    ) {
        // At most 16 + 16 bits: one field.
        let word = (code.code[symbol] as u32) << len | value;
        self.put(word, code.len[symbol] as u32 + len);
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
            counts: alloc::vec![[0; SYMBOLS]; p.model.tables()],
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
pub fn encode_sample<S: Sink>(
    p: &Profile,
    tables: &[EncodeTable],
    state: &mut ChannelState,
    sample: i16,
    sink: &mut S,
) {
    let x: Expectation = state.expect(p);
    let code = sample_to_code(sample);
    let residual = Residual::from_e(wrap_residual(code, x.prediction));
    let table = &tables[x.table];
    write_sample(
        sink,
        x.table,
        table,
        x.k,
        residual.m,
        sample,
        state.raw_mode,
    );
    state.update_residual(p, code, residual, on_grid(sample));
}

/// The bits of one sample: `sample` with zigzag residual `m`, coded with
/// code table `table` (number `table_index`) and Rice parameter `k`, in raw
/// mode or not. The bits depend on the predictor only through `m`: the fast
/// coder runs the predictor and this symbol layer as separate passes.
#[inline]
pub fn write_sample<S: Sink>(
    sink: &mut S,
    table_index: usize,
    table: &EncodeTable,
    k: u32,
    m: u32,
    sample: i16,
    raw_mode: bool,
) {
    let on = on_grid(sample);
    if raw_mode {
        // Flag bit: 1 = another off-grid sample follows raw, 0 = back to normal coding.
        sink.raw(!on as u32, 1);
    }
    if !on {
        if raw_mode {
            sink.raw(sample as u16 as u32, SAMPLE_BITS);
        } else {
            sink.symbol_and_raw(
                table_index,
                ESC_OFFGRID,
                table,
                sample as u16 as u32,
                SAMPLE_BITS,
            );
        }
    } else {
        let q = (m >> k) as usize;
        if q < QUOTIENTS {
            sink.symbol_and_raw(table_index, q, table, m & ((1 << k) - 1), k);
        } else {
            sink.symbol_and_raw(table_index, ESC_LARGE, table, m, CODE_BITS);
        }
    }
}

/// Encoder of an interleaved multi-channel stream (the reference coder).
pub struct Encoder<'p, S: Sink> {
    profile: &'p Profile,
    tables: Vec<EncodeTable>,
    channels: Vec<ChannelState>,
    /// Samples per block (`Layout`), the current channel and its samples so far.
    block: usize,
    next: usize,
    in_block: usize,
    pub sink: S,
}

impl<'p, S: Sink> Encoder<'p, S> {
    /// An encoder for `n_channels` (at least 1) writing into `sink`.
    pub fn new(profile: &'p Profile, n_channels: usize, sink: S) -> Self {
        assert!(n_channels >= 1);
        Self::with_layout(profile, Layout::interleaved(n_channels), sink)
    }

    /// An encoder of samples laid out as `layout`.
    pub fn with_layout(profile: &'p Profile, layout: Layout, sink: S) -> Self {
        Encoder {
            profile,
            tables: profile.code_lengths.iter().map(EncodeTable::new).collect(),
            channels: alloc::vec![ChannelState::new(profile); layout.channels()],
            block: layout.block(),
            next: 0,
            in_block: 0,
            sink,
        }
    }

    /// Codes the next sample of the stream.
    #[inline]
    pub fn push(&mut self, sample: i16) {
        let state = &mut self.channels[self.next];
        encode_sample(self.profile, &self.tables, state, sample, &mut self.sink);
        self.in_block += 1;
        if self.in_block == self.block {
            self.in_block = 0;
            self.next += 1;
            if self.next == self.channels.len() {
                self.next = 0;
            }
        }
    }

    /// The state of channel `c` (for co-simulation and tests).
    pub fn channel(&self, c: usize) -> &ChannelState {
        &self.channels[c]
    }
}

/// Whether the fast coder takes `p` with `n_channels`: one channel, and the
/// implant's model parameters (whatever the code tables). It then runs on
/// `IMPLANT`'s parameters instead of `p`'s: equal values, but constants the
/// compiler folds into the code (unrolled loops, immediate shifts). Without the
/// `fast` feature (the scored executables, where size counts) never.
fn fast_coder_applies(p: &Profile, n_channels: usize) -> bool {
    cfg!(feature = "fast") && n_channels == 1 && p.model == IMPLANT.model
}

/// Encodes interleaved `samples` of `n_channels` into payload bytes (zero-padded to a byte).
pub fn encode(p: &Profile, samples: &[i16], n_channels: usize) -> Vec<u8> {
    if crate::ratio::codes(p) {
        crate::ratio::encode(p, samples, n_channels)
    } else if fast_coder_applies(p, n_channels) {
        fast::encode(p.code_lengths, samples)
    } else {
        encode_reference(p, samples, n_channels)
    }
}

/// `encode` by the reference coder, which `encode` must equal (tested on
/// arbitrary streams and on every recording).
pub fn encode_reference(p: &Profile, samples: &[i16], n_channels: usize) -> Vec<u8> {
    if crate::ratio::codes(p) {
        return crate::ratio::encode_reference(p, samples, n_channels);
    }
    let mut enc = Encoder::new(
        p,
        n_channels.max(1),
        BitWriter::with_capacity(samples.len()),
    );
    for &s in samples {
        enc.push(s);
    }
    enc.sink.finish()
}

/// Fewest bytes the payload of `n` samples takes, in every profile (FORMAT.md
/// section 9): a table profile's sample takes a bit or more; a ratio payload
/// can take less and is padded by `pad`, so that a decoder's work is bounded
/// by its input (a shorter payload fails before any decoding).
pub fn min_len(n: u64) -> u64 {
    n.div_ceil(8)
}

/// Pads the payload of `n` samples with zero bytes up to `min_len(n)`.
pub fn pad(payload: &mut Vec<u8>, n: usize) {
    let min = min_len(n as u64) as usize;
    if payload.len() < min {
        payload.resize(min, 0);
    }
}

/// The container's checks of a payload of `len` bytes holding `n` samples,
/// last byte `last`, once the samples took `bits` bits: they end in its last
/// byte, whose padding bits are zero; or (padded by `pad`) they end before,
/// and `zeros_from(c)` says the bytes from `c` (those they took) are zero.
/// So no two containers decode alike. The padding changes no sample: the
/// ratio decoder reads as many bytes as `range` asks, so never reaches it
/// in a payload the encoder wrote; in a damaged one it reads zeros, as past
/// an unpadded end, and what it read must still end with `code` 0.
pub fn check_end<E: From<Error>>(
    bits: u64,
    n: u64,
    len: u64,
    last: Option<u8>,
    zeros_from: impl FnOnce(u64) -> Result<bool, E>,
) -> Result<(), E> {
    let coded = bits.div_ceil(8);
    let pad = (8 - bits % 8) % 8;
    let ok = if coded == len {
        pad == 0 || last.unwrap_or(0) & ((1u8 << pad) - 1) == 0
    } else {
        // Else usually a damaged payload whose samples ended early.
        coded < len && len == min_len(n) && zeros_from(coded)?
    };
    match ok {
        true => Ok(()),
        false => Err(Error::Corrupt.into()),
    }
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
    if crate::ratio::codes(p) {
        crate::ratio::decode(p, payload, n_channels, n_samples, out)
    } else if fast_coder_applies(p, n_channels) {
        fast::decode(p.code_lengths, payload, n_samples, out)
    } else {
        decode_reference(p, payload, n_channels, n_samples, out)
    }
}

/// `decode` by the reference coder, which `decode` must equal (tested on
/// arbitrary bytes and on every recording).
pub fn decode_reference(
    p: &Profile,
    payload: &[u8],
    n_channels: usize,
    n_samples: usize,
    out: &mut Vec<i16>,
) -> Result<u64, Error> {
    if crate::ratio::codes(p) {
        return crate::ratio::decode_reference(p, payload, n_channels, n_samples, out);
    }
    if n_channels == 0 {
        return Err(Error::Corrupt);
    }
    layout::decode_by_layout(p, payload, Layout::interleaved(n_channels), n_samples, out)
}

/// Appends `n_samples` samples to `out`, as `decode_all` writes them into
/// place; on an error `out` is cut back to what it held.
fn decode_into(
    out: &mut Vec<i16>,
    n_samples: usize,
    decode_all: impl FnOnce(&mut [i16]) -> Result<(), Error>,
) -> Result<(), Error> {
    let start = out.len();
    out.resize(start + n_samples, 0);
    let decoded = decode_all(&mut out[start..]);
    if decoded.is_err() {
        out.truncate(start);
    }
    decoded
}

/// Decodes the next sample of the channel in `state` symbol by symbol, and
/// updates the channel: the reference coder.
pub(crate) fn decode_sample(
    p: &Profile,
    symbols: &[DecodeTable],
    state: &mut ChannelState,
    r: &mut BitReader,
) -> Result<i16, Error> {
    let x = state.expect(p);
    let (sample, code) = match read_sample(r, &symbols[x.table], x.k, state.raw_mode)? {
        Coded::Verbatim(sample) => (sample, sample_to_code(sample)),
        Coded::Residual(m) => {
            let code = residual_code(x.prediction, m);
            (GRID[code as usize], code)
        }
    };
    let residual = Residual::from_e(wrap_residual(code, x.prediction));
    state.update_residual(p, code, residual, on_grid(sample));
    Ok(sample)
}

/// What the bits of one sample carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coded {
    /// A grid sample, as its zigzag residual (below `CODES`).
    Residual(u32),
    /// A sample sent verbatim (always off the grid).
    Verbatim(i16),
}

/// Reads the bits `write_sample` writes: code table `table`, Rice parameter
/// `k`, in raw mode or not. Only what `write_sample` can write is accepted,
/// so that no two payloads decode alike: anything else is `Error::Corrupt`
/// (a verbatim sample on the grid, an off-grid escape after a raw flag of 0,
/// a large-residual escape whose value a table quotient codes).
#[inline]
pub fn read_sample(
    r: &mut BitReader,
    table: &DecodeTable,
    k: u32,
    raw_mode: bool,
) -> Result<Coded, Error> {
    let raw = raw_mode && r.get(1)? == 1;
    let symbol = if raw { ESC_OFFGRID } else { table.decode(r)? };
    let coded = match symbol {
        ESC_OFFGRID => Coded::Verbatim(r.get(SAMPLE_BITS)? as u16 as i16),
        ESC_LARGE => Coded::Residual(r.get(CODE_BITS)?),
        q => Coded::Residual(((q as u32) << k) | r.get(k)?),
    };
    let canonical = match coded {
        // In raw mode only the flag introduces a verbatim sample.
        Coded::Verbatim(sample) => !on_grid(sample) && (raw || !raw_mode),
        // The escape exactly when no quotient codes `m`.
        Coded::Residual(m) => {
            m < CODES && (symbol == ESC_LARGE) == ((m >> k) as usize >= QUOTIENTS)
        }
    };
    match canonical {
        true => Ok(coded),
        false => Err(Error::Corrupt),
    }
}

/// The code of zigzag residual `m` (< `CODES`) from `prediction`.
#[inline(always)]
pub fn residual_code(prediction: u32, m: u32) -> u32 {
    (prediction as i32 + unzigzag(m)) as u32 & (CODES - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::code_to_sample;
    use crate::profile::PROFILES;
    use alloc::vec;

    fn roundtrip(samples: &[i16], n: usize) {
        for p in PROFILES.iter().chain([&crate::profile::RATIO]) {
            let bytes = encode(p, samples, n);
            let mut out = Vec::new();
            let bits = decode(p, &bytes, n, samples.len(), &mut out).unwrap();
            assert_eq!(out, samples, "profile {}", p.name);
            assert_eq!(bits.div_ceil(8), bytes.len() as u64, "profile {}", p.name);
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
            let bound = p.model.max_sample_bits() as usize + 17 * (s.len() - 1);
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
