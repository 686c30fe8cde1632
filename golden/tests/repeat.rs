//! Off-grid runs (digital silence, a disconnected channel) cost 17 bits a
//! sample in a payload; the repeat form of a coded mode stores one frame
//! instead of the payload.

use golden::container::{compress, decompress, Mode, HEADER_LEN, REPEAT, VERSION};
use golden::crc::crc32;
use golden::grid::code_to_sample;
use golden::{Error, IMPLANT};

#[path = "support/wav.rs"]
mod wav_file;
use wav_file::pcm_wav;

/// Compresses and checks the roundtrip; returns the container.
fn roundtrip(input: &[u8]) -> Vec<u8> {
    let c = compress(input);
    assert_eq!(decompress(&c).as_deref(), Ok(input));
    c
}

fn ratio(input: &[u8], c: &[u8]) -> f64 {
    input.len() as f64 / c.len() as f64
}

#[test]
fn a_megabyte_of_zeros_or_ones_compresses_50_times() {
    for byte in [0x00, 0xFF] {
        for len in [1 << 20, (1 << 20) + 1] {
            let input = vec![byte; len];
            let c = roundtrip(&input);
            assert_ne!(c[3] & REPEAT, 0);
            assert!(ratio(&input, &c) >= 50.0, "{} bytes", c.len());
        }
    }
}

#[test]
fn wavs_of_silence_and_of_a_constant_compress_50_times() {
    // One second of one and of four channels; a constant off the grid
    // (a disconnected input); a frame whose channels differ.
    let frames: [&[i16]; 4] = [
        &[0],
        &[0, 0, 0, 0],
        &[-1234],
        &[5, -1, code_to_sample(3), 0],
    ];
    for frame in frames {
        let data: Vec<u8> = frame.iter().flat_map(|s| s.to_le_bytes()).collect();
        let input = pcm_wav(frame.len() as u16, 16, &data.repeat(19_531));
        let c = roundtrip(&input);
        assert_ne!(c[3] & REPEAT, 0);
        assert!(ratio(&input, &c) >= 50.0, "{} bytes", c.len());
    }
}

#[test]
fn a_run_that_changes_once_is_not_a_repeat() {
    let mut input = vec![0u8; 4000];
    input[3001] = 1;
    assert_eq!(roundtrip(&input)[3] & REPEAT, 0);
}

/// A generic-mode repeat container of `frame` (one 16-bit sample, or a
/// wrong length) repeated to `n` samples, with the CRC of its output or `crc`.
fn repeat_container(frame: &[u8], n: u64, crc: Option<u32>) -> Vec<u8> {
    let mut c = b"BW".to_vec();
    c.extend_from_slice(&[VERSION, Mode::Generic as u8 + REPEAT]);
    let output = frame.repeat(n.min(1 << 20) as usize);
    c.extend_from_slice(&crc.unwrap_or_else(|| crc32(&output)).to_le_bytes());
    c.push(IMPLANT.id);
    let mut v = n;
    while v >= 0x80 {
        c.push(v as u8 | 0x80);
        v >>= 7;
    }
    c.push(v as u8);
    c.push(0); // tail
    c.extend_from_slice(frame);
    c
}

#[test]
fn damaged_repeat_containers_are_rejected() {
    let good = repeat_container(&[1, 2], 1000, None);
    assert_eq!(decompress(&good).map(|o| o.len()), Ok(2000));
    assert_eq!(good.len(), HEADER_LEN + 6);
    for frame in [&[][..], &[1], &[1, 2, 3]] {
        assert_eq!(
            decompress(&repeat_container(frame, 5, None)),
            Err(Error::Corrupt)
        );
    }
    for len in 0..good.len() {
        assert!(decompress(&good[..len]).is_err());
    }
    let mut stored = good.clone();
    stored[3] = Mode::Stored as u8 + REPEAT;
    assert_eq!(decompress(&stored), Err(Error::Corrupt));
    // 2^62 samples whose checksum is wrong: refused before anything is built.
    let huge = repeat_container(&[0, 0], 1 << 62, Some(0x1234_5678));
    assert_eq!(decompress(&huge), Err(Error::ChecksumMismatch));
}

#[test]
fn a_multichannel_repeat_needs_whole_frames() {
    // Three samples of two channels: not whole frames, so not a repeat.
    let input = pcm_wav(2, 16, &[0; 6]);
    let c = roundtrip(&input);
    assert_eq!(c[3] & REPEAT, 0);
}
