//! `brainwire merge` and `split`: between mono recordings and one multi-channel WAV.

use crate::error::CliError;
use crate::files;
use crate::wav::Wav;
use std::path::{Path, PathBuf};

/// Interleaves mono recordings into one WAV, truncated to the shortest.
pub fn merge(inputs: &[PathBuf]) -> Result<Wav, CliError> {
    if inputs.is_empty() {
        return Err(CliError::Usage(
            "merge needs at least one input".to_string(),
        ));
    }
    if inputs.len() > u16::MAX as usize {
        return Err(CliError::Usage(format!(
            "a WAV holds at most {} channels",
            u16::MAX
        )));
    }
    let mut monos = Vec::with_capacity(inputs.len());
    for path in inputs {
        let wav = Wav::read(path)?;
        if wav.channels != 1 {
            return Err(CliError::wav(
                path,
                format!("expected mono, found {} channels", wav.channels),
            ));
        }
        if wav.sample_rate
            != monos
                .first()
                .map_or(wav.sample_rate, |m: &Wav| m.sample_rate)
        {
            return Err(CliError::wav(
                path,
                "sample rate differs from the first input",
            ));
        }
        monos.push(wav);
    }
    let frames = monos.iter().map(|m| m.samples.len()).min().unwrap_or(0);
    let mut samples = Vec::with_capacity(frames * monos.len());
    for f in 0..frames {
        samples.extend(monos.iter().map(|m| m.samples[f]));
    }
    Ok(Wav {
        channels: monos.len() as u16,
        sample_rate: monos[0].sample_rate,
        samples,
    })
}

/// The channels of `wav` as mono recordings.
pub fn split(wav: &Wav) -> Vec<Wav> {
    let n = wav.channels as usize;
    (0..n)
        .map(|c| Wav {
            channels: 1,
            sample_rate: wav.sample_rate,
            samples: wav.samples.iter().skip(c).step_by(n).copied().collect(),
        })
        .collect()
}

/// `brainwire split`: writes `OUT_DIR/<stem>.chNNN.wav` per channel; returns the paths.
pub fn split_file(input: &Path, out_dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let wav = Wav::read(input)?;
    let stem = input
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let digits = wav.channels.to_string().len().max(3);
    files::ensure_dir(out_dir)?;
    let mut written = Vec::new();
    for (c, mono) in split(&wav).iter().enumerate() {
        let path = out_dir.join(format!("{stem}.ch{c:0digits$}.wav"));
        mono.write(&path)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_undoes_interleaving() {
        let wav = Wav {
            channels: 3,
            sample_rate: 100,
            samples: (0..12).collect(),
        };
        let parts = split(&wav);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[1].samples, vec![1, 4, 7, 10]);
        assert!(parts
            .iter()
            .all(|p| p.channels == 1 && p.sample_rate == 100));
    }
}
