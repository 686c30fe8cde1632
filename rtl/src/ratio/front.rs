//! The ratio profile's front end: the implant's `FrontEnd` (s1..s7, built for
//! `params::PROFILE`) with, at s8, what the arithmetic coder takes per sample
//! (`CoderInput`): raw mode before the sample, on the grid, the sample, the
//! wrapped residual `e` (FORMAT 5) and the activity level `L` (FORMAT 14.3).
//!
//! - `L` is a function of the front end's coding context (k, table), which
//!   is a function of the activity's octave: `LevelRom` holds it, filled at
//!   elaboration from golden (`context` and `activity_level` over every
//!   activity value; a profile whose context would not determine the level
//!   fails there).
//! - `e` is the zigzag value `m` unfolded: `m >> 1`, inverted when `m` is odd.

use crate::constants::offset;
use crate::front::{FrontEnd, FRONT_STAGES};
use crate::layout::{PREDICTOR_RAM_BITS, STATE_RAM_BITS};
use crate::params::*;
use golden::channel::context;
use golden::ratio::binarize::{activity_level, ACTIVITY_CONTEXTS};
use rust_hdl::prelude::*;
use rust_hdl::widgets::prelude::ROM;
use std::collections::BTreeMap;

/// Bits of an activity level (0..ACTIVITY_CONTEXTS).
pub const LEVEL_BITS: usize = crate::params::clog2(ACTIVITY_CONTEXTS);
/// Bits of the level ROM's address `{k, table}`.
const CONTEXT_BITS: usize = K_BITS + TABLE_BITS;

/// What the arithmetic coder takes per sample.
#[derive(Copy, Clone, Debug, Default, PartialEq, LogicStruct)]
pub struct CoderInput {
    /// The channel is in raw mode before the sample.
    pub raw_mode: bool,
    /// The sample is on the grid.
    pub on_grid: bool,
    /// The sample (two's complement) if it is off the grid, else 0.
    pub sample: Bits<SAMPLE_BITS>,
    /// Wrapped residual `e`, -512..511 (two's complement).
    pub residual: Bits<CODE>,
    /// Activity level `L`.
    pub level: Bits<LEVEL_BITS>,
}

/// Bits of a `CoderInput`.
pub const CODER_INPUT_BITS: usize = <CoderInput as Synth>::BITS;

#[derive(LogicBlock)]
pub struct RatioFront {
    pub clock: Signal<In, Clock>,
    /// The pipeline moves this clock.
    pub advance: Signal<In, bool>,
    /// A sample is accepted this clock: the sample and its channel.
    pub accept: Signal<In, bool>,
    pub channel: Signal<In, Bits<CHANNEL_BITS>>,
    pub sample: Signal<In, Bits<SAMPLE_BITS>>,
    /// Stage k + 1 holds a sample (index k).
    pub valid: [Signal<In, bool>; FRONT_STAGES],
    /// The two state RAMs' ports, as `FrontEnd`'s.
    pub read_address: Signal<Out, Bits<CHANNEL_BITS>>,
    pub read_predictor_enable: Signal<Out, bool>,
    pub read_predictor_data: Signal<In, Bits<PREDICTOR_RAM_BITS>>,
    pub write_predictor_enable: Signal<Out, bool>,
    pub write_predictor_address: Signal<Out, Bits<CHANNEL_BITS>>,
    pub write_predictor_data: Signal<Out, Bits<PREDICTOR_RAM_BITS>>,
    pub read_enable: Signal<Out, bool>,
    pub read_data: Signal<In, Bits<STATE_RAM_BITS>>,
    pub write_enable: Signal<Out, bool>,
    pub write_address: Signal<Out, Bits<CHANNEL_BITS>>,
    pub write_data: Signal<Out, Bits<STATE_RAM_BITS>>,
    /// s8: the coder's inputs for the sample there.
    pub coded: Signal<Out, CoderInput>,
    /// s1..s7 and the s8 registers.
    front: FrontEnd,
    /// Activity level at `{k, table}`.
    level_rom: ROM<Bits<LEVEL_BITS>, CONTEXT_BITS>,
    /// `m >> 1`.
    half: Signal<Local, Bits<CODE>>,
    one: Constant<Bits<8>>,
    table_bits: Constant<Bits<8>>,
}

