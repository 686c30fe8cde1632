//! The container: the bytes `encode` writes. It holds what rebuilds the input
//! byte for byte: the samples as a payload, the few bytes around them, and a
//! CRC-32 of the whole input. Layout in `docs/FORMAT.md`, sections 10 to 12.
//!
//! ```text
//! magic "BW" | version | mode | CRC-32 (LE) | mode fields ...
//! ```
//! Every length is a LEB128 varint; a coded mode ends with its payload.

use crate::crc::crc32;
use crate::payload;
use crate::pcm16::{extend_le_bytes, samples_from_le_bytes};
use crate::profile::{Profile, ENCODE, MAX_CHANNELS, SAMPLE_RATE_HZ};
use crate::Error;
use alloc::vec::Vec;
use core::convert::Infallible;
use repeat::{repeat_frames, repeated_frame};
use wav::{canonical_header, canonical_wav, pcm16_wav};

mod repeat;
mod stream;
mod wav;

pub use stream::{compress_stream, decompress_stream, Input, StreamError};

/// First bytes of every container.
pub const MAGIC: [u8; 2] = *b"BW";
/// Container format version this build writes and reads.
pub const VERSION: u8 = 2;
/// Bytes every container starts with: magic, version, mode, CRC-32. The
/// stored mode adds nothing else, so no input grows by more than this.
pub const HEADER_LEN: usize = MAGIC.len() + 1 + 1 + 4;
/// Length of a canonical PCM WAV header.
pub const CANONICAL_HEADER_LEN: usize = 44;

/// How the input is represented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The input verbatim.
    Stored = 0,
    /// Canonical 44-byte PCM16 WAV: the header is rebuilt from channels, rate and length.
    CanonicalWav = 1,
    /// Other 16-bit PCM WAV: the bytes before and after the samples are kept verbatim.
    Wav = 2,
    /// Any bytes: little-endian 16-bit samples of one channel, then an odd last byte.
    Generic = 3,
}

/// Added to a coded mode: its samples are one frame (a sample of every
/// channel) repeated, as in silence or a disconnected channel, and the
/// container holds that frame where the payload would be.
pub const REPEAT: u8 = 4;

impl Mode {
    fn from_byte(b: u8) -> Option<Mode> {
        [Mode::Stored, Mode::CanonicalWav, Mode::Wav, Mode::Generic]
            .into_iter()
            .find(|m| *m as u8 == b)
    }
}

/// The input cut around its 16-bit samples.
struct Split<'a> {
    frame: Frame<'a>,
    /// Little-endian samples (even length).
    samples: &'a [u8],
    /// Bytes after the samples, verbatim.
    tail: &'a [u8],
}

/// What comes before the samples.
enum Frame<'a> {
    CanonicalWav { channels: usize, rate: u32 },
    Wav { head: &'a [u8], channels: usize },
    Generic,
}

/// Compresses `input` with the profile `encode` uses (`profile::ENCODE`).
pub fn compress(input: &[u8]) -> Vec<u8> {
    compress_with(ENCODE, input)
}

/// Compresses `input` with `profile`: every representation that applies is
/// built and the smallest kept, so the output is never longer than the input
/// plus the stored mode's header.
pub fn compress_with(profile: &Profile, input: &[u8]) -> Vec<u8> {
    let golden = |samples: &[i16], channels| {
        Ok::<_, Infallible>(payload::encode(profile, samples, channels))
    };
    let Ok(container) = compress_using(profile, input, golden);
    container
}

/// `compress_with`, the payloads coded by `code(samples, channels)` instead of
/// golden's encoder: another implementation of the payload coder (the
/// verilated RTL) yields the same container if it is bit-exact.
pub fn compress_using<E, F>(profile: &Profile, input: &[u8], mut code: F) -> Result<Vec<u8>, E>
where
    F: FnMut(&[i16], usize) -> Result<Vec<u8>, E>,
{
    let crc = crc32(input);
    let mut best = header(Mode::Stored, crc);
    best.extend_from_slice(input);
    // A canonical WAV is also a WAV; its canonical form has the same payload and a shorter header.
    let wav = canonical_wav(input).or_else(|| pcm16_wav(input));
    for split in wav.into_iter().chain(Some(generic(input))) {
        let samples = samples_from_le_bytes(split.samples);
        let (mut coded, channels) = fields(profile, &split, crc);
        let mut repeat = coded.clone();
        let mut payload = code(&samples, channels)?;
        payload::pad(&mut payload, samples.len());
        coded.extend_from_slice(&payload);
        if coded.len() < best.len() {
            best = coded;
        }
        if let Some(frame) = repeated_frame(split.samples, 2 * channels) {
            // The repeat form: the same fields, the frame where the payload would be.
            repeat[3] += REPEAT;
            repeat.extend_from_slice(frame);
            if repeat.len() < best.len() {
                best = repeat;
            }
        }
    }
    Ok(best)
}

