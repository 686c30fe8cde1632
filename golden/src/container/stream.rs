//! The container streamed: `compress_stream` and `decompress_stream` give the
//! bytes of `compress_with` and `decompress` (and fail with the same error),
//! holding fixed-size buffers, the coder's state and the bytes around the
//! samples (a WAV's head and tail, a few dozen bytes in a recording) instead
//! of whole files.
//!
//! The container names the CRC-32 of the output and the sample count before
//! the payload, and the encoder keeps the smallest representation that
//! applies. So `compress_stream` reads its input twice: first for the CRC
//! and, for each cut of the input (as a WAV, as generic bytes), the size of
//! its payload and whether it is one frame repeated; then for the payload
//! of the representation chosen, exactly as `compress_using` chooses it.
//! `decompress_stream` writes the output as it decodes and checks the CRC at
//! the end: on an error the caller discards what it wrote.

use super::repeat::repeat_count;
use super::wav::{canonical_frame, pcm16_layout, WavLayout};
use super::{
    fields_of, header, parse_header, Frame, Mode, CANONICAL_HEADER_LEN, HEADER_LEN, REPEAT,
};
use crate::crc::{crc32_repeat, Crc32};
use crate::payload::min_len;
use crate::profile::Profile;
use crate::stream::{PayloadDecoder, PayloadEncoder};
use crate::Error;
use alloc::vec::Vec;
use core::convert::Infallible;
use core::ops::Range;

/// Bytes read (and samples coded) at a time.
const CHUNK: usize = 1 << 16;

/// An input read at any offset: a file, or bytes in memory.
#[allow(clippy::len_without_is_empty)] // (an empty input is a length of 0)
pub trait Input {
    type Error;
    /// Its length in bytes.
    fn len(&self) -> u64;
    /// Fills `buf` with the bytes from offset `at` (`at + buf.len()` is at most `len`).
    fn read_at(&mut self, at: u64, buf: &mut [u8]) -> Result<(), Self::Error>;
}

impl Input for &[u8] {
    type Error = Infallible;
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }
    fn read_at(&mut self, at: u64, buf: &mut [u8]) -> Result<(), Infallible> {
        let at = at as usize;
        buf.copy_from_slice(&self[at..at + buf.len()]);
        Ok(())
    }
}

/// Why streaming failed: the input or the output (`Io`), the container
/// (`Format`), or the encoder's input changed between its two readings
/// (`Changed`: its CRC differs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamError<E> {
    Io(E),
    Format(Error),
    Changed,
}

impl<E> From<Error> for StreamError<E> {
    fn from(e: Error) -> Self {
        StreamError::Format(e)
    }
}

/// One cut of the input around its samples, as the encoder's first reading found it.
struct Cut<'a> {
    frame: Frame<'a>,
    samples: Range<u64>,
    tail: Vec<u8>,
}

/// What the first reading learns of a cut: the fields before its payload,
/// its payload's length, and the frame it repeats, if it is one.
struct Survey {
    fields: Vec<u8>,
    channels: usize,
    payload_len: u64,
    repeated: Option<Vec<u8>>,
}

/// `compress_with(profile, input)`, streamed into `write`. The second
/// reading checks the CRC again: an input that changed in between fails
/// (`StreamError::Changed`; what was written is then not a container).
pub fn compress_stream<I: Input>(
    profile: &Profile,
    input: &mut I,
    mut write: impl FnMut(&[u8]) -> Result<(), I::Error>,
) -> Result<(), StreamError<I::Error>> {
    let io = StreamError::Io;
    let len = input.len();
    let mut head = Vec::new();
    let (crc, mut cuts, best) = first_reading(profile, input, &mut head).map_err(io)?;
    // The second reading: the representation chosen.
    let mut write = |bytes: &[u8]| write(bytes).map_err(io);
    let mut again = Crc32::new();
    let mut read_again = |bytes: &[u8]| {
        again.update(bytes);
        Ok(())
    };
    match best {
        None => {
            write(&header(Mode::Stored, crc))?;
            copy(input, 0..len, io, &mut |bytes| {
                read_again(bytes)?;
                write(bytes)
            })?;
        }
        Some((i, true)) => {
            let (survey, _) = &mut cuts[i];
            survey.fields[3] += REPEAT;
            write(&survey.fields)?;
            // (Nothing is read again.)
            return write(survey.repeated.as_deref().unwrap_or(&[]));
        }
        Some((i, false)) => {
            let (survey, cut) = &cuts[i];
            write(&survey.fields)?;
            let mut encoder = PayloadEncoder::new(profile, survey.channels);
            let mut out = Vec::new();
            let mut coded = 0u64;
            copy(input, 0..cut.samples.start, io, &mut read_again)?;
            for_samples(input, cut.samples.clone(), io, |samples, bytes| {
                read_again(bytes)?;
                encoder.push(samples, &mut out);
                coded += out.len() as u64;
                let written = write(&out);
                out.clear();
                written
            })?;
            encoder.finish(&mut out);
            coded += out.len() as u64;
            write(&out)?;
            // The padding (`payload::pad`), a chunk at a time.
            let zeros = alloc::vec![0u8; CHUNK];
            let mut left = survey.payload_len.saturating_sub(coded);
            while left > 0 {
                let now = left.min(CHUNK as u64);
                write(&zeros[..now as usize])?;
                left -= now;
            }
            copy(input, cut.samples.end..len, io, &mut read_again)?;
        }
    }
    match again.value() == crc {
        true => Ok(()),
        false => Err(StreamError::Changed),
    }
}

