//! The streamed container (`compress_stream`, `decompress_stream`) against
//! the whole-file one: the same bytes for every input (the golden vectors,
//! random WAVs, generic bytes, silence, cut WAVs), and on damaged or crafted
//! containers the same error.

use golden::container::{
    compress_stream, compress_with, decompress, decompress_stream, StreamError,
};
use golden::grid::code_to_sample;
use golden::payload;
use golden::profile::{Profile, ENCODE, IMPLANT, PROFILES, RATIO};
use golden::Error;
use proptest::prelude::*;
use std::cell::Cell;
use std::path::Path;
use std::rc::Rc;

#[path = "support/noise.rs"]
mod noise;
use noise::noise;
#[path = "support/wav.rs"]
mod wav_file;
use wav_file::{chunk, fmt_body, pcm_wav, wav};

fn streamed(p: &Profile, input: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut source = input;
    let written = compress_stream(p, &mut source, |b| {
        out.extend_from_slice(b);
        Ok(())
    });
    assert_eq!(written, Ok(()));
    out
}

fn unstreamed(container: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    let mut source = container;
    let read = decompress_stream(&mut source, |b| {
        out.extend_from_slice(b);
        Ok(())
    });
    match read {
        Ok(()) => Ok(out),
        Err(StreamError::Format(e)) => Err(e),
        Err(StreamError::Io(never)) => match never {},
        Err(StreamError::Changed) => panic!("a slice cannot change"),
    }
}

/// The streamed container equals the whole-file one (for the encoder's
/// profile and the implant's), and both decoders give the input back.
fn check(input: &[u8]) {
    for p in [ENCODE, &IMPLANT] {
        let whole = compress_with(p, input);
        assert_eq!(
            streamed(p, input),
            whole,
            "{} bytes, {}",
            input.len(),
            p.name
        );
        assert_eq!(unstreamed(&whole).as_deref(), Ok(input));
    }
}

/// Every damaged form of `container` fails (or decodes) as `decompress` does.
fn check_damaged(container: &[u8], seed: u64) {
    let r = noise(48, seed);
    let mut forms = vec![Vec::new()];
    for cut in [1, 2, 7, 8, 9, 12, container.len() / 2, container.len() - 1] {
        forms.push(container[..cut.min(container.len())].to_vec());
    }
    for pair in r.chunks(2) {
        let mut flipped = container.to_vec();
        let at = (pair[0] as usize * 256 + pair[1] as usize) % flipped.len();
        flipped[at] ^= 1 << (pair[1] % 8);
        forms.push(flipped);
    }
    forms.push([container, &[0][..]].concat());
    for form in forms {
        assert_eq!(unstreamed(&form), decompress(&form), "{} bytes", form.len());
    }
}

/// A wandering signal on the grid, with an off-grid sample now and then.
fn walk(n: usize, seed: u64) -> Vec<u8> {
    let mut code = 512i32;
    noise(n, seed)
        .into_iter()
        .flat_map(|r| {
            code = (code + (r % 7) as i32 - 3).clamp(0, 1023);
            let s = if r == 0 {
                r as i16 + 1
            } else {
                code_to_sample(code as u32)
            };
            s.to_le_bytes()
        })
        .collect()
}

#[test]
fn the_golden_vectors_stream_to_their_containers() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors");
    let mut inputs = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let ext = path.extension().and_then(|e| e.to_str());
        if matches!(ext, Some("wav") | Some("bin")) {
            check(&std::fs::read(&path).unwrap());
            inputs += 1;
        }
        if ext == Some("bw") {
            let container = std::fs::read(&path).unwrap();
            let original = decompress(&container).unwrap();
            assert_eq!(unstreamed(&container), Ok(original));
            check_damaged(&container, container.len() as u64);
        }
    }
    assert!(inputs >= 6, "{inputs} vectors");
}

#[test]
fn silence_and_small_and_odd_inputs_stream_to_the_same_bytes() {
    let silent = |channels: u16, frames: usize| {
        pcm_wav(channels, 16, &vec![0; 2 * channels as usize * frames])
    };
    for input in [
        vec![],
        vec![7],
        vec![0; 1 << 20],
        vec![0xFF; 100_001],
        silent(1, 0),
        silent(2, 5000),
        silent(3, 1),
        pcm_wav(1, 16, &[1, 2, 3]),
        [pcm_wav(2, 16, &walk(4000, 3)), b"LIST".to_vec()].concat(),
    ] {
        check(&input);
        let c = compress_with(ENCODE, &input);
        check_damaged(&c, 5);
    }
}

#[test]
fn a_crafted_count_fails_before_decoding() {
    // A generic container claiming 2^40 samples of the ratio profile in a few bytes.
    let mut c = compress_with(ENCODE, &walk(100, 1));
    assert_eq!(c[3], 3, "generic mode");
    c.truncate(9);
    c.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0, 1, 2, 3]);
    assert_eq!(unstreamed(&c), Err(Error::Truncated));
    assert_eq!(unstreamed(&c), decompress(&c));
}

/// A generic ratio container (CRC 0) claiming `n` samples in `payload`.
fn crafted(n: u64, payload: &[u8]) -> Vec<u8> {
    let mut c = compress_with(&RATIO, &walk(100, 1));
    assert_eq!((c[3], c[8]), (3, RATIO.id), "generic mode, ratio profile");
    c.truncate(9);
    c[4..8].fill(0);
    let mut v = n;
    while v >= 0x80 {
        c.push(v as u8 | 0x80);
        v >>= 7;
    }
    c.push(v as u8);
    c.push(0); // no tail
    [&c[..], payload].concat()
}

