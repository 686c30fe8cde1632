//! Writes rtl/verilog/brainwire_arith_coder.v (or the path given): the ratio
//! profile's back end (`arith::coder::ArithCoder`).

use std::process::ExitCode;

fn main() -> ExitCode {
    let default = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/verilog/brainwire_arith_coder.v"
    );
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| default.to_string());
    match std::fs::write(&path, brainwire_rtl::arith::coder::verilog()) {
        Ok(()) => {
            eprintln!("wrote {path}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-arith-verilog: cannot write {path}: {e}");
            ExitCode::FAILURE
        }
    }
}
