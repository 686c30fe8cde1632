//! What can go wrong finding and reading recordings.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug)]
pub enum DataError {
    /// The folder does not exist, cannot be listed, or holds no `.wav` file.
    Missing(PathBuf),
    /// A file could not be read.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// A file is not a WAV of 16-bit integer PCM (or not mono where mono is required).
    Format { path: PathBuf, reason: String },
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::Missing(dir) => write!(
                f,
                "recordings not found at {} (set BRAINWIRE_DATA)",
                dir.display()
            ),
            DataError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            DataError::Format { path, reason } => write!(f, "{}: {reason}", path.display()),
        }
    }
}

impl std::error::Error for DataError {}
