//! `decode IN OUT`: the scored decoder (see the crate documentation).
#![no_std]
#![no_main]

use core::ffi::{c_char, c_int};

#[no_mangle]
extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    // SAFETY: the C runtime passes argc valid argument strings.
    unsafe { brainwire_exe::run(brainwire_exe::Tool::Decode, argc, argv) }
}
