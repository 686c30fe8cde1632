//! Verilates the encoder RTL (the implant's; the ratio profile's too) and
//! links each model with the C++ shim (csrc/shim.cpp).
//!
//! Verilator 5.006 quirks: it builds no `libverilated.a` (the runtime sources
//! are compiled into the shim here) and names the model archive `V<top>__ALL.a`.
//! While the Verilog does not exist yet the crate still builds, without the
//! model (cfg `rtl_missing`, `ratio_missing`): `Rtl::new` / `Rtl::ratio`
//! then report the missing file.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A verilated design: its top module, the Verilog (overridable by
/// `env`), the prefix of its C entry points, the cfg set when the Verilog
/// is missing, and whether it gets a second, traced model for waveforms.
struct Design {
    top: &'static str,
    env: &'static str,
    api: &'static str,
    missing_cfg: &'static str,
    traced: bool,
    /// Built by a quick build too (`make mutants` checks the implant only).
    quick_too: bool,
    /// The golden profile of its committed Verilog (the reference when the
    /// Verilog is missing; otherwise its header names the profile).
    profile: &'static str,
}

/// The implant encoder (every check), and the ratio profile's encoder
/// (`--ratio`; no traced model: its waveforms are not dumped).
const DESIGNS: [Design; 2] = [
    Design {
        top: "brainwire_encoder",
        env: "BRAINWIRE_RTL_VERILOG",
        api: "bwf_",
        missing_cfg: "rtl_missing",
        traced: true,
        quick_too: true,
        profile: "implant",
    },
    Design {
        top: "brainwire_ratio_encoder",
        env: "BRAINWIRE_RATIO_VERILOG",
        api: "bwr_",
        missing_cfg: "ratio_missing",
        traced: false,
        quick_too: false,
        profile: "ratio",
    },
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=csrc");
    println!("cargo:rerun-if-env-changed=VERILATOR");
    println!("cargo:rerun-if-env-changed=BRAINWIRE_SIM_QUICK");
    let mut built = false;
    for d in &DESIGNS {
        built |= build(d);
    }
    if !built {
        return;
    }
    let verilator = env::var("VERILATOR").unwrap_or_else(|_| "verilator".into());
    let inc = verilator_root(&verilator).join("include");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    // The Verilator runtime, once for every model.
    cxx(&mut cc::Build::new(), &inc)
        .define("VM_TRACE", "1")
        .define("VM_TRACE_VCD", "1")
        .file(inc.join("verilated.cpp"))
        .file(inc.join("verilated_threads.cpp"))
        .file(inc.join("verilated_vcd_c.cpp"))
        .compile("verilated_runtime");
    // The shim needs the model: link order matters for static archives.
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-lib=dylib=pthread");
}

/// Design `d` built without its model: its cfg set, and its default
/// profile named for the code that reads it. Returns false (not built).
fn without_model(d: &Design) -> bool {
    println!("cargo:rustc-env={}_PROFILE={}", d.env, d.profile);
    println!("cargo:rustc-cfg={}", d.missing_cfg);
    false
}

