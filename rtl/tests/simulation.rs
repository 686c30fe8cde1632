//! rust-hdl simulation of the encoder against the golden payload coder.
//! Outputs are compared valid-gated and in order, so pipeline depth may change.
// The table-coded encoder: the ratio profile has its own top (`ratio::encoder`).
#![cfg(not(feature = "profile-ratio"))]

use brainwire_rtl::encoder::{Encoder, PREDICTOR_REACH, STATE_REACH};
use brainwire_rtl::params::{LATENCY, PROFILE};
use golden::bits::BitWriter;
use golden::grid::{code_to_sample, on_grid};
use golden::payload::Encoder as GoldenEncoder;
use rust_hdl::prelude::*;

#[path = "support/locate.rs"]
mod locate;
use golden::payload::Layout;
use locate::first_difference_in;

/// Deterministic pseudo-random numbers (no dependency, reproducible).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as u32
    }
}

/// A stream with smooth on-grid stretches, large jumps (escapes) and off-grid runs.
fn stimulus(len: usize, seed: u64) -> Vec<i16> {
    let mut r = Lcg(seed);
    let mut code: i32 = 512;
    (0..len)
        .map(|_| match r.next() % 100 {
            0..=4 => r.next() as i16, // mostly off the grid
            5..=7 => code_to_sample(r.next() % 1024),
            _ => {
                code = (code + (r.next() % 9) as i32 - 4).clamp(0, 1023);
                code_to_sample(code as u32)
            }
        })
        .collect()
}

struct Bench {
    uut: Encoder,
    cycle: u64,
    /// State RAM reads and writes (the sweep's included) so far.
    reads: usize,
    writes: usize,
    /// The same for the predictor RAM.
    predictor_reads: usize,
    predictor_writes: usize,
}

/// What one run of the encoder produced.
struct Run {
    bits: Vec<bool>,
    /// Cycle at which each sample was accepted.
    accepted: Vec<u64>,
    /// First cycle each full word was offered.
    offered: Vec<u64>,
}

impl Bench {
    fn new(layout: Layout) -> Self {
        let mut uut = Encoder::default();
        uut.connect_all();
        uut.channels_minus_one.next = bits((layout.channels() - 1) as u64);
        uut.block_minus_one.next = bits((layout.block() - 1) as u64);
        let mut b = Bench {
            uut,
            cycle: 0,
            reads: 0,
            writes: 0,
            predictor_reads: 0,
            predictor_writes: 0,
        };
        b.settle();
        b
    }

    fn settle(&mut self) {
        assert!(simulate(&mut self.uut, 1000), "simulation did not converge");
    }

    fn tick(&mut self) {
        self.reads += self.uut.state_ram.read_enable.val() as usize;
        self.writes += self.uut.state_ram.write_enable.val() as usize;
        self.predictor_reads += self.uut.predictor_ram.read_enable.val() as usize;
        self.predictor_writes += self.uut.predictor_ram.write_enable.val() as usize;
        self.uut.clock.next = Clock { clk: true };
        self.settle();
        self.uut.clock.next = Clock { clk: false };
        self.settle();
        self.cycle += 1;
    }

    fn reset(&mut self) {
        self.uut.reset.next = true;
        self.uut.in_valid.next = false;
        self.uut.flush.next = false;
        self.tick();
        self.tick();
        self.uut.reset.next = false;
        self.settle();
        // Count from the sweep on (the reset clocks write too).
        self.reads = 0;
        self.writes = 0;
        self.predictor_reads = 0;
        self.predictor_writes = 0;
    }

