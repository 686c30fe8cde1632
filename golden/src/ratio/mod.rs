//! The ratio profile's payload: the predictor of `channel` (16 LMS taps, one
//! `ChannelState` per channel) and an adaptive binary arithmetic coder whose
//! contexts all channels of the stream share. One sample at a time, integer
//! only. Specified in docs/FORMAT.md, chapter "The ratio profile".
//!
//! - `arith`: the range coder and the adaptive probabilities;
//! - `binarize`: the bins of a sample and their contexts;
//! - `ends`: the encoder and decoder ends as the sample loops drive them;
//! - `fast`: the range coder again, laid out for speed (feature `fast`);
//! - `fast_bins`: the bins of a sample again, for the fast coder;
//! - `window`: the predictor again, laid out for speed (feature `fast`);
//! - `warm`: a stream started from the states a warm-up leaves (power runs).

pub mod arith;
pub mod binarize;
mod ends;
mod fast;
mod fast_bins;
pub mod stream;
pub mod trace;
mod trained;
pub mod warm;
mod window;

pub use trained::INITIAL_WEIGHTS;

use crate::channel::{
    next_activity, unzigzag, wrap_residual, zigzag, ChannelState, RatioBlock, RatioLanes, Residual,
    BLOCK,
};
use crate::grid::{on_grid, sample_to_code, CODES, GRID};
use crate::profile::{Profile, MAX_TAPS, RATIO};
use crate::Error;
use alloc::vec::Vec;
use arith::{Decoder, Encoder};
use binarize::{activity_level, Coded, Contexts, Situation};
use ends::{Sink, Source};
use fast::{FastDecoder, FastEncoder};
use window::WindowChannel;

/// Whether profile `p` is coded by this module (else by the code tables of `payload`).
pub fn codes(p: &Profile) -> bool {
    p.id == RATIO.id
}

/// Most samples a payload of `bytes` bytes can hold. A context-coded bin
/// narrows the interval by at least `2^-16` of it, and every sample takes
/// one, so a byte (a factor 256) holds fewer than `2^16 * ln 256 < 2^19`
/// samples; the coder's 4 flushed bytes are counted too.
pub const fn max_samples(bytes: usize) -> usize {
    bytes.saturating_mul(1 << 19)
}

/// A channel's model as the coder drives it: `ChannelState` (the
/// definition, any profile) or `FastChannel` (the same for `RATIO`'s model).
trait Channel: Clone {
    /// A channel of profile `p` whose LMS weights start at `weights`.
    fn new(p: &Profile, weights: &Weights) -> Self;
    /// The predicted code of the next sample.
    fn predict(&self, p: &Profile) -> u32;
    /// What the channel tells the binarisation.
    fn situation(&self, p: &Profile) -> Situation;
    /// Folds in the sample of code `code`, residual `e`, on the grid or not.
    fn update(&mut self, p: &Profile, code: u32, e: i32, on_grid: bool);
}

impl Channel for ChannelState {
    fn new(p: &Profile, weights: &Weights) -> Self {
        let mut s = ChannelState::new(p);
        s.weights = *weights;
        s
    }
    #[inline(always)]
    fn predict(&self, p: &Profile) -> u32 {
        ChannelState::predict(self, p)
    }
    #[inline(always)]
    fn situation(&self, p: &Profile) -> Situation {
        Situation {
            level: activity_level(self.activity, p.model.activity_shift),
            raw_mode: self.raw_mode,
        }
    }
    #[inline(always)]
    fn update(&mut self, p: &Profile, code: u32, e: i32, on_grid: bool) {
        self.update_residual(p, code, Residual::from_e(e), on_grid);
    }
}

/// `ChannelState` of `RATIO`'s model with the predictor in `RatioLanes`, for
/// software speed (the tests run it against `ChannelState`).
#[derive(Clone)]
struct FastChannel {
    lanes: RatioLanes,
    activity: u32,
    raw_mode: bool,
}

