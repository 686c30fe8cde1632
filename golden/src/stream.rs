//! Streaming payload coders: samples (or payload bytes) go in chunks of any
//! size, bytes (or samples) come out, every channel's state carried from one
//! chunk to the next. The bytes are those of `payload::encode` and the
//! samples those of `payload::decode`, for every profile: the ratio profile
//! through `ratio::stream`, the table profiles through the reference coder
//! (`payload::Encoder` and `decode_sample`). Memory is the coder's state and
//! the chunk, whatever the length of the stream.

use crate::bits::{BitReader, BitWriter, ReadState};
use crate::channel::ChannelState;
use crate::codetable::DecodeTable;
use crate::payload::{self, decode_sample, Encoder};
use crate::profile::Profile;
use crate::ratio::{self, stream as ratio_stream};
use crate::Error;
use alloc::vec::Vec;

/// Payload bytes the table coders read ahead of a sample: its longest code
/// (`Model::max_sample_bits`, at most 33 bits) and the 8-byte word a refill loads.
const TABLE_LOOKAHEAD: usize = 16;

/// `payload::encode` in pieces.
pub struct PayloadEncoder<'p>(EncoderKind<'p>);

enum EncoderKind<'p> {
    Ratio(ratio_stream::StreamEncoder),
    Table(Encoder<'p, BitWriter>),
}

impl<'p> PayloadEncoder<'p> {
    /// An encoder of `n_channels` interleaved channels with profile `p`.
    pub fn new(p: &'p Profile, n_channels: usize) -> Self {
        PayloadEncoder(if ratio::codes(p) {
            EncoderKind::Ratio(ratio_stream::StreamEncoder::new(p, n_channels))
        } else {
            EncoderKind::Table(Encoder::new(p, n_channels.max(1), BitWriter::new()))
        })
    }

    /// Codes the next `samples`; appends the payload bytes that are final to `out`.
    pub fn push(&mut self, samples: &[i16], out: &mut Vec<u8>) {
        match &mut self.0 {
            EncoderKind::Ratio(e) => e.push(samples, out),
            EncoderKind::Table(e) => {
                for &s in samples {
                    e.push(s);
                }
                e.sink.drain_into(out);
            }
        }
    }

    /// Ends the payload: appends its last bytes to `out`.
    pub fn finish(self, out: &mut Vec<u8>) {
        match self.0 {
            EncoderKind::Ratio(e) => e.finish(out),
            EncoderKind::Table(e) => out.extend_from_slice(&e.sink.finish()),
        }
    }
}

/// `payload::decode` in pieces, and the container's end checks: bytes go in
/// with `feed` (and `end`), samples come out of `decode`, and `finish` checks
/// that the payload ended where its last sample did.
pub struct PayloadDecoder<'p>(DecoderKind<'p>);

enum DecoderKind<'p> {
    Ratio(ratio_stream::StreamDecoder),
    Table(TableDecoder<'p>),
}

impl<'p> PayloadDecoder<'p> {
    /// A decoder of `n_samples` interleaved samples of `n_channels` with profile `p`.
    pub fn new(p: &'p Profile, n_channels: usize, n_samples: u64) -> Result<Self, Error> {
        Ok(PayloadDecoder(if ratio::codes(p) {
            DecoderKind::Ratio(ratio_stream::StreamDecoder::new(p, n_channels, n_samples)?)
        } else {
            DecoderKind::Table(TableDecoder::new(p, n_channels, n_samples)?)
        }))
    }

    /// Whether `decode` can go on only after more bytes (or `end`).
    pub fn wants_bytes(&self) -> bool {
        match &self.0 {
            DecoderKind::Ratio(d) => d.wants_bytes(),
            DecoderKind::Table(d) => d.wants_bytes(),
        }
    }

    /// Appends the next payload bytes.
    pub fn feed(&mut self, bytes: &[u8]) {
        match &mut self.0 {
            DecoderKind::Ratio(d) => d.feed(bytes),
            DecoderKind::Table(d) => d.feed(bytes),
        }
    }

