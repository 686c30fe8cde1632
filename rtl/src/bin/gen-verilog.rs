//! Writes the Verilog of this build's profile (or to the path given):
//! rtl/verilog/brainwire_encoder.v from the implant's table-coded encoder, or
//! with the feature `profile-ratio` rtl/verilog/brainwire_ratio_encoder.v
//! from the ratio profile's arithmetic-coded one.

use std::process::ExitCode;

#[cfg(not(feature = "profile-ratio"))]
use brainwire_rtl::encoder::{verilog, TOP_MODULE};
#[cfg(feature = "profile-ratio")]
use brainwire_rtl::ratio::encoder::{verilog, TOP_MODULE};

fn main() -> ExitCode {
    let default = format!("{}/verilog/{TOP_MODULE}.v", env!("CARGO_MANIFEST_DIR"));
    let path = std::env::args().nth(1).unwrap_or(default);
    match std::fs::write(&path, verilog()) {
        Ok(()) => {
            eprintln!("wrote {path}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-verilog: cannot write {path}: {e}");
            ExitCode::FAILURE
        }
    }
}