/// The level ROM: `activity_level(A)` at `{k, table} = context(A)`, for
/// every activity `A` the accumulator can hold.
fn level_contents() -> BTreeMap<Bits<CONTEXT_BITS>, Bits<LEVEL_BITS>> {
    let mut by_context = BTreeMap::new();
    for a in 0..(1u32 << ACTIVITY_BITS) {
        let (k, table) = context(PROFILE, a);
        let address = ((k as usize) << TABLE_BITS) | table;
        let level = activity_level(a, PROFILE.model.activity_shift);
        let seen = *by_context.entry(address).or_insert(level);
        assert_eq!(
            seen, level,
            "the coding context {k}, {table} does not determine the activity level"
        );
    }
    (0..1usize << CONTEXT_BITS)
        .map(|address| {
            let level = by_context.get(&address).copied().unwrap_or(0);
            (bits(address as u64), bits(level as u64))
        })
        .collect()
}

impl Default for RatioFront {
    fn default() -> Self {
        Self {
            clock: Default::default(),
            advance: Default::default(),
            accept: Default::default(),
            channel: Default::default(),
            sample: Default::default(),
            valid: Default::default(),
            read_address: Default::default(),
            read_predictor_enable: Default::default(),
            read_predictor_data: Default::default(),
            write_predictor_enable: Default::default(),
            write_predictor_address: Default::default(),
            write_predictor_data: Default::default(),
            read_enable: Default::default(),
            read_data: Default::default(),
            write_enable: Default::default(),
            write_address: Default::default(),
            write_data: Default::default(),
            coded: Default::default(),
            front: Default::default(),
            level_rom: ROM::new(level_contents()),
            half: Default::default(),
            one: offset(1),
            table_bits: offset(TABLE_BITS),
        }
    }
}

impl Logic for RatioFront {
    #[hdl_gen]
    fn update(&mut self) {
        self.front.clock.next = self.clock.val();
        self.front.advance.next = self.advance.val();
        self.front.accept.next = self.accept.val();
        self.front.channel.next = self.channel.val();
        self.front.sample.next = self.sample.val();
        for i in 0..FRONT_STAGES {
            self.front.valid[i].next = self.valid[i].val();
        }
        self.read_address.next = self.front.read_address.val();
        self.read_predictor_enable.next = self.front.read_predictor_enable.val();
        self.front.read_predictor_data.next = self.read_predictor_data.val();
        self.write_predictor_enable.next = self.front.write_predictor_enable.val();
        self.write_predictor_address.next = self.front.write_predictor_address.val();
        self.write_predictor_data.next = self.front.write_predictor_data.val();
        self.read_enable.next = self.front.read_enable.val();
        self.front.read_data.next = self.read_data.val();
        self.write_enable.next = self.front.write_enable.val();
        self.write_address.next = self.front.write_address.val();
        self.write_data.next = self.front.write_data.val();

        // s8: the coder's inputs.
        self.level_rom.address.next = (bit_cast::<CONTEXT_BITS, K_BITS>(self.front.k.val())
            << self.table_bits.val())
            | bit_cast::<CONTEXT_BITS, TABLE_BITS>(self.front.code_table.val());
        self.half.next = self.front.zigzag.val() >> self.one.val();
        self.coded.next.raw_mode = self.front.raw_mode.val();
        self.coded.next.on_grid = self.front.on_grid.val();
        // The front end carries the sample past s3 only if it is off the
        // grid (the only one the coder sends); an on-grid one goes as 0.
        self.coded.next.sample = 0.into();
        if !self.front.on_grid.val() {
            self.coded.next.sample = self.front.coded_sample.val();
        }
        self.coded.next.residual = self.half.val();
        if self.front.zigzag.val().get_bit(0) {
            self.coded.next.residual = !self.half.val();
        }
        self.coded.next.level = self.level_rom.data.val();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_synthesizes;

    #[test]
    fn ratio_front_synthesizes() {
        assert_synthesizes::<RatioFront>("ratio_front");
    }

    /// The level ROM against golden over every activity (what the assert at
    /// elaboration checks, shown from the ROM's side).
    #[test]
    fn level_rom_holds_golden_levels() {
        let rom = level_contents();
        for a in (0..(1u32 << ACTIVITY_BITS)).step_by(7) {
            let (k, t) = context(PROFILE, a);
            let got = rom[&bits(((k as u64) << TABLE_BITS) | t as u64)].index();
            assert_eq!(
                got,
                activity_level(a, PROFILE.model.activity_shift),
                "A {a}"
            );
        }
    }
}