/// Verilates design `d` and compiles its shims; false (and its cfg set) when
/// its Verilog does not exist.
fn build(d: &Design) -> bool {
    let top = d.top;
    println!("cargo::rustc-check-cfg=cfg({})", d.missing_cfg);
    println!("cargo:rerun-if-env-changed={}", d.env);
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let verilog = env::var_os(d.env)
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../rtl/verilog").join(format!("{top}.v")));
    println!("cargo:rerun-if-changed={}", verilog.display());
    println!("cargo:rustc-env={}_PATH={}", d.env, verilog.display());
    let quick = env::var_os("BRAINWIRE_SIM_QUICK").is_some();
    if quick && !d.quick_too {
        return without_model(d);
    }
    if !verilog.exists() {
        println!(
            "cargo:warning=brainwire-sim: {} not found; building without its model",
            verilog.display()
        );
        return without_model(d);
    }

    let verilator = env::var("VERILATOR").unwrap_or_else(|_| "verilator".into());
    let root = verilator_root(&verilator);
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let inc = root.join("include");
    let source = std::fs::read_to_string(&verilog).expect("brainwire-sim: cannot read the Verilog");
    // The golden profile the Verilog was generated from (its header: "...
    // from the golden\n// profile NAME: do not edit"): the co-simulation's
    // reference for the implant design, so that the delta build's Verilog
    // (`make cosim-delta`) is checked against golden's delta profile.
    let profile = source
        .split_once("// profile ")
        .and_then(|(_, rest)| rest.split_once(':'))
        .map(|(name, _)| name.trim().to_string())
        .expect("brainwire-sim: no \"// profile NAME:\" in the Verilog's header");
    println!("cargo:rustc-env={}_PROFILE={profile}", d.env);
    let ports_h = format!("{}ports.h", d.api);
    write_port_header(
        top,
        &source,
        &out.join(&ports_h),
        &out.join(format!("{}ports.rs", d.api)),
    );
    // Two models of the same Verilog: the fast one runs the co-simulation;
    // the traced one (--trace costs about 11 %) dumps waveforms. A quick
    // build (BRAINWIRE_SIM_QUICK=1, for `make mutants`: one model, C++ at
    // -O1, no waveforms) compiles in a fraction of the time.
    let traced_prefix = if quick {
        format!("V{top}")
    } else {
        format!("V{top}_traced")
    };
    let traced_api = format!("{}t_", &d.api[..d.api.len() - 2]);
    for (prefix, api, traced) in [
        (format!("V{top}"), d.api.to_string(), false),
        (traced_prefix, traced_api, !quick),
    ] {
        let fast = api == d.api;
        if !fast && !d.traced {
            continue;
        }
        let mdir = out.join(&prefix);
        if fast || !quick {
            verilate(&verilator, &verilog, top, &mdir, &prefix, traced, quick);
        }
        std::fs::copy(
            mdir.join(format!("{prefix}__ALL.a")),
            out.join(format!("lib{prefix}.a")),
        )
        .expect("brainwire-sim: verilator produced no model archive");
        let mut shim = cc::Build::new();
        shim.define("BW_MODEL", prefix.as_str())
            .define("BW_MODEL_H", format!("\"{prefix}.h\"").as_str())
            .define("BW_ROOT_H", format!("\"{prefix}___024root.h\"").as_str())
            .define("BW_PORTS_H", format!("\"{ports_h}\"").as_str())
            .define("BW_API(name)", format!("{api}##name").as_str())
            .define("VM_TRACE", if traced { "1" } else { "0" })
            .define("VM_TRACE_VCD", if traced { "1" } else { "0" })
            .include(&mdir)
            .include(&out);
        // One eval per clock (see cycle_end in the shim) needs the clock's trigger
        // state by the name Verilator 5.006 gives it; other versions get two evals.
        let root_h =
            std::fs::read_to_string(mdir.join(format!("{prefix}___024root.h"))).unwrap_or_default();
        if root_h.contains("__Vtrigrprev__TOP__clock;") {
            shim.define("BW_FAST_EDGE", "1");
        } else {
            println!("cargo:warning=brainwire-sim: no __Vtrigrprev__TOP__clock in this Verilator's model; two evals per clock (slower)");
        }
        cxx(&mut shim, &inc)
            .file("csrc/shim.cpp")
            .file("csrc/driver.cpp")
            .compile(&format!("brainwire_shim_{api}"));
        if fast || !quick {
            println!("cargo:rustc-link-lib=static={prefix}");
        }
    }
    true
}