impl Channel for FastChannel {
    fn new(p: &Profile, weights: &Weights) -> Self {
        let s = ChannelState::new(p);
        let lanes =
            RatioLanes::new(p).with_weights(weights[..RATIO.model.taps].try_into().unwrap());
        FastChannel {
            lanes,
            activity: s.activity,
            raw_mode: s.raw_mode,
        }
    }
    #[inline(always)]
    fn predict(&self, p: &Profile) -> u32 {
        self.lanes.predict(p)
    }
    #[inline(always)]
    fn situation(&self, p: &Profile) -> Situation {
        Situation {
            level: activity_level(self.activity, p.model.activity_shift),
            raw_mode: self.raw_mode,
        }
    }
    #[inline(always)]
    fn update(&mut self, p: &Profile, code: u32, e: i32, on_grid: bool) {
        self.lanes.update(p, code, e.signum() as i16);
        self.activity = next_activity(p, self.activity, zigzag(e));
        self.raw_mode = !on_grid;
    }
}

/// Whether `p` has `RATIO`'s model: the
/// coder then runs on `RATIO` itself, whose constants the compiler folds
/// into the code (unrolled 16-tap loops, immediate shifts).
fn is_ratio_model(p: &Profile) -> bool {
    p.model == RATIO.model
}

/// LMS weights of a channel (`MAX_TAPS` of them; those past the taps stay 0).
pub type Weights = [i16; MAX_TAPS];

/// The weights every channel of profile `p` starts with: `INITIAL_WEIGHTS`
/// for `RATIO`'s model, zero for other models.
pub fn initial_weights(p: &Profile) -> Weights {
    let mut w = [0; MAX_TAPS];
    if is_ratio_model(p) {
        w[..RATIO.model.taps].copy_from_slice(&INITIAL_WEIGHTS);
    }
    w
}

/// Encodes interleaved `samples` of `n_channels` (at least 1) with profile
/// `p` (the model of `RATIO`, or a variant of it). No samples give no bytes.
pub fn encode(p: &Profile, samples: &[i16], n_channels: usize) -> Vec<u8> {
    encode_from(p, &initial_weights(p), samples, n_channels)
}

/// `encode` with the LMS weights starting at `weights` (for training them;
/// `decode` starts from `initial_weights`).
///
/// Other models than `RATIO`'s need the `variants` feature (see `decode`).
pub fn encode_from(p: &Profile, weights: &Weights, samples: &[i16], n_channels: usize) -> Vec<u8> {
    if is_ratio_model(p) && cfg!(feature = "fast") && n_channels <= 1 {
        encode_one_channel(&RATIO, weights, samples)
    } else if is_ratio_model(p) && cfg!(feature = "fast") {
        encode_in_blocks::<FastChannel>(&RATIO, weights, samples, n_channels)
    } else if is_ratio_model(p) {
        encode_with::<FastChannel, Encoder>(&RATIO, weights, samples, n_channels)
    } else if cfg!(feature = "variants") {
        encode_with::<ChannelState, Encoder>(p, weights, samples, n_channels)
    } else {
        panic!("golden: the ratio coder of a model other than RATIO's needs the `variants` feature")
    }
}

/// `encode` by the definition (`ChannelState`), which `encode` must equal.
pub fn encode_reference(p: &Profile, samples: &[i16], n_channels: usize) -> Vec<u8> {
    encode_with::<ChannelState, Encoder>(p, &initial_weights(p), samples, n_channels)
}

/// The LMS weights of one channel after `samples` (for training `INITIAL_WEIGHTS`).
pub fn final_weights(p: &Profile, samples: &[i16]) -> Weights {
    let mut state = ChannelState::new(p);
    for &sample in samples {
        let code = sample_to_code(sample);
        let e = wrap_residual(code, state.predict(p));
        state.update_residual(p, code, Residual::from_e(e), on_grid(sample));
    }
    state.weights
}