/// Rebuilds the original bytes from a container, checking them against its CRC.
pub fn decompress(data: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    let h = parse_header(data, &mut out)?;
    match h.coded {
        None => out.extend_from_slice(h.rest),
        Some(c) => {
            if c.repeat {
                repeat_frames(h.rest, c.channels, c.n, c.tail, h.crc, &mut out)?;
            } else {
                decode_samples(c.profile, h.rest, c.channels, c.n, &mut out)?;
            }
            out.extend_from_slice(c.tail);
        }
    }
    if crc32(&out) != h.crc {
        return Err(Error::ChecksumMismatch);
    }
    Ok(out)
}

/// A container's fields, up to its payload (or its stored bytes).
pub(crate) struct Header<'a> {
    pub crc: u32,
    /// The fields of a coded mode; `None` for the stored mode.
    pub coded: Option<Coded<'a>>,
    /// The bytes after the fields: the payload, the repeated frame or the stored input.
    pub rest: &'a [u8],
}

/// The fields of a coded mode.
#[derive(Clone, Copy)]
pub(crate) struct Coded<'a> {
    pub repeat: bool,
    pub profile: &'static Profile,
    pub channels: usize,
    /// Samples.
    pub n: usize,
    /// The output after the samples.
    pub tail: &'a [u8],
}

/// Reads a container's fields (everything but the checks of its payload and
/// CRC), and appends the output before the samples to `before`.
#[inline(never)]
pub(crate) fn parse_header<'a>(data: &'a [u8], before: &mut Vec<u8>) -> Result<Header<'a>, Error> {
    let mut r = Reader { data };
    if r.take(MAGIC.len())? != MAGIC {
        return Err(Error::BadMagic);
    }
    let version = r.byte()?;
    if version != VERSION {
        return Err(Error::UnknownVersion(version));
    }
    let mode_byte = r.byte()?;
    let repeat = mode_byte & REPEAT != 0;
    // (Mode 4, a repeated stored mode, is none.)
    let mode = Mode::from_byte(mode_byte & !REPEAT)
        .filter(|&m| m != Mode::Stored || !repeat)
        .ok_or(Error::Corrupt)?;
    let crc = u32::from_le_bytes([r.byte()?, r.byte()?, r.byte()?, r.byte()?]);
    if mode == Mode::Stored {
        return Ok(Header {
            crc,
            coded: None,
            rest: r.data,
        });
    }
    let id = r.byte()?;
    let profile = Profile::by_id(id).ok_or(Error::UnknownProfile(id))?;
    // The output before and after the samples, channels and sample count.
    let (channels, n, tail) = match mode {
        Mode::CanonicalWav => {
            let channels = r.channels()?;
            let rate = u32::try_from(r.varint()?).map_err(|_| Error::Corrupt)? ^ SAMPLE_RATE_HZ;
            let n = r.length()?;
            let data_len = n.checked_mul(2).ok_or(Error::Corrupt)?;
            before.extend_from_slice(
                &canonical_header(channels, rate, data_len).ok_or(Error::Corrupt)?,
            );
            (channels, n, &[][..])
        }
        Mode::Wav => {
            let channels = r.channels()?;
            before.extend_from_slice(r.bytes()?);
            (channels, r.length()?, r.bytes()?)
        }
        // Generic (stored is handled above).
        _ => (1, r.length()?, r.bytes()?),
    };
    let coded = Coded {
        repeat,
        profile,
        channels,
        n,
        tail,
    };
    Ok(Header {
        crc,
        coded: Some(coded),
        rest: r.data,
    })
}

/// The fields every container starts with.
fn header(mode: Mode, crc: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN);
    out.extend_from_slice(&MAGIC);
    out.push(VERSION);
    out.push(mode as u8);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// Everything of `split`'s container before the payload, and its channel count.
