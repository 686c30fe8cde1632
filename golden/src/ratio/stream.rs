//! The ratio profile's coder in pieces: the state of `encode_with` and
//! `decode_samples` kept in a struct, so that samples (or payload bytes) can
//! come in chunks of any size. The bytes and samples are those of the
//! whole-buffer functions; `crate::stream` wraps these for every profile.

use super::arith::{Decoder, DecoderState, Encoder, FLUSH_BYTES};
use super::binarize::Contexts;
use super::{decode_sample, encode_sample, initial_weights, Channel, FastChannel, Weights};
use crate::channel::ChannelState;
use crate::profile::{Profile, RATIO};
use crate::Error;
use alloc::boxed::Box;
use alloc::vec::Vec;

/// Payload bytes one sample can take at most: 27 bins (a raw-mode bin, ten
/// bucket bins, sixteen verbatim bits), each shifting out at most two bytes
/// (a context bin leaves at least `range >> 16` of a range of at least
/// `2^24`). The stream decoder decodes a sample only with this many bytes
/// buffered, or at the end of the payload, so it never reads past its buffer
/// while more bytes may come.
pub const MAX_SAMPLE_BYTES: usize = 27 * 2;

/// The channels of a stream, on `FastChannel` for `RATIO`'s model and on the
/// definition for the variants (as `encode_from` and `decode` choose).
enum Channels {
    Fast(Vec<FastChannel>),
    Reference(Vec<ChannelState>),
}

impl Channels {
    fn new(p: &Profile, weights: &Weights, n: usize) -> Self {
        if super::is_ratio_model(p) {
            Channels::Fast(alloc::vec![FastChannel::new(p, weights); n])
        } else {
            Channels::Reference(alloc::vec![<ChannelState as Channel>::new(p, weights); n])
        }
    }

    fn len(&self) -> usize {
        match self {
            Channels::Fast(c) => c.len(),
            Channels::Reference(c) => c.len(),
        }
    }
}

/// `super::encode` in pieces.
pub struct StreamEncoder {
    profile: Profile,
    channels: Channels,
    /// Channel of the next sample.
    next: usize,
    contexts: Box<Contexts>,
    coder: Encoder,
    /// Whether any sample came (no samples give no bytes at all).
    started: bool,
}

impl StreamEncoder {
    /// An encoder of `n_channels` (at least 1) interleaved channels.
    pub fn new(p: &Profile, n_channels: usize) -> Self {
        let profile = if super::is_ratio_model(p) { RATIO } else { *p };
        StreamEncoder {
            channels: Channels::new(&profile, &initial_weights(p), n_channels.max(1)),
            profile,
            next: 0,
            contexts: Box::new(Contexts::new()),
            coder: Encoder::new(0),
            started: false,
        }
    }

    /// Codes the next `samples` of the stream; appends the bytes that are final to `out`.
    pub fn push(&mut self, samples: &[i16], out: &mut Vec<u8>) {
        self.started |= !samples.is_empty();
        let (p, contexts, coder) = (&self.profile, &mut *self.contexts, &mut self.coder);
        match &mut self.channels {
            Channels::Fast(c) => self.next = push_into(p, c, self.next, contexts, coder, samples),
            Channels::Reference(c) => {
                self.next = push_into(p, c, self.next, contexts, coder, samples)
            }
        }
        self.coder.drain_into(out);
    }

    /// Ends the stream: appends its last bytes to `out`.
    pub fn finish(self, out: &mut Vec<u8>) {
        if self.started {
            out.extend_from_slice(&self.coder.finish());
        }
    }
}

/// Codes `samples` starting at channel `next`; returns the channel after them.
fn push_into<C: Channel>(
    p: &Profile,
    channels: &mut [C],
    mut next: usize,
    contexts: &mut Contexts,
    coder: &mut Encoder,
    samples: &[i16],
) -> usize {
    for &sample in samples {
        encode_sample(p, coder, contexts, &mut channels[next], sample);
        next += 1;
        if next == channels.len() {
            next = 0;
        }
    }
    next
}

