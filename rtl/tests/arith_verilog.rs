//! The committed Verilog of the ratio back end (`ArithCoder`): up to date,
//! lint-clean, free of combinational loops, and golden's payload when
//! iverilog or Verilator simulates it. (Each block against golden: the rust-hdl tests in
//! rtl/src/arith.)
// The coder does not depend on the build's profile: the default build
// checks it, the ratio and low-energy (delta) builds do not again.
#![cfg(not(any(feature = "profile-ratio", feature = "profile-delta")))]

use brainwire_rtl::arith::coder::{verilog, TOP_MODULE};
use golden::profile::RATIO;
use golden::ratio::trace::bin_inputs;
use std::path::{Path, PathBuf};

#[path = "support/committed.rs"]
mod committed;
#[path = "support/stimulus.rs"]
mod stimulus;
use committed::{assert_committed, assert_lints_clean};
use stimulus::stimulus;

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

/// Lint-clean, UNOPTFLAT included: the handshakes between the blocks are
/// marked `isolate_assignments` (`arith::coder::isolate_handshakes`), without
/// which Verilator would see loops through the blocks' `always` blocks. They
/// are no loops (`arith_verilog_has_no_combinational_loop`).
#[test]
fn arith_verilog_lints_clean_with_verilator() {
    assert_lints_clean(&committed_path(), TOP_MODULE, &[]);
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

/// A bench for the committed Verilog: per-sample inputs from `inputs.hex`
/// (`{raw_mode, on_grid, sample, residual, level}`), driven on
/// the falling edge and sampled before the rising one; random input gaps and
/// output stalls; prints each byte taken and `L` with the last.
const BENCH: &str = r#"
module bench;
reg clock = 0, reset = 1, in_valid = 0, flush = 0, out_ready = 0;
reg raw_mode = 0, on_grid = 0; reg [15:0] sample = 0; reg [9:0] residual = 0;
reg [3:0] level = 0;
wire in_ready, out_valid, out_last, bin_coded; wire [7:0] out_byte;
TOP dut(.clock(clock), .reset(reset), .in_valid(in_valid), .in_ready(in_ready),
  .raw_mode(raw_mode), .on_grid(on_grid), .sample(sample), .residual(residual),
  .level(level), .flush(flush), .out_byte(out_byte),
  .out_valid(out_valid), .out_ready(out_ready), .out_last(out_last), .bin_coded(bin_coded));
reg [31:0] inputs [0:NSAMPLES-1];
integer next = 0, cycles = 0, flushed = 0, seed = 7;
always #5 clock = ~clock;
initial begin
  $readmemh("inputs.hex", inputs);
  repeat (2) @(negedge clock);
  reset = 0;
  forever begin
    @(negedge clock);
    {raw_mode, on_grid, sample, residual, level} = inputs[next < NSAMPLES ? next : 0];
    in_valid = next < NSAMPLES && ($random(seed) & 7) != 0;
    flush = next == NSAMPLES && !flushed;
    out_ready = ($random(seed) & 3) != 0;
    #2;
    if (in_valid && in_ready) next = next + 1;
    if (flush) flushed = 1;
    if (out_valid && out_ready) begin
      $display("%h", out_byte);
      if (out_last) begin $display("L"); $finish; end
    end
    cycles = cycles + 1;
    if (cycles > 50 * NSAMPLES + 5000) begin $display("TIMEOUT"); $finish; end
  end
end
endmodule
"#;

/// A Verilog simulator the bench runs on.
#[derive(Clone, Copy, Debug)]
enum Simulator {
    Iverilog,
    /// Verilator 5's `--binary --timing` (the bench's delays).
    Verilator,
}

/// Runs `program` with `args` in `dir`; its stdout, or a panic with its stderr.
fn run(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(program)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|_| panic!("{program} not found (see /work/shared/TOOLCHAIN.md)"));
    assert!(
        out.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The payload bytes the committed Verilog writes for `samples` of `n`
/// channels, simulated by `sim` (in a directory of its own per `case`).
fn simulated_bytes(sim: Simulator, case: usize, samples: &[i16], n: usize) -> Vec<u8> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("arith_{sim:?}_{case}"));
    std::fs::create_dir_all(&dir).unwrap();
    let hex: String = bin_inputs(&RATIO, samples, n)
        .iter()
        .map(|s| {
            let word = (s.at.raw_mode as u64) << 31
                | (s.on_grid as u64) << 30
                | (s.sample as u16 as u64) << 14
                | ((s.residual as u64) & 0x3ff) << 4
                | s.at.level as u64;
            format!("{word:08x}\n")
        })
        .collect();
    std::fs::write(dir.join("inputs.hex"), hex).unwrap();
    let bench = BENCH
        .replace("TOP", TOP_MODULE)
        .replace("NSAMPLES", &samples.len().to_string());
    std::fs::write(dir.join("bench.v"), bench).unwrap();
    let design = committed_path().display().to_string();
    let text = match sim {
        Simulator::Iverilog => {
            run(
                &dir,
                "iverilog",
                &["-g2005", "-o", "bench.vvp", "bench.v", &design],
            );
            run(&dir, "vvp", &["-n", "bench.vvp"])
        }
        Simulator::Verilator => {
            run(
                &dir,
                "verilator",
                &[
                    "--binary",
                    "--timing",
                    "-Wno-fatal",
                    "-Wno-lint",
                    "-Wno-style",
                    "--top-module",
                    "bench",
                    "-Mdir",
                    "obj",
                    "bench.v",
                    &design,
                ],
            );
            run(&dir, "obj/Vbench", &[])
        }
    };
    assert!(
        text.lines().any(|l| l == "L"),
        "{sim:?}: no out_last: {text}"
    );
    text.lines()
        .take_while(|l| *l != "L")
        .filter_map(|l| u8::from_str_radix(l.trim(), 16).ok())
        .collect()
}

/// The committed Verilog, simulated by iverilog and by Verilator with input
/// gaps and output stalls, writes golden's payload (`ratio::encode`) for a
/// synthetic stream (one and three channels) and for a real recording's
/// first samples.
#[test]
fn committed_arith_verilog_matches_golden_in_iverilog_and_verilator() {
    let mut cases = vec![(stimulus(3000), 1), (stimulus(3000), 3)];
    if let Some(recordings) = brainwire_recordings::recordings_or_skip() {
        let first = brainwire_recordings::read_mono(&recordings.paths[0]).expect("a recording");
        cases.push((first[..3000.min(first.len())].to_vec(), 1));
    }
    for (case, (samples, n)) in cases.iter().enumerate() {
        let want = golden::ratio::encode(&RATIO, samples, *n);
        for sim in [Simulator::Iverilog, Simulator::Verilator] {
            let got = simulated_bytes(sim, case, samples, *n);
            assert!(
                got == want,
                "{sim:?}, {n} channels, {} samples",
                samples.len()
            );
        }
    }
}
