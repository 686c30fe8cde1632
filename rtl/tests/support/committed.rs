//! The committed Verilog files are what the generators write now.

use std::path::Path;

/// Asserts that `path` holds `fresh` (with `UPDATE_VERILOG` set, writes it
/// first); `regenerate` says how to bring it up to date.
pub fn assert_committed(path: &Path, fresh: &str, regenerate: &str) {
    if std::env::var_os("UPDATE_VERILOG").is_some() {
        std::fs::write(path, fresh).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale: regenerate it with {regenerate} (or UPDATE_VERILOG=1 cargo test -p brainwire-rtl)",
        path.display()
    );
}

/// Asserts that Verilator lints the Verilog at `path` (top module `top`)
/// clean with the project's flags (-Wall but WIDTH and DECLFILENAME, see
/// /work/shared/TOOLCHAIN.md) and the `extra` ones.
pub fn assert_lints_clean(path: &Path, top: &str, extra: &[&str]) {
    let out = std::process::Command::new("verilator")
        .args(["--lint-only", "-Wall", "-Wno-WIDTH", "-Wno-DECLFILENAME"])
        .args(extra)
        .args(["--top-module", top])
        .arg(path)
        .output()
        .expect("verilator not found (see /work/shared/TOOLCHAIN.md for the install)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
