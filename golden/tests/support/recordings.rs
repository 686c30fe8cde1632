//! The recordings of `$BRAINWIRE_DATA` (default `../shared/data` beside the
//! repository), for the tests and examples that use them (`#[path]`-included).
#![allow(dead_code)]

use std::path::PathBuf;

pub fn data_dir() -> PathBuf {
    std::env::var_os("BRAINWIRE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"))
}

/// The WAV files of the data folder, sorted by name.
pub fn paths() -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(data_dir()) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wav"))
        .collect();
    paths.sort();
    paths
}

/// One 16-bit mono recording: its samples and its file's length.
pub struct Recording {
    pub path: PathBuf,
    pub samples: Vec<i16>,
    pub file_bytes: u64,
}

/// The 16-bit mono recordings among `paths()` (others are skipped).
pub fn load_all() -> Vec<Recording> {
    paths()
        .into_iter()
        .filter_map(|path| {
            let reader = hound::WavReader::open(&path).ok()?;
            let spec = reader.spec();
            if spec.channels != 1 || spec.bits_per_sample != 16 {
                return None;
            }
            let samples = reader
                .into_samples()
                .collect::<Result<Vec<i16>, _>>()
                .ok()?;
            let file_bytes = std::fs::metadata(&path).ok()?.len();
            Some(Recording {
                path,
                samples,
                file_bytes,
            })
        })
        .collect()
}
