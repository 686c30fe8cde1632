//! Tests of the ratio front end as a whole, in the encoder (`Control`,
//! `RatioFront`, the state RAM; stalls from the coder through the FIFO when
//! the output is held), against golden's ratio model sample by sample: what
//! enters the sample FIFO (raw mode, on the grid, sample, wrapped residual,
//! activity level: what golden's coder takes,
//! `ratio::binarize::Situation` and `Coded`), and the bytes out against
//! golden's payload (`golden::ratio::encode`).

use super::encoder::RatioEncoder;
use super::front::CoderInput;
use crate::layout::initial_state;
use crate::params::*;
use crate::testing::{tick, Lcg};
use golden::channel::{wrap_residual, Residual};
use golden::grid::{code_to_sample, on_grid, sample_to_code};
use golden::ratio::binarize::activity_level;
use rust_hdl::prelude::*;

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
            sample: bits(if on { 0 } else { v as u16 as u64 }),
            residual: bits((e as u64) & ((1 << CODE) - 1)),
            level: bits(activity_level(s.activity, p.model.activity_shift) as u64),
        });
        s.update_residual(p, code, Residual::from_e(e), on);
    }
    out
}

/// Runs `samples` of `n` channels through the encoder, with random input
/// bubbles and output stalls when `stall`, then flushes: the coder inputs
/// the front end pushes into the FIFO, in order, and the bytes out up to
/// the one marked last.
fn run(samples: &[i16], n: usize, stall: bool, seed: u64) -> (Vec<CoderInput>, Vec<u8>) {
    let mut uut = RatioEncoder::default();
    uut.connect_all();
    let mut r = Lcg(seed);
    uut.channels_minus_one.next = bits(n as u64 - 1);
    uut.reset.next = true;
    tick(&mut uut, |u| &mut u.clock);
    uut.reset.next = false;
    let (mut next, mut flushed) = (0, false);
    let (mut inputs, mut bytes) = (Vec::new(), Vec::new());
    for _ in 0..20 * samples.len() + 4 * n + 2000 {
        uut.in_valid.next = next < samples.len() && !(stall && r.below(4) == 0);
        uut.in_sample.next = bits(*samples.get(next).unwrap_or(&0) as u16 as u64);
        uut.flush.next = next == samples.len() && !flushed;
        uut.out_ready.next = !(stall && r.below(2) == 0);
        assert!(simulate(&mut uut, 100));
        let fifo = &uut.fifo;
        if fifo.push.val() && !fifo.push_flush.val() {
            inputs.push(fifo.push_input.val());
        }
        if uut.out_valid.val() && uut.out_ready.val() {
            bytes.push(uut.out_byte.val().index() as u8);
            if uut.out_last.val() {
                return (inputs, bytes);
            }
        }
        flushed |= uut.flush.val();
        if uut.in_valid.val() && uut.in_ready.val() {
            next += 1;
        }
        tick(&mut uut, |u| &mut u.clock);
    }
    panic!(
        "no last byte: {next} of {} samples in, {} through the front end, {} bytes out",
        samples.len(),
        inputs.len(),
        bytes.len()
    );
}

/// The coder inputs against golden's model, sample by sample, and the
/// bytes against golden's payload.
fn check(samples: &[i16], n: usize, stall: bool, seed: u64) {
    let want = golden_inputs(samples, n);
    let (got, bytes) = run(samples, n, stall, seed);
    assert_eq!(got.len(), want.len());
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "sample {i} (channel {}) of {n} channels", i % n);
    }
    assert!(
        bytes == golden::ratio::encode(&golden::profile::RATIO, samples, n),
        "bytes, {n} channels"
    );
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
