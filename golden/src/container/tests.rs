//! Unit tests of the container's private parts.

use super::*;
use crate::profile::IMPLANT;

#[test]
fn compress_using_golden_payloads_is_compress_with() {
    let mut wav = canonical_header(2, 19_531, 400).unwrap().to_vec();
    wav.extend((0..400u32).map(|i| (i * 37 % 251) as u8));
    for input in [wav.clone(), wav[..101].to_vec(), Vec::new()] {
        let mut calls = 0;
        let mut golden = |s: &[i16], n: usize| -> Result<Vec<u8>, ()> {
            calls += 1;
            Ok(payload::encode(&IMPLANT, s, n))
        };
        let c = compress_using(&IMPLANT, &input, &mut golden).unwrap();
        assert_eq!(c, compress_with(&IMPLANT, &input));
        assert!(calls >= 1);
    }
    let mut failing = |_: &[i16], _: usize| Err("engine failed");
    assert_eq!(
        compress_using(&IMPLANT, &wav, &mut failing),
        Err("engine failed")
    );
}

#[test]
fn varints_roundtrip_and_only_the_shortest_form_reads() {
    for v in [0u64, 1, 127, 128, 300, 19_531, u32::MAX as u64, u64::MAX] {
        let mut b = Vec::new();
        put_varint(&mut b, v);
        let mut r = Reader { data: &b };
        assert_eq!(r.varint(), Ok(v));
        assert!(r.data.is_empty());
    }
    assert_eq!(
        Reader {
            data: &[0x80, 0x00]
        }
        .varint(),
        Err(Error::Corrupt)
    );
    assert_eq!(Reader { data: &[0x80] }.varint(), Err(Error::Truncated));
    assert_eq!(Reader { data: &[0xFF; 10] }.varint(), Err(Error::Corrupt));
}

#[test]
fn canonical_header_matches_a_recording_header() {
    // Header of a real recording: mono, 19531 Hz, 197462 data bytes.
    let expected: [u8; 44] = [
        0x52, 0x49, 0x46, 0x46, 0x7a, 0x03, 0x03, 0x00, 0x57, 0x41, 0x56, 0x45, 0x66, 0x6d, 0x74,
        0x20, 0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x4b, 0x4c, 0x00, 0x00, 0x96, 0x98,
        0x00, 0x00, 0x02, 0x00, 0x10, 0x00, 0x64, 0x61, 0x74, 0x61, 0x56, 0x03, 0x03, 0x00,
    ];
    assert_eq!(canonical_header(1, 19_531, 0x0003_0356), Some(expected));
    assert_eq!(canonical_header(1, u32::MAX, 0), None);
    assert_eq!(canonical_header(1, 8000, u32::MAX as usize), None);
}

#[test]
fn odd_data_chunk_leaves_its_last_byte_in_the_tail() {
    let mut wav = canonical_header(1, 8000, 5).unwrap().to_vec();
    wav.extend_from_slice(&[1, 2, 3, 4, 5, 0]);
    let split = pcm16_wav(&wav).unwrap();
    assert_eq!(split.samples, &[1, 2, 3, 4]);
    assert_eq!(split.tail, &[5, 0]);
    assert!(canonical_wav(&wav).is_none());
    assert_eq!(decompress(&compress(&wav)), Ok(wav));
}