/// Starting weights trained on `recordings`: the mean, tap by tap, of the
/// weights each ends with (one channel each), rounded half up. What
/// `INITIAL_WEIGHTS` holds for the public recordings.
pub fn train_weights<'a>(p: &Profile, recordings: impl Iterator<Item = &'a [i16]>) -> Weights {
    let mut sums = [0i64; MAX_TAPS];
    let mut n = 0i64;
    for samples in recordings {
        for (sum, w) in sums.iter_mut().zip(final_weights(p, samples)) {
            *sum += w as i64;
        }
        n += 1;
    }
    core::array::from_fn(|i| {
        if n == 0 {
            0
        } else {
            (2 * sums[i] + n).div_euclid(2 * n) as i16
        }
    })
}

#[inline(always)]
fn encode_with<C: Channel, E: Sink>(
    p: &Profile,
    weights: &Weights,
    samples: &[i16],
    n_channels: usize,
) -> Vec<u8> {
    if samples.is_empty() {
        return Vec::new();
    }
    let mut channels = alloc::vec![C::new(p, weights); n_channels.max(1)];
    let mut contexts = Contexts::new();
    let mut coder = E::start(samples.len() / 2);
    for frame in samples.chunks(channels.len()) {
        for (&sample, state) in frame.iter().zip(channels.iter_mut()) {
            encode_sample(p, &mut coder, &mut contexts, state, sample);
        }
    }
    coder.finish()
}

/// The situation and the bins' content of `sample` of channel `state`,
/// which then folds the sample in: the model half of `encode_sample`, and
/// what `encode_in_blocks` runs over a block before coding it.
#[inline(always)]
fn model_sample<C: Channel>(p: &Profile, state: &mut C, sample: i16) -> (Situation, Coded) {
    let prediction = state.predict(p);
    let code = sample_to_code(sample);
    let on = on_grid(sample);
    let e = wrap_residual(code, prediction);
    let coded = if on {
        Coded::Residual(e)
    } else {
        Coded::Verbatim(sample)
    };
    let at = state.situation(p);
    state.update(p, code, e, on);
    (at, coded)
}

/// Samples `encode_in_blocks` models before it codes them.
const MODELLED: usize = 256;

/// `encode_with` with `FastEncoder`, in two passes over each block of
/// `MODELLED` samples: the channels' models first (the encoder knows every
/// sample, so they never wait for the coder), then the bins. The same bins
/// in the same order; two short loops measured about 1.15 times as fast as
/// one (and with them `FastChannel` faster than `WindowChannel`, which is
/// faster in the decoder's one loop).
fn encode_in_blocks<C: Channel>(
    p: &Profile,
    weights: &Weights,
    samples: &[i16],
    n_channels: usize,
) -> Vec<u8> {
    if samples.is_empty() {
        return Vec::new();
    }
    let mut channels = alloc::vec![C::new(p, weights); n_channels.max(1)];
    let mut contexts = Contexts::new();
    let mut coder = FastEncoder::new(samples.len() / 2);
    let nothing = Situation {
        level: 0,
        raw_mode: false,
    };
    let mut block = [(nothing, Coded::Residual(0)); MODELLED];
    let mut c = 0;
    for chunk in samples.chunks(MODELLED) {
        for (&sample, slot) in chunk.iter().zip(block.iter_mut()) {
            *slot = model_sample(p, &mut channels[c], sample);
            c += 1;
            if c == channels.len() {
                c = 0;
            }
        }
        for &(at, coded) in &block[..chunk.len()] {
            coder.sample(&mut contexts, at, coded);
        }
    }
    coder.finish()
}

