//! The recordings with their file sizes, for the ratio examples
//! (`#[path]`-included), read through `brainwire-recordings`.
#![allow(dead_code)]

use brainwire_recordings::{data_dir, read_mono, Recordings};
use std::path::PathBuf;

/// One 16-bit mono recording: its samples and its file's length.
pub struct Recording {
    pub path: PathBuf,
    pub samples: Vec<i16>,
    pub file_bytes: u64,
}

/// Every recording of the data folder, or exit 1 with one line saying why
/// (`tool` names the example in that line).
pub fn load_all_or_exit(tool: &str) -> Vec<Recording> {
    let fail = |e: &dyn std::fmt::Display| -> ! {
        eprintln!("{tool}: {e}");
        std::process::exit(1)
    };
    let found = Recordings::find(&data_dir()).unwrap_or_else(|e| fail(&e));
    found
        .paths
        .into_iter()
        .map(|path| {
            let samples = read_mono(&path).unwrap_or_else(|e| fail(&e));
            let file_bytes = std::fs::metadata(&path).map_or_else(|e| fail(&e), |m| m.len());
            Recording {
                path,
                samples,
                file_bytes,
            }
        })
        .collect()
}