/// Writes `<api>ports.h`: one `BW_PORT_<NAME>_BITS` per port of the top module
/// as the Verilog (generated from brainwire-rtl's constants) declares it, so the
/// shim checks its C types against the RTL instead of copying widths; and the
/// same widths as Rust constants (`<api>ports.rs`, `PORT_<NAME>_BITS`) for the crate.
fn write_port_header(top: &str, verilog: &str, path: &Path, rust_path: &Path) {
    let (head, body) = verilog
        .split_once(&format!("module {top}("))
        .and_then(|(_, rest)| rest.split_once(");"))
        .expect("brainwire-sim: no top module in the Verilog");
    let mut h = String::from(
        "// Generated by sim/build.rs from the RTL's Verilog: port widths of the top.\n",
    );
    let mut rs = String::from(
        "// Generated by sim/build.rs from the RTL's Verilog: port widths of the top.\n",
    );
    for name in head.split(',').map(str::trim) {
        // `input wire  [15:0] in_sample;` or `output reg  out_valid;`
        let decl = body
            .lines()
            .map(str::trim)
            .find(|l| {
                (l.starts_with("input ") || l.starts_with("output "))
                    && l.ends_with(&format!(" {name};"))
            })
            .unwrap_or_else(|| panic!("brainwire-sim: no declaration of port {name}"));
        let bits = match decl.split_once('[') {
            Some((_, r)) => r.split(':').next().unwrap().parse::<u32>().unwrap() + 1,
            None => 1,
        };
        h += &format!("#define BW_PORT_{}_BITS {bits}\n", name.to_uppercase());
        rs += &format!(
            "#[allow(dead_code)]\npub const PORT_{}_BITS: u32 = {bits};\n",
            name.to_uppercase()
        );
    }
    std::fs::write(path, h).expect("brainwire-sim: cannot write the ports header");
    std::fs::write(rust_path, rs).expect("brainwire-sim: cannot write the ports constants");
}

/// C++ settings shared by the shims and the Verilator runtime.
fn cxx<'a>(b: &'a mut cc::Build, inc: &Path) -> &'a mut cc::Build {
    b.cpp(true)
        .std("c++17")
        .opt_level(3)
        .include(inc)
        .include(inc.join("vltstd"))
        .flag_if_supported("-faligned-new")
        .flag_if_supported("-march=native")
        .flag_if_supported("-Wno-maybe-uninitialized")
        .flag_if_supported("-Wno-unused-parameter")
        .flag_if_supported("-Wno-unused-variable")
        .flag_if_supported("-Wno-sign-compare")
}

/// Where the Verilator runtime sources live; fails clearly if Verilator is missing.
fn verilator_root(verilator: &str) -> PathBuf {
    let out = Command::new(verilator)
        .args(["--getenv", "VERILATOR_ROOT"])
        .output();
    match out {
        Ok(o) if o.status.success() => PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()),
        _ => panic!(
            "brainwire-sim: cannot run `{verilator}` (Verilator 5.x is needed to co-simulate the RTL; \
             `apt-get install verilator`, or set VERILATOR=/path/to/verilator)"
        ),
    }
}

/// `verilator --cc --build` of the top module into `mdir`, C++ at -O3 for this CPU.
///
/// Measured on the 12-stage Verilog (1 M cycles, one channel, C++ harness):
/// -O2 1.78 M cycles/s; -O3 -march=native 2.22 (gcc inlines the wide-word
/// inserts of the 114-bit state shifts, a quarter of the time at -O2);
/// --x-assign/--x-initial fast 2.33; one eval per clock (the shim) 2.97;
/// 3.34 without --trace (the fast model; the traced one is 2.97).
fn verilate(
    verilator: &str,
    verilog: &Path,
    top: &str,
    mdir: &Path,
    prefix: &str,
    traced: bool,
    quick: bool,
) {
    let opt = if quick { "-O1" } else { "-O3" };
    let status = Command::new(verilator)
        .args([
            "--cc",
            "--build",
            "-O3",
            "--top-module",
            top,
            "--prefix",
            prefix,
        ])
        .args(traced.then_some("--trace"))
        .args(["--x-assign", "fast", "--x-initial", "fast"])
        // Lint belongs to the RTL's own checks; here warnings must not stop the build.
        .args(["-Wno-fatal", "-Wno-lint", "-Wno-style"])
        .args([
            "-CFLAGS",
            "-fPIC -march=native",
            "-MAKEFLAGS",
            &format!("OPT_FAST={opt} OPT_GLOBAL={opt} OPT_SLOW=-O1"),
        ])
        .args(["-j", "2", "--Mdir"])
        .arg(mdir)
        .arg(verilog)
        .status()
        .unwrap_or_else(|e| panic!("brainwire-sim: cannot run `{verilator}`: {e}"));
    assert!(
        status.success(),
        "brainwire-sim: verilator failed on {}",
        verilog.display()
    );
}