/// `encode_with` of one channel (what eval.sh scores) with `FastEncoder`,
/// in passes over each block of `BLOCK` samples: the predictor
/// (`RatioBlock`: codes in, residuals out), the activity levels, then the
/// bins. A block on the grid after an on-grid sample (every block of the
/// recordings) codes each residual from its zigzag code and level alone
/// (no raw-mode bin, no verbatim sample); others go through
/// `code_any_block`. Session 16 (2-core Intel Xeon): 7 % fewer instructions
/// a sample than the one loop that tested every sample (cachegrind, the
/// bench's 20 recordings: 244 against 262), `make bench`'s encode fraction
/// 0.352 against 0.340 (medians of 6 runs alternated with that code).
fn encode_one_channel(p: &Profile, weights: &Weights, samples: &[i16]) -> Vec<u8> {
    if samples.is_empty() {
        return Vec::new();
    }
    let mut predictor = RatioBlock::new(p).with_weights(&weights[..RATIO.model.taps]);
    let mut contexts = Contexts::new();
    let mut coder = FastEncoder::new(samples.len() / 2);
    let start = ChannelState::new(p);
    let (mut activity, mut raw_mode) = (start.activity, start.raw_mode);
    let mut residuals = [0u16; BLOCK];
    let mut levels = [0u8; BLOCK];
    for block in samples.chunks(BLOCK) {
        let all_on_grid = predictor.residuals(p, block, &mut residuals);
        for (level, &m) in levels.iter_mut().zip(&residuals[..block.len()]) {
            *level = fast_bins::level(activity) as u8;
            activity = next_activity(p, activity, m as u32);
        }
        let (residuals, levels) = (&residuals[..block.len()], &levels[..block.len()]);
        if all_on_grid && !raw_mode {
            // Every sample a residual, none after an off-grid one: no raw-mode bin.
            for (&m, &level) in residuals.iter().zip(levels) {
                let at = Situation {
                    level: level as usize,
                    raw_mode: false,
                };
                // The zigzag code `m` is `2u` for a residual `u >= 0` and
                // `2u - 1` for `-u`.
                let (u, negative) = ((m as u32 + 1) >> 1, m & 1 == 1);
                fast_bins::encode_residual(&mut coder, &mut contexts, at, u, negative);
            }
        } else {
            core::hint::cold_path();
            (coder, raw_mode) =
                code_any_block(coder, &mut contexts, block, residuals, levels, raw_mode);
        }
    }
    coder.finish()
}

/// The bins of a block with samples off the grid (or after one), for
/// `encode_one_channel`; returns the coder and the raw-mode flag after it.
/// Out of line, and taking the coder by value, so that its copy of the bins'
/// code stays out of the common loop and the coder there in registers.
#[inline(never)]
fn code_any_block(
    mut coder: FastEncoder,
    contexts: &mut Contexts,
    block: &[i16],
    residuals: &[u16],
    levels: &[u8],
    mut raw_mode: bool,
) -> (FastEncoder, bool) {
    for ((&sample, &m), &level) in block.iter().zip(residuals).zip(levels) {
        let on = on_grid(sample);
        let at = Situation {
            level: level as usize,
            raw_mode,
        };
        let coded = if on {
            Coded::Residual(unzigzag(m as u32))
        } else {
            Coded::Verbatim(sample)
        };
        fast_bins::encode_bins(&mut coder, contexts, at, coded);
        raw_mode = !on;
    }
    (coder, raw_mode)
}

/// Codes `sample` of the channel in `state` and updates the channel: the
/// step of `encode_with` and of the streaming encoder (`ratio::stream`).
#[inline(always)]
fn encode_sample<C: Channel, E: Sink>(
    p: &Profile,
    coder: &mut E,
    contexts: &mut Contexts,
    state: &mut C,
    sample: i16,
) {
    let (at, coded) = model_sample(p, state, sample);
    coder.sample(contexts, at, coded);
}

