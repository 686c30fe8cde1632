//! What the back end's tests share: golden's bytes for given per-sample
//! inputs, random inputs that reach every bin, and a bench that drives the
//! joined coder with random bubbles and output stalls.

use super::coder::ArithCoder;
use crate::testing::{tick, Lcg};
use golden::ratio::arith::Encoder;
use golden::ratio::binarize::{code_sample, Contexts, Situation, ACTIVITY_CONTEXTS};
use golden::ratio::trace::BinInputs;
use rust_hdl::prelude::*;

/// Drives the per-sample inputs of `$uut` (`ArithCoder` or `Binarizer`,
/// whose ports share their names) with the `BinInputs` `$s`.
macro_rules! offer {
    ($uut:expr, $s:expr) => {{
        let (u, s): (_, &golden::ratio::trace::BinInputs) = (&mut $uut, $s);
        u.raw_mode.next = s.at.raw_mode;
        u.on_grid.next = s.on_grid;
        u.sample.next = bits(s.sample as u16 as u64);
        u.residual.next = bits((s.residual as u64) & 0x3ff);
        u.level.next = bits(s.at.level as u64);
    }};
}
pub(crate) use offer;

/// Golden's payload for `inputs`: `binarize::code_sample` over `arith::Encoder`
/// (what `ratio::encode` does after its model); no samples, no bytes.
pub fn golden_bytes(inputs: &[BinInputs]) -> Vec<u8> {
    if inputs.is_empty() {
        return Vec::new();
    }
    let mut enc = Encoder::new(0);
    let mut ctx = Contexts::new();
    for s in inputs {
        code_sample(&mut enc, &mut ctx, s.at, s.coded()).expect("the encoder's bins never fail");
    }
    enc.finish()
}

/// Random per-sample inputs: every bucket equally often (u = 0 and 512
/// included), both signs, every level, raw mode and
/// off-grid samples (`off_grid` in 1000).
pub fn random_inputs(r: &mut Lcg, n: usize, off_grid: u32) -> Vec<BinInputs> {
    (0..n)
        .map(|_| {
            let bucket = r.below(10);
            let low = (1u32 << bucket) - 1;
            let u = (low + r.below(1 << bucket)).min(512);
            let residual = match u {
                0 => 0,
                512 => -512,
                _ if r.below(2) == 0 => -(u as i32),
                _ => u as i32,
            };
            BinInputs {
                at: Situation {
                    level: r.below(ACTIVITY_CONTEXTS as u32) as usize,
                    raw_mode: r.below(8) == 0,
                },
                sample: r.next() as i16,
                on_grid: r.below(1000) >= off_grid,
                residual,
            }
        })
        .collect()
}

/// What a run of the coder gave.
pub struct Run {
    pub bytes: Vec<u8>,
    /// Clocks from the first sample offered to the last byte out.
    pub clocks: u64,
    /// Bins coded.
    pub bins: u64,
}

/// The joined coder on the rust-hdl simulator.
pub struct Bench {
    pub uut: ArithCoder,
    r: Lcg,
    /// Chance in 1000 of a clock with no sample offered / with `out_ready` low.
    pub idle: u32,
    pub stall: u32,
}

impl Bench {
    pub fn new(seed: u64, idle: u32, stall: u32) -> Self {
        let mut uut = ArithCoder::default();
        uut.connect_all();
        Bench {
            uut,
            r: Lcg(seed),
            idle,
            stall,
        }
    }

    fn tick(&mut self) {
        tick(&mut self.uut, |u| &mut u.clock);
    }

    /// Synchronous reset, then the context sweep; returns the sweep's clocks.
    pub fn reset(&mut self) -> u64 {
        self.uut.in_valid.next = false;
        self.uut.flush.next = false;
        self.uut.reset.next = true;
        self.tick();
        self.uut.reset.next = false;
        let mut clocks = 0;
        loop {
            assert!(simulate(&mut self.uut, 100));
            if self.uut.in_ready.val() {
                return clocks;
            }
            self.tick();
            clocks += 1;
            assert!(clocks < 10_000, "the reset sweep never ends");
        }
    }

    /// One clock: drives `in_valid` and `out_ready`, collects a byte.
    /// Returns whether a sample was accepted and whether the last byte left.
    fn clock(&mut self, offering: bool, run: &mut Run) -> (bool, bool) {
        let idle = self.r.below(1000) < self.idle;
        self.uut.in_valid.next = offering && !idle;
        self.uut.out_ready.next = self.r.below(1000) >= self.stall;
        assert!(simulate(&mut self.uut, 100));
        let accepted = self.uut.in_valid.val() && self.uut.in_ready.val();
        let mut last = false;
        if self.uut.out_valid.val() && self.uut.out_ready.val() {
            run.bytes.push(self.uut.out_byte.val().index() as u8);
            last = self.uut.out_last.val();
        }
        run.bins += self.uut.bin_coded.val() as u64;
        self.tick();
        self.uut.flush.next = false;
        run.clocks += 1;
        (accepted, last)
    }

    /// Offers `inputs` until each is accepted (no flush).
    pub fn feed(&mut self, inputs: &[BinInputs]) -> Run {
        let mut run = Run {
            bytes: Vec::new(),
            clocks: 0,
            bins: 0,
        };
        let mut next = 0;
        while next < inputs.len() {
            offer!(self.uut, &inputs[next]);
            let (accepted, last) = self.clock(true, &mut run);
            assert!(!last, "out_last before the flush");
            next += accepted as usize;
        }
        run
    }

    /// Codes `inputs` as one stream (after `reset`) and flushes; the bytes
    /// up to `out_last` (none for no samples: then a few idle clocks).
    pub fn run(&mut self, inputs: &[BinInputs]) -> Run {
        let mut run = self.feed(inputs);
        self.uut.flush.next = true;
        let limit = run.clocks + 1000 + 40 * inputs.len() as u64;
        loop {
            let (_, last) = self.clock(false, &mut run);
            if last {
                break;
            }
            if inputs.is_empty() && run.clocks > 300 {
                break;
            }
            assert!(run.clocks < limit, "no out_last");
        }
        run
    }
}
