//! The fast coder: one channel of a profile with the implant's model
//! parameters, the same bits as the reference coder.
//!
//! A sample's bits depend on the predictor only through its zigzag residual
//! `m` (see `write_sample`), and the predictor depends on the bits only
//! through the codes. The encoder uses this: it knows every code in advance,
//! so it runs the predictor over a block of samples (`BlockPredictor`: codes
//! in, residuals out), then the entropy coder over the same block (the
//! activity and context, the raw-mode flag and the bit stream: residuals in,
//! bits out). Each pass is a short loop with its state in registers. The
//! decoder needs each code before the next prediction, so it runs one loop
//! over both (`PredictorLanes` and a residual lookup), which lets the
//! out-of-order core overlap the two loop-carried paths.
//!
//! The common case of each entropy coder is one table lookup: the whole field
//! of a residual, or the whole residual of the next bits. The rare cases
//! (off-grid samples, raw mode, long codes) go through the reference coder's
//! symbol layer, `write_sample` and `read_sample`.

use super::{decode_into, read_sample, residual_code, write_sample, Coded};
use crate::bits::{BitReader, BitWriter};
use crate::channel::{
    unzigzag, wrap_residual, zigzag, ChannelState, ImplantBlock, PredictorLanes, BLOCK,
};
use crate::codetable::{DecodeTable, EncodeTable, ResidualTables, RESIDUAL_BITS};
use crate::context::{next_activity, Context, ContextTable, MAX_CONTEXTS};
use crate::grid::{on_grid, sample_to_code, CODE_BITS, GRID};
use crate::profile::{Profile, ESC_LARGE, IMPLANT, QUOTIENTS, SYMBOLS};
use crate::Error;
use alloc::boxed::Box;
use alloc::vec::Vec;

/// `encode` of one channel on the implant's model with code tables
/// `code_lengths`. It runs on `IMPLANT`'s parameters, which equal those of
/// every profile it is used for (`fast_coder_applies`), as constants the
/// compiler folds into the code. Out of line: one copy of the loops.
#[inline(never)]
pub(super) fn encode(code_lengths: &[[u8; SYMBOLS]], samples: &[i16]) -> Vec<u8> {
    let p = &IMPLANT;
    let mut predictor = ImplantBlock::new(p);
    // About 5 bits a sample on recordings: room for 8 before the writer grows.
    let bits = BitWriter::with_capacity(samples.len());
    let mut entropy = EntropyEncoder::new(p, code_lengths, bits);
    let mut residuals = [0u16; BLOCK];
    for block in samples.chunks(BLOCK) {
        let residuals = &mut residuals[..block.len()];
        let all_on_grid = predictor.residuals(p, block, residuals);
        entropy.code_block(p, block, residuals, all_on_grid);
    }
    entropy.bits.finish()
}

/// The bits of one sample: at most 32 (`Profile::max_sample_bits`).
#[derive(Clone, Copy, Default, Debug)]
struct Field {
    value: u32,
    len: u32,
}

/// The encoder's entropy coder.
struct EntropyEncoder {
    /// Per code table, for the rare cases.
    tables: Vec<EncodeTable>,
    contexts: ContextTable,
    /// Per context number and quotient `q`: the field of an on-grid residual
    /// `m` is this plus `m`. With `m = q << k | low`, the code followed by
    /// `low` in `k` bits is `code << k | low = (code - q) << k + m`: so the
    /// value stored is `(code - q) << k` (wrapping), the length `len + k`.
    /// Entry `QUOTIENTS` is the large-residual escape: the escape code, then
    /// `m` in `CODE_BITS` bits, which is `code << CODE_BITS` plus `m`.
    /// A fixed number of rows, so that a masked index needs no bounds check.
    fields: Box<[[Field; QUOTIENTS + 1]; MAX_CONTEXTS]>,
    /// `ChannelState::activity`.
    activity: u32,
    /// `ChannelState::raw_mode`.
    raw_mode: bool,
    bits: BitWriter,
}

impl EntropyEncoder {
    fn new(p: &Profile, code_lengths: &[[u8; SYMBOLS]], bits: BitWriter) -> Self {
        let tables: Vec<EncodeTable> = code_lengths.iter().map(EncodeTable::new).collect();
        let contexts = ContextTable::new(p);
        let mut fields = Box::new([[Field::default(); QUOTIENTS + 1]; MAX_CONTEXTS]);
        for (row, c) in fields.iter_mut().zip(contexts.distinct()) {
            *row = {
                let (table, k) = (&tables[c.table()], c.k());
                core::array::from_fn(|q| match q {
                    ESC_LARGE => Field {
                        value: (table.code[q] as u32) << CODE_BITS,
                        len: table.len[q] as u32 + CODE_BITS,
                    },
                    _ => Field {
                        value: (table.code[q] as u32)
                            .wrapping_sub(q as u32)
                            .wrapping_shl(k),
                        len: table.len[q] as u32 + k,
                    },
                })
            };
        }
        let start = ChannelState::new(p);
        EntropyEncoder {
            tables,
            fields,
            contexts,
            activity: start.activity,
            raw_mode: start.raw_mode,
            bits,
        }
    }

    /// Codes the samples of `block`, whose zigzag residuals are `residuals`.
    #[inline(always)]
    fn code_block(&mut self, p: &Profile, block: &[i16], residuals: &[u16], all_on_grid: bool) {
        if all_on_grid && !self.raw_mode {
            self.code_on_grid(p, residuals);
        } else {
            self.code_any(p, block, residuals);
        }
    }

