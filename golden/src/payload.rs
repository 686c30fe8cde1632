//! The payload: N interleaved channels coded into one bit stream. Sample `i`
//! belongs to channel `i mod N`; each channel has its own `ChannelState`.
//!
//! Two coders give the same bits. The reference coder is the model as
//! defined: `ChannelState`, `context`, symbol by symbol. The fast coder runs
//! one channel of a profile with the implant's model parameters on
//! `ChannelLanes`, `ContextTable` and whole-residual lookups, and hands its
//! rare cases (raw mode, off-grid samples, escapes, long codes) to the
//! reference coder. `encode` and `decode` pick the fast one where it applies.

use crate::bits::{BitReader, BitWriter};
use crate::channel::{
    unzigzag, wrap_residual, ChannelLanes, ChannelState, Context, ContextTable, Expectation,
    Residual,
};
use crate::codetable::{DecodeTable, EncodeTable, ResidualTables, RESIDUAL_BITS};
use crate::grid::{on_grid, sample_to_code, CODES, CODE_BITS, GRID, SAMPLE_BITS};
use crate::profile::{Profile, ESC_LARGE, ESC_OFFGRID, IMPLANT, QUOTIENTS, SYMBOLS};
use crate::Error;
use alloc::vec::Vec;

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
    let table = &tables[x.table];
    if state.raw_mode {
        // Flag bit: 1 = another off-grid sample follows raw, 0 = back to normal coding.
        sink.raw(!on as u32, 1);
    }
    let residual = Residual::from_e(wrap_residual(code, x.prediction));
    if !on {
        if state.raw_mode {
            sink.raw(sample as u16 as u32, SAMPLE_BITS);
        } else {
            sink.symbol_and_raw(
                x.table,
                ESC_OFFGRID,
                table,
                sample as u16 as u32,
                SAMPLE_BITS,
            );
        }
    } else {
        let (m, k) = (residual.m, x.k);
        let q = (m >> k) as usize;
        if q < QUOTIENTS {
            sink.symbol_and_raw(x.table, q, table, m & ((1 << k) - 1), k);
        } else {
            sink.symbol_and_raw(x.table, ESC_LARGE, table, m, CODE_BITS);
        }
    }
    state.update_residual(p, code, residual, on);
}

/// Encoder of an interleaved multi-channel stream (the reference coder).
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
        let state = &mut self.channels[self.next];
        encode_sample(self.profile, &self.tables, state, sample, &mut self.sink);
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

/// Whether the fast coder takes `p` with `n_channels`: one channel, and the
/// implant's model parameters (whatever the code tables). It then runs on
/// `IMPLANT`'s parameters instead of `p`'s: equal values, but constants the
/// compiler folds into the code (unrolled loops, immediate shifts). Without the
/// `fast` feature (the scored executables, where size counts) never.
fn fast_coder_applies(p: &Profile, n_channels: usize) -> bool {
    // Every field named: a new model parameter must be compared here too.
    let Profile {
        name: _,
        id: _,
        code_lengths: _,
        taps,
        delta_bits,
        weight_bits,
        weight_frac,
        lms_delay,
        activity_shift,
        activity_init,
        k_offset,
    } = *p;
    let i = &IMPLANT;
    cfg!(feature = "fast")
        && n_channels == 1
        && (taps, delta_bits, weight_bits, weight_frac, lms_delay)
            == (
                i.taps,
                i.delta_bits,
                i.weight_bits,
                i.weight_frac,
                i.lms_delay,
            )
        && (activity_shift, activity_init, k_offset)
            == (i.activity_shift, i.activity_init, i.k_offset)
}

/// Encodes interleaved `samples` of `n_channels` into payload bytes (zero-padded to a byte).
pub fn encode(p: &Profile, samples: &[i16], n_channels: usize) -> Vec<u8> {
    if fast_coder_applies(p, n_channels) {
        encode_fast(p.code_lengths, samples)
    } else {
        encode_reference(p, samples, n_channels)
    }
}