fn fields(profile: &Profile, split: &Split, crc: u32) -> (Vec<u8>, usize) {
    fields_of(
        profile,
        &split.frame,
        split.samples.len() / 2,
        split.tail,
        crc,
    )
}

/// Everything before the payload of a container of `n` samples after
/// `frame` and before `tail`, and its channel count.
fn fields_of(
    profile: &Profile,
    frame: &Frame,
    n: usize,
    tail: &[u8],
    crc: u32,
) -> (Vec<u8>, usize) {
    let (mode, channels) = match *frame {
        Frame::CanonicalWav { channels, .. } => (Mode::CanonicalWav, channels),
        Frame::Wav { channels, .. } => (Mode::Wav, channels),
        Frame::Generic => (Mode::Generic, 1),
    };
    let mut out = header(mode, crc);
    out.push(profile.id);
    match *frame {
        Frame::CanonicalWav { channels, rate } => {
            put_varint(&mut out, channels as u64);
            // Relative to the recordings' rate, so that it costs one byte.
            put_varint(&mut out, (rate ^ SAMPLE_RATE_HZ) as u64);
            put_varint(&mut out, n as u64);
        }
        Frame::Wav { head, channels } => {
            put_varint(&mut out, channels as u64);
            put_bytes(&mut out, head);
            put_varint(&mut out, n as u64);
            put_bytes(&mut out, tail);
        }
        Frame::Generic => {
            put_varint(&mut out, n as u64);
            put_bytes(&mut out, tail);
        }
    }
    (out, channels)
}

/// Decodes `n` samples of `channels` from `payload` (all of it) and appends them as little-endian bytes.
fn decode_samples(
    p: &Profile,
    payload: &[u8],
    channels: usize,
    n: usize,
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    // A larger count is corrupt and must not size an allocation.
    if (payload.len() as u64) < payload::min_len(n as u64) {
        return Err(Error::Truncated);
    }
    let mut samples = Vec::new();
    let bits = payload::decode(p, payload, channels, n, &mut samples)?;
    let zeros_from = |c: u64| Ok::<_, Error>(payload[c as usize..].iter().all(|&b| b == 0));
    let (len, last) = (payload.len() as u64, payload.last().copied());
    payload::check_end(bits, n as u64, len, last, zeros_from)?;
    extend_le_bytes(out, &samples);
    Ok(())
}

/// Any input: one channel of little-endian samples and the odd byte, if any.
fn generic(input: &[u8]) -> Split<'_> {
    let (samples, tail) = input.split_at(input.len() & !1);
    Split {
        frame: Frame::Generic,
        samples,
        tail,
    }
}

/// Appends `v` as LEB128: seven bits a byte, low first, high bit set while more follow.
fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends a length-prefixed byte string.
fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Reads container fields; running out of data is `Error::Truncated`.
struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let (taken, rest) = self.data.split_at_checked(n).ok_or(Error::Truncated)?;
        self.data = rest;
        Ok(taken)
    }

    fn byte(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }

    /// A LEB128 varint in its shortest form (other forms are corrupt: one value, one encoding).
    fn varint(&mut self) -> Result<u64, Error> {
        let mut v = 0u64;
        for i in 0..10 {
            let b = self.byte()?;
            // The tenth byte holds only the top bit of a u64.
            if i == 9 && b > 1 {
                return Err(Error::Corrupt);
            }
            v |= ((b & 0x7F) as u64) << (7 * i);
            if b & 0x80 == 0 {
                return if i > 0 && b == 0 {
                    Err(Error::Corrupt)
                } else {
                    Ok(v)
                };
            }
        }
        Err(Error::Corrupt)
    }

    fn length(&mut self) -> Result<usize, Error> {
        usize::try_from(self.varint()?).map_err(|_| Error::Corrupt)
    }

    fn bytes(&mut self) -> Result<&'a [u8], Error> {
        let n = self.length()?;
        self.take(n)
    }

    fn channels(&mut self) -> Result<usize, Error> {
        let c = self.length()?;
        if (1..=MAX_CHANNELS).contains(&c) {
            Ok(c)
        } else {
            Err(Error::Corrupt)
        }
    }
}

#[cfg(test)]
mod tests;
