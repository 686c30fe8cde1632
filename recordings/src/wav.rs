//! 16-bit integer PCM WAV files, read and written through hound: the WAV code
//! of the tools and tests (golden, and so the scored executables, parse WAVs
//! themselves, as the format they compress: docs/FORMAT.md).

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

/// The canonical 44-byte-header WAV file of `samples` (interleaved, `channels` channels).
pub fn to_bytes(channels: u16, sample_rate: u32, samples: &[i16]) -> Vec<u8> {
    let spec = hound::WavSpec {
        channels,
        sample_rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut out = Cursor::new(Vec::with_capacity(44 + 2 * samples.len()));
    {
        // Writing into memory cannot fail short of running out of it.
        let mut w = hound::WavWriter::new(&mut out, spec).expect("in-memory WAV header");
        let mut w16 = w.get_i16_writer(samples.len() as u32);
        for &s in samples {
            w16.write_sample(s);
        }
        w16.flush().expect("in-memory WAV data");
        w.finalize().expect("in-memory WAV finalize");
    }
    out.into_inner()
}