/// The first reading: the input's CRC, its cuts as `survey` finds them
/// (`head` holds a WAV's bytes before its samples), and the choice of
/// `compress_using` among them: the first of the smallest, in its order
/// (`None` for stored, else the cut and whether as a repeat).
#[allow(clippy::type_complexity)]
fn first_reading<'h, I: Input>(
    profile: &Profile,
    input: &mut I,
    head: &'h mut Vec<u8>,
) -> Result<(u32, Vec<(Survey, Cut<'h>)>, Option<(usize, bool)>), I::Error> {
    let wav = wav_cut(input, head)?;
    let generic = generic_cut(input)?;
    // The generic cut's samples are all the input but an odd last byte.
    let mut crc = Crc32::new();
    let generic = survey(profile, input, generic, 0, Some(&mut crc))?;
    crc.update(&generic.1.tail);
    let crc = crc.value();
    let mut cuts = Vec::new();
    if let Some(cut) = wav {
        cuts.push(survey(profile, input, cut, crc, None)?);
    }
    cuts.push(generic);
    let mut best_len = HEADER_LEN as u64 + input.len();
    let mut best = None;
    for (i, (survey, _)) in cuts.iter_mut().enumerate() {
        survey.fields[4..8].copy_from_slice(&crc.to_le_bytes());
        let fields = survey.fields.len() as u64;
        if fields + survey.payload_len < best_len {
            (best_len, best) = (fields + survey.payload_len, Some((i, false)));
        }
        if let Some(frame) = &survey.repeated {
            if fields + (frame.len() as u64) < best_len {
                (best_len, best) = (fields + frame.len() as u64, Some((i, true)));
            }
        }
    }
    Ok((crc, cuts, best))
}

/// The input as a WAV (canonical or not), if it is one; `head` receives the
/// bytes before the samples of a non-canonical one.
fn wav_cut<'h, I: Input>(
    input: &mut I,
    head: &'h mut Vec<u8>,
) -> Result<Option<Cut<'h>>, I::Error> {
    let len = input.len();
    if len >= CANONICAL_HEADER_LEN as u64 {
        let mut canonical = [0u8; CANONICAL_HEADER_LEN];
        input.read_at(0, &mut canonical)?;
        let data_len = usize::try_from(len).unwrap_or(usize::MAX) - CANONICAL_HEADER_LEN;
        if let Some(frame) = canonical_frame(&canonical, data_len) {
            return Ok(Some(Cut {
                frame,
                samples: CANONICAL_HEADER_LEN as u64..len,
                tail: Vec::new(),
            }));
        }
    }
    let Ok(len_usize) = usize::try_from(len) else {
        return Ok(None);
    };
    let layout = pcm16_layout(len_usize, |at, buf| input.read_at(at as u64, buf))?;
    let Some(WavLayout {
        channels,
        start,
        samples_len,
    }) = layout
    else {
        return Ok(None);
    };
    head.resize(start, 0);
    input.read_at(0, head)?;
    let head: &'h [u8] = head;
    let end = (start + samples_len) as u64;
    let mut tail = alloc::vec![0; (len - end) as usize];
    input.read_at(end, &mut tail)?;
    Ok(Some(Cut {
        frame: Frame::Wav { head, channels },
        samples: start as u64..end,
        tail,
    }))
}

