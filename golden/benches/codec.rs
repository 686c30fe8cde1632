//! Encode and decode throughput of the implant and the ratio profile, in samples per second,
//! on the first recordings of `$BRAINWIRE_DATA` (default `../shared/data`
//! beside the repository), or on a deterministic synthetic signal without them
//! (`CI=true`: missing recordings are an error).

use brainwire_recordings::{read_mono, recordings_or_skip};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use golden::grid::{code_to_sample, CODES};
use golden::payload::{decode, encode};
use golden::profile::{Profile, IMPLANT, RATIO};
use std::hint::black_box;
use std::time::Duration;

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

fn bench_codec(c: &mut Criterion) {
    let (samples, source) =
        real_signal().unwrap_or_else(|| (synthetic_signal(), "synthetic signal".to_string()));
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

criterion_group!(benches, bench_codec);
criterion_main!(benches);
