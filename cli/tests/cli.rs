//! End-to-end tests of the `brainwire` binary.

use brainwire_cli::wav::Wav;
use golden::grid::on_grid;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

fn brainwire(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brainwire"))
        .args(args)
        .output()
        .expect("run brainwire")
}

fn ok(args: &[&str]) -> Output {
    let out = brainwire(args);
    assert!(
        out.status.success(),
        "brainwire {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Asserts a clean failure: non-zero exit, exactly one line on stderr.
fn fails(args: &[&str]) -> String {
    let out = brainwire(args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "brainwire {args:?} should fail");
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one line expected, got: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn synth(dir: &Path, name: &str, seconds: &str, channels: &str, seed: &str) -> PathBuf {
    let path = dir.join(name);
    ok(&[
        "synth",
        s(&path),
        "--seconds",
        seconds,
        "--channels",
        channels,
        "--seed",
        seed,
    ]);
    path
}

#[test]
fn synth_is_deterministic_and_on_grid() {
    let dir = TempDir::new().unwrap();
    let a = fs::read(synth(dir.path(), "a.wav", "2", "3", "42")).unwrap();
    let b = fs::read(synth(dir.path(), "b.wav", "2", "3", "42")).unwrap();
    let c = fs::read(synth(dir.path(), "c.wav", "2", "3", "43")).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
    let wav = Wav::parse(&a).unwrap();
    assert_eq!(wav.channels, 3);
    assert_eq!(wav.sample_rate, golden::profile::SAMPLE_RATE_HZ);
    assert_eq!(wav.frames(), 2 * golden::profile::SAMPLE_RATE_HZ as usize);
    assert!(wav.samples.iter().all(|&v| on_grid(v)));
    // Not flat: the signal uses a good part of the code range.
    let codes: std::collections::HashSet<i16> = wav.samples.iter().copied().collect();
    assert!(codes.len() > 50, "{} distinct samples", codes.len());
}

#[test]
fn synth_compresses_and_roundtrips() {
    let dir = TempDir::new().unwrap();
    let wav = synth(dir.path(), "x.wav", "3", "2", "7");
    let packed = dir.path().join("x.bw");
    let back = dir.path().join("y.wav");
    ok(&["encode", s(&wav), s(&packed)]);
    ok(&["decode", s(&packed), s(&back)]);
    let original = fs::read(&wav).unwrap();
    assert_eq!(fs::read(&back).unwrap(), original);
    let ratio = original.len() as f64 / fs::metadata(&packed).unwrap().len() as f64;
    assert!(ratio > 2.0, "ratio {ratio}");
}

#[test]
fn every_profile_roundtrips_off_grid_and_non_wav_input() {
    let dir = TempDir::new().unwrap();
    let off_grid = Wav {
        channels: 2,
        sample_rate: 1000,
        samples: (0..5000i32).map(|i| (i * 7919) as i16).collect(),
    };
    let wav = dir.path().join("off.wav");
    off_grid.write(&wav).unwrap();
    let text = dir.path().join("notes.txt");
    fs::write(&text, b"not a recording at all\n").unwrap();
    for input in [&wav, &text] {
        for p in golden::profile::PROFILES {
            let packed = dir.path().join("p.bw");
            let back = dir.path().join("back");
            ok(&["encode", "--profile", p.name, s(input), s(&packed)]);
            ok(&["decode", s(&packed), s(&back)]);
            assert_eq!(
                fs::read(&back).unwrap(),
                fs::read(input).unwrap(),
                "{}",
                p.name
            );
        }
    }
}

#[test]
fn stats_reports_a_synthetic_recording() {
    let dir = TempDir::new().unwrap();
    let wav = synth(dir.path(), "s.wav", "1", "2", "3");
    let out = ok(&["stats", "--json", s(&wav)]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &json[0];
    let samples = r["samples"].as_u64().unwrap();
    assert_eq!(samples, 2 * golden::profile::SAMPLE_RATE_HZ as u64);
    assert_eq!(r["channels"], 2);
    assert_eq!(r["off_grid"], 0);
    assert_eq!(r["bits"]["offgrid_bits"], 0);
    let code_h = r["code_entropy"].as_f64().unwrap();
    let diff_h = r["diff_entropy"].as_f64().unwrap();
    assert!(
        diff_h < code_h && code_h <= 10.0,
        "H(code) {code_h}, H(diff) {diff_h}"
    );
    let bits = &r["bits"];
    let total: u64 = [
        "quotient_bits",
        "low_bits",
        "large_escape_bits",
        "offgrid_bits",
    ]
    .iter()
    .map(|k| bits[k].as_u64().unwrap())
    .sum();
    assert_eq!(total.div_ceil(8), r["payload_bytes"].as_u64().unwrap());
    assert!(r["payload_ratio"].as_f64().unwrap() > 2.0);
    // The reported compressed size is what `encode` writes.
    let packed = dir.path().join("s.bw");
    ok(&["encode", s(&wav), s(&packed)]);
    assert_eq!(
        r["compressed_bytes"].as_u64().unwrap(),
        fs::metadata(&packed).unwrap().len()
    );
    assert_eq!(
        r["file_bytes"].as_u64().unwrap(),
        fs::metadata(&wav).unwrap().len()
    );
    assert!(r["ratio"].as_f64().unwrap() > 2.0);

    let text = ok(&["stats", "--profile", "delta", s(&wav), s(&wav)]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(text.contains("delta:"), "{text}");
}

#[test]
fn batch_encodes_and_decodes_a_folder() {
    let dir = TempDir::new().unwrap();
    let src = dir.path().join("src");
    fs::create_dir(&src).unwrap();
    for seed in ["1", "2", "3"] {
        synth(&src, &format!("r{seed}.wav"), "1", "1", seed);
    }
    fs::write(src.join("readme.txt"), "ignored").unwrap();
    let packed = dir.path().join("packed");
    let restored = dir.path().join("restored");
    let out = ok(&["batch", "encode", s(&src), s(&packed)]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("3 files"));
    ok(&["batch", "decode", s(&packed), s(&restored)]);
    for seed in ["1", "2", "3"] {
        let name = format!("r{seed}.wav");
        assert!(packed.join(format!("{name}.bw")).is_file());
        assert_eq!(
            fs::read(restored.join(&name)).unwrap(),
            fs::read(src.join(&name)).unwrap()
        );
    }
    assert_eq!(fs::read_dir(&restored).unwrap().count(), 3);
}

#[test]
fn merge_then_split_gives_back_the_truncated_channels() {
    let dir = TempDir::new().unwrap();
    let a = synth(dir.path(), "a.wav", "1", "1", "5");
    let b = synth(dir.path(), "b.wav", "0.5", "1", "6");
    let merged = dir.path().join("ab.wav");
    ok(&["merge", s(&merged), s(&a), s(&b)]);
    let m = Wav::read(&merged).unwrap();
    let short = Wav::read(&b).unwrap();
    assert_eq!((m.channels, m.frames()), (2, short.frames()));
    let parts = dir.path().join("parts");
    ok(&["split", s(&merged), s(&parts)]);
    let first = Wav::read(&parts.join("ab.ch000.wav")).unwrap();
    let second = Wav::read(&parts.join("ab.ch001.wav")).unwrap();
    assert_eq!(second, short);
    assert_eq!(
        first.samples[..],
        Wav::read(&a).unwrap().samples[..short.frames()]
    );
}

#[test]
fn bad_input_fails_cleanly_without_output() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let out = d.join("out");
    let missing = d.join("missing.wav");
    let garbage = d.join("garbage.wav");
    fs::write(&garbage, b"RIFF\x10\0\0\0WAVEjunk").unwrap();
    let wav = synth(d, "ok.wav", "0.2", "1", "1");
    let packed = d.join("ok.bw");
    ok(&["encode", s(&wav), s(&packed)]);
    let bytes = fs::read(&packed).unwrap();
    let truncated = d.join("trunc.bw");
    fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let flipped = d.join("flip.bw");
    let mut f = bytes.clone();
    let mid = f.len() / 2;
    f[mid] ^= 0x10;
    fs::write(&flipped, &f).unwrap();

    fails(&["encode", s(&missing), s(&out)]);
    fails(&["encode", "--profile", "nonesuch", s(&wav), s(&out)]);
    fails(&["decode", s(&wav), s(&out)]);
    fails(&["decode", s(&truncated), s(&out)]);
    fails(&["decode", s(&flipped), s(&out)]);
    fails(&["stats", s(&garbage)]);
    fails(&["stats", s(&missing)]);
    fails(&["split", s(&garbage), s(&out)]);
    fails(&["merge", s(&out), s(&wav), s(&garbage)]);
    fails(&["synth", s(&out), "--channels", "0"]);
    fails(&["synth", s(&out), "--seconds", "-1"]);
    fails(&["synth", s(&out), "--seconds", "NaN"]);
    fails(&["batch", "encode", s(&missing), s(&out)]);
    fails(&["frobnicate"]);
    assert!(!out.exists(), "no output may be left behind");
    // No temporary files either.
    let leftovers: Vec<_> = fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        leftovers
            .iter()
            .all(|n| !n.to_string_lossy().starts_with(".bw-")),
        "{leftovers:?}"
    );
}

#[test]
fn output_into_a_missing_folder_fails_cleanly() {
    let dir = TempDir::new().unwrap();
    let wav = synth(dir.path(), "a.wav", "0.1", "1", "1");
    let out = dir.path().join("no/such/dir/a.bw");
    fails(&["encode", s(&wav), s(&out)]);
    assert!(!out.exists());
}

#[test]
fn outputs_go_through_a_fresh_temporary_or_in_place() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let wav = synth(d, "a.wav", "0.1", "1", "1");
    let packed = d.join("a.bw");
    // A file where a fixed temporary name would be stays as it is.
    fs::write(d.join("a.bw.tmp"), b"keep").unwrap();
    ok(&["encode", s(&wav), s(&packed)]);
    assert_eq!(fs::read(d.join("a.bw.tmp")).unwrap(), b"keep");
    // /dev/stdout and a symbolic link are written in place.
    let out = ok(&["decode", s(&packed), "/dev/stdout"]);
    assert_eq!(out.stdout, fs::read(&wav).unwrap());
    fs::write(d.join("target"), b"old").unwrap();
    std::os::unix::fs::symlink(d.join("target"), d.join("link")).unwrap();
    ok(&["decode", s(&packed), s(&d.join("link"))]);
    assert_eq!(fs::read(d.join("target")).unwrap(), fs::read(&wav).unwrap());
    let mut names: Vec<_> = fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["a.bw", "a.bw.tmp", "a.wav", "link", "target"]);
}
