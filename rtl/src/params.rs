//! Widths and constants of the encoder, all derived from the golden profile.

use golden::grid::{CODE_BITS, SAMPLE_BITS as GRID_SAMPLE_BITS};
use golden::profile::{Profile, MAX_BLOCK, MAX_CHANNELS, MAX_CODE_LEN, SYMBOLS};

/// The profile the RTL implements, chosen at build time: the implant's by
/// default (the committed rtl/verilog/brainwire_encoder.v), another one by a
/// cargo feature. Every width and constant below derives from it.
#[cfg(not(any(
    feature = "profile-lms4-rice",
    feature = "profile-ratio",
    feature = "profile-delta"
)))]
pub const PROFILE: &Profile = &golden::IMPLANT;
/// The implant predictor with classic adaptive Rice codes (unary tables), for
/// the profile trade-off of the hardware report.
#[cfg(all(
    feature = "profile-lms4-rice",
    not(feature = "profile-ratio"),
    not(feature = "profile-delta")
))]
pub const PROFILE: &Profile = &golden::profile::LMS4_RICE;
/// The delta predictor (no taps) with the implant's table coder: the
/// low-energy front end (`crate::delta_front`).
#[cfg(all(feature = "profile-delta", not(feature = "profile-ratio")))]
pub const PROFILE: &Profile = &golden::profile::DELTA;
/// The best-ratio profile's model (16 taps, trained starting weights) in front
/// of the arithmetic coder (`crate::ratio`): rtl/verilog/brainwire_ratio_encoder.v.
#[cfg(feature = "profile-ratio")]
pub const PROFILE: &Profile = &golden::profile::RATIO;

/// Whether this build implements the profile of the committed Verilog.
pub const IS_COMMITTED_PROFILE: bool =
    PROFILE.id == golden::IMPLANT.id || PROFILE.id == golden::profile::RATIO.id;

/// Bits of one channel's state in the state RAM.
pub const STATE_BITS: usize = PROFILE.model.state_bits() as usize;
/// Bits of a channel index (MAX_CHANNELS is a power of two).
pub const CHANNEL_BITS: usize = MAX_CHANNELS.trailing_zeros() as usize;
/// Bits of a position inside a block of one channel's samples (the payload
/// layout's B = 1..=MAX_BLOCK, a power of two).
pub const BLOCK_BITS: usize = MAX_BLOCK.trailing_zeros() as usize;
/// Bits of an input sample.
pub const SAMPLE_BITS: usize = GRID_SAMPLE_BITS as usize;
/// Bits of an ADC code.
pub const CODE: usize = CODE_BITS as usize;
/// LMS taps.
pub const TAPS: usize = PROFILE.model.taps;
/// LMS steps still pending in a channel's state (lms_delay - 1).
pub const PENDING: usize = PROFILE.model.pending_steps();
/// Bits of a stored history delta.
pub const DELTA_BITS: usize = PROFILE.model.delta_bits as usize;
/// Bits of an LMS weight.
pub const WEIGHT_BITS: usize = PROFILE.model.weight_bits as usize;
/// Bits of the activity accumulator.
pub const ACTIVITY_BITS: usize = PROFILE.model.activity_bits() as usize;
/// Bits of `v = activity >> context_shift`, the context function's input.
pub const ACTIVITY_V_BITS: usize = ACTIVITY_BITS - PROFILE.model.context_shift() as usize;
/// Bits of a product `weight * delta`, sign included.
pub const PRODUCT_BITS: usize = DELTA_BITS + WEIGHT_BITS;
/// Bits of the prediction accumulator `sum(products) + (last << frac) + round`, signed.
pub const ACC_BITS: usize = max(
    PRODUCT_BITS + clog2(TAPS),
    CODE + PROFILE.model.weight_frac as usize + 1,
) + 1;
/// Bits of the Rice parameter k.
pub const K_BITS: usize = clog2(PROFILE.model.max_k() as usize + 1);
/// Bits of a table index.
pub const TABLE_BITS: usize = clog2(PROFILE.model.tables());
/// Bits of a table symbol.
pub const SYMBOL_BITS: usize = clog2(SYMBOLS);
/// Bits of a code word from a table.
pub const CODE_WORD_BITS: usize = MAX_CODE_LEN as usize;
/// Bits of a code word's length (0..=MAX_CODE_LEN).
pub const CODE_LEN_BITS: usize = clog2(MAX_CODE_LEN as usize + 1);
/// Bits of an output word: one sample's code always fits in one word.
pub const WORD_BITS: usize = 32;
/// Bits of `out_bits` (0..=WORD_BITS).
pub const WORD_LEN_BITS: usize = 6;
/// Bits of the packer's fill level (0..WORD_BITS).
pub const FILL_BITS: usize = 5;
/// Bits of a code-table ROM address: {table, symbol}.
pub const ROM_ADDRESS_BITS: usize = TABLE_BITS + SYMBOL_BITS;
/// Bits of a code-table ROM entry: {length, code word}.
pub const ROM_DATA_BITS: usize = CODE_LEN_BITS + CODE_WORD_BITS;

