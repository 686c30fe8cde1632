//! Bit layout of one channel's state in the state RAM (LSB first):
//! last code | deltas[0..taps] | weights[0..taps] | residual signs[0..pending]
//! | old delta signs[0..pending] | activity | raw_mode.
//! A sign (-1, 0, 1) takes two bits: bit 0 = nonzero, bit 1 = negative.
//! `ChannelWord` is the same layout as a typed rust-hdl bundle (what the
//! pipeline carries); the offsets below are for software (pack, unpack).

use crate::params::*;
use golden::channel::ChannelState;
use rust_hdl::prelude::*;

/// Bits of a stored sign.
pub const SIGN_BITS: usize = 2;
/// Bits of the delta history.
pub const DELTAS_BITS: usize = TAPS * DELTA_BITS;
/// Bits of the LMS weights.
pub const WEIGHTS_BITS: usize = TAPS * WEIGHT_BITS;
/// Bits of a queue of `PENDING` signs (residual signs, old delta signs).
pub const SIGNS_BITS: usize = PENDING * SIGN_BITS;

/// One channel's state as the pipeline carries it: fields in RAM-word order
/// (the first field in the low bits), each a group of `TAPS` or `PENDING`
/// entries with entry 0 in its low bits.
#[derive(Copy, Clone, Debug, Default, PartialEq, LogicStruct)]
pub struct ChannelWord {
    /// Last ADC code.
    pub last: Bits<CODE>,
    /// Delta history, newest first (saturated, two's complement).
    pub deltas: Bits<DELTAS_BITS>,
    /// LMS weights (two's complement).
    pub weights: Bits<WEIGHTS_BITS>,
    /// Residual signs of the pending LMS steps, newest first.
    pub residual_signs: Bits<SIGNS_BITS>,
    /// Signs of the deltas shifted out of the history, newest first.
    pub old_delta_signs: Bits<SIGNS_BITS>,
    /// Activity accumulator.
    pub activity: Bits<ACTIVITY_BITS>,
    /// The next sample starts with a raw/normal flag bit.
    pub raw_mode: bool,
}

const _: () = assert!(<ChannelWord as Synth>::BITS == STATE_BITS);

/// The RAM word's bits as the bundle (rust-hdl derives only the other direction).
impl From<Bits<STATE_BITS>> for ChannelWord {
    fn from(w: Bits<STATE_BITS>) -> Self {
        ChannelWord {
            last: w.get_bits::<CODE>(LAST_AT),
            deltas: w.get_bits::<DELTAS_BITS>(delta_at(0)),
            weights: w.get_bits::<WEIGHTS_BITS>(weight_at(0)),
            residual_signs: w.get_bits::<SIGNS_BITS>(residual_sign_at(0)),
            old_delta_signs: w.get_bits::<SIGNS_BITS>(old_delta_sign_at(0)),
            activity: w.get_bits::<ACTIVITY_BITS>(ACTIVITY_AT),
            raw_mode: w.get_bit(RAW_AT),
        }
    }
}
/// Bit offset of the last code.
pub const LAST_AT: usize = 0;
/// Bit offset of history delta `i`.
pub const fn delta_at(i: usize) -> usize {
    CODE + i * DELTA_BITS
}
/// Bit offset of LMS weight `i`.
pub const fn weight_at(i: usize) -> usize {
    delta_at(TAPS) + i * WEIGHT_BITS
}
/// Bit offset of pending residual sign `i` (0 = newest).
pub const fn residual_sign_at(i: usize) -> usize {
    weight_at(TAPS) + i * SIGN_BITS
}
/// Bit offset of old delta sign `i` (0 = newest).
pub const fn old_delta_sign_at(i: usize) -> usize {
    residual_sign_at(PENDING) + i * SIGN_BITS
}
/// Bit offset of the activity accumulator.
pub const ACTIVITY_AT: usize = old_delta_sign_at(PENDING);
/// Bit offset of the raw-mode flag.
pub const RAW_AT: usize = ACTIVITY_AT + ACTIVITY_BITS;

const _: () = assert!(RAW_AT + 1 == STATE_BITS);
const _: () = assert!(STATE_BITS <= 128);

/// Mask of bits `at..at + width`.
const fn span(at: usize, width: usize) -> u128 {
    ((1u128 << width) - 1) << at
}
/// Fields a sample's history step writes: last code, deltas, old delta signs.
pub const CODE_HISTORY_MASK: u128 = span(LAST_AT, CODE)
    | span(delta_at(0), TAPS * DELTA_BITS)
    | span(old_delta_sign_at(0), PENDING * SIGN_BITS);
/// The raw-mode flag.
pub const RAW_MASK: u128 = span(RAW_AT, 1);
/// Code history and raw flag.
pub const HISTORY_MASK: u128 = CODE_HISTORY_MASK | RAW_MASK;
/// The LMS weights.
pub const WEIGHTS_MASK: u128 = span(weight_at(0), TAPS * WEIGHT_BITS);
/// The pending residual signs.
pub const RESIDUAL_SIGNS_MASK: u128 = span(residual_sign_at(0), PENDING * SIGN_BITS);
/// The activity accumulator.
pub const ACTIVITY_MASK: u128 = span(ACTIVITY_AT, ACTIVITY_BITS);

const _: () = assert!(
    HISTORY_MASK | WEIGHTS_MASK | RESIDUAL_SIGNS_MASK | ACTIVITY_MASK == span(0, STATE_BITS)
);

