//! 16-bit integer PCM WAV files, read through hound: the one WAV reader of the
//! tools (the scored executables and golden parse WAVs themselves, as the format
//! they compress, see docs/FORMAT.md).

use crate::DataError;
use std::io::Cursor;
use std::path::Path;

/// A recording: interleaved 16-bit samples of `channels` channels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pcm16 {
    pub channels: u16,
    pub sample_rate: u32,
    /// Sample `i` belongs to channel `i % channels`.
    pub samples: Vec<i16>,
}

/// Parses the bytes of a 16-bit integer PCM WAV; the error is a reason for the user.
pub fn parse(bytes: &[u8]) -> Result<Pcm16, String> {
    let reader = hound::WavReader::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let spec = reader.spec();
    if spec.sample_format != hound::SampleFormat::Int || spec.bits_per_sample != 16 {
        return Err(format!(
            "expected 16-bit PCM, found {} bits {:?}",
            spec.bits_per_sample, spec.sample_format
        ));
    }
    let samples = reader
        .into_samples::<i16>()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    if samples.len() % spec.channels as usize != 0 {
        return Err("data ends inside a frame".to_string());
    }
    Ok(Pcm16 {
        channels: spec.channels,
        sample_rate: spec.sample_rate,
        samples,
    })
}

/// The samples of a mono 16-bit PCM WAV file.
pub fn read_mono(path: &Path) -> Result<Vec<i16>, DataError> {
    let bytes = std::fs::read(path).map_err(|error| DataError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let format = |reason: String| DataError::Format {
        path: path.to_path_buf(),
        reason,
    };
    let wav = parse(&bytes).map_err(format)?;
    if wav.channels != 1 {
        return Err(format(format!("{} channels, expected mono", wav.channels)));
    }
    Ok(wav.samples)
}
