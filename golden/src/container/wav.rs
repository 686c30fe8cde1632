//! The cuts of an input that is a 16-bit PCM WAV: a canonical one (its
//! 44-byte header rebuilt from channels, rate and length) or any RIFF WAVE
//! whose `data` chunk lies within the input (docs/FORMAT.md, section 11).

use super::{Frame, Split, CANONICAL_HEADER_LEN};
use crate::profile::MAX_CHANNELS;

/// The canonical header of `data_len` bytes of PCM16; `None` if a field overflows.
pub(super) fn canonical_header(
    channels: usize,
    rate: u32,
    data_len: usize,
) -> Option<[u8; CANONICAL_HEADER_LEN]> {
    let channels = u16::try_from(channels).ok()?;
    let block_align = channels.checked_mul(2)?;
    let byte_rate = rate.checked_mul(block_align as u32)?;
    let data_len = u32::try_from(data_len).ok()?;
    let riff_len = data_len.checked_add(CANONICAL_HEADER_LEN as u32 - 8)?;
    let fields: [&[u8]; 13] = [
        b"RIFF",
        &riff_len.to_le_bytes(),
        b"WAVE",
        b"fmt ",
        &16u32.to_le_bytes(), // fmt chunk size
        &1u16.to_le_bytes(),  // PCM
        &channels.to_le_bytes(),
        &rate.to_le_bytes(),
        &byte_rate.to_le_bytes(),
        &block_align.to_le_bytes(),
        &16u16.to_le_bytes(), // bits per sample
        b"data",
        &data_len.to_le_bytes(),
    ];
    let mut h = [0u8; CANONICAL_HEADER_LEN];
    let mut at = 0;
    for f in fields {
        h[at..at + f.len()].copy_from_slice(f);
        at += f.len();
    }
    Some(h)
}

/// `input` as a canonical PCM16 WAV, if its header is exactly the one rebuilt from its fields.
pub(super) fn canonical_wav(input: &[u8]) -> Option<Split<'_>> {
    let (head, samples) = input.split_at_checked(CANONICAL_HEADER_LEN)?;
    Some(Split {
        frame: canonical_frame(head, samples.len())?,
        samples,
        tail: &[],
    })
}

/// The frame of a canonical PCM16 WAV whose header is `head` and whose
/// samples take the `data_len` bytes after it, if it is one.
pub(super) fn canonical_frame(head: &[u8], data_len: usize) -> Option<Frame<'static>> {
    let channels = le_u16(&head[22..24]) as usize;
    let rate = le_u32(&head[24..28]);
    if !(1..=MAX_CHANNELS).contains(&channels) || data_len % 2 != 0 {
        return None;
    }
    if canonical_header(channels, rate, data_len)? != *head {
        return None;
    }
    Some(Frame::CanonicalWav { channels, rate })
}

/// `input` as a RIFF WAVE with a 16-bit PCM `fmt ` chunk and a `data` chunk
/// that lies entirely within the input (chunk sizes are never trusted).
/// `pcm16_layout` is the same walk for a streamed input; this slice form is
/// kept for the executables, where it is 112 bytes smaller (the streamed
/// container's tests check that the two cut every input alike).
pub(super) fn pcm16_wav(input: &[u8]) -> Option<Split<'_>> {
    if input.get(0..4)? != b"RIFF" || input.get(8..12)? != b"WAVE" {
        return None;
    }
    let mut channels = None;
    let mut at = 12;
    loop {
        let id = input.get(at..at + 4)?;
        let size = le_u32(input.get(at + 4..at + 8)?) as usize;
        let start = at + 8;
        let body = input.get(start..start.checked_add(size)?)?;
        match id {
            b"fmt " => channels = pcm16_channels(body),
            b"data" => {
                let samples = &body[..size & !1];
                let frame = Frame::Wav {
                    head: &input[..start],
                    channels: channels?,
                };
                return Some(Split {
                    frame,
                    samples,
                    tail: &input[start + samples.len()..],
                });
            }
            _ => {}
        }
        // Chunks are padded to an even length.
        at = start + size + (size & 1);
    }
}

/// Where a 16-bit PCM WAV's samples lie: they start at `start` (the head is
/// the bytes before) and take `samples_len` bytes (even); the tail follows.
pub(super) struct WavLayout {
    pub channels: usize,
    pub start: usize,
    pub samples_len: usize,
}

/// The layout of an input of `len` bytes as a RIFF WAVE (see `pcm16_wav`),
/// reading it by `read(at, buf)`, which fills `buf` from offset `at` (always
/// within the input).
pub(super) fn pcm16_layout<E>(
    len: usize,
    mut read: impl FnMut(usize, &mut [u8]) -> Result<(), E>,
) -> Result<Option<WavLayout>, E> {
    let mut riff = [0u8; 12];
    if len < riff.len() {
        return Ok(None);
    }
    read(0, &mut riff)?;
    if riff[0..4] != *b"RIFF" || riff[8..12] != *b"WAVE" {
        return Ok(None);
    }
    let mut channels = None;
    let mut at = 12usize;
    loop {
        let start = at + 8;
        if start > len {
            return Ok(None);
        }
        let mut chunk = [0u8; 8];
        read(at, &mut chunk)?;
        let size = le_u32(&chunk[4..8]) as usize;
        if size > len - start {
            return Ok(None);
        }
        match &chunk[0..4] {
            b"fmt " => {
                // Only the first 16 bytes of the body matter.
                let mut fmt = [0u8; 16];
                let fmt = &mut fmt[..size.min(16)];
                read(start, fmt)?;
                channels = pcm16_channels(fmt);
            }
            b"data" => {
                return Ok(channels.map(|channels| WavLayout {
                    channels,
                    start,
                    samples_len: size & !1,
                }));
            }
            _ => {}
        }
        // Chunks are padded to an even length.
        at = start + size + (size & 1);
    }
}

/// Channels of a 16-bit PCM `fmt ` chunk body (1 if the count is unusable), else `None`.
pub(super) fn pcm16_channels(fmt: &[u8]) -> Option<usize> {
    const PCM: u16 = 1;
    const EXTENSIBLE: u16 = 0xFFFE;
    let tag = le_u16(fmt.get(0..2)?);
    let channels = le_u16(fmt.get(2..4)?) as usize;
    let bits = le_u16(fmt.get(14..16)?);
    if !(tag == PCM || tag == EXTENSIBLE) || bits != 16 {
        return None;
    }
    Some(if (1..=MAX_CHANNELS).contains(&channels) {
        channels
    } else {
        1
    })
}

pub(super) fn le_u16(b: &[u8]) -> u16 {
    u16::from_le_bytes([b[0], b[1]])
}

pub(super) fn le_u32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}
