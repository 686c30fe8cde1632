//! The scored executables, run as processes exactly as eval.sh runs them.
//!
//! They are found in `$BRAINWIRE_EXE_DIR` (the Makefile points it at the
//! copies it scores) or else built here with `cargo build --profile tiny`.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use brainwire_recordings::recordings_or_skip;
use golden::grid::code_to_sample;
use golden::pcm16::le_bytes;

#[path = "../../../golden/tests/support/wav.rs"]
mod wav_file;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Directory holding `encode` and `decode`.
fn exe_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        if let Some(dir) = env::var_os("BRAINWIRE_EXE_DIR") {
            return PathBuf::from(dir);
        }
        let root = workspace_root();
        let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args([
                "build",
                "--profile",
                "tiny",
                "-p",
                "brainwire-exe",
                "--bins",
            ])
            .current_dir(&root)
            .status()
            .expect("cannot run cargo");
        assert!(status.success(), "building the tiny executables failed");
        let target =
            env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
        root.join(target).join("tiny")
    })
}

fn run(tool: &str, args: &[&Path]) -> Output {
    Command::new(exe_dir().join(tool))
        .args(args)
        .output()
        .expect("cannot start the executable")
}

/// `tool` run by a shell after `setup` (a umask, a ulimit), with `input` and `output`.
fn run_after(setup: &str, tool: &str, input: &Path, output: &Path) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("{setup} && exec \"$0\" \"$1\" \"$2\""))
        .arg(exe_dir().join(tool))
        .args([input, output])
        .output()
        .expect("cannot start sh")
}

/// An empty directory, removed afterwards.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = env::temp_dir().join(format!("brainwire-exe-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        fs::write(&p, bytes).unwrap();
        p
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Asserts a clean failure: exit status 1 and exactly one stderr line starting `prefix`.
fn assert_fails(out: &Output, prefix: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(
        err.starts_with(prefix),
        "stderr {err:?} does not start with {prefix:?}"
    );
    assert_eq!(err.lines().count(), 1, "stderr {err:?} is not one line");
    assert!(out.stdout.is_empty());
}

/// A canonical mono WAV of a slow walk on the ADC grid.
fn small_wav(samples: usize) -> Vec<u8> {
    let mut code = 500u32;
    let walk: Vec<i16> = (0..samples)
        .map(|i| {
            code = (code + (i * 7919 % 5) as u32 + 1022) % 1024;
            code_to_sample(code)
        })
        .collect();
    wav_file::pcm_wav(1, 16, &le_bytes(&walk))
}

#[test]
fn usage_errors_print_one_line_and_write_nothing() {
    let dir = Scratch::new();
    let a = dir.path("a");
    for tool in ["encode", "decode"] {
        for args in [
            &[][..],
            &[a.as_path()][..],
            &[a.as_path(), a.as_path(), a.as_path()][..],
        ] {
            assert_fails(&run(tool, args), &format!("{tool}: usage: {tool} IN OUT"));
        }
    }
    assert!(dir.names().is_empty());
}

#[test]
fn missing_input_is_reported_and_creates_no_output() {
    let dir = Scratch::new();
    for tool in ["encode", "decode"] {
        let out = run(tool, &[&dir.path("missing"), &dir.path("out")]);
        assert_fails(&out, &format!("{tool}: cannot read "));
    }
    assert!(dir.names().is_empty());
}

#[test]
fn unwritable_output_leaves_nothing_behind() {
    let dir = Scratch::new();
    let input = dir.file("in.wav", &small_wav(1000));
    let out = run("encode", &[&input, &dir.path("no/such/dir/out")]);
    assert_fails(&out, "encode: cannot write ");
    // OUT is a directory: the temporary file gets written, the rename fails, the temporary goes.
    fs::create_dir(dir.path("taken")).unwrap();
    let out = run("encode", &[&input, &dir.path("taken")]);
    assert_fails(&out, "encode: cannot write ");
    assert_eq!(dir.names(), ["in.wav", "taken"]);
}

#[test]
fn encode_writes_the_golden_container_and_decode_restores_the_input() {
    let dir = Scratch::new();
    let original = small_wav(5000);
    let input = dir.file("in.wav", &original);
    assert!(run("encode", &[&input, &dir.path("c")]).status.success());
    let container = fs::read(dir.path("c")).unwrap();
    assert_eq!(container, golden::container::compress(&original));
    assert!(run("decode", &[&dir.path("c"), &dir.path("out.wav")])
        .status
        .success());
    assert_eq!(fs::read(dir.path("out.wav")).unwrap(), original);
    assert_eq!(dir.names(), ["c", "in.wav", "out.wav"]);
}

