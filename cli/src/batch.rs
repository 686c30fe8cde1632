//! `brainwire batch`: encodes or decodes every file of a folder into another.

use crate::codec::{decode_file, encode_file, COMPRESSED_EXTENSION};
use crate::error::CliError;
use crate::files;
use crate::progress::Progress;
use golden::Profile;
use std::path::Path;
use std::time::Instant;

/// Which way a batch goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `*.wav` -> `*.wav.bw`
    Encode,
    /// `*.bw` -> the name without `.bw`
    Decode,
}

/// Totals of a batch.
#[derive(Clone, Copy, Debug, Default)]
pub struct Summary {
    pub files: usize,
    pub input_bytes: u64,
    pub output_bytes: u64,
    pub seconds: f64,
}

impl Summary {
    /// Uncompressed over compressed bytes, whichever way the batch went.
    pub fn ratio(&self, direction: Direction) -> f64 {
        let (raw, packed) = match direction {
            Direction::Encode => (self.input_bytes, self.output_bytes),
            Direction::Decode => (self.output_bytes, self.input_bytes),
        };
        raw as f64 / packed.max(1) as f64
    }
}

/// Runs the batch; stops at the first file that fails (files already done stay, each whole).
pub fn run(
    direction: Direction,
    profile: &Profile,
    src: &Path,
    dst: &Path,
) -> Result<Summary, CliError> {
    let ext = match direction {
        Direction::Encode => "wav",
        Direction::Decode => COMPRESSED_EXTENSION,
    };
    let inputs = files::files_with_extension(src, ext)?;
    if inputs.is_empty() {
        return Err(CliError::Usage(format!(
            "{}: no *.{ext} files",
            src.display()
        )));
    }
    files::ensure_dir(dst)?;
    let start = Instant::now();
    let mut summary = Summary::default();
    let mut progress = Progress::new(inputs.len());
    for input in &inputs {
        let name = input
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let (read, written) = match direction {
            Direction::Encode => {
                let output = dst.join(format!("{name}.{COMPRESSED_EXTENSION}"));
                encode_file(profile, input, &output)?
            }
            Direction::Decode => {
                let stem = input.file_stem().unwrap_or_default();
                decode_file(input, &dst.join(stem))?
            }
        };
        summary.files += 1;
        summary.input_bytes += read;
        summary.output_bytes += written;
        progress.tick(&name);
    }
    drop(progress);
    summary.seconds = start.elapsed().as_secs_f64();
    Ok(summary)
}
