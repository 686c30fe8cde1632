//! The channel-count sweep and the coverage campaign: every N from 1 to 40,
//! each power of two and its neighbours up to 1024, random others; at each,
//! golden's every-symbol stream on every channel, the synthetic streams
//! under back-pressure and with a reset into another N; then the
//! constrained-random interface driver. `make cosim` runs it in full,
//! `cargo test` a short subset.

use crate::bridge::Model;
use crate::cosim::Scenario;
use crate::coverage::Coverage;
use crate::driver::{drive, Drive, DriveStats};
use crate::error::SimError;
use crate::streams::{sines, synthetic, Rng};
use crate::{Pressure, Rtl};
use golden::profile::MAX_CHANNELS;

/// 1..=40, every 2^k and 2^k +- 1 up to 1024, a few 16k + 1 (a channel
/// compare on too few bits breaks exactly there), and `random` others drawn from `seed`.
pub fn channel_counts(random: usize, seed: u64) -> Vec<usize> {
    let mut ns: Vec<usize> = (1..=40).chain([49, 81, 113, 1009]).collect();
    for k in 1..=10 {
        let p = 1usize << k;
        ns.extend([p - 1, p, p + 1]);
    }
    let mut rng = Rng::new(seed);
    for _ in 0..random {
        ns.push(1 + rng.below(MAX_CHANNELS as u64) as usize);
    }
    ns.retain(|&n| (1..=MAX_CHANNELS).contains(&n));
    ns.sort_unstable();
    ns.dedup();
    ns
}

/// `per_channel` repeated on each of `n` channels (sample t of every channel is `per_channel[t]`).
pub fn on_every_channel(per_channel: &[i16], n: usize) -> Vec<i16> {
    per_channel
        .iter()
        .flat_map(|&s| std::iter::repeat_n(s, n))
        .collect()
}

/// The sweep's scenarios at channel count `n`: golden's every-symbol stream
/// on every channel (if `every_symbol`), the synthetic streams (`len`
/// samples) under back-pressure, and one with a reset into `next_n` channels.
pub fn scenarios_at(
    n: usize,
    next_n: usize,
    len: usize,
    every_symbol: bool,
    seed: u64,
) -> Vec<Scenario> {
    let mut out = Vec::new();
    let pressure = |i: u64| Pressure::random(0.7, 0.5, seed.wrapping_mul(7919).wrapping_add(i));
    if every_symbol {
        let (stream, _) = golden::cover::every_symbol_stream(crate::bridge::rtl_profile());
        out.push(Scenario::stream(
            format!("every symbol, {n} ch"),
            n,
            on_every_channel(&stream, n),
            Pressure::NONE,
        ));
        out.push(Scenario::stream(
            format!("weight-saturating sines, {n} ch, pressure"),
            n,
            on_every_channel(&sines(15_000), n),
            pressure(1),
        ));
    }
    for (j, (name, s)) in synthetic(len, seed).into_iter().enumerate() {
        let j = j as u64 + 2;
        out.push(if j % 3 == 0 {
            Scenario::reset_midway(
                format!("{name}, {n} ch, reset"),
                n,
                &s,
                s.len() / 2 + j as usize,
                next_n,
                pressure(j),
            )
        } else {
            Scenario::stream(format!("{name}, {n} ch, pressure"), n, s, pressure(j))
        });
    }
    out
}

/// Coverage of the flushed segments of `scenarios` (all checked: call after
/// they passed), by golden's model of the implant's or the ratio's encoder.
pub fn stream_coverage(scenarios: &[Scenario], model: Model, cov: &mut Coverage) {
    for sc in scenarios {
        // The coverage bins (forwarding distances, classes of N) assume
        // interleaved channels: blocked segments are checked, not binned.
        for seg in sc
            .segments
            .iter()
            .filter(|s| s.ending == crate::check::Ending::Flush && s.block == 1)
        {
            cov.stream_of(model, &seg.samples, seg.n_channels);
        }
    }
}

/// The interface driver for `cycles` cycles per seed, N drawn from `ns`,
/// over the synthetic streams and the every-symbol stream; the first seed in strict mode.
pub fn driver_campaign(
    rtl: &mut Rtl,
    ns: &[usize],
    seeds: std::ops::Range<u64>,
    cycles: u64,
    cov: &mut Coverage,
) -> Result<DriveStats, SimError> {
    let channels: Vec<u16> = ns.iter().map(|&n| n as u16).collect();
    let mut total = DriveStats::default();
    for seed in seeds.clone() {
        let mut samples: Vec<i16> = synthetic(4000, seed)
            .into_iter()
            .flat_map(|x| x.1)
            .collect();
        samples.extend(golden::cover::every_symbol_stream(crate::bridge::rtl_profile()).0);
        // Enough that the driver never runs out (it offers at most one per cycle).
        samples = samples
            .iter()
            .copied()
            .cycle()
            .take(cycles as usize)
            .collect();
        let run = Drive {
            samples: &samples,
            channels: &channels,
            cycles,
            seed,
            strict: seed == seeds.start,
        };
        let s = drive(rtl, &run, cov)?;
        total.segments += s.segments;
        total.flushed += s.flushed;
        total.samples += s.samples;
        total.words += s.words;
    }
    Ok(total)
}
