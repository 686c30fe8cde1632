//! `ArithCoder`: the ratio profile's back end, the bin FSM, the context
//! store, the range coder and the byte output joined. Per sample in
//! (valid/ready): raw mode, on-grid flag, sample, wrapped residual, activity
//! level; out: the payload bytes of `golden::ratio::encode`
//! (valid/ready, `out_last` on the flush's final byte).
//!
//! Timing: one bin a clock (context or bypass), the bins of consecutive
//! samples back to back; a clock more for each byte beyond the first that
//! one bin shifts out, and the pending 0xFF bytes of a resolved run are
//! written one a clock (a raw byte arriving meanwhile waits, and the coder
//! behind it). `in_ready` (from registers only) is high while the bin FSM is
//! idle and on the clock the coder takes a sample's last bin. After reset the contexts are swept: `in_ready` stays low for
//! CONTEXT_COUNT clocks. `flush` is a one-clock pulse after the last sample
//! is accepted; the coder writes the end (five `shift_low`s) after that
//! sample's bins and is then ready for a new stream after a reset (the
//! contexts are per stream).

use super::bins::Binarizer;
use super::contexts::ContextStore;
use super::output::ByteOutput;
use super::params::{BYTE, LEVEL_BITS, RESIDUAL_BITS, SAMPLE_BITS};
use super::range::RangeCoder;
use rust_hdl::prelude::*;

#[derive(LogicBlock, Default)]
pub struct ArithCoder {
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: a new stream (contexts swept to their start).
    pub reset: Signal<In, bool>,
    /// A sample is offered / taken.
    pub in_valid: Signal<In, bool>,
    pub in_ready: Signal<Out, bool>,
    /// The channel's raw mode before the sample.
    pub raw_mode: Signal<In, bool>,
    /// The sample is on the grid.
    pub on_grid: Signal<In, bool>,
    /// The sample `v` (verbatim off the grid).
    pub sample: Signal<In, Bits<SAMPLE_BITS>>,
    /// The wrapped residual `e`, two's complement.
    pub residual: Signal<In, Bits<RESIDUAL_BITS>>,
    /// Activity level `L`.
    pub level: Signal<In, Bits<LEVEL_BITS>>,
    /// One-clock pulse after the last sample has been accepted.
    pub flush: Signal<In, bool>,
    /// Payload bytes.
    pub out_byte: Signal<Out, Bits<BYTE>>,
    pub out_valid: Signal<Out, bool>,
    pub out_ready: Signal<In, bool>,
    pub out_last: Signal<Out, bool>,
    /// A bin is coded this clock (for measuring clocks per bin).
    pub bin_coded: Signal<Out, bool>,
    binarizer: Binarizer,
    contexts: ContextStore,
    range: RangeCoder,
    bytes: ByteOutput,
}

impl Logic for ArithCoder {
    #[hdl_gen]
    fn update(&mut self) {
        clock!(self, clock, binarizer, contexts, range, bytes);
        self.binarizer.reset.next = self.reset.val();
        self.contexts.reset.next = self.reset.val();
        self.range.reset.next = self.reset.val();
        self.bytes.reset.next = self.reset.val();
        // Samples into the bin FSM.
        self.binarizer.enable.next = self.contexts.ready.val();
        self.binarizer.in_valid.next = self.in_valid.val();
        self.in_ready.next = self.binarizer.in_ready.val();
        self.binarizer.raw_mode.next = self.raw_mode.val();
        self.binarizer.on_grid.next = self.on_grid.val();
        self.binarizer.sample.next = self.sample.val();
        self.binarizer.residual.next = self.residual.val();
        self.binarizer.level.next = self.level.val();
        self.binarizer.flush.next = self.flush.val();
        // Tokens into the range coder; their contexts read on the same clock.
        self.range.token_valid.next = self.binarizer.token_valid.val();
        self.range.token_bypass.next = self.binarizer.token_bypass.val();
        self.range.token_flush.next = self.binarizer.token_flush.val();
        self.range.token_bin.next = self.binarizer.token_bin.val();
        self.binarizer.take.next = self.range.take.val();
        self.contexts.load.next = self.range.take.val();
        self.contexts.next_index.next = self.binarizer.token_index.val();
        self.range.p0.next = self.contexts.p0.val();
        self.contexts.update.next = self.range.update.val();
        self.contexts.bin.next = self.range.bin.val();
        // Raw bytes into the output.
        self.bytes.byte_valid.next = self.range.byte_valid.val();
        self.bytes.raw_byte.next = self.range.raw_byte.val();
        self.bytes.carry.next = self.range.carry.val();
        self.bytes.byte_last.next = self.range.byte_last.val();
        self.range.byte_ready.next = self.bytes.byte_ready.val();
        self.out_byte.next = self.bytes.out_byte.val();
        self.out_valid.next = self.bytes.out_valid.val();
        self.bytes.out_ready.next = self.out_ready.val();
        self.out_last.next = self.bytes.out_last.val();
        self.bin_coded.next = self.range.coded.val();
    }
}