/// `super::decode` in pieces: payload bytes go in with `feed`, samples come
/// out of `decode`.
pub struct StreamDecoder {
    profile: Profile,
    channels: Channels,
    next: usize,
    contexts: Box<Contexts>,
    /// The coder's state once it has loaded its first bytes.
    coder: Option<DecoderState>,
    /// Payload bytes not yet consumed (`buffer[at..]`).
    buffer: Vec<u8>,
    at: usize,
    /// Payload bytes consumed before `buffer[at]`.
    consumed: u64,
    /// Whether the payload has ended (no more `feed`).
    ended: bool,
    /// Samples still to decode.
    left: u64,
}

impl StreamDecoder {
    /// A decoder of `n_samples` interleaved samples of `n_channels`.
    pub fn new(p: &Profile, n_channels: usize, n_samples: u64) -> Result<Self, Error> {
        if n_channels == 0 || p.model.pending_steps() == 0 {
            return Err(Error::Corrupt);
        }
        if !super::is_ratio_model(p) && !cfg!(feature = "variants") {
            return Err(Error::UnknownProfile(p.id));
        }
        let profile = if super::is_ratio_model(p) { RATIO } else { *p };
        Ok(StreamDecoder {
            channels: Channels::new(&profile, &initial_weights(p), n_channels),
            profile,
            next: 0,
            contexts: Box::new(Contexts::new()),
            coder: None,
            buffer: Vec::new(),
            at: 0,
            consumed: 0,
            ended: false,
            left: n_samples,
        })
    }

    /// Whether `decode` can go on only after more bytes (or the end).
    pub fn wants_bytes(&self) -> bool {
        // (The first sample comes after the coder's first `FLUSH_BYTES`.)
        let first = if self.coder.is_none() { FLUSH_BYTES } else { 0 };
        !self.ended && self.left > 0 && self.buffer.len() - self.at < MAX_SAMPLE_BYTES + first
    }

    /// Appends the next payload bytes.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.buffer.drain(..self.at);
        self.at = 0;
        self.buffer.extend_from_slice(bytes);
    }

    /// Marks the end of the payload.
    pub fn end(&mut self) {
        self.ended = true;
    }

    /// Samples still to decode.
    pub fn left(&self) -> u64 {
        self.left
    }

    /// Decodes up to `max` samples into `out`, as many as the bytes fed so far
    /// allow; returns how many. Fails as `super::decode` fails.
    pub fn decode(&mut self, out: &mut Vec<i16>, max: usize) -> Result<usize, Error> {
        if self.left == 0 || self.wants_bytes() {
            return Ok(0);
        }
        let bytes = &self.buffer[self.at..];
        let mut coder = match self.coder {
            Some(state) => Decoder::resume(bytes, state),
            None => Decoder::new(bytes),
        };
        let (p, contexts) = (&self.profile, &mut *self.contexts);
        let mut count = 0;
        let result = loop {
            // While more bytes may come, stop `MAX_SAMPLE_BYTES` before the end.
            let near_end = bytes.len() - coder.position() < MAX_SAMPLE_BYTES;
            if count == max || self.left == 0 || (near_end && !self.ended) {
                break Ok(());
            }
            let sample = match &mut self.channels {
                Channels::Fast(c) => decode_sample(p, &mut coder, contexts, &mut c[self.next]),
                Channels::Reference(c) => decode_sample(p, &mut coder, contexts, &mut c[self.next]),
            };
            match sample {
                Ok(sample) => out.push(sample),
                Err(e) => break Err(e),
            }
            // Past the end of the payload only zeros come: stop at once.
            if coder.overrun() {
                break Err(Error::Truncated);
            }
            count += 1;
            self.left -= 1;
            self.next = (self.next + 1) % self.channels.len();
        };
        let (state, used) = coder.suspend();
        self.coder = Some(state);
        self.at += used;
        self.consumed += used as u64;
        result.map(|()| count)
    }

    /// Ends decoding, all samples decoded and the payload ended: the payload
    /// bytes the stream took (the coder ends on a byte). Fails as `super::decode`.
    pub fn finish(&self) -> Result<u64, Error> {
        match self.coder {
            // No samples read no bytes.
            None if self.left == 0 => Ok(0),
            None => Err(Error::Truncated),
            Some(state) => {
                let coder = Decoder::resume(&self.buffer[self.at..], state);
                Ok(self.consumed + coder.finish()? as u64)
            }
        }
    }
}
