//! The recordings: where they are, which files they are, and their samples.
//!
//! Every tool, test, example and bench that reads recordings goes through here:
//! - [`data_dir`]: `$BRAINWIRE_DATA`, else `../shared/data` beside the repository
//!   (tools take a folder argument that overrides it);
//! - [`Recordings::find`]: the `.wav` files of a folder, sorted by name;
//! - [`wav::read_mono`], [`wav::parse`]: 16-bit PCM WAVs through hound;
//! - [`recordings_or_skip`]: what a data-driven check does when they are missing;
//! - [`half`]: one half of the recordings, for cross-validation.

mod error;
pub mod wav;

pub use error::DataError;
pub use wav::{read_mono, Pcm16};

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Once;

/// The data folder: `$BRAINWIRE_DATA`, else `../shared/data` beside the repository.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("BRAINWIRE_DATA") {
        return PathBuf::from(dir);
    }
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let repo = crate_dir.parent().unwrap_or(crate_dir);
    repo.parent().unwrap_or(repo).join("shared").join("data")
}

/// The recordings of one folder.
#[derive(Clone, Debug)]
pub struct Recordings {
    pub dir: PathBuf,
    /// The `.wav` files (any case), sorted by name; never empty.
    pub paths: Vec<PathBuf>,
}

impl Recordings {
    /// The `.wav` files of `dir`; [`DataError::Missing`] if there are none.
    pub fn find(dir: &Path) -> Result<Recordings, DataError> {
        let missing = || DataError::Missing(dir.to_path_buf());
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|_| missing())?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("wav")))
            .collect();
        if paths.is_empty() {
            return Err(missing());
        }
        paths.sort();
        Ok(Recordings {
            dir: dir.to_path_buf(),
            paths,
        })
    }

    /// The samples of every recording, in order (each must be mono 16-bit PCM).
    pub fn read_all(&self) -> Result<Vec<Vec<i16>>, DataError> {
        self.paths.iter().map(|p| read_mono(p)).collect()
    }
}

/// The items at even (`parity` 0) or odd (1) positions: the two halves a
/// cross-validation trains on and measures on, in turn.
pub fn half<T>(items: &[T], parity: usize) -> impl Iterator<Item = &T> {
    items.iter().skip(parity).step_by(2)
}

/// The recordings of [`data_dir`] for a data-driven check, or `None` when they
/// are missing: then one line on stderr (once per process) says so, and the
/// check returns early and passes as skipped. With `CI=true`, where the
/// recordings are always beside the clone, missing recordings fail the check
/// (a panic with that line) instead.
pub fn recordings_or_skip() -> Option<Recordings> {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    or_skip(Recordings::find(&data_dir()), ci)
}

fn or_skip(found: Result<Recordings, DataError>, ci: bool) -> Option<Recordings> {
    match found {
        Ok(recordings) => Some(recordings),
        Err(missing) if ci => panic!("{missing}: required with CI=true"),
        Err(missing) => {
            static SAID: Once = Once::new();
            // Straight to stderr: the test harness captures eprintln! of passing tests.
            SAID.call_once(|| {
                let _ = writeln!(std::io::stderr(), "{missing}: skipping data-driven checks");
            });
            None
        }
    }
}

#[cfg(test)]
mod tests;
