//! The ratio profile's rows of docs/VARIANTS.md: the profile and the
//! alternatives it was chosen over, on the recordings of `$BRAINWIRE_DATA`
//! (default `../shared/data` beside the repository). Three tables:
//! predictors (with the profile's coder), coders (on the profile's
//! predictor; `coder.rs`), and counters shared by a stream or one set per
//! channel on multi-channel streams built from the recordings (`streams.rs`).
//! Trained starting weights are cross-validated: trained on the
//! even-numbered recordings, they start the odd-numbered ones, and vice
//! versa. Every payload is coded for real; the profile's coder is checked
//! against golden's payload, byte for byte, on every stream.
//!
//! `cargo run --release -p brainwire-golden --example ratio_variants`

mod coder;
mod rows;
mod streams;
mod trace;

#[path = "../../tests/support/recordings.rs"]
mod recordings;

use coder::{encode, CoderParams, PROFILE};
use golden::profile::{Profile, MAX_TAPS, RATIO};
use golden::ratio::{encode_from, train_weights, Weights};
use recordings::Recording;
use rows::{CHANNELS, CODER_ROWS, COUNTER_ROWS, MODEL_ROWS};
use std::time::Instant;
use trace::trace;

/// What a coder row adds up to over the streams it codes.
#[derive(Clone, Copy, Default)]
struct Totals {
    samples: u64,
    bytes: u64,
    context_bins: u64,
    bypass_bins: u64,
}

impl Totals {
    /// One stream of `samples` samples coded as `coding`.
    fn of(samples: usize, coding: &coder::Coding) -> Totals {
        Totals {
            samples: samples as u64,
            bytes: coding.bytes.len() as u64,
            context_bins: coding.context_bins,
            bypass_bins: coding.bypass_bins,
        }
    }

    fn add(&mut self, other: Totals) {
        self.samples += other.samples;
        self.bytes += other.bytes;
        self.context_bins += other.context_bins;
        self.bypass_bins += other.bypass_bins;
    }

    /// 16-bit sample bytes per payload byte.
    fn sample_ratio(&self) -> f64 {
        2.0 * self.samples as f64 / self.bytes as f64
    }
}

