//! Writes the golden vectors of `golden/vectors/`: small inputs and the
//! containers `golden::container::compress_with` makes of them with the
//! implant profile (`.bw`) and the ratio profile (`.ratio.bw`; see the README
//! there). Run it only for a deliberate format change, then commit the files:
//!
//! `cargo run -p brainwire-golden --example gen_vectors` (or `make vectors`)
//!
//! It also writes the blocked-layout vector: a raw implant payload of the
//! recording slice as 5 channels in blocks of 8 (`tests/support/blocked.rs`).
//!
//! The synthetic inputs are rebuilt from their generators every time. The
//! recording slice is cut from `$BRAINWIRE_DATA` (default `../shared/data`
//! beside the repository) only when it is missing, so the committed slice
//! stays the input even where the recordings are not at hand.

use brainwire_recordings::{data_dir, read_mono};
use golden::container::compress_with;
use golden::grid::{code_to_sample, on_grid, CODES};
use golden::payload::encode_blocked;
use golden::pcm16::le_bytes;
use golden::profile::{IMPLANT, RATIO};
use std::path::Path;
use std::process::exit;

#[path = "../tests/support/wav.rs"]
mod wav_file;
use wav_file::{chunk, fmt_body};
#[path = "../tests/support/blocked.rs"]
mod blocked;
use blocked::*;

/// The recording the slice is cut from, and how many samples it keeps.
const RECORDING: &str = "00dc461c-a60a-4d74-bf87-de4208f224ee.wav";
const SLICE_SAMPLES: usize = 2000;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors");
    let synthetic: [(&str, Vec<u8>); 6] = [
        ("synthetic-4ch.wav", synthetic_multichannel()),
        ("every-symbol.wav", every_symbol_wav()),
        ("silence-2ch.wav", silence()),
        ("odd-chunks.wav", odd_chunks_wav()),
        ("walk.bin", generic_bytes()),
        ("noise.bin", noise(300, 0xB1A5)),
    ];
    for (name, input) in &synthetic {
        write(&dir.join(name), input);
    }
    let slice = dir.join("recording.wav");
    if !slice.exists() {
        match recording_slice() {
            Ok(wav) => write(&slice, &wav),
            Err(e) => {
                eprintln!("gen_vectors: {e}");
                exit(1);
            }
        }
    }
    let mut names: Vec<&str> = synthetic.iter().map(|(n, _)| *n).collect();
    names.push("recording.wav");
    for name in names {
        let input = std::fs::read(dir.join(name)).unwrap_or_else(|e| {
            eprintln!("gen_vectors: {name}: {e}");
            exit(1)
        });
        // The implant's containers for every input; the ratio profile's for
        // those its coder codes (not the stored one, nor the repeat form), but the
        // every-symbol stream, which pins the implant's code tables.
        for (profile, suffix) in [(&IMPLANT, "bw"), (&RATIO, "ratio.bw")] {
            if profile.id == RATIO.id
                && matches!(name, "noise.bin" | "silence-2ch.wav" | "every-symbol.wav")
            {
                continue;
            }
            let container = dir.join(format!("{name}.{suffix}"));
            write(&container, &compress_with(profile, &input));
            println!(
                "{name} ({}): {} bytes -> {} bytes",
                profile.name,
                input.len(),
                std::fs::metadata(&container).map(|m| m.len()).unwrap_or(0)
            );
        }
    }
    let wav = std::fs::read(dir.join(BLOCKED_INPUT)).unwrap_or_else(|e| {
        eprintln!("gen_vectors: {BLOCKED_INPUT}: {e}");
        exit(1)
    });
    let payload = encode_blocked(&IMPLANT, &blocked_samples(&wav), blocked_layout());
    write(&dir.join(BLOCKED_PAYLOAD), &payload);
    println!(
        "{BLOCKED_INPUT} ({BLOCKED_SAMPLES} samples, {BLOCKED_CHANNELS} channels in blocks of \
         {BLOCKED_BLOCK}, implant payload): {} bytes",
        payload.len()
    );
}

fn write(path: &Path, bytes: &[u8]) {
    if let Err(e) = std::fs::write(path, bytes) {
        eprintln!("gen_vectors: {}: {e}", path.display());
        exit(1);
    }
}

