//! 16-bit PCM WAV files as interleaved samples (read and written by brainwire-recordings).

use crate::error::CliError;
use crate::files;
use brainwire_recordings::{wav, Pcm16};
use std::path::Path;

/// A recording: interleaved 16-bit samples of `channels` channels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wav {
    pub channels: u16,
    pub sample_rate: u32,
    /// Sample `i` belongs to channel `i % channels`.
    pub samples: Vec<i16>,
}

impl Wav {
    /// Samples per channel (whole frames only).
    pub fn frames(&self) -> usize {
        self.samples.len() / self.channels as usize
    }

    /// Reads a 16-bit integer PCM WAV file.
    pub fn read(path: &Path) -> Result<Wav, CliError> {
        Wav::parse(&files::read(path)?).map_err(|reason| CliError::wav(path, reason))
    }

    /// Parses WAV bytes; the error is a reason for the user.
    pub fn parse(bytes: &[u8]) -> Result<Wav, String> {
        let Pcm16 {
            channels,
            sample_rate,
            samples,
        } = wav::parse(bytes)?;
        Ok(Wav {
            channels,
            sample_rate,
            samples,
        })
    }

    /// The canonical 44-byte-header WAV file of this recording.
    pub fn to_bytes(&self) -> Vec<u8> {
        wav::to_bytes(self.channels, self.sample_rate, &self.samples)
    }

    /// Writes the recording to `path` atomically.
    pub fn write(&self, path: &Path) -> Result<(), CliError> {
        files::write_atomic(path, &self.to_bytes())
    }
}
