//! The committed Verilog of the ratio back end (`ArithCoder`): up to date and
//! lint-clean. (Its behaviour against golden: the rust-hdl tests in rtl/src/arith.)

use brainwire_rtl::arith::coder::{verilog, TOP_MODULE};
use std::path::PathBuf;

#[path = "support/committed.rs"]
mod committed;
use committed::{assert_committed, assert_lints_clean};

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("verilog/brainwire_arith_coder.v")
}

#[test]
fn committed_arith_verilog_is_up_to_date() {
    assert_committed(
        &committed_path(),
        &verilog(),
        "`cargo run -p brainwire-rtl --bin gen-arith-verilog`",
    );
}

/// Lint-clean but for UNOPTFLAT: rust-hdl writes each block as one
/// `always @(*)`, and Verilator 5.006 orders such a block as a whole, so the
/// handshakes between the blocks (`take` back to the bin FSM, `byte_ready`
/// back to the range coder, both from registers only) look like loops
/// through them. They are not (`arith_verilog_has_no_combinational_loop`).
/// A Verilator build of a top holding `ArithCoder` needs `-Wno-UNOPTFLAT`
/// (the simulation stays exact; it only evaluates those blocks more than
/// once per clock).
#[test]
fn arith_verilog_lints_clean_with_verilator() {
    assert_lints_clean(&committed_path(), TOP_MODULE, &["-Wno-UNOPTFLAT"]);
}

/// yosys, on the flattened design, finds no combinational loop (nor any
/// other problem `check` knows).
#[test]
fn arith_verilog_has_no_combinational_loop() {
    let script = format!(
        "read_verilog {}; hierarchy -top {TOP_MODULE}; proc; flatten; opt; check -assert",
        committed_path().display()
    );
    let out = std::process::Command::new("yosys")
        .args(["-q", "-p", &script])
        .output()
        .expect("yosys not found (see /work/shared/TOOLCHAIN.md for the install)");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
