//! File helpers: outputs appear whole or not at all (temporary file, then rename).

use crate::error::CliError;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Reads a whole file.
pub fn read(path: &Path) -> Result<Vec<u8>, CliError> {
    fs::read(path).map_err(|e| CliError::io(path, e))
}

/// Writes `bytes` to `path` through a new temporary file in the same folder
/// and a rename, so that a failure never leaves a truncated `path` (nor the
/// temporary) behind. An existing non-regular `path` (a device, a FIFO, a
/// symbolic link) is written in place: `decode x /dev/stdout` works.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    write_output(path, bytes).map_err(|e| CliError::io(path, e))
}

fn write_output(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_file()) {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(path)?;
        return f.write_all(bytes);
    }
    let (tmp, mut f) = create_temp(path)?;
    let result = (|| {
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A new hidden file in `path`'s folder, named `.bw-PID-N` for the first free
/// N: `create_new` (O_EXCL) follows no symbolic link and replaces no file,
/// and the name stays short whatever the length of `path`'s.
fn create_temp(path: &Path) -> io::Result<(PathBuf, fs::File)> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut n = 0u32;
    loop {
        let tmp = dir.join(format!(".bw-{}-{n}", std::process::id()));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            result => return result.map(|f| (tmp, f)),
        }
    }
}

/// Creates `dir` (and its parents) if missing.
pub fn ensure_dir(dir: &Path) -> Result<(), CliError> {
    fs::create_dir_all(dir).map_err(|e| CliError::io(dir, e))
}

/// The regular files in `dir` whose name ends in `.{ext}`, sorted by name.
pub fn files_with_extension(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, CliError> {
    let entries = fs::read_dir(dir).map_err(|e| CliError::io(dir, e))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| CliError::io(dir, e))?.path();
        if path.is_file() && path.extension().is_some_and(|x| x == ext) {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}