#[test]
fn damaged_containers_fail_without_output() {
    let container = golden::container::compress(&small_wav(2000));
    let n = container.len();
    let mut damaged: Vec<Vec<u8>> = [0, 1, 5, 9, n / 2, n - 1]
        .iter()
        .map(|&len| container[..len].to_vec())
        .collect();
    for at in [0, 2, 3, 4, 9, n / 2, n - 1] {
        let mut c = container.clone();
        c[at] ^= 0x10;
        damaged.push(c);
    }
    let mut longer = container.clone();
    longer.push(0);
    damaged.push(longer);
    damaged.push(
        (0..5000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect(),
    );
    damaged.push(small_wav(100));
    for (i, bytes) in damaged.iter().enumerate() {
        let dir = Scratch::new();
        let input = dir.file("in.bw", bytes);
        let out = run("decode", &[&input, &dir.path("out.wav")]);
        assert_fails(&out, "decode: ");
        assert_eq!(dir.names(), ["in.bw"], "case {i} left files behind");
    }
}

#[test]
fn every_recording_roundtrips_through_the_executables() {
    let Some(recordings) = recordings_or_skip() else {
        return;
    };
    let files = recordings.paths;
    let dir = Scratch::new();
    let (container, copy) = (dir.path("c"), dir.path("copy"));
    let (mut raw, mut compressed) = (0u64, 0u64);
    for file in &files {
        assert!(
            run("encode", &[file, &container]).status.success(),
            "encode {}",
            file.display()
        );
        assert!(
            run("decode", &[&container, &copy]).status.success(),
            "decode {}",
            file.display()
        );
        let original = fs::read(file).unwrap();
        assert!(
            fs::read(&copy).unwrap() == original,
            "{} does not roundtrip",
            file.display()
        );
        raw += original.len() as u64;
        compressed += fs::metadata(&container).unwrap().len();
    }
    eprintln!(
        "{} recordings: {raw} -> {compressed} bytes, ratio {:.4}",
        files.len(),
        raw as f64 / compressed as f64
    );
}

#[test]
fn the_temporary_file_never_touches_other_files() {
    let dir = Scratch::new();
    let original = small_wav(1000);
    let input = dir.file("in.wav", &original);
    // The names a fixed-name scheme would use: left alone, as is their target.
    dir.file("c.tmp", b"keep");
    dir.file("target", b"keep");
    std::os::unix::fs::symlink(dir.path("target"), dir.path(".bw-aa")).unwrap();
    assert!(run("encode", &[&input, &dir.path("c")]).status.success());
    assert_eq!(fs::read(dir.path("c.tmp")).unwrap(), b"keep");
    assert_eq!(fs::read(dir.path("target")).unwrap(), b"keep");
    assert_eq!(
        dir.names(),
        [".bw-aa", "c", "c.tmp", "in.wav", "target"],
        "no temporary file left"
    );
    // Encoding foo.tmp into foo keeps the input.
    let tmp_input = dir.file("x.tmp", &original);
    assert!(run("encode", &[&tmp_input, &dir.path("x")])
        .status
        .success());
    assert_eq!(fs::read(&tmp_input).unwrap(), original);
}

#[test]
fn a_new_output_has_the_mode_of_a_new_file_and_any_valid_name() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Scratch::new();
    let input = dir.file("in.wav", &small_wav(500));
    // 255 bytes: the longest name a Linux file system takes.
    let long = dir.path(&"n".repeat(255));
    let out = run_after("umask 027", "encode", &input, &long);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mode = fs::metadata(&long).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn non_regular_outputs_are_written_in_place() {
    let dir = Scratch::new();
    let original = small_wav(800);
    let input = dir.file("in.wav", &original);
    let container = dir.path("c");
    assert!(run("encode", &[&input, &container]).status.success());
    // /dev/stdout: the decoded bytes arrive on the pipe.
    let out = run("decode", &[&container, Path::new("/dev/stdout")]);
    assert!(out.status.success());
    assert_eq!(out.stdout, original);
    // A symbolic link stays a link; its target gets the output.
    dir.file("target", b"old");
    std::os::unix::fs::symlink(dir.path("target"), dir.path("link")).unwrap();
    assert!(run("decode", &[&container, &dir.path("link")])
        .status
        .success());
    assert!(fs::symlink_metadata(dir.path("link"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read(dir.path("target")).unwrap(), original);
}

#[test]
fn a_file_size_limit_is_a_write_error_without_a_partial_file() {
    let dir = Scratch::new();
    let noise: Vec<u8> = (0..64 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let input = dir.file("in.bin", &noise);
    // ulimit -f counts 1024-byte blocks: 8 KB, far below the stored output.
    let out = run_after("ulimit -f 8", "encode", &input, &dir.path("out"));
    assert_fails(&out, "encode: cannot write ");
    assert_eq!(dir.names(), ["in.bin"]);
}

#[test]
fn decoding_an_endless_non_container_fails_at_once() {
    let dir = Scratch::new();
    let out = run("decode", &[Path::new("/dev/zero"), &dir.path("out")]);
    assert_fails(&out, "decode: not a Brainwire file");
    assert!(dir.names().is_empty());
}

#[test]
fn silence_compresses_through_the_executables() {
    let dir = Scratch::new();
    for (name, bytes) in [
        ("zeros", vec![0u8; 1 << 20]),
        (
            "silence.wav",
            wav_file::pcm_wav(1, 16, &vec![0u8; 2 * 19_531]),
        ),
    ] {
        let input = dir.file(name, &bytes);
        let container = dir.path("c");
        assert!(run("encode", &[&input, &container]).status.success());
        let size = fs::metadata(&container).unwrap().len() as usize;
        assert!(bytes.len() >= 50 * size, "{name}: {size} bytes");
        assert!(run("decode", &[&container, &dir.path("back")])
            .status
            .success());
        assert_eq!(fs::read(dir.path("back")).unwrap(), bytes);
    }
}

#[test]
fn running_out_of_memory_says_so() {
    let dir = Scratch::new();
    let input = dir.file("in.bin", &vec![7u8; 32 << 20]);
    // 16 MB of address space: less than the input alone.
    let out = run_after("ulimit -v 16384", "encode", &input, &dir.path("out"));
    assert_fails(&out, "encode: out of memory");
    assert_eq!(dir.names(), ["in.bin"]);
}
