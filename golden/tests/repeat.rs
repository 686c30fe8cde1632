//! Off-grid runs (digital silence, a disconnected channel) cost 17 bits a
//! sample in a payload; the repeat mode stores them as one frame and a count.

use golden::container::{compress, decompress, Mode, HEADER_LEN};
use golden::crc::crc32;
use golden::grid::code_to_sample;
use golden::Error;

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
            assert_eq!(c[3], Mode::Repeat as u8);
            assert!(ratio(&input, &c) >= 50.0, "{} bytes", c.len());
        }
    }
}

#[test]
fn wavs_of_silence_and_of_a_constant_compress_50_times() {
    // One second of one and of four channels; a constant off the grid
    // (a disconnected input); a frame whose channels differ.
    let frames: [&[i16]; 4] = [&[0], &[0, 0, 0, 0], &[-1234], &[5, -1, code_to_sample(3), 0]];
    for frame in frames {
        let data: Vec<u8> = frame.iter().flat_map(|s| s.to_le_bytes()).collect();
        let input = pcm_wav(frame.len() as u16, 16, &data.repeat(19_531));
        let c = roundtrip(&input);
        assert_eq!(c[3], Mode::Repeat as u8);
        assert!(ratio(&input, &c) >= 50.0, "{} bytes", c.len());
    }
}

#[test]
fn a_run_that_changes_once_is_not_a_repeat() {
    let mut input = vec![0u8; 4000];
    input[3001] = 1;
    assert_ne!(roundtrip(&input)[3], Mode::Repeat as u8);
}

/// A repeat container: head, frame, count, tail, with the CRC of its output
/// or `crc`.
fn repeat_container(frame: &[u8], count: u64, crc: Option<u32>) -> Vec<u8> {
    let mut c = b"BW\x02\x04".to_vec();
    let output = frame.repeat(count.min(1 << 20) as usize);
    c.extend_from_slice(&crc.unwrap_or_else(|| crc32(&output)).to_le_bytes());
    c.push(0); // head
    c.push(frame.len() as u8);
    c.extend_from_slice(frame);
    let mut v = count;
    while v >= 0x80 {
        c.push(v as u8 | 0x80);
        v >>= 7;
    }
    c.push(v as u8);
    c.push(0); // tail
    c
}

#[test]
fn damaged_repeat_containers_are_rejected() {
    let good = repeat_container(&[1, 2, 3], 1000, None);
    assert_eq!(decompress(&good).map(|o| o.len()), Ok(3000));
    assert_eq!(good.len(), HEADER_LEN + 8);
    assert_eq!(decompress(&repeat_container(&[], 5, None)), Err(Error::Corrupt));
    let mut longer = good.clone();
    longer.push(0);
    assert_eq!(decompress(&longer), Err(Error::TrailingData));
    for len in 0..good.len() {
        assert!(decompress(&good[..len]).is_err());
    }
    // A count of 2^62 frames whose checksum is wrong: refused before anything is built.
    let huge = repeat_container(&[0], 1 << 62, Some(0x1234_5678));
    assert_eq!(decompress(&huge), Err(Error::ChecksumMismatch));
    let overflow = repeat_container(&[0, 0, 0, 0, 0], 1 << 62, Some(0));
    assert_eq!(decompress(&overflow), Err(Error::Corrupt));
}
