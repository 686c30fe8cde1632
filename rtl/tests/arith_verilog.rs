//! The committed Verilog of the ratio back end (`ArithCoder`): up to date and
//! lint-clean. (Its behaviour against golden: the rust-hdl tests in rtl/src/arith.)

use brainwire_rtl::arith::coder::{verilog, TOP_MODULE};
use std::path::PathBuf;
use std::process::Command;

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("verilog/brainwire_arith_coder.v")
}

#[test]
fn committed_arith_verilog_is_up_to_date() {
    let fresh = verilog();
    let path = committed_path();
    if std::env::var_os("UPDATE_VERILOG").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale: regenerate it with `cargo run -p brainwire-rtl --bin gen-arith-verilog` \
         (or UPDATE_VERILOG=1 cargo test -p brainwire-rtl)",
        path.display()
    );
}

/// Lint-clean but for UNOPTFLAT: rust-hdl writes each block as one
/// `always @(*)`, and Verilator 5.006 orders such a block as a whole, so the
/// handshakes between the blocks (`take` back to the bin FSM, `byte_ready`
/// back to the range coder, both from registers only) look like loops
/// through them. They are not: the rust-hdl simulation settles in one pass
/// and yosys finds no combinational loop (`check -assert` in the hardware
/// flow). A Verilator build of a top holding `ArithCoder` needs
/// `-Wno-UNOPTFLAT` (the simulation stays exact; it only evaluates those
/// blocks more than once per clock).
#[test]
fn arith_verilog_lints_clean_with_verilator() {
    let out = Command::new("verilator")
        .args([
            "--lint-only",
            "-Wall",
            "-Wno-WIDTH",
            "-Wno-DECLFILENAME",
            "-Wno-UNOPTFLAT",
            "--top-module",
            TOP_MODULE,
        ])
        .arg(committed_path())
        .output()
        .expect("verilator not found (see /work/shared/TOOLCHAIN.md for the install)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
