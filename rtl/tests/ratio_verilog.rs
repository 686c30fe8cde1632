//! The committed Verilog of the ratio profile's encoder
//! (rtl/verilog/brainwire_ratio_encoder.v): up to date with the source, and
//! read by Verilator (sim/ co-simulates it against golden). Built with the
//! feature `profile-ratio` (`make test` runs it).
#![cfg(feature = "profile-ratio")]

use brainwire_rtl::ratio::encoder::{verilog, TOP_MODULE};
use std::path::PathBuf;
use std::process::Command;

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("verilog/{TOP_MODULE}.v"))
}

#[test]
fn committed_ratio_verilog_is_up_to_date() {
    let fresh = verilog();
    let path = committed_path();
    if std::env::var_os("UPDATE_VERILOG").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale: regenerate it with `make ratio-verilog` \
         (or UPDATE_VERILOG=1 cargo test -p brainwire-rtl --features profile-ratio)",
        path.display()
    );
}

/// Verilator's lint without -Wall: the generated names `bins` and `byte` need
/// Verilog-2005 parsing; UNOPTFLAT (a combinational path through the coder's
/// handshakes that Verilator cannot order statically) is left to the back end.
#[test]
fn ratio_verilog_lints_with_verilator() {
    let out = Command::new("verilator")
        .args([
            "--lint-only",
            "-Wno-WIDTH",
            "-Wno-DECLFILENAME",
            "-Wno-UNOPTFLAT",
            "--default-language",
            "1364-2005",
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
