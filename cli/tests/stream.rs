//! `brainwire encode` and `decode` stream the container: the same bytes as
//! the whole-file golden container, and a damaged container found out after
//! much of the output was written still leaves no output behind.

use golden::container::compress_with;
use golden::Profile;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use tempfile::TempDir;

fn brainwire(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brainwire"))
        .args(args)
        .output()
        .expect("run brainwire")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    n.sort();
    n
}

/// A 4-channel synthetic recording of 3 s (about 470 KB: several buffers).
fn recording(d: &Path) -> PathBuf {
    let wav = d.join("rec.wav");
    let out = brainwire(&["synth", s(&wav), "--seconds", "3", "--channels", "4"]);
    assert!(out.status.success());
    wav
}

/// `recording` and its container by `brainwire encode`.
fn packed_recording(d: &Path) -> (PathBuf, PathBuf) {
    let wav = recording(d);
    let packed = d.join("rec.bw");
    assert!(brainwire(&["encode", s(&wav), s(&packed)]).status.success());
    (wav, packed)
}

#[test]
fn streamed_containers_are_the_golden_containers() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let wav = recording(d);
    let raw = fs::read(&wav).unwrap();
    let generic = d.join("generic.bin");
    fs::write(&generic, &raw[..raw.len() - 1]).unwrap();
    for input in [&wav, &generic] {
        let original = fs::read(input).unwrap();
        for name in ["implant", "ratio", "delta"] {
            let packed = d.join("packed.bw");
            let back = d.join("back");
            let out = brainwire(&["encode", "--profile", name, s(input), s(&packed)]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let profile = Profile::by_name(name).unwrap();
            assert_eq!(
                fs::read(&packed).unwrap(),
                compress_with(profile, &original)
            );
            assert!(brainwire(&["decode", s(&packed), s(&back)])
                .status
                .success());
            assert_eq!(fs::read(&back).unwrap(), original);
        }
    }
}

#[test]
fn damage_found_late_leaves_no_output() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let (_, packed) = packed_recording(d);
    let bytes = fs::read(&packed).unwrap();
    let mut damaged = Vec::new();
    // Cut near the end: most of the output is decoded before the end is missed.
    for keep in [bytes.len() * 9 / 10, bytes.len() - 1] {
        damaged.push(bytes[..keep].to_vec());
    }
    // A flipped bit near the end: a corrupt stream or a checksum mismatch.
    let mut flipped = bytes.clone();
    let at = flipped.len() - 3;
    flipped[at] ^= 4;
    damaged.push(flipped);
    // One byte too many.
    damaged.push([&bytes[..], &[0]].concat());
    let before = names(d);
    let out = d.join("out.wav");
    fs::write(&out, b"previous").unwrap();
    for (i, container) in damaged.iter().enumerate() {
        let input = d.join("damaged.bw");
        fs::write(&input, container).unwrap();
        let run = brainwire(&["decode", s(&input), s(&out)]);
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "damage {i} decoded");
        assert_eq!(err.trim_end().lines().count(), 1, "damage {i}: {err}");
        assert!(
            err.contains("corrupt") || err.contains("truncated"),
            "{err}"
        );
        // Nothing reaches an output written in place either.
        let piped = brainwire(&["decode", s(&input), "/dev/stdout"]);
        assert!(
            !piped.status.success() && piped.stdout.is_empty(),
            "damage {i}"
        );
        // The existing output is untouched and no temporary is left.
        assert_eq!(fs::read(&out).unwrap(), b"previous");
        let mut expected = before.clone();
        expected.extend(["damaged.bw".to_string(), "out.wav".to_string()]);
        expected.sort();
        assert_eq!(names(d), expected, "damage {i}");
    }
}

#[test]
fn a_pipe_decodes_and_a_stream_of_zeros_fails_at_once() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let (wav, packed) = packed_recording(d);
    let back = d.join("back.wav");
    let mut child = Command::new(env!("CARGO_BIN_EXE_brainwire"))
        .args(["decode", "/dev/stdin", s(&back)])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let data = fs::read(&packed).unwrap();
    child.stdin.take().unwrap().write_all(&data).unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(fs::read(&back).unwrap(), fs::read(&wav).unwrap());
    let zeros = brainwire(&["decode", "/dev/zero", s(&d.join("z"))]);
    assert!(!zeros.status.success());
    assert!(String::from_utf8_lossy(&zeros.stderr).contains("bad magic"));
}