/// Any input as one channel of samples and an odd last byte.
fn generic_cut<I: Input>(input: &mut I) -> Result<Cut<'static>, I::Error> {
    let len = input.len();
    let mut tail = alloc::vec![0; (len % 2) as usize];
    input.read_at(len & !1, &mut tail)?;
    Ok(Cut {
        frame: Frame::Generic,
        samples: 0..len & !1,
        tail,
    })
}

/// The first reading of `cut`: its payload's length and whether its samples
/// are one frame repeated (its fields hold `crc`, patched by the caller once
/// known); `crc` also goes over the samples if given.
fn survey<'a, I: Input>(
    profile: &Profile,
    input: &mut I,
    cut: Cut<'a>,
    crc: u32,
    mut whole: Option<&mut Crc32>,
) -> Result<(Survey, Cut<'a>), I::Error> {
    let n = ((cut.samples.end - cut.samples.start) / 2) as usize;
    let (fields, channels) = fields_of(profile, &cut.frame, n, &cut.tail, crc);
    let mut encoder = PayloadEncoder::new(profile, channels);
    let mut out = Vec::new();
    let mut payload_len = 0u64;
    let frame_len = 2 * channels;
    let mut frame: Vec<u8> = Vec::new();
    let mut repeated = true;
    let mut at = 0usize;
    for_samples(
        input,
        cut.samples.clone(),
        |e| e,
        |samples, bytes| {
            if let Some(c) = whole.as_deref_mut() {
                c.update(bytes);
            }
            encoder.push(samples, &mut out);
            payload_len += out.len() as u64;
            out.clear();
            // Periodic with the frame's period: every byte equals the one a frame before.
            for &b in bytes {
                if at < frame_len {
                    frame.push(b);
                } else if repeated && b != frame[at % frame_len] {
                    repeated = false;
                }
                at += 1;
            }
            Ok(())
        },
    )?;
    encoder.finish(&mut out);
    // With its padding (`payload::pad`).
    let payload_len = (payload_len + out.len() as u64).max(min_len(n as u64));
    let repeated = (repeated && at >= frame_len && at.is_multiple_of(frame_len)).then_some(frame);
    let survey = Survey {
        fields,
        channels,
        payload_len,
        repeated,
    };
    Ok((survey, cut))
}

/// Calls `f(samples, bytes)` on the little-endian samples in `range` of the
/// input (an even number of bytes), a chunk at a time (`io` turns a read
/// error into `f`'s).
fn for_samples<I: Input, E>(
    input: &mut I,
    range: Range<u64>,
    io: impl Fn(I::Error) -> E,
    mut f: impl FnMut(&[i16], &[u8]) -> Result<(), E>,
) -> Result<(), E> {
    let mut bytes = alloc::vec![0u8; CHUNK];
    let mut samples = Vec::with_capacity(CHUNK / 2);
    let mut at = range.start;
    while at < range.end {
        let n = (range.end - at).min(CHUNK as u64) as usize;
        input.read_at(at, &mut bytes[..n]).map_err(&io)?;
        samples.clear();
        let pairs = bytes[..n].chunks_exact(2);
        samples.extend(pairs.map(|b| i16::from_le_bytes([b[0], b[1]])));
        f(&samples, &bytes[..n])?;
        at += n as u64;
    }
    Ok(())
}

/// Writes the bytes in `range` of the input to `write`, a chunk at a time
/// (`io` turns a read error into `write`'s).
fn copy<I: Input, E>(
    input: &mut I,
    range: Range<u64>,
    io: impl Fn(I::Error) -> E,
    write: &mut impl FnMut(&[u8]) -> Result<(), E>,
) -> Result<(), E> {
    let mut buf = alloc::vec![0u8; CHUNK];
    let mut at = range.start;
    while at < range.end {
        let n = (range.end - at).min(CHUNK as u64) as usize;
        input.read_at(at, &mut buf[..n]).map_err(&io)?;
        write(&buf[..n])?;
        at += n as u64;
    }
    Ok(())
}