/// A state word as rust-hdl bits.
pub fn state_bits(v: u128) -> Bits<STATE_BITS> {
    let mut b = Bits::<STATE_BITS>::default();
    b.set_bits::<64>(0, bits::<64>(v as u64));
    b.set_bits::<{ STATE_BITS - 64 }>(64, bits::<{ STATE_BITS - 64 }>((v >> 64) as u64));
    b
}

fn field(w: u128, at: usize, width: usize) -> u128 {
    (w >> at) & ((1u128 << width) - 1)
}

fn signed(w: u128, at: usize, width: usize) -> i16 {
    let v = field(w, at, width) as i32;
    ((v << (32 - width)) >> (32 - width)) as i16
}

/// The two-bit code of a sign.
pub fn sign_code(s: i8) -> u128 {
    match s {
        0 => 0,
        s if s > 0 => 1,
        _ => 3,
    }
}

fn sign_value(c: u128) -> i8 {
    match c {
        1 => 1,
        3 => -1,
        _ => 0,
    }
}

/// Packs a channel state into its RAM word.
pub fn pack(s: &ChannelState) -> u128 {
    let mut w = s.last as u128;
    for i in 0..TAPS {
        w |= ((s.deltas[i] as u16 as u128) & ((1 << DELTA_BITS) - 1)) << delta_at(i);
        w |= ((s.weights[i] as u16 as u128) & ((1 << WEIGHT_BITS) - 1)) << weight_at(i);
    }
    for i in 0..PENDING {
        w |= sign_code(s.residual_signs[i]) << residual_sign_at(i);
        w |= sign_code(s.old_delta_signs[i]) << old_delta_sign_at(i);
    }
    w |= (s.activity as u128) << ACTIVITY_AT;
    w |= (s.raw_mode as u128) << RAW_AT;
    w
}

/// Unpacks a RAM word into a channel state.
pub fn unpack(w: u128) -> ChannelState {
    let mut s = ChannelState::new(PROFILE);
    s.last = field(w, LAST_AT, CODE) as u16;
    for i in 0..TAPS {
        s.deltas[i] = signed(w, delta_at(i), DELTA_BITS);
        s.weights[i] = signed(w, weight_at(i), WEIGHT_BITS);
    }
    for i in 0..PENDING {
        s.residual_signs[i] = sign_value(field(w, residual_sign_at(i), SIGN_BITS));
        s.old_delta_signs[i] = sign_value(field(w, old_delta_sign_at(i), SIGN_BITS));
    }
    s.activity = field(w, ACTIVITY_AT, ACTIVITY_BITS) as u32;
    s.raw_mode = field(w, RAW_AT, 1) == 1;
    s
}

/// The RAM word every channel starts in.
pub fn initial_word() -> u128 {
    pack(&ChannelState::new(PROFILE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_roundtrips_extreme_states() {
        let p = PROFILE;
        let mut s = ChannelState::new(p);
        assert_eq!(unpack(pack(&s)), s);
        s.last = 1023;
        s.activity = (1 << p.activity_bits()) - 1;
        s.raw_mode = true;
        for i in 0..TAPS {
            let (lo_d, hi_d) = (-(1 << (DELTA_BITS - 1)), (1 << (DELTA_BITS - 1)) - 1);
            let (lo_w, hi_w) = (-(1 << (WEIGHT_BITS - 1)), (1 << (WEIGHT_BITS - 1)) - 1);
            s.deltas[i] = if i % 2 == 0 { lo_d } else { hi_d };
            s.weights[i] = if i % 2 == 1 { lo_w } else { hi_w };
        }
        for i in 0..PENDING {
            s.residual_signs[i] = [-1, 0, 1][i % 3];
            s.old_delta_signs[i] = [1, -1, 0][i % 3];
        }
        assert_eq!(unpack(pack(&s)), s);
        assert!(pack(&s) < 1u128 << STATE_BITS);
        assert_eq!(state_bits(pack(&s)).to_u128(), pack(&s));
    }

    /// The bundle and the offsets describe the same word, both ways.
    #[test]
    fn channel_word_fields_sit_at_the_layout_offsets() {
        let w = ChannelWord::default();
        assert_eq!(w.get_my_offset_last(), LAST_AT);
        assert_eq!(w.get_my_offset_deltas(), delta_at(0));
        assert_eq!(w.get_my_offset_weights(), weight_at(0));
        assert_eq!(w.get_my_offset_residual_signs(), residual_sign_at(0));
        assert_eq!(w.get_my_offset_old_delta_signs(), old_delta_sign_at(0));
        assert_eq!(w.get_my_offset_activity(), ACTIVITY_AT);
        assert_eq!(w.get_my_offset_raw_mode(), RAW_AT);
        let mut s = ChannelState::new(PROFILE);
        s.last = 1000;
        s.deltas[0] = -3;
        s.weights[TAPS - 1] = 77;
        s.residual_signs[PENDING - 1] = -1;
        s.old_delta_signs[0] = 1;
        s.raw_mode = true;
        let word = ChannelWord::from(state_bits(pack(&s)));
        let back: Bits<STATE_BITS> = word.into();
        assert_eq!(back.to_u128(), pack(&s));
        assert_eq!(word.last.index(), 1000);
        assert!(word.raw_mode);
    }
}