#[test]
fn a_ratio_payload_under_a_byte_per_8_samples_fails_before_decoding() {
    let len = 1 << 20;
    // Random bytes would fail as corrupt within a few samples, so
    // "truncated" shows that nothing was decoded.
    for payload in [vec![0; len], noise(len, 2)] {
        for n in [8 * len as u64 + 1, (len as u64) << 19] {
            let c = crafted(n, &payload);
            assert_eq!(decompress(&c), Err(Error::Truncated), "{n} samples");
            assert_eq!(unstreamed(&c), Err(Error::Truncated), "{n} samples");
        }
    }
    // The most the rule allows: decoded (a zero payload as near-silence), then rejected.
    let c = crafted(8 << 16, &[0; 1 << 16]);
    assert!(decompress(&c).is_err());
    assert_eq!(unstreamed(&c), decompress(&c));
}

/// A constant on the grid with one other sample every 10,000: far below a
/// bit a sample in the ratio profile.
fn near_constant(channels: u16, frames: usize) -> Vec<u8> {
    let data: Vec<u8> = (0..frames * channels as usize)
        .flat_map(|i| code_to_sample(if i % 10_000 == 9_999 { 700 } else { 300 }).to_le_bytes())
        .collect();
    pcm_wav(channels, 16, &data)
}

#[test]
fn a_ratio_payload_is_padded_with_zeros_to_a_byte_per_8_samples() {
    for channels in [1u16, 3] {
        let input = near_constant(channels, 40_000);
        check(&input);
        let samples: Vec<i16> = input[44..]
            .chunks(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect();
        let coded = payload::encode(&RATIO, &samples, channels as usize);
        let min = samples.len().div_ceil(8);
        assert!(coded.len() < min, "{} bytes", coded.len());
        // Canonical WAV: header, profile, N, rate, n (3 bytes), then the payload.
        let c = compress_with(&RATIO, &input);
        let (fields, padded) = c.split_at(8 + 1 + 1 + 1 + 3);
        assert_eq!(fields[3], 1, "canonical WAV mode");
        assert_eq!(padded.len(), min);
        assert_eq!(&padded[..coded.len()], coded);
        assert!(padded[coded.len()..].iter().all(|&b| b == 0));
        // A nonzero padding byte, one missing, one more.
        let mut forms = vec![];
        for at in [c.len() - min + coded.len(), c.len() - 1] {
            let mut nonzero = c.clone();
            nonzero[at] = 1;
            forms.push((nonzero, Error::Corrupt));
        }
        forms.push((c[..c.len() - 1].to_vec(), Error::Truncated));
        forms.push(([&c[..], &[0]].concat(), Error::Corrupt));
        for (form, error) in forms {
            assert_eq!(decompress(&form), Err(error), "{} bytes", form.len());
            assert_eq!(unstreamed(&form), Err(error), "{} bytes", form.len());
        }
        check_damaged(&c, channels as u64);
    }
}

fn random_wav() -> impl Strategy<Value = Vec<u8>> {
    (1u16..=6, 0usize..3000, any::<u64>(), 0u8..4).prop_map(|(channels, n, seed, shape)| {
        let data = walk(n * channels as usize, seed);
        match shape {
            0 => pcm_wav(channels, 16, &data),
            1 => wav(&[
                chunk(b"fmt ", &fmt_body(channels, 16)),
                chunk(b"LIST", &noise(seed as usize % 33, seed)),
                chunk(b"data", &data),
                chunk(b"junk", b"odd"),
            ]),
            // Cut short: the data chunk runs past the end.
            2 => {
                let w = pcm_wav(channels, 16, &data);
                w[..w.len() - (seed as usize % (data.len() + 1))].to_vec()
            }
            _ => [pcm_wav(channels, 16, &data), vec![seed as u8]].concat(),
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_wavs_stream_to_the_same_bytes(input in random_wav(), seed in any::<u64>()) {
        check(&input);
        check_damaged(&compress_with(ENCODE, &input), seed);
    }

    #[test]
    fn random_bytes_stream_to_the_same_bytes(input in prop::collection::vec(any::<u8>(), 0..5000)) {
        check(&input);
        for p in PROFILES {
            prop_assert_eq!(streamed(p, &input), compress_with(p, &input));
        }
    }
}

/// An input whose byte `at` changes at the first read after `armed` is set.
struct Changing {
    bytes: Vec<u8>,
    at: usize,
    armed: Rc<Cell<bool>>,
}

impl golden::container::Input for Changing {
    type Error = ();
    fn len(&self) -> u64 {
        self.bytes.len() as u64
    }
    fn read_at(&mut self, at: u64, buf: &mut [u8]) -> Result<(), ()> {
        if self.armed.replace(false) {
            self.bytes[self.at] ^= 1;
        }
        let at = at as usize;
        buf.copy_from_slice(&self.bytes[at..at + buf.len()]);
        Ok(())
    }
}

#[test]
fn an_input_that_changes_between_the_readings_fails() {
    let recording = pcm_wav(2, 16, &walk(50_000, 9));
    let last = recording.len() - 1;
    let noisy = noise(100_000, 3);
    for (input, at) in [
        (&recording, 30),
        (&recording, 100),
        (&recording, last),
        (&noisy, 5),
    ] {
        // The first write starts the second reading: the byte changes then.
        let armed = Rc::new(Cell::new(false));
        let mut changing = Changing {
            bytes: input.clone(),
            at,
            armed: armed.clone(),
        };
        let mut writes = 0;
        let result = compress_stream(ENCODE, &mut changing, |_| {
            writes += 1;
            armed.set(writes == 1);
            Ok(())
        });
        assert_eq!(result, Err(StreamError::Changed), "byte {at}");
        // Unchanged, the same input streams.
        let mut source = &input[..];
        assert_eq!(compress_stream(ENCODE, &mut source, |_| Ok(())), Ok(()));
    }
}