/// Pipeline registers a sample passes before its word enters the FIFO: the
/// front end's (s1..s7 with LMS taps, front.rs; s1..s3 without,
/// delta_front.rs) and the back end's five (back.rs).
pub const PIPELINE_STAGES: usize = if TAPS == 0 { 8 } else { 12 };
/// Output FIFO entries (registers). The pipeline stalls as a whole when the FIFO
/// is nearly full, so a few entries absorb the packer's pushes while words leave.
pub const FIFO_DEPTH: usize = 4;
/// Bits of a FIFO pointer.
pub const FIFO_PTR_BITS: usize = clog2(FIFO_DEPTH);
/// The pipeline advances when `count <= FIFO_ROOM`: the packer's push (at most one
/// a clock) still fits even if nothing leaves.
pub const FIFO_ROOM: usize = FIFO_DEPTH - 2;

/// Stage (register index) where the weights of a sample are updated and its products formed.
pub const WEIGHT_STAGE: usize = 3;
/// Stage where a sample's residual sign is computed (registered into the next stage).
pub const SIGN_STAGE: usize = 5;

const _: () = assert!(MAX_CHANNELS.is_power_of_two() && MAX_BLOCK.is_power_of_two());
const _: () = assert!(PROFILE.model.max_sample_bits() as usize <= WORD_BITS);
const _: () = assert!(
    TAPS == 0 || (TAPS >= 1 && PENDING >= 1),
    "the LMS datapath assumes delayed taps"
);
// The weight update of sample t needs the residual sign of sample t - lms_delay
// of its channel: the samples between (at most SIGN_STAGE - WEIGHT_STAGE of them
// still before the sign) must leave it in the pending queue.
const _: () = assert!(TAPS == 0 || SIGN_STAGE - WEIGHT_STAGE < PENDING);
// The regressor of the pending step reaches back PENDING deltas: beyond the stored
// deltas it comes from the old delta signs.
const _: () = assert!(PENDING <= TAPS);
const _: () = assert!(FIFO_DEPTH.is_power_of_two() && FIFO_DEPTH >= 4);
const _: () = assert!((1 << WORD_LEN_BITS) > WORD_BITS && (1 << FILL_BITS) == WORD_BITS);
const _: () = assert!(
    ACTIVITY_V_BITS <= 16,
    "the leading-one finder normalises 16 bits"
);
const _: () = assert!(PRODUCT_BITS <= 32 && DELTA_BITS <= 16 && WEIGHT_BITS <= 16);
const _: () = assert!(PROFILE.model.activity_shift >= 3);

/// Smallest `b` with `2^b >= n`.
pub const fn clog2(n: usize) -> usize {
    let mut b = 0;
    while (1usize << b) < n {
        b += 1;
    }
    b
}

const fn max(a: usize, b: usize) -> usize {
    if a > b {
        a
    } else {
        b
    }
}

/// Clocks from a sample accepted to its completed word offered on `out_valid`:
/// the stage registers plus the FIFO.
pub const LATENCY: usize = PIPELINE_STAGES + 1;
