//! RIFF/WAVE files built byte by byte, for the tests and the golden vectors
//! (`#[path]`-included by each; not every user needs every builder).
#![allow(dead_code)]

use golden::profile::SAMPLE_RATE_HZ;

/// A chunk with its id, size and even padding.
pub fn chunk(id: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut c = id.to_vec();
    c.extend_from_slice(&(body.len() as u32).to_le_bytes());
    c.extend_from_slice(body);
    if body.len() % 2 == 1 {
        c.push(0);
    }
    c
}

/// The body of a PCM `fmt ` chunk at the recordings' rate.
pub fn fmt_body(channels: u16, bits: u16) -> Vec<u8> {
    let block = channels * bits / 8;
    let mut f = Vec::new();
    f.extend_from_slice(&1u16.to_le_bytes());
    f.extend_from_slice(&channels.to_le_bytes());
    f.extend_from_slice(&SAMPLE_RATE_HZ.to_le_bytes());
    f.extend_from_slice(&(SAMPLE_RATE_HZ * block as u32).to_le_bytes());
    f.extend_from_slice(&block.to_le_bytes());
    f.extend_from_slice(&bits.to_le_bytes());
    f
}

/// A RIFF WAVE file of the given chunks (the canonical layout for `fmt ` + `data`).
pub fn wav(chunks: &[Vec<u8>]) -> Vec<u8> {
    let body: Vec<u8> = chunks.concat();
    let mut w = b"RIFF".to_vec();
    w.extend_from_slice(&(body.len() as u32 + 4).to_le_bytes());
    w.extend_from_slice(b"WAVE");
    w.extend_from_slice(&body);
    w
}

/// A canonical PCM WAV: `fmt ` then `data`.
pub fn pcm_wav(channels: u16, bits: u16, data: &[u8]) -> Vec<u8> {
    wav(&[
        chunk(b"fmt ", &fmt_body(channels, bits)),
        chunk(b"data", data),
    ])
}
