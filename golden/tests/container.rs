//! The container rebuilds every input byte for byte, picks the compact mode
//! that applies, and rejects damaged data instead of returning wrong bytes.

use golden::container::{compress, compress_with, decompress, Mode, HEADER_LEN};
use golden::grid::code_to_sample;
use golden::pcm16::le_bytes;
use golden::profile::PROFILES;
use proptest::prelude::*;

#[path = "support/wav.rs"]
mod wav_file;
use wav_file::{chunk, fmt_body, pcm_wav, wav};

#[path = "support/noise.rs"]
mod noise;
use noise::noise;

/// A slow wandering signal on the ADC grid, as little-endian 16-bit samples.
fn grid_samples(n: usize) -> Vec<u8> {
    grid_walk(n, 7)
}

fn grid_walk(n: usize, seed: u64) -> Vec<u8> {
    let walk = noise(n, seed);
    let mut code: i32 = 512;
    let samples: Vec<i16> = walk
        .into_iter()
        .map(|step| {
            code = (code + (step % 7) as i32 - 3).clamp(0, 1023);
            code_to_sample(code as u32)
        })
        .collect();
    le_bytes(&samples)
}

fn mode_of(container: &[u8]) -> Mode {
    [Mode::Stored, Mode::CanonicalWav, Mode::Wav, Mode::Generic]
        .into_iter()
        .find(|m| *m as u8 == container[3])
        .expect("valid mode byte")
}

/// Compresses, checks the roundtrip and the growth bound, returns the container.
fn roundtrip(input: &[u8]) -> Vec<u8> {
    let c = compress(input);
    assert_eq!(
        decompress(&c).as_deref(),
        Ok(input),
        "roundtrip of {} bytes",
        input.len()
    );
    assert!(
        c.len() <= input.len() + HEADER_LEN,
        "{} bytes grew to {}",
        input.len(),
        c.len()
    );
    c
}

#[test]
fn canonical_mono_wav_rebuilds_its_header_and_compresses() {
    let input = pcm_wav(1, 16, &grid_samples(20_000));
    assert_eq!(input.len(), 44 + 40_000);
    let c = roundtrip(&input);
    assert_eq!(mode_of(&c), Mode::CanonicalWav);
    assert!(
        c.len() * 2 < input.len(),
        "grid signal should at least halve: {}",
        c.len()
    );
}

#[test]
fn canonical_stereo_wav_roundtrips() {
    // Two independent electrodes, interleaved.
    let (left, right) = (grid_walk(10_000, 1), grid_walk(10_000, 2));
    let data: Vec<u8> = left
        .chunks(2)
        .zip(right.chunks(2))
        .flat_map(|(l, r)| [l, r].concat())
        .collect();
    let c = roundtrip(&pcm_wav(2, 16, &data));
    assert_eq!(mode_of(&c), Mode::CanonicalWav);
}

#[test]
fn unusual_sample_rate_roundtrips() {
    let mut input = pcm_wav(1, 16, &grid_samples(1000));
    input[24..28].copy_from_slice(&48_000u32.to_le_bytes());
    input[28..32].copy_from_slice(&96_000u32.to_le_bytes());
    assert_eq!(mode_of(&roundtrip(&input)), Mode::CanonicalWav);
}

#[test]
fn wav_with_list_chunk_and_odd_tail_keeps_them_verbatim() {
    let list = chunk(b"LIST", b"INFOISFT\x05\x00\x00\x00test\x00");
    let mut input = wav(&[
        chunk(b"fmt ", &fmt_body(1, 16)),
        list.clone(),
        chunk(b"data", &grid_samples(5000)),
    ]);
    input.extend_from_slice(&list);
    input.push(0xA5);
    let c = roundtrip(&input);
    assert_eq!(mode_of(&c), Mode::Wav);
}

#[test]
fn wav_data_chunk_of_odd_length_roundtrips() {
    let mut data = grid_samples(3000);
    data.push(0x42);
    let c = roundtrip(&pcm_wav(1, 16, &data));
    assert_eq!(mode_of(&c), Mode::Wav);
}

#[test]
fn other_sample_widths_are_not_taken_for_pcm16() {
    for bits in [8u16, 24, 32] {
        let c = roundtrip(&pcm_wav(1, bits, &noise(3 * 4000, bits as u64)));
        assert!(
            matches!(mode_of(&c), Mode::Generic | Mode::Stored),
            "{bits}-bit"
        );
    }
}

#[test]
fn headers_that_claim_more_data_than_present_are_generic() {
    let full = pcm_wav(1, 16, &grid_samples(4000));
    let c = roundtrip(&full[..full.len() - 1001]);
    assert_eq!(mode_of(&c), Mode::Generic);
    for cut in [0, 1, 4, 12, 20, 36, 43, 44, 45] {
        roundtrip(&full[..cut]);
    }
}

#[test]
fn tiny_and_random_inputs_roundtrip_without_growing_much() {
    roundtrip(&[]);
    roundtrip(&[0x80]);
    roundtrip(b"RIFF");
    for len in [2, 3, 100, 4097, 100_000] {
        let c = roundtrip(&noise(len, len as u64));
        assert_eq!(mode_of(&c), Mode::Stored, "random {len} bytes");
    }
}

#[test]
fn every_profile_roundtrips() {
    let input = pcm_wav(1, 16, &grid_samples(3000));
    for p in PROFILES {
        let c = compress_with(p, &input);
        assert_eq!(decompress(&c), Ok(input.clone()), "profile {}", p.name);
    }
}

/// Small inputs of different container modes, for the damage tests.
fn damage_targets() -> [Vec<u8>; 3] {
    [
        pcm_wav(1, 16, &grid_samples(300)),
        noise(40, 3),
        grid_samples(200),
    ]
}

#[test]
fn every_single_byte_corruption_is_rejected() {
    for input in damage_targets() {
        let c = compress(&input);
        for i in 0..c.len() {
            for flip in [0x01u8, 0x80, 0xFF] {
                let mut bad = c.clone();
                bad[i] ^= flip;
                assert!(
                    decompress(&bad).is_err(),
                    "byte {i} ^ {flip:#x} of mode {:?} accepted",
                    mode_of(&c)
                );
            }
        }
    }
}

#[test]
fn every_truncation_and_extension_is_rejected() {
    for input in damage_targets() {
        let c = compress(&input);
        for len in 0..c.len() {
            assert!(decompress(&c[..len]).is_err(), "truncated to {len}");
        }
        let mut longer = c.clone();
        longer.push(0);
        assert!(decompress(&longer).is_err());
    }
}

proptest! {
    #[test]
    fn arbitrary_bytes_roundtrip(input in proptest::collection::vec(any::<u8>(), 0..3000)) {
        let c = compress(&input);
        prop_assert!(c.len() <= input.len() + HEADER_LEN);
        prop_assert_eq!(decompress(&c), Ok(input));
    }

    #[test]
    fn arbitrary_grid_samples_roundtrip(codes in proptest::collection::vec(0u32..1024, 0..3000)) {
        let input = le_bytes(&codes.iter().map(|&c| code_to_sample(c)).collect::<Vec<_>>());
        prop_assert_eq!(decompress(&compress(&input)), Ok(input));
    }

    #[test]
    fn arbitrary_containers_never_panic(mut data in proptest::collection::vec(any::<u8>(), 0..200), mode in 0u8..5) {
        // Mostly valid headers, so that the fields behind them get exercised.
        if data.len() >= 4 {
            data[..4].copy_from_slice(&[b'B', b'W', 1, mode]);
        }
        let _ = decompress(&data);
    }
}
