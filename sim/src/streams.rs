//! The streams the co-simulation feeds: 1024-channel interleavings of the
//! recordings (read by brainwire-recordings), and synthetic adversarial streams.

use golden::grid::{code_to_sample, CODES};
use golden::payload::Layout;

/// A `n_channels` stream of `per_channel` samples per channel, channel c taken
/// from recording `c mod count`; `stream` selects a different time window.
/// Channels sharing a recording read disjoint windows of it. Empty recordings
/// are skipped (none left: an empty stream).
pub fn interleave(
    recs: &[Vec<i16>],
    n_channels: usize,
    per_channel: usize,
    stream: usize,
) -> Vec<i16> {
    let recs: Vec<&Vec<i16>> = recs.iter().filter(|r| !r.is_empty()).collect();
    if recs.is_empty() {
        return Vec::new();
    }
    let copies = n_channels.div_ceil(recs.len());
    let mut out = Vec::with_capacity(n_channels * per_channel);
    for t in 0..per_channel {
        for c in 0..n_channels {
            let rec = &recs[c % recs.len()];
            let start = (stream * copies + c / recs.len()) * per_channel;
            out.push(rec[(start + t) % rec.len()]);
        }
    }
    out
}

/// An interleaved stream (channel c's sample t at `t * N + c`) reordered into
/// `layout`'s blocks of B samples a channel: every channel keeps its samples
/// and their order. Its length must be a multiple of N x B.
pub fn in_blocks(interleaved: &[i16], layout: Layout) -> Vec<i16> {
    let n = layout.channels();
    assert_eq!(interleaved.len() % (n * layout.block()), 0);
    let mut next = vec![0usize; n];
    (0..interleaved.len())
        .map(|i| {
            let c = layout.channel_of(i);
            next[c] += 1;
            interleaved[(next[c] - 1) * n + c]
        })
        .collect()
}

/// Seeded xorshift64*: reproducible synthetic data without a dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() >> 32) * n) >> 32
    }
}

fn code(c: u64) -> i16 {
    code_to_sample(c as u32 % CODES)
}

/// Named synthetic streams of `len` samples that stress every coding path.
pub fn synthetic(len: usize, seed: u64) -> Vec<(&'static str, Vec<i16>)> {
    let mut rng = Rng::new(seed);
    let top = CODES as u64 - 1;
    let mut walk = CODES as u64 / 2;
    let mut mixed = Vec::with_capacity(len);
    for _ in 0..len {
        // A random walk on the grid with rare jumps and off-grid samples.
        let r = rng.below(100);
        walk = match r {
            0 => rng.below(CODES as u64),
            1..=3 => (walk + rng.below(64)).saturating_sub(32).min(top),
            _ => (walk + rng.below(5)).saturating_sub(2).min(top),
        };
        mixed.push(if r == 4 {
            rng.next_u64() as i16
        } else {
            code(walk)
        });
    }
    let mut streams = vec![
        (JUMPS, jumps(len, rng.next_u64())),
        (
            "random 16-bit values (mostly off grid)",
            (0..len).map(|_| rng.next_u64() as i16).collect(),
        ),
        (
            "random grid codes",
            (0..len).map(|_| code(rng.below(CODES as u64))).collect(),
        ),
        (
            "full-scale steps",
            (0..len)
                .map(|i| if (i / 3) % 2 == 0 { i16::MIN } else { i16::MAX })
                .collect(),
        ),
        (
            "alternating extremes",
            (0..len)
                .map(|i| if i % 2 == 0 { i16::MIN } else { i16::MAX })
                .collect(),
        ),
        ("constant zero", vec![0; len]),
        ("constant full scale", vec![i16::MAX; len]),
        ("constant bottom code", vec![code(0); len]),
        // Off-grid then a far grid code: escape + raw, then flag + large residual.
        (
            "worst-case code lengths",
            (0..len)
                .map(|i| {
                    if i % 2 == 0 {
                        1
                    } else {
                        code(if i % 4 == 1 { 0 } else { top })
                    }
                })
                .collect(),
        ),
        (
            "off grid runs",
            (0..len)
                .map(|i| {
                    if (i / 50) % 2 == 0 {
                        (i as i16) | 1
                    } else {
                        code(i as u64)
                    }
                })
                .collect(),
        ),
        ("ramp", (0..len).map(|i| code(i as u64)).collect()),
        ("random walk with jumps and off-grid samples", mixed),
        ("sines of five frequencies", sines(len)),
    ];
    streams.retain(|s| !s.1.is_empty());
    streams
}