    /// Streams `samples` and a flush; `gaps` draws idle inputs and output stalls.
    fn run(&mut self, samples: &[i16], gaps: Option<&mut Lcg>) -> Run {
        let mut gaps = gaps;
        let mut run = Run {
            bits: vec![],
            accepted: vec![],
            offered: vec![],
        };
        let mut next = 0;
        let mut flushed = false;
        let mut offered_since: Option<u64> = None;
        for _ in 0..20 * samples.len() + 5000 {
            let (valid, ready) = match gaps.as_deref_mut() {
                Some(r) => (r.next() % 4 != 0, r.next() % 3 != 0),
                None => (true, true),
            };
            let sending = next < samples.len() && valid;
            self.uut.in_valid.next = sending;
            self.uut.in_sample.next = bits(samples.get(next).copied().unwrap_or(0) as u16 as u64);
            self.uut.flush.next = next == samples.len() && !flushed;
            self.uut.out_ready.next = ready;
            self.settle();
            if sending && self.uut.in_ready.val() {
                run.accepted.push(self.cycle);
                next += 1;
            } else if next == samples.len() && !flushed {
                flushed = true;
            }
            if self.uut.out_valid.val() {
                offered_since.get_or_insert(self.cycle);
                if ready {
                    let w = self.uut.out_word.val().index() as u32;
                    let n = self.uut.out_bits.val().index();
                    assert!(n <= 32);
                    run.bits.extend((0..n).map(|i| (w >> (31 - i)) & 1 == 1));
                    run.offered.push(offered_since.take().unwrap());
                    if self.uut.out_last.val() {
                        self.tick();
                        return run;
                    }
                }
            }
            self.tick();
        }
        panic!("no flushed word after {} cycles", self.cycle);
    }
}

/// Packs bits MSB first into bytes, zero-padded, as the golden writer does.
fn to_bytes(bits: &[bool]) -> Vec<u8> {
    let mut w = BitWriter::new();
    for &b in bits {
        w.put(b as u32, 1);
    }
    w.finish()
}

fn check(channels: usize, samples: &[i16], gaps: Option<&mut Lcg>) -> Run {
    check_blocked(Layout::interleaved(channels), samples, gaps)
}

/// Runs `samples` laid out as `layout` against golden. Without gaps (a sample
/// every clock, no stall) it also counts the RAMs' accesses: a sample reads
/// the state RAM only when its channel's previous sample is more than
/// `STATE_REACH` clocks ahead (beyond the forwarding's reach: s2..s7 with
/// LMS taps, s2..s3 without), and writes it only when the next is more than
/// that many behind (none in flight to supersede it); the predictor RAM the
/// same with `PREDICTOR_REACH` (s2..s4 with taps, written from s4); plus the
/// N sweep writes of each.
fn check_blocked(layout: Layout, samples: &[i16], gaps: Option<&mut Lcg>) -> Run {
    let mut bench = Bench::new(layout);
    let counted = gaps.is_none();
    bench.reset();
    let run = bench.run(samples, gaps);
    if let Some(m) = first_difference_in(&to_bytes(&run.bits), samples, layout) {
        panic!("rust-hdl simulation != golden: {m}");
    }
    assert_eq!(run.accepted.len(), samples.len());
    if counted {
        let (reads, writes) = expected_accesses(layout, samples.len(), STATE_REACH);
        assert_eq!(bench.reads, reads, "state RAM reads");
        assert_eq!(bench.writes, layout.channels() + writes, "state RAM writes");
        let (reads, writes) = expected_accesses(layout, samples.len(), PREDICTOR_REACH);
        assert_eq!(bench.predictor_reads, reads, "predictor RAM reads");
        assert_eq!(
            bench.predictor_writes,
            layout.channels() + writes,
            "predictor RAM writes"
        );
    }
    run
}

/// Reads and write-backs of a RAM whose forwarding reaches `reach` samples,
/// for `len` samples on consecutive clocks.
fn expected_accesses(layout: Layout, len: usize, reach: usize) -> (usize, usize) {
    let near = |i: usize, j: usize| layout.channel_of(i) == layout.channel_of(j);
    let reads = (0..len)
        .filter(|&i| (i.saturating_sub(reach)..i).all(|j| !near(i, j)))
        .count();
    let writes = (0..len)
        .filter(|&i| (i + 1..len.min(i + reach + 1)).all(|j| !near(i, j)))
        .count();
    (reads, writes)
}

