//! Files over libc: read a whole file, and write one so that it appears only
//! when complete (a temporary file beside it, then rename). Errors are errno values.

use alloc::vec::Vec;
use core::ffi::{c_int, CStr};

fn errno() -> c_int {
    // SAFETY: glibc's errno location is always valid for the calling thread.
    unsafe { *libc::__errno_location() }
}

/// The C library's description of `errno`.
pub fn describe(errno: c_int) -> &'static [u8] {
    // SAFETY: strerror returns a valid C string that lives until the next call.
    unsafe { CStr::from_ptr(libc::strerror(errno)) }.to_bytes()
}

/// Writes `bytes` to stderr (best effort: there is nowhere to report a failure).
pub fn write_stderr(bytes: &[u8]) {
    let _ = write_all(libc::STDERR_FILENO, bytes);
}

/// The whole content of the file at `path`.
pub fn read_file(path: &CStr) -> Result<Vec<u8>, c_int> {
    // SAFETY: path is a C string.
    let fd = unsafe { libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) };
    if fd < 0 {
        return Err(errno());
    }
    let mut data: Vec<u8> = Vec::with_capacity(1 << 18);
    let result = loop {
        if data.len() == data.capacity() {
            data.reserve(data.capacity());
        }
        let spare = data.spare_capacity_mut();
        // SAFETY: read writes at most spare.len() bytes into the spare capacity.
        let n = unsafe { libc::read(fd, spare.as_mut_ptr().cast(), spare.len()) };
        if n < 0 {
            if errno() == libc::EINTR {
                continue;
            }
            break Err(errno());
        }
        if n == 0 {
            break Ok(());
        }
        // SAFETY: read initialised n more bytes.
        unsafe { data.set_len(data.len() + n as usize) };
    };
    // SAFETY: fd is open and ours.
    unsafe { libc::close(fd) };
    result.map(|()| data)
}

/// Writes `bytes` to `path` via `path.tmp` in the same directory and a rename,
/// so that `path` never holds a partial file; on failure nothing is left behind.
pub fn write_file_atomically(path: &CStr, bytes: &[u8]) -> Result<(), c_int> {
    let mut tmp = Vec::with_capacity(path.to_bytes().len() + 5);
    tmp.extend_from_slice(path.to_bytes());
    tmp.extend_from_slice(b".tmp\0");
    let tmp = CStr::from_bytes_with_nul(&tmp).map_err(|_| libc::EINVAL)?;
    let flags = libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC | libc::O_CLOEXEC;
    // SAFETY: tmp is a C string; the mode argument is what O_CREAT expects.
    let fd = unsafe { libc::open(tmp.as_ptr(), flags, 0o644 as libc::c_uint) };
    if fd < 0 {
        return Err(errno());
    }
    let mut result = write_all(fd, bytes);
    // SAFETY: fd is open and ours; close reports delayed write errors.
    if unsafe { libc::close(fd) } != 0 && result.is_ok() {
        result = Err(errno());
    }
    // SAFETY: both are C strings.
    if result.is_ok() && unsafe { libc::rename(tmp.as_ptr(), path.as_ptr()) } != 0 {
        result = Err(errno());
    }
    if result.is_err() {
        // SAFETY: tmp is a C string; it is ours to remove.
        unsafe { libc::unlink(tmp.as_ptr()) };
    }
    result
}

fn write_all(fd: c_int, mut bytes: &[u8]) -> Result<(), c_int> {
    while !bytes.is_empty() {
        // SAFETY: bytes is a valid buffer of bytes.len() bytes.
        let n = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
        if n < 0 {
            if errno() == libc::EINTR {
                continue;
            }
            return Err(errno());
        }
        bytes = &bytes[n as usize..];
    }
    Ok(())
}