/// The name of `jumps` among the synthetic streams.
pub const JUMPS: &str = "jumps of every size out of noise of every amplitude";

/// Stretches of noise of a log-uniform amplitude (each sets the activity to
/// some level), then `FLAT` equal samples (the predictor's history clears,
/// so it predicts the last code exactly, while the activity decays only
/// part of the way), then a jump whose size is drawn from a random bucket
/// of magnitudes, up to half the code range: at one channel, every bucket
/// (the top one, magnitudes 511 and 512, included) at every activity level.
pub fn jumps(len: usize, seed: u64) -> Vec<i16> {
    /// More than the ratio profile's 16 taps.
    const FLAT: u64 = 17;
    let mut rng = Rng::new(seed);
    let top = CODES as u64 - 1;
    let mut at = CODES as u64 / 4;
    let (mut left, mut noise) = (0, 0);
    let mut out = Vec::with_capacity(len);
    for _ in 0..len {
        if left == 0 {
            let k = rng.below(10);
            let size = ((1 << k) - 1 + rng.below(1 << k)).min(CODES as u64 / 2);
            at = if at + size <= top {
                at + size
            } else {
                at - size
            };
            let octave = rng.below(8);
            noise = rng.below(1 << octave);
            left = FLAT + 4 + rng.below(12);
        } else {
            if left > FLAT {
                at = (at + rng.below(2 * noise + 1))
                    .saturating_sub(noise)
                    .min(top);
            }
            left -= 1;
        }
        out.push(code(at));
    }
    out
}

/// Sines at 0.5, 1, 1.5, 2 and 2.5 rad/sample, `len / 5` samples each: between
/// them they drive every LMS weight into both of its saturation bounds (weight
/// 1 reaches its top after about 2100 samples of the first, so `len` >= 15000).
pub fn sines(len: usize) -> Vec<i16> {
    let part = len.div_ceil(5).max(1);
    (0..len)
        .map(|i| {
            let f = 0.5 * (1 + i / part) as f64;
            code((500.0 + 300.0 * (i as f64 * f).sin()) as u64)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_blocks_keeps_each_channels_samples_in_order() {
        let interleaved: Vec<i16> = (0..48).collect();
        let layout = Layout::new(3, 4).unwrap();
        let blocked = in_blocks(&interleaved, layout);
        assert_eq!(&blocked[..8], &[0, 3, 6, 9, 1, 4, 7, 10]);
        for c in 0..3 {
            let mine: Vec<i16> = (0..48)
                .filter(|&i| layout.channel_of(i) == c)
                .map(|i| blocked[i])
                .collect();
            let want: Vec<i16> = (0..16).map(|t| (3 * t + c) as i16).collect();
            assert_eq!(mine, want);
        }
    }
    use golden::grid::on_grid;

    #[test]
    fn synthetic_streams_cover_off_grid_and_on_grid_samples() {
        let all = synthetic(1000, 7);
        assert!(all.len() >= 10);
        let off: usize = all
            .iter()
            .map(|s| s.1.iter().filter(|&&v| !on_grid(v)).count())
            .sum();
        let on: usize = all
            .iter()
            .map(|s| s.1.iter().filter(|&&v| on_grid(v)).count())
            .sum();
        assert!(off > 1000 && on > 5000, "off {off} on {on}");
        assert_eq!(synthetic(1000, 7)[0].1, all[0].1);
    }

    #[test]
    fn interleave_takes_channel_c_from_recording_c_mod_count() {
        let recs: Vec<Vec<i16>> = (0..3)
            .map(|r| (0..100).map(|t| (r * 1000 + t) as i16).collect())
            .collect();
        let s = interleave(&recs, 7, 4, 0);
        assert_eq!(s.len(), 28);
        // Channel 1 reads recording 1 from the start; channel 4 reads it further on.
        assert_eq!(s[1], 1000);
        assert_eq!(s[7 + 1], 1001);
        assert_eq!(s[4], 1004);
        assert_ne!(interleave(&recs, 7, 4, 1), s);
        assert!(interleave(&[Vec::new()], 7, 4, 0).is_empty());
    }
}
