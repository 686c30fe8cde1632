//! The body of the two scored executables, `encode IN OUT` and `decode IN OUT`.
//!
//! No std: libc provides memory and files, so that the binaries stay a few
//! kilobytes (their size counts in the score). Every failure is one line on
//! stderr and exit status 1, and OUT appears only once it is complete (an
//! existing OUT that is not a regular file, such as /dev/stdout, is written
//! in place). Both keep whole files in memory.
#![no_std]

extern crate alloc;
// Builds with unwinding panics (`cargo test`, dev builds) take std's panic
// runtime; the scored `tiny` build aborts and uses the handler in `rt`.
#[cfg(panic = "unwind")]
extern crate std;

mod rt;
mod sys;

use alloc::vec::Vec;
use core::ffi::{c_char, c_int, CStr};
use core::sync::atomic::{AtomicBool, Ordering};

/// Which executable is running.
#[derive(Clone, Copy)]
pub enum Tool {
    Encode,
    Decode,
}

/// Set while `decode` runs, so the panic handler names the right tool.
static DECODING: AtomicBool = AtomicBool::new(false);

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Encode => "encode",
            Tool::Decode => "decode",
        }
    }

    #[cfg(panic = "abort")]
    fn running() -> Tool {
        if DECODING.load(Ordering::Relaxed) {
            Tool::Decode
        } else {
            Tool::Encode
        }
    }

    fn transform(self, input: &[u8]) -> Result<Vec<u8>, golden::Error> {
        match self {
            Tool::Encode => Ok(golden::container::compress(input)),
            Tool::Decode => golden::container::decompress(input),
        }
    }
}

/// Why a run failed.
enum Failure<'a> {
    Usage,
    Read(&'a CStr, c_int),
    Write(&'a CStr, c_int),
    Format(golden::Error),
}

/// Runs `tool` on the C arguments; returns the exit status.
///
/// # Safety
/// `argv` must hold `argc` valid NUL-terminated strings, as `main` receives them.
pub unsafe fn run(tool: Tool, argc: c_int, argv: *const *const c_char) -> c_int {
    DECODING.store(matches!(tool, Tool::Decode), Ordering::Relaxed);
    let args = if argc == 3 {
        // SAFETY: the caller guarantees argv[1] and argv[2] are C strings.
        unsafe { Some((CStr::from_ptr(*argv.add(1)), CStr::from_ptr(*argv.add(2)))) }
    } else {
        None
    };
    match args
        .ok_or(Failure::Usage)
        .and_then(|(input, output)| transform_file(tool, input, output))
    {
        Ok(()) => 0,
        Err(failure) => {
            sys::write_stderr(&message(tool, &failure));
            1
        }
    }
}

fn transform_file<'a>(tool: Tool, input: &'a CStr, output: &'a CStr) -> Result<(), Failure<'a>> {
    sys::ignore_file_size_signal();
    let magic: &[u8] = match tool {
        Tool::Encode => b"",
        Tool::Decode => &golden::container::MAGIC,
    };
    let data = sys::read_file(input, magic).map_err(|errno| Failure::Read(input, errno))?;
    let result = tool.transform(&data).map_err(Failure::Format)?;
    drop(data);
    sys::write_file_atomically(output, &result).map_err(|errno| Failure::Write(output, errno))
}

/// The one stderr line of `failure`, built without `core::fmt` (which would
/// add kilobytes to each executable).
fn message(tool: Tool, failure: &Failure) -> Vec<u8> {
    let name = tool.name().as_bytes();
    let parts: [&[u8]; 4] = match failure {
        Failure::Usage => [b"usage: ", name, b" IN OUT", b""],
        Failure::Read(path, errno) => [
            b"cannot read ",
            path.to_bytes(),
            b": ",
            sys::describe(*errno),
        ],
        Failure::Write(path, errno) => [
            b"cannot write ",
            path.to_bytes(),
            b": ",
            sys::describe(*errno),
        ],
        Failure::Format(e) => [e.message().as_bytes(), b"", b"", b""],
    };
    let mut line = Vec::new();
    for part in [name, b": "].into_iter().chain(parts).chain([&b"\n"[..]]) {
        line.extend_from_slice(part);
    }
    line
}
