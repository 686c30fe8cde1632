//! Compression with the golden model's container: `brainwire encode` and
//! `decode` stream it (fixed-size buffers), the rest works on whole files.
//!
//! The one place that chooses what computes the bitstream: another engine
//! (e.g. the RTL co-simulation) plugs in here, behind the same two functions.

use crate::error::CliError;
use crate::files::{self, Source};
use golden::container::{Input, StreamError};
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

/// What computes the payload bits of `brainwire encode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// The golden model.
    Golden,
    /// The verilated RTL (brainwire-sim; built with the `rtl` feature).
    Rtl,
}

/// `brainwire encode`: compresses `input` into `output`. Returns (input, output) sizes.
pub fn encode_file(profile: &Profile, input: &Path, output: &Path) -> Result<(u64, u64), CliError> {
    encode_file_with(Engine::Golden, profile, input, output)
}

/// `brainwire encode --engine`: the same container, its payload computed by `engine`.
pub fn encode_file_with(
    engine: Engine,
    profile: &Profile,
    input: &Path,
    output: &Path,
) -> Result<(u64, u64), CliError> {
    if engine == Engine::Rtl {
        let raw = files::read(input)?;
        let packed = compress_rtl(profile, &raw)?;
        files::write_atomic(output, &packed)?;
        return Ok((raw.len() as u64, packed.len() as u64));
    }
    // The golden model streams: fixed-size buffers, whatever the input's length.
    let mut source = Source::open(input, b"")?;
    let mut written = 0u64;
    files::write_atomic_with(output, |w| {
        let streamed = golden::container::compress_stream(profile, &mut source, |bytes| {
            written += bytes.len() as u64;
            w.write_all(bytes).map_err(|e| CliError::io(output, e))
        });
        streamed.map_err(|e| stream_error(input, e))
    })?;
    Ok((source.len(), written))
}

#[cfg(feature = "rtl")]
fn compress_rtl(profile: &Profile, input: &[u8]) -> Result<Vec<u8>, CliError> {
    if profile.id != golden::IMPLANT.id {
        return Err(CliError::Usage(
            "the RTL implements only the implant profile".into(),
        ));
    }
    brainwire_sim::compress(input).map_err(|e| CliError::Other(format!("RTL engine: {e}")))
}

#[cfg(not(feature = "rtl"))]
fn compress_rtl(_: &Profile, _: &[u8]) -> Result<Vec<u8>, CliError> {
    Err(CliError::Usage(
        "no RTL engine in this build: build brainwire-cli with `--features rtl` (needs Verilator)"
            .into(),
    ))
}

/// `brainwire decode`: restores `input` into `output`. Returns (input, output) sizes.
pub fn decode_file(input: &Path, output: &Path) -> Result<(u64, u64), CliError> {
    let mut source = Source::open(input, &golden::container::MAGIC)?;
    if files::written_in_place(output) {
        // Nothing of a damaged container may reach a device or a pipe: decode
        // it once without writing (its CRC checked), then again into `output`.
        golden::container::decompress_stream(&mut source, |_| Ok(()))
            .map_err(|e| stream_error(input, e))?;
    }
    let mut written = 0u64;
    files::write_atomic_with(output, |w| {
        let streamed = golden::container::decompress_stream(&mut source, |bytes| {
            written += bytes.len() as u64;
            w.write_all(bytes).map_err(|e| CliError::io(output, e))
        });
        streamed.map_err(|e| stream_error(input, e))
    })?;
    Ok((source.len(), written))
}

/// A streamed container's failure; `input` names the file read.
fn stream_error(input: &Path, e: StreamError<CliError>) -> CliError {
    match e {
        StreamError::Io(e) => e,
        StreamError::Format(e) => CliError::codec(input, e),
        StreamError::Changed => CliError::io(
            input,
            std::io::Error::other("the file changed while it was read"),
        ),
    }
}

/// Extension `batch encode` gives compressed files (and `batch decode` expects).
pub const COMPRESSED_EXTENSION: &str = "bw";
