//! Writes rtl/verilog/brainwire_encoder.v (or the path given) from the golden profile.

use std::process::ExitCode;

fn main() -> ExitCode {
    let default = concat!(env!("CARGO_MANIFEST_DIR"), "/verilog/brainwire_encoder.v");
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| default.to_string());
    match std::fs::write(&path, brainwire_rtl::encoder::verilog()) {
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
