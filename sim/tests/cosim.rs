//! Co-simulation of the verilated RTL against golden. `every_recording_*`
//! runs the whole data set ($BRAINWIRE_DATA, else ../shared/data).

use brainwire_sim::streams::{data_dir, interleave, read_wav, recordings, synthetic};
use brainwire_sim::{encode_payload, run, Figures, Pressure, Rtl, Scenario, SimError, Waves};
use golden::profile::MAX_CHANNELS;
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

/// The recordings' files, or None (one line on stderr) when they are not
/// there; under CI (CI=true), where they always are, their absence fails.
fn recording_files() -> Option<Vec<std::path::PathBuf>> {
    let dir = data_dir();
    match recordings(&dir) {
        Ok(files) if !files.is_empty() => Some(files),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!(
                "no recordings in {} (CI=true: they must be there)",
                dir.display()
            )
        }
        _ => {
            eprintln!(
                "recordings not found in {}: data-driven check skipped (set BRAINWIRE_DATA)",
                dir.display()
            );
            None
        }
    }
}

fn load_recordings() -> Option<Vec<Vec<i16>>> {
    Some(
        recording_files()?
            .iter()
            .map(|f| read_wav(f).unwrap_or_else(|e| panic!("{e}")))
            .collect(),
    )
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
fn bad_input_is_an_error_not_a_panic() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let bad = dir.join("not-a-wav.wav");
    std::fs::write(&bad, b"RIFF....WAVEjunk").unwrap();
    assert!(matches!(read_wav(&bad), Err(SimError::Data(_))));
    assert!(matches!(
        recordings(&dir.join("no such dir")),
        Err(SimError::Data(_))
    ));
}

#[test]
fn rtl_container_equals_golden_container_and_decodes_byte_for_byte() {
    let Some(files) = recording_files() else {
        return;
    };
    for f in files.iter().take(3) {
        let wav = std::fs::read(f).unwrap();
        let packed = brainwire_sim::compress(&wav).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(packed, golden::container::compress(&wav), "{}", f.display());
        assert_eq!(golden::container::decompress(&packed).unwrap(), wav);
    }
}