fn main() {
    let started = Instant::now();
    let recs = recordings::load_all_or_exit("ratio_variants");
    let raw: u64 = recs.iter().map(|r| r.file_bytes).sum();
    let samples: usize = recs.iter().map(|r| r.samples.len()).sum();
    println!(
        "Measured on {} recordings ({samples} samples, {raw} bytes); ratio = file bytes / payload bytes.\n",
        recs.len()
    );

    println!("| variant | taps | state bits/channel | starting weights | ratio, cross-validated |");
    println!("|---|---:|---:|---|---:|");
    let mut profile_weights = None;
    let mut profile_totals = Vec::new();
    for (label, p, trained) in MODEL_ROWS {
        // The profile's predictor with trained weights codes every coder row.
        let coders: Vec<CoderParams> = if p.model == RATIO.model && trained {
            CODER_ROWS
                .iter()
                .chain(&COUNTER_ROWS)
                .map(|r| r.1)
                .collect()
        } else {
            vec![PROFILE]
        };
        let (totals, weights) = mono(&p, trained, &coders, &recs);
        let start = if trained { "trained" } else { "zero" };
        println!(
            "| {label} | {} | {} | {start} | {:.4} |",
            p.model.taps,
            p.model.state_bits(),
            raw as f64 / totals[0].bytes as f64
        );
        if p.model == RATIO.model && trained {
            profile_weights = Some(weights);
            profile_totals = totals;
        }
        eprintln!(
            "ratio_variants: {label}: {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }

    println!("\n| coder | contexts per stream | context-coded bins/sample | bypass bins/sample | ratio, cross-validated | change |");
    println!("|---|---:|---:|---:|---:|---:|");
    let profile_ratio = raw as f64 / profile_totals[0].bytes as f64;
    for ((label, c), t) in CODER_ROWS.iter().zip(&profile_totals) {
        let ratio = raw as f64 / t.bytes as f64;
        println!(
            "| {label} | {} | {:.2} | {:.2} | {ratio:.4} | {:+.4} |",
            c.context_count(),
            t.context_bins as f64 / t.samples as f64,
            t.bypass_bins as f64 / t.samples as f64,
            ratio - profile_ratio
        );
    }

    let weights = profile_weights.expect("MODEL_ROWS has the profile");
    let mono_counters = &profile_totals[CODER_ROWS.len()..];
    counters_table(&recs, &weights, mono_counters, &started);
}

/// Totals of `coders` over every recording (one mono stream each) on
/// profile `p`'s predictor, cross-validated when `trained`, and the weights
/// each half was coded with (`[1]` codes the even-numbered recordings).
/// Asserts that `PROFILE` writes golden's payload on every recording.
fn mono(
    p: &Profile,
    trained: bool,
    coders: &[CoderParams],
    recs: &[Recording],
) -> (Vec<Totals>, [Weights; 2]) {
    let half = |parity: usize| brainwire_recordings::half(recs, parity);
    let mut totals = vec![Totals::default(); coders.len()];
    let weights: [Weights; 2] = core::array::from_fn(|parity| {
        if trained {
            train_weights(p, half(parity).map(|r| &r.samples[..]))
        } else {
            [0; MAX_TAPS]
        }
    });
    for (parity, w) in weights.iter().enumerate() {
        for r in half(1 - parity) {
            let t = trace(p, w, &r.samples, 1);
            code_rows(coders, &t, 1, &mut totals, || {
                encode_from(p, w, &r.samples, 1)
            });
        }
    }
    (totals, weights)
}

/// Codes trace `t` of `n_channels` with each of `coders` into `totals`;
/// `PROFILE`'s bytes must be `golden()`'s. A coder listed twice (the
/// profile and rows the coder and counter tables share) is coded once.
fn code_rows(
    coders: &[CoderParams],
    t: &[trace::Step],
    n_channels: usize,
    totals: &mut [Totals],
    golden: impl FnOnce() -> Vec<u8>,
) {
    let mut golden = Some(golden);
    let mut coded: Vec<(CoderParams, Totals)> = Vec::with_capacity(coders.len());
    for (c, total) in coders.iter().zip(totals.iter_mut()) {
        let this = match coded.iter().find(|(done, _)| done == c) {
            Some(&(_, this)) => this,
            None => {
                let coding = encode(c, t, n_channels);
                if *c == PROFILE {
                    let golden = golden.take().expect("each coder is coded once");
                    assert!(
                        coding.bytes == golden(),
                        "the profile's coder differs from golden's payload"
                    );
                }
                let this = Totals::of(t.len(), &coding);
                coded.push((*c, this));
                this
            }
        };
        total.add(this);
    }
}

/// The counters table: `COUNTER_ROWS` on the mono recordings (`mono`, the
/// totals already measured) and on the streams of each of `CHANNELS`.
fn counters_table(recs: &[Recording], weights: &[Weights; 2], mono: &[Totals], started: &Instant) {
    let coders: Vec<CoderParams> = COUNTER_ROWS.iter().map(|r| r.1).collect();
    let mut columns = vec![mono.to_vec()];
    let mut header = format!("| counters | 1 channel ({} streams)", recs.len());
    for n in CHANNELS {
        let mut totals = vec![Totals::default(); coders.len()];
        let mut n_streams = 0;
        for (parity, w) in weights.iter().enumerate() {
            let half: Vec<&[i16]> = brainwire_recordings::half(recs, 1 - parity)
                .map(|r| &r.samples[..])
                .collect();
            for s in streams::streams(&half, n) {
                let t = trace(&RATIO, w, &s, n);
                code_rows(&coders, &t, n, &mut totals, || {
                    encode_from(&RATIO, w, &s, n)
                });
                n_streams += 1;
            }
        }
        let per_channel = totals[0].samples / (n_streams * n) as u64;
        header +=
            &format!(" | {n} channels ({n_streams} streams of {per_channel} samples a channel)");
        columns.push(totals);
        eprintln!(
            "ratio_variants: {n} channels: {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    println!("\nRatio = 16-bit sample bytes / payload bytes, cross-validated.\n");
    println!("{header} |");
    println!("|---|{}", "---:|".repeat(columns.len()));
    for (i, (label, _)) in COUNTER_ROWS.iter().enumerate() {
        let cells: Vec<String> = columns
            .iter()
            .map(|col| format!("{:.4}", col[i].sample_ratio()))
            .collect();
        println!("| {label} | {} |", cells.join(" | "));
    }
}
