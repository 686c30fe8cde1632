//! The streaming payload coders (`golden::stream`) against the whole-buffer
//! ones: for every profile, 1, a few and 1024 channels, and random chunkings
//! of the samples (encoding) and of the bytes (decoding), the same bytes, the
//! same samples, and on damaged payloads the same error.

use golden::grid::{code_to_sample, CODES};
use golden::payload::{check_end, decode, encode};
use golden::profile::{Profile, MAX_CHANNELS, PROFILES, RATIO};
use golden::stream::{PayloadDecoder, PayloadEncoder};
use golden::Error;
use proptest::prelude::*;

fn profiles() -> Vec<Profile> {
    PROFILES.iter().copied().chain([RATIO]).collect()
}

/// Grid samples in a random walk with jumps and some off-grid samples,
/// runs of them (raw mode) included.
fn samples() -> impl Strategy<Value = Vec<i16>> {
    prop::collection::vec((0u32..16, any::<i16>()), 0..3000).prop_map(|steps| {
        let mut code = 500u32;
        steps
            .into_iter()
            .map(|(kind, raw)| match kind {
                0 | 1 => raw,
                2 => code_to_sample(raw as u16 as u32 % CODES),
                _ => {
                    code = (code + CODES + (raw % 9) as u32 - 4) % CODES;
                    code_to_sample(code)
                }
            })
            .collect()
    })
}

/// Cuts `len` items into chunks whose sizes cycle through `sizes` (each at least 1).
fn chunks(len: usize, sizes: &[usize]) -> Vec<std::ops::Range<usize>> {
    let mut cuts = Vec::new();
    let mut at = 0;
    for &size in sizes.iter().cycle() {
        if at >= len {
            break;
        }
        let end = (at + size.max(1)).min(len);
        cuts.push(at..end);
        at = end;
    }
    cuts
}

fn stream_encode(p: &Profile, samples: &[i16], channels: usize, sizes: &[usize]) -> Vec<u8> {
    let mut enc = PayloadEncoder::new(p, channels);
    let mut out = Vec::new();
    for range in chunks(samples.len(), sizes) {
        enc.push(&samples[range], &mut out);
    }
    enc.finish(&mut out);
    out
}

/// Decodes `n` samples from `payload` fed in chunks of `sizes`, taking at
/// most `max` samples a call; the end checks included.
fn stream_decode(
    p: &Profile,
    payload: &[u8],
    channels: usize,
    n: usize,
    sizes: &[usize],
    max: usize,
) -> Result<Vec<i16>, Error> {
    let mut dec = PayloadDecoder::new(p, channels, n as u64)?;
    let mut out = Vec::new();
    let mut pieces = chunks(payload.len(), sizes).into_iter();
    while dec.left() > 0 {
        if dec.wants_bytes() {
            match pieces.next() {
                Some(range) => dec.feed(&payload[range]),
                None => dec.end(),
            }
        }
        dec.decode(&mut out, max)?;
    }
    for range in pieces {
        dec.feed(&payload[range]);
    }
    dec.end();
    dec.finish(n as u64, payload.len() as u64, zeros_from(payload))?;
    Ok(out)
}

/// The whole-buffer decoder with the container's end checks.
fn whole_decode(p: &Profile, payload: &[u8], channels: usize, n: usize) -> Result<Vec<i16>, Error> {
    let mut out = Vec::new();
    let bits = decode(p, payload, channels, n, &mut out)?;
    let (len, last) = (payload.len() as u64, payload.last().copied());
    check_end(bits, n as u64, len, last, zeros_from(payload))?;
    Ok(out)
}

/// Whether `payload`'s bytes from `c` on are zero (its padding).
fn zeros_from(payload: &[u8]) -> impl FnOnce(u64) -> Result<bool, Error> + '_ {
    |c| Ok(payload[c as usize..].iter().all(|&b| b == 0))
}

fn channel_count() -> impl Strategy<Value = usize> {
    prop_oneof![1usize..=5, Just(MAX_CHANNELS)]
}

fn chunk_sizes() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(prop_oneof![1usize..8, 1usize..5000], 1..6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn chunked_encoding_gives_the_whole_buffer_bytes(
        s in samples(), channels in channel_count(), sizes in chunk_sizes()
    ) {
        for p in profiles() {
            prop_assert_eq!(stream_encode(&p, &s, channels, &sizes), encode(&p, &s, channels), "{}", p.name);
        }
    }

    #[test]
    fn chunked_decoding_gives_the_samples(
        s in samples(), channels in channel_count(), sizes in chunk_sizes(), max in 1usize..5000
    ) {
        for p in profiles() {
            let bytes = encode(&p, &s, channels);
            let got = stream_decode(&p, &bytes, channels, s.len(), &sizes, max);
            prop_assert_eq!(got.as_deref(), Ok(&s[..]), "{}", p.name);
        }
    }

    /// Cut, extended, flipped or arbitrary payloads: the error (or the
    /// samples) of the whole-buffer decoder.
    #[test]
    fn damaged_payloads_fail_as_the_whole_buffer_decoder_does(
        s in samples(), channels in 1usize..4, sizes in chunk_sizes(),
        cut in any::<prop::sample::Index>(), flip in any::<prop::sample::Index>(),
        extra in 0usize..3, claim in 0usize..50
    ) {
        for p in profiles() {
            let bytes = encode(&p, &s, channels);
            let mut damaged = vec![bytes[..cut.index(bytes.len() + 1)].to_vec()];
            let mut flipped = bytes.clone();
            if !flipped.is_empty() {
                flipped[flip.index(bytes.len())] ^= 1 << (flip.index(8));
            }
            damaged.push(flipped);
            damaged.push([bytes.clone(), vec![0; extra + 1]].concat());
            for payload in damaged {
                for n in [s.len(), s.len() + claim] {
                    let whole = whole_decode(&p, &payload, channels, n);
                    let streamed = stream_decode(&p, &payload, channels, n, &sizes, 777);
                    prop_assert_eq!(streamed, whole, "{}", p.name);
                }
            }
        }
    }
}