/// Deterministic pseudo-random numbers (xorshift64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng(seed);
    (0..len).map(|_| rng.next() as u8).collect()
}

/// A RIFF/WAVE file of `channels` 16-bit channels at the recordings' rate,
/// with `before` and `after` chunks around the `data` chunk.
fn wav(channels: u16, samples: &[i16], before: &[u8], after: &[u8], odd_byte: bool) -> Vec<u8> {
    let mut data = le_bytes(samples);
    if odd_byte {
        data.push(0x5A);
    }
    wav_file::wav(&[
        chunk(b"fmt ", &fmt_body(channels, 16)),
        before.to_vec(),
        chunk(b"data", &data),
        after.to_vec(),
    ])
}

/// Two channels of digital silence, 1000 frames: one at 0 (bytes 0x00), one
/// at -1 (bytes 0xFF), both off the grid: the repeat form of a canonical WAV.
fn silence() -> Vec<u8> {
    wav(2, &[0, -1].repeat(1000), &[], &[], false)
}

/// Four interleaved channels, 600 frames: a noisy slow wave, constants (on
/// and off the grid), full-scale steps (codes 0 and 1023, then i16::MIN and
/// i16::MAX), and bursts of off-grid values between grid samples.
fn synthetic_multichannel() -> Vec<u8> {
    let mut rng = Rng(0x5EED_0001);
    let mut samples = Vec::new();
    for t in 0..600u32 {
        let wave = 512.0 + 380.0 * (t as f64 * 0.02).sin() + (rng.next() % 9) as f64 - 4.0;
        let constant = if t < 300 { code_to_sample(700) } else { 1234 };
        let step = match (t / 40 % 2, t < 400) {
            (0, true) => code_to_sample(0),
            (_, true) => code_to_sample(CODES - 1),
            (0, false) => i16::MIN,
            _ => i16::MAX,
        };
        let burst = if t % 50 < 8 {
            rng.next() as i16
        } else {
            code_to_sample((t * 7) % CODES)
        };
        samples.extend([code_to_sample(wave as u32), constant, step, burst]);
    }
    assert!(
        samples.iter().any(|&s| !on_grid(s)),
        "off-grid values present"
    );
    wav(4, &samples, &[], &[], false)
}

/// Mono: golden::cover's stream, which uses every symbol (each quotient and
/// both escapes) of every code table a channel can reach, so that a changed
/// code word or length of any table changes this vector.
fn every_symbol_wav() -> Vec<u8> {
    let (samples, _) = golden::cover::every_symbol_stream(&golden::IMPLANT);
    wav(1, &samples, &[], &[], false)
}

/// A stereo WAV that is not canonical: a `LIST` chunk before the samples, an
/// odd-length `data` chunk, and a chunk after it. Left a ramp, right a wave.
fn odd_chunks_wav() -> Vec<u8> {
    let samples: Vec<i16> = (0..800u32)
        .flat_map(|i| {
            let right = 512.0 + 300.0 * (i as f64 * 0.05).cos();
            [code_to_sample(200 + i / 2), code_to_sample(right as u32)]
        })
        .collect();
    let list = chunk(b"LIST", b"INFOISFT\x0e\x00\x00\x00golden vector\x00");
    let cue = chunk(b"cue ", &[0; 4]);
    wav(2, &samples, &list, &cue, true)
}

/// Not a WAV: a slow walk on the grid as little-endian samples, then an odd byte.
fn generic_bytes() -> Vec<u8> {
    let mut rng = Rng(0x5EED_0002);
    let mut code: i32 = 300;
    let walk: Vec<i16> = (0..1500)
        .map(|_| {
            code = (code + (rng.next() % 7) as i32 - 3).clamp(0, CODES as i32 - 1);
            code_to_sample(code as u32)
        })
        .collect();
    let mut bytes = le_bytes(&walk);
    bytes.push(0xA5);
    bytes
}

/// The first `SLICE_SAMPLES` samples of `RECORDING`, as a canonical WAV.
fn recording_slice() -> Result<Vec<u8>, String> {
    let path = data_dir().join(RECORDING);
    let samples = read_mono(&path).map_err(|e| e.to_string())?;
    let slice = samples
        .get(..SLICE_SAMPLES)
        .ok_or_else(|| format!("{}: shorter than the slice", path.display()))?;
    Ok(wav(1, slice, &[], &[], false))
}