/// Decodes the next sample of the channel in `state` and updates the channel.
#[inline(always)]
fn decode_sample<'a, C: Channel, D: Source<'a>>(
    p: &Profile,
    coder: &mut D,
    contexts: &mut Contexts,
    state: &mut C,
) -> Result<i16, Error> {
    let prediction = state.predict(p);
    let at = state.situation(p);
    // A residual's sample is a grid point by construction; only a verbatim
    // one needs the check.
    let (sample, code, e, on) = match coder.sample(contexts, at)? {
        Coded::Residual(e) => {
            let code = (prediction as i32 + e) as u32 & (CODES - 1);
            (GRID[code as usize], code, e, true)
        }
        Coded::Verbatim(v) => {
            let code = sample_to_code(v);
            (v, code, wrap_residual(code, prediction), on_grid(v))
        }
    };
    state.update(p, code, e, on);
    Ok(sample)
}

/// Decodes `n_samples` interleaved samples of `n_channels` from `payload`
/// into `out`. Returns the payload bits consumed (whole bytes: the coder
/// ends on a byte); on an error `out` is left as it was.
///
/// `RATIO`'s model (the only one a container names) runs on `FastChannel`.
/// Other models (variants the tools measure) run on `ChannelState` and need
/// the `variants` feature; the scored executables leave it out, so that they
/// do not carry a second copy of the coder (about 4 KB).
pub fn decode(
    p: &Profile,
    payload: &[u8],
    n_channels: usize,
    n_samples: usize,
    out: &mut Vec<i16>,
) -> Result<u64, Error> {
    if is_ratio_model(p) && cfg!(feature = "fast") {
        decode_by::<WindowChannel, FastDecoder>(&RATIO, payload, n_channels, n_samples, out)
    } else if is_ratio_model(p) {
        decode_by::<FastChannel, Decoder>(&RATIO, payload, n_channels, n_samples, out)
    } else if cfg!(feature = "variants") {
        decode_by::<ChannelState, Decoder>(p, payload, n_channels, n_samples, out)
    } else {
        Err(Error::UnknownProfile(p.id))
    }
}

/// `decode` by the definition (`ChannelState`), which `decode` must equal.
pub fn decode_reference(
    p: &Profile,
    payload: &[u8],
    n_channels: usize,
    n_samples: usize,
    out: &mut Vec<i16>,
) -> Result<u64, Error> {
    decode_by::<ChannelState, Decoder>(p, payload, n_channels, n_samples, out)
}

/// `decode` with the channels of `C` and the decoder `D`.
fn decode_by<'a, C: Channel, D: Source<'a>>(
    p: &Profile,
    payload: &'a [u8],
    n_channels: usize,
    n_samples: usize,
    out: &mut Vec<i16>,
) -> Result<u64, Error> {
    if n_channels == 0 || p.model.pending_steps() == 0 {
        return Err(Error::Corrupt);
    }
    if n_samples == 0 {
        return Ok(0);
    }
    let start = out.len();
    let decoded = decode_samples::<C, D>(p, payload, (n_channels, n_samples), out);
    if decoded.is_err() {
        out.truncate(start);
    }
    decoded.map(|bytes| bytes as u64 * 8)
}

