//! Co-simulation of the verilated RTL against golden. `every_recording_*`
//! runs the whole data set ($BRAINWIRE_DATA, else ../shared/data); without it
//! the data-driven tests skip (or fail with CI=true), see `recordings_or_skip`.

use brainwire_recordings::recordings_or_skip;
use brainwire_sim::streams::{in_blocks, interleave, synthetic};
use brainwire_sim::{encode_payload, run, Figures, Pressure, Rtl, Scenario, Waves};
use golden::payload::Layout;
use golden::profile::{MAX_BLOCK, MAX_CHANNELS};
use golden::IMPLANT;

fn waves() -> Waves {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cosim-waves");
    Waves {
        on_mismatch: Some(dir),
        always: None,
    }
}

fn check(rtl: &mut Rtl, sc: &Scenario) -> Figures {
    match run(rtl, sc, &waves()) {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    }
}

/// The samples of every recording, or `None` (the test skips) without them.
fn load_recordings() -> Option<Vec<Vec<i16>>> {
    let recordings = recordings_or_skip()?;
    Some(recordings.read_all().unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn synthetic_streams_match_golden_with_back_pressure_and_resets() {
    let mut rtl = Rtl::new(true).unwrap();
    for (k, n) in [1usize, 2, 5, MAX_CHANNELS].into_iter().enumerate() {
        let len = if n == MAX_CHANNELS { 8 * n } else { 3000 };
        for (j, (name, s)) in synthetic(len, 11 + k as u64).into_iter().enumerate() {
            let seed = (k * 100 + j) as u64;
            let p = Pressure::random(0.6, 0.5, seed);
            check(
                &mut rtl,
                &Scenario::stream(format!("{name}/{n}"), n, s.clone(), Pressure::NONE),
            );
            check(
                &mut rtl,
                &Scenario::stream(format!("{name}/{n}/pressure"), n, s.clone(), p),
            );
            let other = n % MAX_CHANNELS + 1;
            let sc =
                Scenario::reset_midway(format!("{name}/{n}/reset"), n, &s, len / 2 + j, other, p);
            check(&mut rtl, &sc);
        }
    }
}

#[test]
fn short_streams_flush_exactly_their_bits() {
    // 0, 1 and a few samples: the flushed word carries what is pending, possibly nothing.
    let mut rtl = Rtl::new(true).unwrap();
    let s: Vec<i16> = synthetic(40, 3).into_iter().flat_map(|(_, s)| s).collect();
    for len in [0usize, 1, 2, 3, 7, 31, 33, 200] {
        for n in [1, 3] {
            check(
                &mut rtl,
                &Scenario::stream(
                    format!("{len} samples"),
                    n,
                    s[..len].to_vec(),
                    Pressure::NONE,
                ),
            );
        }
    }
}

#[test]
fn every_recording_matches_golden_at_one_sample_per_cycle() {
    let Some(recs) = load_recordings() else {
        return;
    };
    let mut rtl = Rtl::new(true).unwrap();
    let mut free = Figures::default();
    for (i, s) in recs.iter().enumerate() {
        let name = format!("recording {i}");
        if i % 8 == 7 {
            let p = Pressure::random(0.7, 0.6, i as u64);
            check(
                &mut rtl,
                &Scenario::reset_midway(name, 1, s, s.len() / 3, 1, p),
            );
        } else {
            free.add(&check(
                &mut rtl,
                &Scenario::stream(name, 1, s.clone(), Pressure::NONE),
            ));
        }
    }
    // Steady state without back-pressure: one sample accepted per cycle.
    assert!(free.free_samples_per_cycle() > 0.999, "{free}");
}

#[test]
fn interleaved_1024_channel_streams_match_golden() {
    let Some(recs) = load_recordings() else {
        return;
    };
    let mut rtl = Rtl::new(true).unwrap();
    for k in 0..2 {
        let s = interleave(&recs, MAX_CHANNELS, 256, k);
        let p = if k == 0 {
            Pressure::NONE
        } else {
            Pressure::random(0.8, 0.5, 99)
        };
        let name = format!("interleaved {k}");
        check(
            &mut rtl,
            &Scenario::stream(name.clone(), MAX_CHANNELS, s.clone(), p),
        );
        let cut = s.len() / 2 + 5;
        check(
            &mut rtl,
            &Scenario::reset_midway(name, MAX_CHANNELS, &s, cut, 7, p),
        );
    }
}

/// Blocks of B samples a channel: the recordings' 1024-channel streams at
/// B = MAX_BLOCK, and small N at several B, free-running, under back-pressure
/// and reset midway.
#[test]
fn blocked_streams_match_golden_with_back_pressure_and_resets() {
    let mut rtl = Rtl::new(true).unwrap();
    for (k, (n, b)) in [(1, 8), (3, 8), (5, 3), (13, 2), (MAX_CHANNELS, 8)]
        .into_iter()
        .enumerate()
    {
        let s = synthetic(3000.max(2 * n * b), 40 + k as u64).remove(0).1;
        let p = Pressure::random(0.6, 0.5, 300 + k as u64);
        let name = format!("blocked synthetic/{n}/{b}");
        check(
            &mut rtl,
            &Scenario::stream(name.clone(), n, s.clone(), Pressure::NONE).blocked(b),
        );
        check(
            &mut rtl,
            &Scenario::reset_midway(name, n, &s, s.len() / 2 + k, n % 7 + 1, p).blocked(b),
        );
    }
    let Some(recs) = load_recordings() else {
        return;
    };
    let layout = Layout::new(MAX_CHANNELS, MAX_BLOCK).unwrap();
    let s = in_blocks(&interleave(&recs, MAX_CHANNELS, 256, 0), layout);
    let p = Pressure::random(0.8, 0.5, 98);
    check(
        &mut rtl,
        &Scenario::stream("blocked interleaved", MAX_CHANNELS, s, p).blocked(MAX_BLOCK),
    );
}

#[test]
fn rtl_payload_equals_golden_payload() {
    let Some(recs) = load_recordings() else {
        return;
    };
    for n in [1, 4] {
        let s = &recs[0][..20_000];
        assert_eq!(
            encode_payload(s, n).unwrap(),
            golden::payload::encode(&IMPLANT, s, n)
        );
    }
}

#[test]
fn waveform_on_request_is_written() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cosim-request.vcd");
    let _ = std::fs::remove_file(&path);
    let mut rtl = Rtl::new(true).unwrap();
    let s = synthetic(500, 1).remove(0).1;
    let waves = Waves {
        on_mismatch: None,
        always: Some((path.clone(), 0..100)),
    };
    run(
        &mut rtl,
        &Scenario::stream("traced", 1, s, Pressure::NONE),
        &waves,
    )
    .unwrap();
    drop(rtl);
    let vcd = std::fs::read_to_string(&path).unwrap();
    assert!(
        vcd.contains("in_sample") && vcd.contains("#199"),
        "incomplete VCD"
    );
}

#[test]
fn rtl_container_equals_golden_container_and_decodes_byte_for_byte() {
    let Some(recordings) = recordings_or_skip() else {
        return;
    };
    for f in recordings.paths.iter().take(3) {
        let wav = std::fs::read(f).unwrap();
        let packed = brainwire_sim::compress(&wav).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            packed,
            golden::container::compress_with(&IMPLANT, &wav),
            "{}",
            f.display()
        );
        assert_eq!(golden::container::decompress(&packed).unwrap(), wav);
    }
}
