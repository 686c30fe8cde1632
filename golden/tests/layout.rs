//! The block-interleaved payload layout (docs/FORMAT.md section 9): sample
//! `i` belongs to channel `(i / B) mod N`. Property tests: blocked streams
//! round-trip under every table profile; B = 1 is exactly today's payload;
//! a blocked stream codes each channel exactly as that channel alone would
//! (same bits per sample, same final state); and the bounds of `Layout`.

use golden::bits::BitWriter;
use golden::codetable::EncodeTable;
use golden::grid::{code_to_sample, CODES};
use golden::payload::{
    decode, decode_blocked, encode, encode_blocked, encode_sample, Encoder, Layout, Sink,
};
use golden::profile::{Profile, IMPLANT, MAX_BLOCK, MAX_CHANNELS, PROFILES, RATIO};
use golden::Error;
use proptest::prelude::*;

fn any_sample() -> impl Strategy<Value = i16> {
    prop_oneof![
        4 => (0..CODES).prop_map(code_to_sample),
        3 => any::<i16>(),
        1 => prop_oneof![Just(i16::MIN), Just(i16::MAX), Just(0i16)],
    ]
}

/// A layout: few channels (each is independent), sometimes the implant's
/// full count; every block length.
fn layout() -> impl Strategy<Value = Layout> {
    (
        prop_oneof![9 => 1usize..=12, 1 => Just(MAX_CHANNELS)],
        1usize..=MAX_BLOCK,
    )
        .prop_map(|(n, b)| Layout::new(n, b).unwrap())
}

/// Streams of any length: mostly not a multiple of N x B.
fn stream() -> impl Strategy<Value = Vec<i16>> {
    prop::collection::vec(any_sample(), 0..1500)
}

/// The fields of each coded sample, in order (a `Sink` that keeps them).
#[derive(Default)]
struct Fields {
    current: Vec<(u32, u32)>,
}

impl Sink for Fields {
    fn symbol(&mut self, _table: usize, symbol: usize, code: &EncodeTable) {
        self.current
            .push((code.code[symbol] as u32, code.len[symbol] as u32));
    }
    fn raw(&mut self, value: u32, len: u32) {
        self.current.push((value, len));
    }
}

/// Each sample of one channel coded alone, in order: its fields, and the
/// channel's state at the end.
fn code_alone(
    p: &Profile,
    samples: &[i16],
) -> (Vec<Vec<(u32, u32)>>, golden::channel::ChannelState) {
    let tables: Vec<EncodeTable> = p.code_lengths.iter().map(EncodeTable::new).collect();
    let mut state = golden::channel::ChannelState::new(p);
    let mut fields = Fields::default();
    let per_sample = samples
        .iter()
        .map(|&s| {
            encode_sample(p, &tables, &mut state, s, &mut fields);
            std::mem::take(&mut fields.current)
        })
        .collect();
    (per_sample, state)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn blocked_streams_roundtrip(samples in stream(), layout in layout()) {
        for p in PROFILES.iter() {
            let bytes = encode_blocked(p, &samples, layout);
            let mut out = Vec::new();
            let bits = decode_blocked(p, &bytes, layout, samples.len(), &mut out)
                .map_err(|e| TestCaseError::fail(format!("{}: {e}", p.name)))?;
            prop_assert_eq!(&out, &samples, "profile {}", p.name);
            prop_assert_eq!(bits.div_ceil(8), bytes.len() as u64);
        }
    }

    #[test]
    fn block_of_one_is_the_interleaved_payload(samples in stream(), n in 1usize..=12) {
        for p in PROFILES.iter().chain([&RATIO]) {
            let layout = Layout::new(n, 1).unwrap();
            prop_assert_eq!(encode_blocked(p, &samples, layout), encode(p, &samples, n));
        }
    }

    /// The payload is each sample's bits from its channel coded alone, in
    /// the layout's order, and every channel ends in the state it alone would.
    #[test]
    fn each_channel_codes_as_it_would_alone(samples in stream(), layout in layout()) {
        let p = &IMPLANT;
        let n = layout.channels();
        let mut alone = Vec::new();
        for c in 0..n {
            let mine: Vec<i16> = (0..samples.len())
                .filter(|&i| layout.channel_of(i) == c)
                .map(|i| samples[i])
                .collect();
            alone.push(code_alone(p, &mine));
        }
        let mut expected = BitWriter::new();
        let mut next = vec![0usize; n];
        for i in 0..samples.len() {
            let c = layout.channel_of(i);
            for &(value, len) in &alone[c].0[next[c]] {
                expected.put(value, len);
            }
            next[c] += 1;
        }
        prop_assert_eq!(encode_blocked(p, &samples, layout), expected.finish());
        let mut enc = Encoder::with_layout(p, layout, BitWriter::new());
        for &s in &samples {
            enc.push(s);
        }
        for c in 0..n {
            prop_assert_eq!(enc.channel(c), &alone[c].1, "channel {}", c);
        }
    }
}

#[test]
fn channel_of_follows_blocks_and_wraps_mid_block() {
    let l = Layout::new(3, 4).unwrap();
    let channels: Vec<usize> = (0..26).map(|i| l.channel_of(i)).collect();
    let expected = [
        0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 0, 0,
    ];
    assert_eq!(channels, expected);
}

#[test]
fn layout_bounds() {
    assert!(Layout::new(0, 1).is_none());
    assert!(Layout::new(1, 0).is_none());
    assert!(Layout::new(1, MAX_BLOCK + 1).is_none());
    assert!(Layout::new(MAX_CHANNELS, MAX_BLOCK).is_some());
}

/// The ratio profile's contexts are shared across channels: it has block = 1
/// only, and a decoder asked for another block refuses instead of guessing.
#[test]
fn ratio_profile_has_block_one_only() {
    let l = Layout::new(2, 8).unwrap();
    assert!(!l.fits(&RATIO) && l.fits(&IMPLANT) && Layout::interleaved(2).fits(&RATIO));
    let bytes = encode(&RATIO, &[0; 32], 2);
    let mut out = Vec::new();
    assert_eq!(
        decode_blocked(&RATIO, &bytes, l, 32, &mut out),
        Err(Error::Corrupt)
    );
    assert!(out.is_empty());
    // Block 1 decodes as the plain payload.
    let mut plain = Vec::new();
    decode(&RATIO, &bytes, 2, 32, &mut plain).unwrap();
    decode_blocked(&RATIO, &bytes, Layout::interleaved(2), 32, &mut out).unwrap();
    assert_eq!(out, plain);
}