    /// The common case: every sample on the grid, not in raw mode. One field
    /// lookup a sample.
    #[inline(always)]
    fn code_on_grid(&mut self, p: &Profile, residuals: &[u16]) {
        // Locals, so that the writer's vector stays in registers.
        let mut activity = self.activity;
        let mut bits = core::mem::take(&mut self.bits);
        let (contexts, fields) = (&self.contexts, &*self.fields);
        for &m in residuals {
            let m = m as u32;
            let context = contexts.get(p, activity);
            activity = next_activity(p, activity, m);
            let q = ((m >> context.k()) as usize).min(ESC_LARGE);
            let field = fields[context.index() % MAX_CONTEXTS][q];
            bits.put(field.value.wrapping_add(m), field.len);
        }
        (self.activity, self.bits) = (activity, bits);
    }

    /// Any samples, by the symbol layer.
    #[cold]
    #[inline(never)]
    fn code_any(&mut self, p: &Profile, block: &[i16], residuals: &[u16]) {
        for (&sample, &m) in block.iter().zip(residuals) {
            let m = m as u32;
            let context = self.contexts.get(p, self.activity);
            let (table, k) = (context.table(), context.k());
            let raw_mode = self.raw_mode;
            write_sample(
                &mut self.bits,
                table,
                &self.tables[table],
                k,
                m,
                sample,
                raw_mode,
            );
            self.activity = next_activity(p, self.activity, m);
            self.raw_mode = !on_grid(sample);
        }
    }
}

/// `decode` of one channel on the implant's model with code tables
/// `code_lengths`, as `encode`. One pass, not two: the decoder's predictor
/// needs each code before the next prediction, so its loop-carried path is
/// long, and in one loop the out-of-order core overlaps it with the entropy
/// decoder's instead of running the two one after the other.
#[inline(never)]
pub(super) fn decode(
    code_lengths: &'static [[u8; SYMBOLS]],
    payload: &[u8],
    n_samples: usize,
    out: &mut Vec<i16>,
) -> Result<u64, Error> {
    let p = &IMPLANT;
    let mut entropy = EntropyDecoder::new(p, code_lengths);
    let mut r = BitReader::new(payload);
    decode_into(out, n_samples, |samples| {
        let mut channel = Channel::new(p);
        for sample in samples {
            // All of one sample's bits (at most 33) are buffered after one refill.
            r.refill();
            let context = entropy.contexts.get(p, channel.activity);
            if !channel.raw_mode {
                // The common case: a quotient code and its raw bits, in one lookup.
                let bits = r.peek(RESIDUAL_BITS);
                if let Some((m, len)) = entropy.residuals.residual(context.index(), bits) {
                    r.skip(len)?;
                    *sample = channel.decoded(p, m);
                    continue;
                }
            }
            (*sample, channel, r) = entropy.read_rare(p, context, channel, r)?;
        }
        Ok(())
    })?;
    Ok(r.bit_pos())
}

/// One channel's state in the decoder.
#[derive(Clone, Copy)]
struct Channel {
    predictor: PredictorLanes,
    /// `ChannelState::activity`.
    activity: u32,
    /// `ChannelState::raw_mode`.
    raw_mode: bool,
}

impl Channel {
    /// The state of `ChannelState::new`.
    fn new(p: &Profile) -> Self {
        let start = ChannelState::new(p);
        Channel {
            predictor: PredictorLanes::new(p),
            activity: start.activity,
            raw_mode: start.raw_mode,
        }
    }

    /// The sample of zigzag residual `m`, folded into the state.
    #[inline(always)]
    fn decoded(&mut self, p: &Profile, m: u32) -> i16 {
        let code = residual_code(self.predictor.predict(p), m);
        self.predictor.update(p, code, unzigzag(m).signum() as i16);
        self.activity = next_activity(p, self.activity, m);
        self.raw_mode = false;
        GRID[code as usize]
    }

    /// `sample`, sent verbatim, folded into the state.
    fn verbatim(&mut self, p: &Profile, sample: i16) {
        let code = sample_to_code(sample);
        let e = wrap_residual(code, self.predictor.predict(p));
        self.predictor.update(p, code, e.signum() as i16);
        self.activity = next_activity(p, self.activity, zigzag(e));
        self.raw_mode = !on_grid(sample);
    }
}

/// The decoder's entropy coder: the tables that turn bits into residuals.
struct EntropyDecoder {
    /// Per code table, for the rare cases.
    symbols: Vec<DecodeTable>,
    contexts: ContextTable,
    /// Per context: whole residuals, built when the context first occurs.
    residuals: ResidualTables,
    code_lengths: &'static [[u8; SYMBOLS]],
}

impl EntropyDecoder {
    fn new(p: &Profile, code_lengths: &'static [[u8; SYMBOLS]]) -> Self {
        let contexts = ContextTable::new(p);
        EntropyDecoder {
            symbols: code_lengths.iter().map(DecodeTable::new).collect(),
            residuals: ResidualTables::new(contexts.count()),
            contexts,
            code_lengths,
        }
    }

    /// The rare cases, by the symbol layer (and a context's first use).
    /// Out of line, and given the state and the reader by value: so that
    /// they need not live in memory in the loop.
    #[cold]
    #[inline(never)]
    fn read_rare<'a>(
        &mut self,
        p: &Profile,
        context: Context,
        mut channel: Channel,
        mut r: BitReader<'a>,
    ) -> Result<(i16, Channel, BitReader<'a>), Error> {
        if !self.residuals.is_built(context.index()) {
            let lengths = &self.code_lengths[context.table()];
            self.residuals.build(context.index(), lengths, context.k());
        }
        let table = &self.symbols[context.table()];
        let sample = match read_sample(&mut r, table, context.k(), channel.raw_mode)? {
            Coded::Residual(m) => channel.decoded(p, m),
            Coded::Verbatim(sample) => {
                channel.verbatim(p, sample);
                sample
            }
        };
        Ok((sample, channel, r))
    }
}
