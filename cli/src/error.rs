//! The one error type of the `brainwire` tool: every failure becomes one line on stderr.

use std::fmt;
use std::path::{Path, PathBuf};

/// Everything a `brainwire` subcommand can fail with.
#[derive(Debug)]
pub enum CliError {
    /// Reading or writing a file or folder failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A file is not a WAV this tool handles.
    Wav { path: PathBuf, reason: String },
    /// Compressed data does not decode.
    Codec {
        path: PathBuf,
        source: golden::Error,
    },
    /// No profile has this name.
    UnknownProfile(String),
    /// Arguments that parse but make no sense (e.g. zero channels).
    Usage(String),
    /// A failure reported by a module that speaks in strings (training, variants).
    Other(String),
}

impl CliError {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        CliError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn wav(path: &Path, reason: impl fmt::Display) -> Self {
        CliError::Wav {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        }
    }

    pub fn codec(path: &Path, source: golden::Error) -> Self {
        CliError::Codec {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            CliError::Wav { path, reason } => {
                write!(f, "{}: not a usable WAV file: {reason}", path.display())
            }
            CliError::Codec { path, source } => write!(f, "{}: {source}", path.display()),
            CliError::UnknownProfile(name) => {
                let known: Vec<&str> = golden::profile::PROFILES.iter().map(|p| p.name).collect();
                write!(f, "unknown profile '{name}' (known: {})", known.join(", "))
            }
            CliError::Usage(msg) | CliError::Other(msg) => write!(f, "{msg}"),
        }
    }
}

impl std::error::Error for CliError {}

/// The profile called `name`, or an error listing the known ones.
pub fn profile_by_name(name: &str) -> Result<&'static golden::Profile, CliError> {
    golden::Profile::by_name(name).ok_or_else(|| CliError::UnknownProfile(name.to_string()))
}
