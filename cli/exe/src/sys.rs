//! Files over libc: read a whole file, and write one so that it appears only
//! when complete (a new temporary file beside it, then rename). Errors are errno values.

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

/// Makes writing past a file-size limit (`ulimit -f`) a write error, which
/// removes the temporary file, instead of a signal that kills the process.
pub fn ignore_file_size_signal() {
    // SAFETY: setting a signal to SIG_IGN has no preconditions.
    unsafe { libc::signal(libc::SIGXFSZ, libc::SIG_IGN) };
}

/// The content of the file at `path`. Reading stops early once the bytes
/// read so far cannot start with `magic` (so that `decode /dev/zero` fails
/// at once instead of filling memory); the caller then rejects them.
pub fn read_file(path: &CStr, magic: &[u8]) -> Result<Vec<u8>, c_int> {
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
        // SAFETY: read initialised n more bytes.
        unsafe { data.set_len(data.len() + n as usize) };
        if n == 0 || data.get(..magic.len()).is_some_and(|start| start != magic) {
            break Ok(());
        }
    };
    // SAFETY: fd is open and ours.
    unsafe { libc::close(fd) };
    result.map(|()| data)
}

/// Writes `bytes` to `path`. A regular file (or none) is replaced through a
/// new temporary file in the same directory and a rename, so that `path`
/// never holds a partial file and nothing is left behind on failure. An
/// existing non-regular file (a device, a FIFO, a symbolic link) is written
/// in place, as `decode x /dev/stdout` expects.
pub fn write_file_atomically(path: &CStr, bytes: &[u8]) -> Result<(), c_int> {
    let mut st = core::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: path is a C string; st is read only after lstat filled it.
    if unsafe { libc::lstat(path.as_ptr(), st.as_mut_ptr()) } == 0
        && unsafe { st.assume_init_ref() }.st_mode & libc::S_IFMT != libc::S_IFREG
    {
        // SAFETY: path is a C string.
        let fd = unsafe {
            libc::open(
                path.as_ptr(),
                libc::O_WRONLY | libc::O_TRUNC | libc::O_CLOEXEC,
            )
        };
        return write_and_close(opened(fd)?, bytes);
    }
    // A new hidden file in path's directory, `.bw-aa`, else `.bw-ab`, ...:
    // O_EXCL creation follows no symbolic link, replaces no existing file and
    // gives each concurrent run its own name; the kernel applies the umask.
    let name = path.to_bytes();
    let dir_len = name.iter().rposition(|&b| b == b'/').map_or(0, |i| i + 1);
    let mut tmp = Vec::with_capacity(dir_len + 8);
    tmp.extend_from_slice(&name[..dir_len]);
    tmp.extend_from_slice(b".bw-aa\0");
    let last = tmp.len() - 2;
    let fd = loop {
        let flags =
            libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL | libc::O_NOFOLLOW | libc::O_CLOEXEC;
        // SAFETY: tmp is a C string; the mode argument is what O_CREAT expects.
        let fd = unsafe { libc::open(tmp.as_ptr().cast(), flags, 0o666 as libc::c_uint) };
        if fd >= 0 || errno() != libc::EEXIST || tmp[last - 1] == b'z' {
            break opened(fd)?;
        }
        if tmp[last] == b'z' {
            tmp[last] = b'a';
            tmp[last - 1] += 1;
        } else {
            tmp[last] += 1;
        }
    };
    let mut result = write_and_close(fd, bytes);
    // SAFETY: both are C strings.
    if result.is_ok() && unsafe { libc::rename(tmp.as_ptr().cast(), path.as_ptr()) } != 0 {
        result = Err(errno());
    }
    if result.is_err() {
        // SAFETY: tmp is a C string naming the file mkostemp created for us.
        unsafe { libc::unlink(tmp.as_ptr().cast()) };
    }
    result
}

/// `fd` if the call that returned it succeeded, else its errno.
fn opened(fd: c_int) -> Result<c_int, c_int> {
    if fd < 0 {
        Err(errno())
    } else {
        Ok(fd)
    }
}

/// Writes `bytes` to the open descriptor `fd` and closes it.
fn write_and_close(fd: c_int, bytes: &[u8]) -> Result<(), c_int> {
    let mut result = write_all(fd, bytes);
    // SAFETY: fd is open and ours; close reports delayed write errors.
    if unsafe { libc::close(fd) } != 0 && result.is_ok() {
        result = Err(errno());
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