    /// Marks the end of the payload.
    pub fn end(&mut self) {
        match &mut self.0 {
            DecoderKind::Ratio(d) => d.end(),
            DecoderKind::Table(d) => d.ended = true,
        }
    }

    /// Samples still to decode.
    pub fn left(&self) -> u64 {
        match &self.0 {
            DecoderKind::Ratio(d) => d.left(),
            DecoderKind::Table(d) => d.left,
        }
    }

    /// Decodes up to `max` samples into `out`, as many as the bytes fed so
    /// far allow; returns how many.
    pub fn decode(&mut self, out: &mut Vec<i16>, max: usize) -> Result<usize, Error> {
        match &mut self.0 {
            DecoderKind::Ratio(d) => d.decode(out, max),
            DecoderKind::Table(d) => d.decode(out, max),
        }
    }

    /// Ends decoding once all `n` samples are decoded and `total` payload
    /// bytes were fed (all of them: `end` was called): the container's end
    /// checks (`payload::check_end`; `zeros_from(c)`: whether the payload's
    /// bytes from `c` on are zero).
    pub fn finish<E: From<Error>>(
        self,
        n: u64,
        total: u64,
        zeros_from: impl FnOnce(u64) -> Result<bool, E>,
    ) -> Result<(), E> {
        let (bits, last) = match self.0 {
            DecoderKind::Ratio(d) => (d.finish()? * 8, None),
            DecoderKind::Table(d) => (d.consumed_bits(), d.buffer.last().copied()),
        };
        payload::check_end(bits, n, total, last, zeros_from)
    }
}

/// The table profiles' decoder (the reference coder) in pieces.
struct TableDecoder<'p> {
    profile: &'p Profile,
    symbols: Vec<DecodeTable>,
    channels: Vec<ChannelState>,
    next: usize,
    /// Payload bytes from `dropped` on; the reader's position is in `reader`.
    buffer: Vec<u8>,
    reader: ReadState,
    dropped: u64,
    ended: bool,
    left: u64,
}

impl<'p> TableDecoder<'p> {
    fn new(p: &'p Profile, n_channels: usize, n_samples: u64) -> Result<Self, Error> {
        if n_channels == 0 {
            return Err(Error::Corrupt);
        }
        Ok(TableDecoder {
            profile: p,
            symbols: p.code_lengths.iter().map(DecodeTable::new).collect(),
            channels: alloc::vec![ChannelState::new(p); n_channels],
            next: 0,
            buffer: Vec::new(),
            reader: ReadState::default(),
            dropped: 0,
            ended: false,
            left: n_samples,
        })
    }

    /// Bytes fed but not yet consumed, counted from the next whole unread byte.
    fn unread(&self) -> usize {
        self.buffer.len() - self.reader.consumed_bytes()
    }

    fn wants_bytes(&self) -> bool {
        !self.ended && self.left > 0 && self.unread() < TABLE_LOOKAHEAD
    }

    fn feed(&mut self, bytes: &[u8]) {
        let cut = self.reader.consumed_bytes();
        self.buffer.drain(..cut);
        self.reader = self.reader.dropped(cut);
        self.dropped += cut as u64;
        self.buffer.extend_from_slice(bytes);
    }

    fn decode(&mut self, out: &mut Vec<i16>, max: usize) -> Result<usize, Error> {
        let mut r = BitReader::resume(&self.buffer, self.reader);
        let mut count = 0;
        let result = loop {
            let unread = self.buffer.len() - (r.bit_pos() / 8) as usize;
            if count == max || self.left == 0 || (!self.ended && unread < TABLE_LOOKAHEAD) {
                break Ok(count);
            }
            let state = &mut self.channels[self.next];
            match decode_sample(self.profile, &self.symbols, state, &mut r) {
                Ok(sample) => out.push(sample),
                Err(e) => break Err(e),
            }
            count += 1;
            self.left -= 1;
            self.next = (self.next + 1) % self.channels.len();
        };
        self.reader = r.suspend();
        result
    }

    /// Payload bits consumed.
    fn consumed_bits(&self) -> u64 {
        self.dropped * 8 + BitReader::resume(&self.buffer, self.reader).bit_pos()
    }
}
