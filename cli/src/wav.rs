//! 16-bit PCM WAV files as interleaved samples (read by brainwire-recordings, written with hound).

use crate::error::CliError;
use crate::files;
use brainwire_recordings::Pcm16;
use std::io::Cursor;
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
        } = brainwire_recordings::wav::parse(bytes)?;
        Ok(Wav {
            channels,
            sample_rate,
            samples,
        })
    }

    /// The canonical 44-byte-header WAV file of this recording.
    pub fn to_bytes(&self) -> Vec<u8> {
        let spec = hound::WavSpec {
            channels: self.channels,
            sample_rate: self.sample_rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut out = Cursor::new(Vec::with_capacity(44 + 2 * self.samples.len()));
        {
            // Writing into memory cannot fail short of running out of it.
            let mut w = hound::WavWriter::new(&mut out, spec).expect("in-memory WAV header");
            let mut w16 = w.get_i16_writer(self.samples.len() as u32);
            for &s in &self.samples {
                w16.write_sample(s);
            }
            w16.flush().expect("in-memory WAV data");
            w.finalize().expect("in-memory WAV finalize");
        }
        out.into_inner()
    }

    /// Writes the recording to `path` atomically.
    pub fn write(&self, path: &Path) -> Result<(), CliError> {
        files::write_atomic(path, &self.to_bytes())
    }
}
