//! File helpers: outputs appear whole or not at all (temporary file, then rename).

use crate::error::CliError;
use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::os::unix::fs::FileExt;
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
    write_atomic_with(path, |w| {
        w.write_all(bytes).map_err(|e| CliError::io(path, e))
    })
}

/// `write_atomic` of what `produce` writes, as it writes it (through a
/// buffer of fixed size): if `produce` fails, nothing is left behind either.
pub fn write_atomic_with(
    path: &Path,
    produce: impl FnOnce(&mut dyn Write) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let io = |e| CliError::io(path, e);
    if written_in_place(path) {
        let f = fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(path)
            .map_err(io)?;
        let mut w = BufWriter::with_capacity(BUFFER, f);
        produce(&mut w)?;
        return w.flush().map_err(io);
    }
    let (tmp, f) = create_temp(path).map_err(io)?;
    let result = (|| {
        let mut w = BufWriter::with_capacity(BUFFER, f);
        produce(&mut w)?;
        let f = w.into_inner().map_err(|e| io(e.into_error()))?;
        f.sync_all().map_err(io)?;
        fs::rename(&tmp, path).map_err(io)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Whether `write_atomic` writes `path` in place: it exists and is not a
/// regular file (a device, a FIFO, a symbolic link). What is written there
/// before a failure stays.
pub fn written_in_place(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_file())
}

/// Bytes a streamed file is read and written in.
const BUFFER: usize = 1 << 16;

/// An input file for the streamed container, read at any offset. A regular
/// file is read in place; anything else (a pipe, a device) is read whole
/// first, since its length is only known at its end.
pub struct Source<'a> {
    path: &'a Path,
    data: SourceData,
}

enum SourceData {
    File { file: fs::File, len: u64 },
    Memory(Vec<u8>),
}

impl<'a> Source<'a> {
    /// Opens `path`; a non-regular one is read whole only if it starts with
    /// `magic` (so `decode /dev/zero x` fails at once).
    pub fn open(path: &'a Path, magic: &[u8]) -> Result<Self, CliError> {
        let io = |e| CliError::io(path, e);
        let file = fs::File::open(path).map_err(io)?;
        let meta = file.metadata().map_err(io)?;
        let data = if meta.is_file() {
            SourceData::File {
                file,
                len: meta.len(),
            }
        } else {
            let mut start = vec![0u8; magic.len()];
            let mut file = file;
            let got = file.read(&mut start).map_err(io)?;
            start.truncate(got);
            // (Too short or the wrong magic: the container reader says so.)
            if start == magic {
                file.read_to_end(&mut start).map_err(io)?;
            }
            SourceData::Memory(start)
        };
        Ok(Source { path, data })
    }
}

impl golden::container::Input for Source<'_> {
    type Error = CliError;

    fn len(&self) -> u64 {
        match &self.data {
            SourceData::File { len, .. } => *len,
            SourceData::Memory(bytes) => bytes.len() as u64,
        }
    }

    fn read_at(&mut self, at: u64, buf: &mut [u8]) -> Result<(), CliError> {
        match &self.data {
            SourceData::File { file, .. } => file
                .read_exact_at(buf, at)
                .map_err(|e| CliError::io(self.path, e)),
            SourceData::Memory(bytes) => {
                let at = at as usize;
                buf.copy_from_slice(&bytes[at..at + buf.len()]);
                Ok(())
            }
        }
    }
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