/// The back end's module name in its generated Verilog.
pub const TOP_MODULE: &str = "brainwire_arith_coder";

/// The Verilog of `ArithCoder` (rtl/verilog/brainwire_arith_coder.v): rust-hdl's
/// output with the top module named `TOP_MODULE`, and `isolate_handshakes`.
pub fn verilog() -> String {
    let mut uut = ArithCoder::default();
    uut.connect_all();
    let v = generate_verilog(&uut)
        .replace("module top(", &format!("module {TOP_MODULE}("))
        .replace("top$", &format!("{TOP_MODULE}$"));
    let v = isolate_handshakes(&v);
    format!(
        "// Generated by `cargo run -p brainwire-rtl --bin gen-arith-verilog` from golden's\n\
         // ratio coder constants: do not edit. See rtl/README.md.\n{v}"
    )
}

/// The handshake signals of the back end's blocks, by the instance name
/// (the end of the module name) and signal: each is computed from registers
/// and the other side's signal, never from the signal it answers.
const HANDSHAKES: [(&str, &str); 6] = [
    ("$range", "shifting"),
    ("$range", "fire"),
    ("$range", "take"),
    ("$bytes", "room"),
    ("$bytes", "handle"),
    ("$bytes", "byte_ready"),
];

/// Marks the handshake signals (`HANDSHAKES`) of every `ArithCoder` in the
/// Verilog `v` with Verilator's `isolate_assignments`. rust-hdl writes each
/// block as one `always @(*)`, which Verilator orders as a whole, so the
/// handshakes between blocks (`take` back to the bin FSM, `byte_ready` back
/// to the range coder) would look like combinational loops through them
/// (UNOPTFLAT); isolated, they are ordered on their own. Other tools ignore
/// the comment. A design that holds an `ArithCoder` passes its Verilog
/// through this too.
pub fn isolate_handshakes(v: &str) -> String {
    let mut module = "";
    let mut out = String::with_capacity(v.len() + 1024);
    for line in v.lines() {
        if let Some(rest) = line.strip_prefix("module ") {
            module = rest.split('(').next().unwrap_or("");
        }
        let decl = line.trim_start();
        let isolated = (decl.starts_with("reg ") || decl.starts_with("output reg "))
            && HANDSHAKES.iter().any(|&(block, signal)| {
                module.ends_with(block) && decl.ends_with(&format!(" {signal};"))
            });
        match line.strip_suffix(';') {
            Some(head) if isolated => {
                out.push_str(head);
                out.push_str(" /*verilator isolate_assignments*/;");
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{golden_bytes, random_inputs, Bench};
    use super::*;
    use crate::testing::{assert_synthesizes, Lcg};
    use golden::ratio::binarize::CONTEXT_COUNT;

    #[test]
    fn arith_coder_synthesizes() {
        assert_synthesizes::<ArithCoder>("arith_coder");
    }

    /// Every handshake signal is marked once, in its own block.
    #[test]
    fn every_handshake_is_isolated() {
        let v = verilog();
        let marked: Vec<&str> = v
            .lines()
            .filter(|l| l.contains("isolate_assignments"))
            .collect();
        assert_eq!(marked.len(), HANDSHAKES.len(), "{marked:?}");
        for (_, signal) in HANDSHAKES {
            assert!(
                marked.iter().any(|l| l.contains(&format!(" {signal} /*"))),
                "{signal}"
            );
        }
    }

    /// Random streams reaching every bin (every bucket, u = 0 and 512, both
    /// signs, every level, raw mode, off-grid escapes), with input bubbles
    /// and output stalls: golden's bytes. The reset sweep takes CONTEXT_COUNT clocks.
    #[test]
    fn random_streams_are_golden_payloads() {
        let mut r = Lcg(7);
        for (round, (n, off, idle, stall)) in [
            (1, 0, 0, 0),
            (2, 500, 0, 0),
            (300, 30, 0, 0),
            (300, 30, 300, 500),
            (400, 200, 100, 900),
        ]
        .into_iter()
        .enumerate()
        {
            let inputs = random_inputs(&mut r, n, off);
            let mut bench = Bench::new(round as u64, idle, stall);
            assert_eq!(bench.reset(), CONTEXT_COUNT as u64);
            let run = bench.run(&inputs);
            assert!(
                run.bytes == golden_bytes(&inputs),
                "round {round}: {:02x?}\n{:02x?}",
                run.bytes,
                golden_bytes(&inputs)
            );
        }
    }

    /// No samples: the flush writes nothing.
    #[test]
    fn an_empty_stream_is_empty() {
        let mut bench = Bench::new(3, 0, 0);
        bench.reset();
        assert!(bench.run(&[]).bytes.is_empty());
    }
}

#[cfg(test)]
mod recording_tests {
    use super::super::testing::{golden_bytes, random_inputs, Bench};
    use crate::testing::Lcg;
    use golden::profile::RATIO;
    use golden::ratio::trace::bin_inputs;

    /// A reset in the middle of a stream (bins and bytes in flight) starts a
    /// new one: the next stream's bytes are golden's.
    #[test]
    fn a_reset_mid_stream_starts_afresh() {
        let mut r = Lcg(11);
        let first = random_inputs(&mut r, 200, 50);
        let second = random_inputs(&mut r, 200, 50);
        let mut bench = Bench::new(5, 100, 300);
        bench.reset();
        let partial = bench.feed(&first);
        assert!(!partial.bytes.is_empty(), "bytes were in flight");
        bench.reset();
        assert!(bench.run(&second).bytes == golden_bytes(&second));
    }

    /// The first samples of real recordings (one channel, and three
    /// interleaved), through golden's own model: `ratio::encode`'s payload.
    /// Prints the clocks and bins per sample (no stalls, no bubbles).
    #[test]
    fn real_recordings_are_golden_payloads() {
        let Some(recordings) = brainwire_recordings::recordings_or_skip() else {
            return;
        };
        let first: Vec<Vec<i16>> = recordings.paths[..3]
            .iter()
            .map(|p| brainwire_recordings::read_mono(p).expect("a recording"))
            .collect();
        let one = &first[0][..4000.min(first[0].len())];
        let three: Vec<i16> = (0..1500)
            .flat_map(|t| first.iter().map(move |s| s[t % s.len()]))
            .collect();
        for (samples, n) in [(one, 1), (&three[..], 3)] {
            let inputs = bin_inputs(&RATIO, samples, n);
            let want = golden::ratio::encode(&RATIO, samples, n);
            let mut bench = Bench::new(9, 0, 0);
            bench.reset();
            let run = bench.run(&inputs);
            assert!(run.bytes == want, "{n} channels");
            eprintln!(
                "{n} channel(s), {} samples: {:.3} clocks/sample, {:.3} bins/sample, {} bytes",
                samples.len(),
                run.clocks as f64 / samples.len() as f64,
                run.bins as f64 / samples.len() as f64,
                run.bytes.len()
            );
            // And with bubbles and stalls.
            let mut bench = Bench::new(10, 200, 500);
            bench.reset();
            assert!(bench.run(&inputs).bytes == want, "{n} channels, stalls");
        }
    }
}
