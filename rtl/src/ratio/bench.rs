//! Tests of the ratio front end as a whole: `Control`, `RatioFront` and the
//! state RAM wired as in the encoder, with the FIFO's count driven by the
//! test (stalls), against golden's ratio model sample by sample: raw mode,
//! on the grid, sample, wrapped residual, activity level and sign context
//! (what golden's coder takes, `ratio::binarize::Situation` and `Coded`).

use super::front::{CoderInput, RatioFront};
use crate::control::Control;
use crate::fifo::COUNT_BITS;
use crate::front::FRONT_STAGES;
use crate::layout::initial_state;
use crate::params::*;
use crate::state_ram::StateRam;
use crate::testing::{tick, Lcg};
use golden::channel::{wrap_residual, Residual};
use golden::grid::{code_to_sample, on_grid, sample_to_code};
use golden::ratio::binarize::activity_level;
use rust_hdl::prelude::*;

#[derive(LogicBlock, Default)]
struct FrontBench {
    clock: Signal<In, Clock>,
    reset: Signal<In, bool>,
    channels_minus_one: Signal<In, Bits<CHANNEL_BITS>>,
    in_sample: Signal<In, Bits<SAMPLE_BITS>>,
    in_valid: Signal<In, bool>,
    in_ready: Signal<Out, bool>,
    /// The FIFO's count as the test sets it (above FIFO_ROOM: stall).
    fifo_count: Signal<In, Bits<COUNT_BITS>>,
    /// s8 leaves this clock with `coded`.
    out_valid: Signal<Out, bool>,
    coded: Signal<Out, CoderInput>,
    control: Control,
    front: RatioFront,
    state_ram: StateRam,
}

impl Logic for FrontBench {
    #[hdl_gen]
    fn update(&mut self) {
        self.control.clock.next = self.clock.val();
        self.front.clock.next = self.clock.val();
        self.state_ram.read_clock.next = self.clock.val();
        self.state_ram.write_clock.next = self.clock.val();
        self.control.reset.next = self.reset.val();
        self.control.channels_minus_one.next = self.channels_minus_one.val();
        self.control.in_valid.next = self.in_valid.val();
        self.control.flush.next = false;
        self.control.fifo_count.next = self.fifo_count.val();
        self.in_ready.next = self.control.in_ready.val();
        self.front.advance.next = self.control.advance.val();
        self.front.accept.next = self.control.accept.val();
        self.front.channel.next = self.control.channel.val();
        self.front.sample.next = self.in_sample.val();
        for i in 0..FRONT_STAGES {
            self.front.valid[i].next = self.control.valid[i].val();
        }
        self.state_ram.read_enable.next = self.front.read_enable.val();
        self.state_ram.read_address.next = self.front.read_address.val();
        self.front.read_data.next = self.state_ram.read_data.val();
        self.control.write_enable.next = self.front.write_enable.val();
        self.control.write_address.next = self.front.write_address.val();
        self.control.write_data.next = self.front.write_data.val();
        self.state_ram.write_enable.next = self.control.ram_write_enable.val();
        self.state_ram.write_address.next = self.control.ram_write_address.val();
        self.state_ram.write_data.next = self.control.ram_write_data.val();
        self.out_valid.next = self.control.valid[7].val() && self.control.advance.val();
        self.coded.next = self.front.coded.val();
    }
}

/// Golden's coder inputs for interleaved `samples` of `n` channels.
fn golden_inputs(samples: &[i16], n: usize) -> Vec<CoderInput> {
    let p = PROFILE;
    let mut channels = vec![initial_state(); n];
    let mut out = Vec::new();
    for (i, &v) in samples.iter().enumerate() {
        let s = &mut channels[i % n];
        let (code, on) = (sample_to_code(v), on_grid(v));
        let e = wrap_residual(code, s.predict(p));
        out.push(CoderInput {
            raw_mode: s.raw_mode,
            on_grid: on,
            sample: bits(v as u16 as u64),
            residual: bits((e as u64) & ((1 << CODE) - 1)),
            level: bits(activity_level(s.activity, p.model.activity_shift) as u64),
            sign_context: bits((1 + s.residual_signs[0] as i64) as u64),
        });
        s.update_residual(p, code, Residual::from_e(e), on);
    }
    out
}

/// Runs `samples` of `n` channels through the bench, with random input
/// bubbles and FIFO stalls when `stall`; the coder inputs in s8's order.
fn run(samples: &[i16], n: usize, stall: bool, seed: u64) -> Vec<CoderInput> {
    let mut uut = FrontBench::default();
    uut.connect_all();
    let mut r = Lcg(seed);
    uut.channels_minus_one.next = bits(n as u64 - 1);
    uut.reset.next = true;
    tick(&mut uut, |u| &mut u.clock);
    uut.reset.next = false;
    let (mut next, mut out) = (0, Vec::new());
    let mut idle = 0;
    while out.len() < samples.len() {
        uut.in_valid.next = next < samples.len() && !(stall && r.below(4) == 0);
        uut.in_sample.next = bits(*samples.get(next).unwrap_or(&0) as u16 as u64);
        let full = stall && r.below(3) == 0;
        uut.fifo_count.next = bits(if full { FIFO_ROOM as u64 + 1 } else { 0 });
        assert!(simulate(&mut uut, 100));
        if uut.out_valid.val() {
            out.push(uut.coded.val());
        }
        if uut.in_valid.val() && uut.in_ready.val() {
            next += 1;
        }
        tick(&mut uut, |u| &mut u.clock);
        idle += 1;
        assert!(
            idle < 4 * samples.len() + 4 * n + 100,
            "the front end hangs"
        );
    }
    out
}

fn check(samples: &[i16], n: usize, stall: bool, seed: u64) {
    let want = golden_inputs(samples, n);
    let got = run(samples, n, stall, seed);
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "sample {i} (channel {}) of {n} channels", i % n);
    }
}

/// A synthetic stream: a noisy sine on the grid with off-grid bursts
/// (raw mode entered, kept, left), full-scale steps and constants.
fn synthetic(len: usize, seed: u64) -> Vec<i16> {
    let mut r = Lcg(seed);
    (0..len)
        .map(|t| match (t / 40) % 5 {
            0 if r.below(3) == 0 => r.next() as i16,
            1 => code_to_sample(if (t / 3) % 2 == 0 { 0 } else { 1023 }),
            2 => code_to_sample(700),
            _ => {
                let wave = 512.0 + 400.0 * (t as f64 * 0.05).sin();
                code_to_sample((wave as u32 + r.below(9)).min(1023))
            }
        })
        .collect()
}

#[test]
fn one_channel_synthetic_matches_golden() {
    check(&synthetic(600, 1), 1, false, 2);
}

#[test]
fn interleaved_channels_with_stalls_match_golden() {
    for (n, seed) in [(2, 3), (5, 4), (7, 8), (8, 9), (9, 5)] {
        check(&synthetic(80 * n, seed), n, true, seed);
    }
}

/// The start of a real recording, one channel and interleaved as 3.
#[test]
fn a_recording_matches_golden() {
    let Some(recordings) = brainwire_recordings::recordings_or_skip() else {
        return;
    };
    let samples = brainwire_recordings::read_mono(&recordings.paths[0]).unwrap();
    let part = &samples[..1500.min(samples.len())];
    check(part, 1, false, 6);
    check(part, 3, true, 7);
}
