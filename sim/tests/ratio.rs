//! Co-simulation of the ratio profile's encoder (brainwire_ratio_encoder.v)
//! against golden::ratio::encode: its bytes, valid-gated and in order.

use brainwire_recordings::recordings_or_skip;
use brainwire_sim::streams::{interleave, synthetic};
use brainwire_sim::{run, Pressure, Rtl, Scenario, Waves};
use golden::profile::MAX_CHANNELS;

fn check(rtl: &mut Rtl, sc: &Scenario) -> brainwire_sim::Figures {
    match run(rtl, sc, &Waves::default()) {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn synthetic_streams_match_golden_with_back_pressure_and_resets() {
    let mut rtl = Rtl::ratio().unwrap();
    for (k, n) in [1usize, 3, MAX_CHANNELS].into_iter().enumerate() {
        let len = if n == MAX_CHANNELS { 4 * n } else { 1500 };
        for (j, (name, s)) in synthetic(len, 21 + k as u64).into_iter().enumerate() {
            let seed = (k * 100 + j) as u64;
            check(
                &mut rtl,
                &Scenario::stream(format!("{name}, {n} ch"), n, s.clone(), Pressure::NONE),
            );
            let p = Pressure::random(0.6, 0.5, seed);
            let other = if n == 1 { 2 } else { 1 };
            check(
                &mut rtl,
                &Scenario::reset_midway(format!("{name}, {n} ch, reset"), n, &s, len / 3, other, p),
            );
        }
    }
}

/// The first recordings (a short window each), one channel and interleaved.
#[test]
fn recordings_match_golden() {
    let Some(recordings) = recordings_or_skip() else {
        return;
    };
    let recs: Vec<Vec<i16>> = recordings.paths[..8]
        .iter()
        .map(|p| brainwire_recordings::read_mono(p).unwrap())
        .collect();
    let mut rtl = Rtl::ratio().unwrap();
    for (i, s) in recs.iter().enumerate() {
        let part = s[..s.len().min(50_000)].to_vec();
        let p = if i % 2 == 0 {
            Pressure::NONE
        } else {
            Pressure::random(0.8, 0.5, i as u64)
        };
        check(
            &mut rtl,
            &Scenario::stream(format!("recording {i}"), 1, part, p),
        );
    }
    let s = interleave(&recs, MAX_CHANNELS, 64, 0);
    let f = check(
        &mut rtl,
        &Scenario::stream("interleaved", MAX_CHANNELS, s, Pressure::NONE),
    );
    assert!(
        f.samples > 0 && f.cycles > f.samples,
        "a sample takes more than a clock: {f}"
    );
}

/// The constrained-random interface driver (csrc/driver.cpp) on the ratio
/// encoder: random in_valid, out_ready, flush and reset, a new N at each
/// reset, the protocol checked every cycle (the first seed in strict mode:
/// registered outputs), every segment's bytes against golden; the
/// interface's coverage bins (forwarding, FIFO, resets and flushes in every
/// state, every class of N) all hit.
#[test]
fn the_interface_driver_finds_nothing_and_covers_the_interface() {
    use brainwire_sim::coverage::{Coverage, DRIVER_GROUPS};
    use brainwire_sim::sweep::driver_campaign;
    let ns = [1usize, 2, 3, 5, 7, 8, 13, 17, 33, 49, 63, 64, 65, 100, 1024];
    let mut rtl = Rtl::ratio().unwrap();
    let mut cov = Coverage::ratio();
    let stats =
        driver_campaign(&mut rtl, &ns, 1..5, 1_000_000, &mut cov).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        stats.flushed > 0 && stats.segments > stats.flushed,
        "{stats:?}"
    );
    assert_eq!(rtl.strict_failures(), 0);
    let interface = DRIVER_GROUPS.iter().chain(&["channel count"]);
    let missing: Vec<String> = cov
        .missing()
        .into_iter()
        .filter(|bin| interface.clone().any(|g| bin.starts_with(g)))
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
}
