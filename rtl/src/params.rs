//! Widths and constants of the encoder, all derived from the golden profile.

use golden::grid::{CODE_BITS, SAMPLE_BITS as GRID_SAMPLE_BITS};
use golden::profile::{Profile, MAX_CHANNELS, SYMBOLS};

/// The profile the RTL implements; another profile is a change of this line.
pub const PROFILE: &Profile = &golden::IMPLANT;

/// Bits of one channel's state in the state RAM.
pub const STATE_BITS: usize = PROFILE.state_bits() as usize;
/// Bits of a channel index (MAX_CHANNELS is a power of two).
pub const CHANNEL_BITS: usize = MAX_CHANNELS.trailing_zeros() as usize;
/// Bits of an input sample.
pub const SAMPLE_BITS: usize = GRID_SAMPLE_BITS as usize;
/// Bits of an ADC code.
pub const CODE: usize = CODE_BITS as usize;
/// Bits of an output word: one sample's code always fits in one word.
pub const WORD_BITS: usize = 32;
/// Bits of `out_bits` (0..=WORD_BITS).
pub const WORD_LEN_BITS: usize = 6;
/// Bits of a table index.
pub const TABLE_BITS: usize = clog2(PROFILE.tables());
/// Bits of a table symbol.
pub const SYMBOL_BITS: usize = clog2(SYMBOLS);
/// Output FIFO entries (registers, not RAM): room for the words in flight.
pub const FIFO_DEPTH: usize = 8;
/// Pipeline stages a sample passes before its word enters the FIFO (A, B, C, D).
pub const PIPELINE_STAGES: usize = 4;

const _: () = assert!(MAX_CHANNELS.is_power_of_two());
const _: () = assert!(PROFILE.max_sample_bits() as usize <= WORD_BITS);
const _: () = assert!(
    PROFILE.taps >= 1,
    "the generator assumes at least one LMS tap"
);
const _: () = assert!(FIFO_DEPTH.is_power_of_two() && FIFO_DEPTH > PIPELINE_STAGES);
const _: () = assert!((1 << WORD_LEN_BITS) > WORD_BITS);

/// Smallest `b` with `2^b >= n`.
pub const fn clog2(n: usize) -> usize {
    let mut b = 0;
    while (1usize << b) < n {
        b += 1;
    }
    b
}
