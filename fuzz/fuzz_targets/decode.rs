//! Any bytes given to the container decoder: an error or the original bytes,
//! never a panic, a hang or unbounded memory.
#![no_main]

#[path = "../../golden/tests/support/fuzz_checks.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::decode(data));