/// `decompress(input)`, streamed into `write`. On an error, what was written
/// is not the output: the caller discards it.
pub fn decompress_stream<I: Input>(
    input: &mut I,
    mut write: impl FnMut(&[u8]) -> Result<(), I::Error>,
) -> Result<(), StreamError<I::Error>> {
    let len = input.len();
    let mut crc = Crc32::new();
    let mut emit = |bytes: &[u8]| {
        crc.update(bytes);
        write(bytes).map_err(StreamError::Io)
    };
    // The fields: read a prefix, longer until they fit (a WAV's head may be long).
    let mut prefix = alloc::vec![0u8; len.min(4096) as usize];
    let mut before = Vec::new();
    let header = loop {
        input.read_at(0, &mut prefix).map_err(StreamError::Io)?;
        before.clear();
        match parse_header(&prefix, &mut before) {
            Err(Error::Truncated) if (prefix.len() as u64) < len => {
                let longer = (prefix.len() as u64 * 4).min(len);
                prefix.resize(longer as usize, 0);
            }
            parsed => break parsed?,
        }
    };
    let rest = (prefix.len() - header.rest.len()) as u64..len;
    let Some(c) = header.coded else {
        copy(input, rest, StreamError::Io, &mut emit)?;
        return check(crc.value(), header.crc);
    };
    emit(&before)?;
    let payload_len = rest.end - rest.start;
    if c.repeat {
        let frame_len = usize::try_from(payload_len).unwrap_or(usize::MAX);
        let count = repeat_count(frame_len, c.channels, c.n)?;
        let mut frame = alloc::vec![0u8; frame_len];
        input
            .read_at(rest.start, &mut frame)
            .map_err(StreamError::Io)?;
        if crc32_repeat(&before, &frame, count, c.tail) != header.crc {
            return Err(Error::ChecksumMismatch.into());
        }
        let per_chunk = CHUNK / frame_len;
        let frames: Vec<u8> = frame.repeat(per_chunk.min(count));
        let mut left = count;
        while left > 0 {
            let now = left.min(per_chunk);
            emit(&frames[..now * frame_len])?;
            left -= now;
        }
    } else {
        decode_payload(c.profile, input, rest, c.channels, c.n, &mut emit)?;
    }
    emit(c.tail)?;
    check(crc.value(), header.crc)
}

fn check<E>(crc: u32, expected: u32) -> Result<(), StreamError<E>> {
    match crc == expected {
        true => Ok(()),
        false => Err(Error::ChecksumMismatch.into()),
    }
}

/// Decodes the `n` samples of `channels` of the payload in `range` of the
/// input to `emit`, as little-endian bytes; the checks of `decode_samples`.
fn decode_payload<I: Input>(
    profile: &Profile,
    input: &mut I,
    range: Range<u64>,
    channels: usize,
    n: usize,
    emit: &mut impl FnMut(&[u8]) -> Result<(), StreamError<I::Error>>,
) -> Result<(), StreamError<I::Error>> {
    let total = range.end - range.start;
    // A larger count is corrupt: fail before decoding anything.
    if total < min_len(n as u64) {
        return Err(Error::Truncated.into());
    }
    let mut decoder = PayloadDecoder::new(profile, channels, n as u64)?;
    let mut bytes = alloc::vec![0u8; CHUNK];
    let mut samples = Vec::with_capacity(CHUNK);
    let mut out = Vec::with_capacity(2 * CHUNK);
    let mut at = range.start;
    while decoder.left() > 0 {
        if decoder.wants_bytes() {
            let got = (range.end - at).min(CHUNK as u64) as usize;
            if got == 0 {
                decoder.end();
            } else {
                input
                    .read_at(at, &mut bytes[..got])
                    .map_err(StreamError::Io)?;
                decoder.feed(&bytes[..got]);
                at += got as u64;
            }
        }
        samples.clear();
        decoder.decode(&mut samples, CHUNK)?;
        out.clear();
        out.extend(samples.iter().flat_map(|s| s.to_le_bytes()));
        emit(&out)?;
    }
    // The padding, if any, is read again from the input.
    let zeros_from = |c: u64| {
        let mut zeros = true;
        let mut check = |bytes: &[u8]| {
            zeros &= bytes.iter().all(|&b| b == 0);
            Ok(())
        };
        copy(
            input,
            range.start + c..range.end,
            StreamError::Io,
            &mut check,
        )?;
        Ok(zeros)
    };
    decoder.finish(n as u64, total, zeros_from)
}
