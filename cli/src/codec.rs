//! Whole-file compression with the golden model's container.
//!
//! The one place that chooses what computes the bitstream: another engine
//! (e.g. the RTL co-simulation) plugs in here, behind the same two functions.

use crate::error::CliError;
use crate::files;
use golden::Profile;
use std::path::Path;

/// Compresses the bytes of a recording file with `profile`.
pub fn compress(profile: &Profile, input: &[u8]) -> Vec<u8> {
    golden::container::compress_with(profile, input)
}

/// Restores the original file bytes from a container; `path` names it in errors.
pub fn decompress(path: &Path, input: &[u8]) -> Result<Vec<u8>, CliError> {
    golden::container::decompress(input).map_err(|e| CliError::codec(path, e))
}

/// `brainwire encode`: compresses `input` into `output`. Returns (input, output) sizes.
pub fn encode_file(profile: &Profile, input: &Path, output: &Path) -> Result<(u64, u64), CliError> {
    let raw = files::read(input)?;
    let packed = compress(profile, &raw);
    files::write_atomic(output, &packed)?;
    Ok((raw.len() as u64, packed.len() as u64))
}

/// `brainwire decode`: restores `input` into `output`. Returns (input, output) sizes.
pub fn decode_file(input: &Path, output: &Path) -> Result<(u64, u64), CliError> {
    let packed = files::read(input)?;
    let raw = decompress(input, &packed)?;
    files::write_atomic(output, &raw)?;
    Ok((packed.len() as u64, raw.len() as u64))
}

/// Extension `batch encode` gives compressed files (and `batch decode` expects).
pub const COMPRESSED_EXTENSION: &str = "bw";