/// The samples of `decode_by`, appended to `out`; the payload bytes read.
#[inline(always)]
fn decode_samples<'a, C: Channel, D: Source<'a>>(
    p: &Profile,
    payload: &'a [u8],
    (n_channels, n_samples): (usize, usize),
    out: &mut Vec<i16>,
) -> Result<usize, Error> {
    let mut channels = alloc::vec![C::new(p, &initial_weights(p)); n_channels];
    let mut contexts = Contexts::new();
    let mut coder = D::start(payload);
    // No reserve for the claimed count: the output grows as samples decode.
    let mut c = 0;
    for _ in 0..n_samples {
        let sample = decode_sample(p, &mut coder, &mut contexts, &mut channels[c])?;
        out.push(sample);
        // Past the end of the payload only zeros come: stop at once.
        if coder.overrun() {
            return Err(Error::Truncated);
        }
        c += 1;
        if c == n_channels {
            c = 0;
        }
    }
    coder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::code_to_sample;
    use alloc::vec;

    #[test]
    fn a_constant_costs_almost_nothing_and_is_not_refused() {
        let flat = vec![code_to_sample(300); 200_000];
        let bytes = encode(&RATIO, &flat, 1);
        let mut out = Vec::new();
        assert_eq!(
            decode(&RATIO, &bytes, 1, flat.len(), &mut out),
            Ok(bytes.len() as u64 * 8)
        );
        assert!(out == flat);
        // One bin a sample, at the slow rate's most skewed probability (under 0.02 bits).
        assert!(bytes.len() * 8 < flat.len() / 50, "{} bytes", bytes.len());
        assert!(flat.len() <= max_samples(bytes.len()));
    }

    /// The coder of the executables (`FastChannel` with `Encoder` and
    /// `Decoder`, without the `fast` feature) is the reference too: the
    /// tests, built with the feature, do not run it through `encode`.
    /// A noisy sine on the grid with one sample in 256 off it (`ratio::warm`'s tests too).
    pub(super) fn synthetic(len: u32) -> Vec<i16> {
        let mut rng = 0x5DEE_CE66u32;
        (0..len)
            .map(|t| {
                rng = rng.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let wave = 512.0 + 300.0 * (t as f64 * 0.01).sin() + (rng >> 28) as f64;
                match rng >> 24 {
                    0 => (rng >> 8) as i16,
                    _ => code_to_sample(wave as u32),
                }
            })
            .collect()
    }

    #[test]
    fn the_executables_coder_is_the_reference() {
        let samples = synthetic(30_000);
        for n_channels in [1, 3] {
            let weights = initial_weights(&RATIO);
            let bytes = encode_with::<FastChannel, Encoder>(&RATIO, &weights, &samples, n_channels);
            assert!(bytes == encode_reference(&RATIO, &samples, n_channels));
            let mut out = Vec::new();
            let read = decode_by::<FastChannel, Decoder>(
                &RATIO,
                &bytes,
                n_channels,
                samples.len(),
                &mut out,
            );
            assert_eq!(read, Ok(bytes.len() as u64 * 8));
            assert!(out == samples);
        }
    }

    /// The one-channel encoder takes a block's common path only when no
    /// sample of it is off the grid and the one before it was on it: off-grid
    /// samples last in a block (so the next block starts in raw mode), first
    /// in one, and within one, against the reference.
    #[test]
    fn off_grid_samples_at_block_edges_code_as_the_reference() {
        let mut samples: Vec<i16> = (0..3 * BLOCK as u32 + 100)
            .map(|t| code_to_sample((512.0 + 200.0 * (t as f64 * 0.02).sin()) as u32))
            .collect();
        // Blocks 1 and 3 are on the grid and start in raw mode.
        for at in [BLOCK - 1, 2 * BLOCK, 2 * BLOCK + 5, 3 * BLOCK - 1] {
            samples[at] ^= 1;
        }
        let bytes = encode(&RATIO, &samples, 1);
        assert!(bytes == encode_reference(&RATIO, &samples, 1));
        let mut out = Vec::new();
        decode(&RATIO, &bytes, 1, samples.len(), &mut out).unwrap();
        assert!(out == samples);
    }

    #[test]
    fn truncated_and_extended_payloads_fail() {
        let s: Vec<i16> = (0..1000u32)
            .map(|i| code_to_sample((i * 13) % 1024))
            .collect();
        let bytes = encode(&RATIO, &s, 1);
        let mut out = vec![7];
        assert_eq!(
            decode(&RATIO, &bytes[..bytes.len() / 2], 1, s.len(), &mut out),
            Err(Error::Truncated)
        );
        assert_eq!(out, [7], "out is left as it was");
        assert_eq!(decode(&RATIO, &[], 1, 1, &mut out), Err(Error::Truncated));
        assert!(encode(&RATIO, &[], 1).is_empty(), "no samples, no bytes");
    }
}
