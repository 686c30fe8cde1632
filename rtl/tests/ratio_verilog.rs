//! The committed Verilog of the ratio profile's encoder
//! (rtl/verilog/brainwire_ratio_encoder.v): up to date with the source, and
//! read by Verilator (sim/ co-simulates it against golden). Built with the
//! feature `profile-ratio` (`make test` runs it).
#![cfg(feature = "profile-ratio")]

use brainwire_rtl::ratio::encoder::{verilog, TOP_MODULE};
use std::path::PathBuf;

#[path = "support/committed.rs"]
mod committed;
use committed::{assert_committed, assert_lints_clean};

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("verilog/{TOP_MODULE}.v"))
}

#[test]
fn committed_ratio_verilog_is_up_to_date() {
    assert_committed(&committed_path(), &verilog(), "`make ratio-verilog`");
}

/// The project's lint flags but two: the control's tokens past s8 and the
/// coder's bin strobe are unused here (UNUSEDSIGNAL), and the top's one
/// combinational block both drives the coder's `in_valid` and reads its
/// `in_ready` (UNOPTFLAT: not a loop, as the coder's tests show, but it
/// costs Verilator speed).
#[test]
fn ratio_verilog_lints_with_verilator() {
    assert_lints_clean(
        &committed_path(),
        TOP_MODULE,
        &["-Wno-UNUSEDSIGNAL", "-Wno-UNOPTFLAT"],
    );
}
