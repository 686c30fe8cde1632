//! The repeat forms: samples that are one frame (a sample of every
//! channel) repeated, as in digital silence or a disconnected channel, are
//! stored as that frame where the payload would be (docs/FORMAT.md, Repeat
//! forms).

use crate::crc::crc32_repeat;
use crate::Error;
use alloc::vec::Vec;

/// The first `frame_len` bytes of `samples` if `samples` is that frame
/// repeated (at least once).
pub(super) fn repeated_frame(samples: &[u8], frame_len: usize) -> Option<&[u8]> {
    let rest = samples.len().checked_sub(frame_len)?;
    // Periodic with the frame's period: equal to itself shifted by one frame.
    let repeated =
        rest.checked_rem(frame_len) == Some(0) && samples.get(frame_len..) == samples.get(..rest);
    repeated.then(|| &samples[..frame_len])
}

/// The samples of a repeat container: `frame`, one sample of each of
/// `channels`, repeated to `n` samples. The checksum of the output (`out`
/// so far, the samples, `tail`) is checked first, so that a crafted count
/// fails at once.
pub(super) fn repeat_frames(
    frame: &[u8],
    channels: usize,
    n: usize,
    tail: &[u8],
    crc: u32,
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    let count = repeat_count(frame.len(), channels, n)?;
    if crc32_repeat(out, frame, count, tail) != crc {
        return Err(Error::ChecksumMismatch);
    }
    for _ in 0..count {
        out.extend_from_slice(frame);
    }
    Ok(())
}

/// How many times a frame of `frame_len` bytes repeats in a repeat container
/// of `n` samples of `channels`; `Error::Corrupt` if it is not one sample of
/// each channel or `n` is not whole frames.
pub(super) fn repeat_count(frame_len: usize, channels: usize, n: usize) -> Result<usize, Error> {
    // (Checked arithmetic: no panic paths in the executables.)
    match n.checked_rem(channels) {
        Some(0) if frame_len == 2 * channels => Ok(n / channels),
        _ => Err(Error::Corrupt),
    }
}