#[test]
fn stimulus_has_escapes_and_off_grid_runs() {
    let s = stimulus(3000, 1);
    let off = s.iter().filter(|&&v| !on_grid(v)).count();
    let runs = s
        .windows(2)
        .filter(|w| !on_grid(w[0]) && !on_grid(w[1]))
        .count();
    assert!(off > 50 && runs > 0, "off-grid {off}, runs {runs}");
}

#[test]
fn one_channel_matches_golden_through_forwarding() {
    check(1, &stimulus(3000, 1), None);
}

#[test]
fn two_channels_match_golden_with_idle_inputs_and_output_stalls() {
    let mut gaps = Lcg(7);
    check(2, &stimulus(3000, 2), Some(&mut gaps));
}

/// Every channel count below the pipeline depth puts a channel's previous
/// samples at a different mix of stages; bubbles and stalls shift them further.
#[test]
fn channel_counts_below_the_pipeline_depth_match_golden_with_bubbles_and_stalls() {
    for n in 1..=brainwire_rtl::params::PIPELINE_STAGES {
        let mut gaps = Lcg(100 + n as u64);
        check(n, &stimulus(1500, 10 + n as u64), Some(&mut gaps));
    }
}

/// Blocks of B samples per channel: the same forwarding at every distance,
/// now mostly to the sample just ahead; the RAM accessed about once per
/// block (the counts in `check_blocked`), with and without bubbles and stalls.
#[test]
fn blocked_layouts_match_golden_and_access_the_ram_once_per_block() {
    for (n, b) in [(1, 8), (3, 8), (5, 2), (7, 3), (2, 5), (13, 8)] {
        let layout = Layout::new(n, b).unwrap();
        let samples = stimulus(1200, 20 + n as u64);
        check_blocked(layout, &samples, None);
        let mut gaps = Lcg(200 + b as u64);
        check_blocked(layout, &samples, Some(&mut gaps));
    }
    // With B = 8 and more channels than the pipeline is deep, one read and one
    // write of each RAM per block.
    let layout = Layout::new(13, 8).unwrap();
    for reach in [3, 6] {
        assert_eq!(
            expected_accesses(layout, 13 * 8 * 10, reach),
            (13 * 10, 13 * 10)
        );
    }
}

#[test]
fn max_channels_match_golden() {
    let n = golden::profile::MAX_CHANNELS;
    check(n, &stimulus(3000, 3), None);
}

#[test]
fn reset_restarts_every_channel() {
    let layout = Layout::new(3, 4).unwrap();
    let mut bench = Bench::new(layout);
    bench.reset();
    let _ = bench.run(&stimulus(501, 4), None);
    bench.reset();
    let samples = stimulus(600, 5);
    let run = bench.run(&samples, None);
    if let Some(m) = first_difference_in(&to_bytes(&run.bits), &samples, layout) {
        panic!("rust-hdl simulation != golden after a reset: {m}");
    }
}

#[test]
fn one_sample_per_clock_and_stated_latency() {
    let samples = stimulus(2000, 6);
    let run = check(1, &samples, None);
    // Without back-pressure every sample is accepted on consecutive clocks.
    assert!(run.accepted.windows(2).all(|w| w[1] == w[0] + 1));
    // Bit position where each sample ends, from the golden coder.
    let mut enc = GoldenEncoder::new(PROFILE, 1, BitWriter::new());
    let mut latencies = vec![];
    for (i, &s) in samples.iter().enumerate() {
        let before = enc.sink.bit_len();
        enc.push(s);
        let after = enc.sink.bit_len();
        if after / 32 > before / 32 {
            // This sample completes word `after / 32 - 1`.
            let word = (after / 32 - 1) as usize;
            latencies.push(run.offered[word] - run.accepted[i]);
        }
    }
    assert!(latencies.len() > 100);
    assert!(
        latencies.iter().all(|&l| l == latencies[0]),
        "latencies vary: {latencies:?}"
    );
    eprintln!(
        "latency from sample accepted to its word offered: {} cycles",
        latencies[0]
    );
    assert_eq!(latencies[0] as usize, LATENCY);
}
