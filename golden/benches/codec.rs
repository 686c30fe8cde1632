//! Encode and decode throughput of the implant and the ratio profile, in samples per second,
//! on the first recordings of `$BRAINWIRE_DATA` (default `../shared/data`
//! beside the repository), or on a deterministic synthetic signal without them
//! (`CI=true`: missing recordings are an error).
//!
//! After criterion's groups, `fractions` prints the ratio profile's
//! throughput as a fraction of the implant's (issue 13's bar: at least a
//! third, encode and decode), from rounds that alternate the two profiles,
//! so that a load that comes and goes on a shared machine hits both alike.
//! (Criterion's groups time one profile after the other, a minute apart:
//! their figures are each profile's, not a fraction.)

use brainwire_recordings::{read_mono, recordings_or_skip};
use criterion::{criterion_group, Criterion, Throughput};
use golden::grid::{code_to_sample, CODES};
use golden::payload::{decode, encode};
use golden::profile::{Profile, IMPLANT, RATIO};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Recordings concatenated into the benchmark signal.
const RECORDINGS: usize = 20;

/// The samples of the first `RECORDINGS` recordings, or `None` without them.
fn real_signal() -> Option<(Vec<i16>, String)> {
    let recordings = recordings_or_skip()?;
    let paths = &recordings.paths[..recordings.paths.len().min(RECORDINGS)];
    let mut samples = Vec::new();
    for path in paths {
        samples.extend(read_mono(path).unwrap_or_else(|e| panic!("{e}")));
    }
    let source = format!(
        "{} recordings from {}",
        paths.len(),
        recordings.dir.display()
    );
    Some((samples, source))
}

/// A deterministic stand-in: a grid random walk with occasional jumps (xorshift64).
fn synthetic_signal() -> Vec<i16> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut code: i32 = CODES as i32 / 2;
    (0..2_000_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let step = if x.is_multiple_of(64) {
                (x >> 8) as i32 % 200 - 100
            } else {
                (x >> 8) as i32 % 15 - 7
            };
            code = (code + step).clamp(0, CODES as i32 - 1);
            code_to_sample(code as u32)
        })
        .collect()
}

/// The benchmark signal and where it comes from.
fn signal() -> (Vec<i16>, String) {
    real_signal().unwrap_or_else(|| (synthetic_signal(), "synthetic signal".to_string()))
}

fn bench_codec(c: &mut Criterion) {
    let (samples, source) = signal();
    for profile in [&IMPLANT, &RATIO] {
        bench_profile(c, profile, &samples, &source);
    }
}

/// Encode and decode of `samples` (one channel) with `profile`, in one group.
fn bench_profile(c: &mut Criterion, profile: &Profile, samples: &[i16], source: &str) {
    let payload = encode(profile, samples, 1);
    eprintln!(
        "codec bench, {}: {} samples ({source}), payload ratio {:.3}",
        profile.name,
        samples.len(),
        samples.len() as f64 * 2.0 / payload.len() as f64
    );

    let mut group = c.benchmark_group(profile.name);
    group.throughput(Throughput::Elements(samples.len() as u64));
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("encode", |b| {
        b.iter(|| encode(profile, black_box(samples), 1))
    });
    // One output vector for all iterations, as a streaming decoder keeps its
    // buffer: the figure is the decoder's, not the page faults of a fresh one.
    let mut out = Vec::with_capacity(samples.len());
    group.bench_function("decode", |b| {
        b.iter(|| {
            out.clear();
            decode(profile, black_box(&payload), 1, samples.len(), &mut out).unwrap()
        })
    });
    group.finish();
}

/// Rounds of `fractions`; each times every profile's encode and decode once
/// (about 0.2 s a round on the bench's 20 recordings). The median of this
/// many paired rounds moves by about 0.01 from run to run on a shared 2-core
/// machine; 9 rounds moved it by about 0.02.
const ROUNDS: usize = 31;

/// Encode and decode throughput of `profile` on `samples`, once each, in samples per second.
fn time_once(profile: &Profile, samples: &[i16], out: &mut Vec<i16>) -> [f64; 2] {
    let t = Instant::now();
    let payload = black_box(encode(profile, black_box(samples), 1));
    let encode_s = t.elapsed().as_secs_f64();
    out.clear();
    let t = Instant::now();
    decode(profile, black_box(&payload), 1, samples.len(), out).unwrap();
    let decode_s = t.elapsed().as_secs_f64();
    assert!(out == samples, "{} roundtrips", profile.name);
    [encode_s, decode_s].map(|s| samples.len() as f64 / s)
}

/// The quartiles of `v` (lower, median, upper; nearest rank).
fn quartiles(mut v: Vec<f64>) -> [f64; 3] {
    v.sort_by(f64::total_cmp);
    let at = |q: usize| v[(q * (v.len() - 1) + 2) / 4];
    [at(1), at(2), at(3)]
}

/// Prints the ratio profile's encode and decode throughput as fractions of
/// the implant's, from `ROUNDS` rounds that each time both profiles back to
/// back: the median of the rounds' fractions (each round's two figures share
/// the machine's state of that moment, so a load that comes and goes cancels
/// in its fraction), with the quartiles, and each profile's median throughput.
fn fractions() {
    let (samples, source) = signal();
    let mut out = Vec::with_capacity(samples.len());
    let profiles = [&IMPLANT, &RATIO];
    let mut rounds: Vec<[[f64; 2]; 2]> = Vec::new();
    for _ in 0..ROUNDS {
        rounds.push(profiles.map(|p| time_once(p, &samples, &mut out)));
    }
    println!(
        "throughput, {ROUNDS} rounds alternating the profiles, {} samples ({source}):",
        samples.len()
    );
    for (direction, name) in ["encode", "decode"].iter().enumerate() {
        let of = |profile: usize| quartiles(rounds.iter().map(|r| r[profile][direction]).collect());
        let [low, fraction, high] = quartiles(
            rounds
                .iter()
                .map(|r| r[1][direction] / r[0][direction])
                .collect(),
        );
        println!(
            "  {name}: implant {:.1} M/s, ratio {:.1} M/s (medians), ratio/implant {fraction:.3} \
             (median of rounds, quartiles {low:.3}-{high:.3}; bar 0.333)",
            of(0)[1] / 1e6,
            of(1)[1] / 1e6,
        );
    }
}

criterion_group!(benches, bench_codec);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    fractions();
}
