//! The committed Verilog: up to date, lint-clean, accepted by yosys, and
//! bit-exact with golden when simulated by iverilog. Built for another profile
//! (a `profile-*` feature), the same checks run on that profile's freshly
//! generated Verilog; only the committed file's freshness is not checked.
// The table-coded encoder: the ratio profile has its own top (`ratio::encoder`).
#![cfg(not(feature = "profile-ratio"))]

use brainwire_rtl::encoder::{verilog, Encoder, TOP_MODULE};
use brainwire_rtl::interface::testbench_ports;
use brainwire_rtl::params::{IS_COMMITTED_PROFILE, PROFILE, SAMPLE_BITS, WORD_BITS};
use golden::bits::BitWriter;
use rust_hdl::prelude::*;
use std::path::PathBuf;
use std::process::Command;

#[path = "support/committed.rs"]
mod committed;
#[path = "support/locate.rs"]
mod locate;
use golden::payload::Layout;
#[path = "support/stimulus.rs"]
mod stimulus;
use committed::{assert_committed, assert_lints_clean};
use locate::{first_difference, first_difference_in};
use stimulus::stimulus;

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("verilog/brainwire_encoder.v")
}

fn scratch(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The Verilog of this build's profile: the committed file, or for another
/// profile its Verilog generated into the scratch directory.
fn design_path() -> PathBuf {
    if IS_COMMITTED_PROFILE {
        return committed_path();
    }
    let dir = scratch(&format!("profile_{}", PROFILE.name));
    let path = dir.join("brainwire_encoder.v");
    // Tests run in parallel: each writes its own file, then renames it into place.
    let own = dir.join(format!("{:?}.v", std::thread::current().id()));
    std::fs::write(&own, verilog()).unwrap();
    std::fs::rename(&own, &path).unwrap();
    path
}

#[test]
#[cfg_attr(
    any(feature = "profile-lms4-rice", feature = "profile-delta"),
    ignore = "the committed Verilog is the implant profile's"
)]
fn committed_verilog_is_up_to_date() {
    assert_committed(
        &committed_path(),
        &verilog(),
        "`cargo run -p brainwire-rtl --bin gen-verilog` (profile or code tables changed?)",
    );
}

#[test]
fn verilog_lints_clean_with_verilator() {
    assert_lints_clean(&design_path(), TOP_MODULE, &[]);
}

#[test]
fn verilog_passes_yosys_validate() {
    let mut uut = Encoder::default();
    uut.connect_all();
    yosys_validate("brainwire_encoder", &generate_verilog(&uut)).unwrap();
}

#[test]
fn state_rams_are_their_own_modules() {
    use brainwire_rtl::layout::{PREDICTOR_RAM_BITS, STATE_RAM_BITS};
    let v = verilog();
    for (name, bits) in [
        ("state_ram", STATE_RAM_BITS),
        ("predictor_ram", PREDICTOR_RAM_BITS),
    ] {
        let start = v
            .find(&format!("module {TOP_MODULE}${name}("))
            .expect("module");
        let text = &v[start..start + v[start..].find("endmodule").unwrap()];
        assert!(text.contains(&format!("reg[{}:0] mem[1023:0];", bits - 1)));
    }
    assert_eq!(
        PREDICTOR_RAM_BITS + STATE_RAM_BITS,
        brainwire_rtl::params::STATE_BITS
    );
}

/// A testbench that streams samples from a hex file and prints each output
/// word; PORTS is the top's signals and instance (`interface::testbench_ports`).
const BENCH: &str = r#"
module bench;
PORTS
reg [SAMPLE_MSB:0] samples [0:NSAMPLES-1];
integer next = 0, cycles = 0;
always #5 clock = ~clock;
initial begin
  reset = 1; out_ready = 1;
  $readmemh("samples.hex", samples);
  channels_minus_one = NCHANNELS - 1;
  block_minus_one = NBLOCK - 1;
  repeat (2) @(posedge clock);
  #1 reset = 0;
  forever begin
    in_valid = next < NSAMPLES;
    in_sample = samples[next < NSAMPLES ? next : 0];
    flush = (next == NSAMPLES);
    #4;
    @(posedge clock);
    if (in_valid && in_ready) next = next + 1;
    else if (flush) next = next + 1;
    if (out_valid && out_ready) begin
      $display("%h %d", out_word, out_bits);
      if (out_last) $finish;
    end
    cycles = cycles + 1;
    if (cycles > 20 * NSAMPLES + 5000) begin $display("TIMEOUT"); $finish; end
    #1;
  end
end
endmodule
"#;

fn iverilog_run(layout: Layout, samples: &[i16]) -> Vec<u8> {
    let (channels, block) = (layout.channels(), layout.block());
    let dir = scratch(&format!("iverilog_{channels}_{block}"));
    let hex: String = samples
        .iter()
        .map(|&s| format!("{:04x}\n", s as u16))
        .collect();
    std::fs::write(dir.join("samples.hex"), hex).unwrap();
    let bench = BENCH
        .replace("PORTS", &testbench_ports())
        .replace("SAMPLE_MSB", &(SAMPLE_BITS - 1).to_string())
        .replace("NSAMPLES", &samples.len().to_string())
        .replace("NCHANNELS", &channels.to_string())
        .replace("NBLOCK", &block.to_string());
    std::fs::write(dir.join("bench.v"), bench).unwrap();
    let build = Command::new("iverilog")
        .current_dir(&dir)
        .args(["-g2005", "-o", "bench.vvp", "bench.v"])
        .arg(design_path())
        .output()
        .expect("iverilog not found (see /work/shared/TOOLCHAIN.md for the install)");
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let out = Command::new("vvp")
        .current_dir(&dir)
        .args(["-n", "bench.vvp"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("TIMEOUT"), "no flushed word");
    let mut bytes = BitWriter::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with("VCD") && !l.contains("$finish"))
    {
        let mut it = line.split_whitespace();
        let (Some(w), Some(n)) = (it.next(), it.next()) else {
            continue;
        };
        let w = u32::from_str_radix(w, 16).unwrap_or_else(|_| panic!("bad word line {line:?}"));
        let n: u32 = n.parse().unwrap();
        // The valid bits are the top `n` of the word.
        if n > 0 {
            bytes.put(w >> (WORD_BITS as u32 - n), n);
        }
    }
    bytes.finish()
}

#[test]
fn committed_verilog_matches_golden_in_iverilog() {
    let samples = stimulus(3000);
    let max = golden::profile::MAX_CHANNELS;
    let max_block = golden::profile::MAX_BLOCK;
    for (n, b) in [(1, 1), (2, 1), (max, 1), (3, max_block), (max, max_block)] {
        let layout = Layout::new(n, b).unwrap();
        let got = iverilog_run(layout, &samples);
        if let Some(m) = first_difference_in(&got, &samples, layout) {
            panic!("iverilog of the committed Verilog != golden: {m}");
        }
    }
}

#[test]
fn a_difference_is_located_to_its_sample_and_channel() {
    let samples = stimulus(400);
    let mut payload = golden::payload::encode(PROFILE, &samples, 3);
    assert!(first_difference(&payload, &samples, 3).is_none());
    payload[100] ^= 0x10;
    let m = first_difference(&payload, &samples, 3).unwrap();
    assert!(m.contains("first differing bit 803 is in sample"), "{m}");
    assert!(m.contains("channel "), "{m}");
}