/// `encode` by the reference coder, which `encode` must equal (tested on
/// arbitrary streams and on every recording).
pub fn encode_reference(p: &Profile, samples: &[i16], n_channels: usize) -> Vec<u8> {
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

/// The fast coder's `encode` of one channel on the implant's model with code
/// tables `code_lengths`. Out of line: one copy of the loop, the same machine
/// code for every caller.
#[inline(never)]
fn encode_fast(code_lengths: &[[u8; SYMBOLS]], samples: &[i16]) -> Vec<u8> {
    let p = &IMPLANT;
    let encoder = FastEncoder::new(p, code_lengths);
    let mut state = ChannelLanes::new(p);
    // About 5 bits a sample on recordings: room for 8 before the writer grows.
    let mut bits = BitWriter::with_capacity(samples.len());
    for &sample in samples {
        let field = encoder.field(p, &mut state, sample);
        bits.put(field.value, field.len);
    }
    bits.finish()
}

/// The bits of one sample: at most 32 (`Profile::max_sample_bits`).
#[derive(Clone, Copy, Default, Debug)]
struct Field {
    value: u32,
    len: u32,
}

/// Collects what `encode_sample` writes for one sample into a `Field`.
impl Sink for Field {
    fn symbol(&mut self, _table: usize, symbol: usize, code: &EncodeTable) {
        self.raw(code.code[symbol] as u32, code.len[symbol] as u32);
    }
    fn raw(&mut self, value: u32, len: u32) {
        debug_assert!(self.len + len <= 32);
        self.value = ((self.value as u64) << len) as u32 | value;
        self.len += len;
    }
}

/// What the fast encoder looks codes up in.
struct FastEncoder {
    /// Per code table, for the reference coder's rare cases.
    tables: Vec<EncodeTable>,
    /// Per context and quotient `q`: the field of residual `m` is this plus
    /// `m`. With `m = q << k | low`, the code followed by `low` in `k` bits is
    /// `code << k | low = (code - q) << k + m`: so the value stored is
    /// `(code - q) << k` (wrapping), the length `len + k`.
    fields: Vec<[Field; QUOTIENTS]>,
    contexts: ContextTable,
}

impl FastEncoder {
    fn new(p: &Profile, code_lengths: &[[u8; SYMBOLS]]) -> Self {
        let tables: Vec<EncodeTable> = code_lengths.iter().map(EncodeTable::new).collect();
        let contexts = ContextTable::new(p);
        let fields = contexts
            .distinct()
            .map(|c| {
                let (table, k) = (&tables[c.table()], c.k());
                core::array::from_fn(|q| Field {
                    value: (table.code[q] as u32)
                        .wrapping_sub(q as u32)
                        .wrapping_shl(k),
                    len: table.len[q] as u32 + k,
                })
            })
            .collect();
        FastEncoder {
            tables,
            fields,
            contexts,
        }
    }

    /// The bits of one sample, and its channel updated.
    #[inline(always)]
    fn field(&self, p: &Profile, state: &mut ChannelLanes, sample: i16) -> Field {
        let context = self.contexts.get(state.activity());
        let code = sample_to_code(sample);
        let residual = Residual::from_e(wrap_residual(code, state.predict(p)));
        let (m, k) = (residual.m, context.k());
        let q = (m >> k) as usize;
        if !state.raw_mode() && on_grid(sample) && q < QUOTIENTS {
            // The common case: a quotient code and its raw bits.
            state.update_residual(p, code, residual, true);
            let field = self.fields[context.index()][q];
            Field {
                value: field.value.wrapping_add(m),
                len: field.len,
            }
        } else {
            let field;
            (field, *state) = self.rare_field(p, *state, sample);
            field
        }
    }

    /// The rare cases, by the reference coder. Out of line, and given the
    /// state by value: so that it need not live in memory in the loop.
    #[cold]
    #[inline(never)]
    fn rare_field(&self, p: &Profile, lanes: ChannelLanes, sample: i16) -> (Field, ChannelLanes) {
        let mut state = lanes.to_state(p);
        let mut field = Field::default();
        encode_sample(p, &self.tables, &mut state, sample, &mut field);
        (field, ChannelLanes::from_state(p, &state))
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
    if fast_coder_applies(p, n_channels) {
        decode_fast(p.code_lengths, payload, n_samples, out)
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
    if n_channels == 0 {
        return Err(Error::Corrupt);
    }
    let symbols: Vec<DecodeTable> = p.code_lengths.iter().map(DecodeTable::new).collect();
    let mut channels = alloc::vec![ChannelState::new(p); n_channels];
    let mut r = BitReader::new(payload);
    decode_into(out, n_samples, |samples| {
        for frame in samples.chunks_mut(n_channels) {
            for (sample, state) in frame.iter_mut().zip(&mut channels) {
                *sample = decode_sample(p, &symbols, state, &mut r)?;
            }
        }
        Ok(())
    })?;
    Ok(r.bit_pos())
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
fn decode_sample(
    p: &Profile,
    symbols: &[DecodeTable],
    state: &mut ChannelState,
    r: &mut BitReader,
) -> Result<i16, Error> {
    let x = state.expect(p);
    let raw_follows = state.raw_mode && r.get(1)? == 1;
    let (sample, code, on) = if raw_follows {
        verbatim(r.get(SAMPLE_BITS)?)
    } else {
        match symbols[x.table].decode(r)? {
            ESC_OFFGRID => verbatim(r.get(SAMPLE_BITS)?),
            ESC_LARGE => from_residual(x.prediction, r.get(CODE_BITS)?),
            q => {
                let m = ((q as u32) << x.k) | r.get(x.k)?;
                if m >= CODES {
                    return Err(Error::Corrupt);
                }
                from_residual(x.prediction, m)
            }
        }
    };
    let residual = Residual::from_e(wrap_residual(code, x.prediction));
    state.update_residual(p, code, residual, on);
    Ok(sample)
}

/// A sample sent verbatim: (sample, code, on the grid).
fn verbatim(bits: u32) -> (i16, u32, bool) {
    let sample = bits as u16 as i16;
    (sample, sample_to_code(sample), on_grid(sample))
}

/// The grid sample of zigzag residual `m` (< 1024) from `prediction`: (sample, code, true).
fn from_residual(prediction: u32, m: u32) -> (i16, u32, bool) {
    let code = (prediction as i32 + unzigzag(m)) as u32 & (CODES - 1);
    (GRID[code as usize], code, true)
}

/// The fast coder's `decode` of one channel on the implant's model with code
/// tables `code_lengths`. Out of line, as `encode_fast`.
#[inline(never)]
fn decode_fast(
    code_lengths: &'static [[u8; SYMBOLS]],
    payload: &[u8],
    n_samples: usize,
    out: &mut Vec<i16>,
) -> Result<u64, Error> {
    let p = &IMPLANT;
    let mut decoder = FastDecoder::new(p, code_lengths);
    let mut state = ChannelLanes::new(p);
    let mut r = BitReader::new(payload);
    decode_into(out, n_samples, |samples| {
        for sample in samples {
            *sample = decoder.sample(p, &mut state, &mut r)?;
        }
        Ok(())
    })?;
    Ok(r.bit_pos())
}

/// What the fast decoder looks symbols up in.
struct FastDecoder {
    /// Per code table, for the reference coder's rare cases.
    symbols: Vec<DecodeTable>,
    contexts: ContextTable,
    /// Per context: whole residuals, built when the context first occurs.
    residuals: ResidualTables,
    code_lengths: &'static [[u8; SYMBOLS]],
}

impl FastDecoder {
    fn new(p: &Profile, code_lengths: &'static [[u8; SYMBOLS]]) -> Self {
        let contexts = ContextTable::new(p);
        FastDecoder {
            symbols: code_lengths.iter().map(DecodeTable::new).collect(),
            residuals: ResidualTables::new(contexts.count()),
            contexts,
            code_lengths,
        }
    }

    /// Decodes the next sample and updates the channel.
    #[inline(always)]
    fn sample(
        &mut self,
        p: &Profile,
        state: &mut ChannelLanes,
        r: &mut BitReader,
    ) -> Result<i16, Error> {
        // All of one sample's bits (at most 33) are buffered after one refill.
        r.refill();
        let context = self.contexts.get(state.activity());
        if !state.raw_mode() {
            // The common case: a quotient code and its raw bits, in one lookup.
            let bits = r.peek(RESIDUAL_BITS);
            if let Some((m, len)) = self.residuals.residual(context.index(), bits) {
                r.skip(len)?;
                let residual = Residual::from_m(m);
                let code = (state.predict(p) as i32 + residual.e) as u32 & (CODES - 1);
                state.update_residual(p, code, residual, true);
                return Ok(GRID[code as usize]);
            }
        }
        let (sample, lanes, reader) = self.rare_sample(p, context, *state, *r)?;
        (*state, *r) = (lanes, reader);
        Ok(sample)
    }

    /// The rare cases, by the reference coder (and a context's first use).
    /// Out of line, and given the state and the reader by value: so that
    /// they need not live in memory in the loop.
    #[cold]
    #[inline(never)]
    fn rare_sample<'a>(
        &mut self,
        p: &Profile,
        context: Context,
        lanes: ChannelLanes,
        mut r: BitReader<'a>,
    ) -> Result<(i16, ChannelLanes, BitReader<'a>), Error> {
        if !self.residuals.is_built(context.index()) {
            let lengths = &self.code_lengths[context.table()];
            self.residuals.build(context.index(), lengths, context.k());
        }
        let mut state = lanes.to_state(p);
        let sample = decode_sample(p, &self.symbols, &mut state, &mut r)?;
        Ok((sample, ChannelLanes::from_state(p, &state), r))
    }
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
