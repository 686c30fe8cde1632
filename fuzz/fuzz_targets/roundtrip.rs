//! Any bytes given to the encoder come back byte for byte from the decoder.
#![no_main]

#[path = "../../golden/tests/support/fuzz_checks.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::roundtrip(data));
