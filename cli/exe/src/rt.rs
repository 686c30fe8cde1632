//! The runtime a `no_std` binary must bring: a heap over libc's malloc, and
//! (in the abort-on-panic build) a panic handler that reports and exits.

use core::alloc::{GlobalAlloc, Layout};

/// Alignment glibc's malloc guarantees on 64-bit targets.
const MALLOC_ALIGN: usize = 16;

struct Malloc;

// SAFETY: malloc/realloc/free meet GlobalAlloc's contract for alignments up to
// MALLOC_ALIGN; larger alignments are refused (null), which nothing here asks for.
unsafe impl GlobalAlloc for Malloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() > MALLOC_ALIGN {
            return core::ptr::null_mut();
        }
        unsafe { libc::malloc(layout.size()).cast() }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        unsafe { libc::free(ptr.cast()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() > MALLOC_ALIGN {
            return core::ptr::null_mut();
        }
        unsafe { libc::realloc(ptr.cast(), new_size).cast() }
    }
}

#[global_allocator]
static HEAP: Malloc = Malloc;

#[cfg(panic = "abort")]
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    let tool = crate::Tool::running().name();
    crate::sys::write_stderr(tool.as_bytes());
    crate::sys::write_stderr(b": internal error\n");
    // SAFETY: _exit ends the process without returning.
    unsafe { libc::_exit(1) }
}
