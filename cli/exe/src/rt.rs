//! The runtime a `no_std` binary must bring: a heap over libc's malloc, and
//! (in the abort-on-panic build) a panic handler that reports and exits.

use core::alloc::{GlobalAlloc, Layout};
use core::sync::atomic::{AtomicBool, Ordering};

/// Alignment glibc's malloc guarantees on 64-bit targets.
const MALLOC_ALIGN: usize = 16;

/// Set when an allocation fails, so that the panic that follows reads "out of memory".
static OUT_OF_MEMORY: AtomicBool = AtomicBool::new(false);

struct Malloc;

/// `p`, noting a failed allocation.
fn noted(p: *mut u8) -> *mut u8 {
    if p.is_null() {
        OUT_OF_MEMORY.store(true, Ordering::Relaxed);
    }
    p
}

// SAFETY: memalign/free meet GlobalAlloc's contract for every alignment (a
// power of two), realloc for alignments up to MALLOC_ALIGN; a larger one
// (which the test harness asks for) is reallocated by a copy.
unsafe impl GlobalAlloc for Malloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // memalign is malloc for alignments up to MALLOC_ALIGN.
        noted(unsafe { libc::memalign(layout.align(), layout.size()) }.cast())
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        unsafe { libc::free(ptr.cast()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() > MALLOC_ALIGN {
            // SAFETY: GlobalAlloc's own contract, as the default method would.
            let new =
                unsafe { self.alloc(Layout::from_size_align_unchecked(new_size, layout.align())) };
            if !new.is_null() {
                // SAFETY: both blocks hold at least the smaller size.
                unsafe {
                    core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                    self.dealloc(ptr, layout);
                }
            }
            return new;
        }
        noted(unsafe { libc::realloc(ptr.cast(), new_size) }.cast())
    }
}

#[global_allocator]
static HEAP: Malloc = Malloc;

#[cfg(panic = "abort")]
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    let tool = crate::Tool::running().name();
    crate::sys::write_stderr(tool.as_bytes());
    crate::sys::write_stderr(match OUT_OF_MEMORY.load(Ordering::Relaxed) {
        true => b": out of memory\n",
        false => b": internal error\n",
    });
    // SAFETY: _exit ends the process without returning.
    unsafe { libc::_exit(1) }
}

#[cfg(test)]
mod tests {
    /// The test harness itself asks for such alignments.
    #[test]
    fn over_aligned_allocations_are_aligned_and_keep_their_contents_when_grown() {
        #[repr(align(64))]
        struct Line([u8; 64]);
        let mut lines = alloc::vec::Vec::new();
        for i in 0..1000 {
            lines.push(Line([i as u8; 64]));
            assert_eq!(lines.as_ptr() as usize % 64, 0);
        }
        assert!(lines.iter().enumerate().all(|(i, l)| l.0 == [i as u8; 64]));
    }
}
