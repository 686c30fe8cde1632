//! The layout of one channel's state in the state RAM: `ChannelWord`, a
//! typed rust-hdl bundle (`LogicStruct`), fields from the low bits up:
//! last code | deltas[0..taps] | weights[0..taps] | residual signs[0..pending]
//! | old delta signs[0..pending] | activity | raw_mode, each group with entry
//! 0 in its low bits. A sign (-1, 0, 1) takes two bits: bit 0 = nonzero,
//! bit 1 = negative. The struct is the one statement of the layout: its field
//! order places the fields, the widths derive from the golden profile
//! (crate::params), and `pack`/`unpack` (golden `ChannelState` <-> RAM word)
//! go through it.

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

/// One channel's state as the pipeline carries it and the RAM holds it.
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
const _: () = assert!(STATE_BITS <= 128 && DELTAS_BITS <= 64 && WEIGHTS_BITS <= 64);

/// The RAM word's bits as the bundle (rust-hdl derives only the other direction).
impl From<Bits<STATE_BITS>> for ChannelWord {
    fn from(w: Bits<STATE_BITS>) -> Self {
        let at = ChannelWord::default();
        ChannelWord {
            last: w.get_bits::<CODE>(at.get_my_offset_last()),
            deltas: w.get_bits::<DELTAS_BITS>(at.get_my_offset_deltas()),
            weights: w.get_bits::<WEIGHTS_BITS>(at.get_my_offset_weights()),
            residual_signs: w.get_bits::<SIGNS_BITS>(at.get_my_offset_residual_signs()),
            old_delta_signs: w.get_bits::<SIGNS_BITS>(at.get_my_offset_old_delta_signs()),
            activity: w.get_bits::<ACTIVITY_BITS>(at.get_my_offset_activity()),
            raw_mode: w.get_bit(at.get_my_offset_raw_mode()),
        }
    }
}

/// A state word as rust-hdl bits.
pub fn state_bits(v: u128) -> Bits<STATE_BITS> {
    let mut b = Bits::<STATE_BITS>::default();
    b.set_bits::<64>(0, bits::<64>(v as u64));
    b.set_bits::<{ STATE_BITS - 64 }>(64, bits::<{ STATE_BITS - 64 }>((v >> 64) as u64));
    b
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

/// `n` entries of `width` bits, entry 0 in the low bits.
fn group(entries: impl Iterator<Item = u128>, width: usize) -> u128 {
    entries
        .enumerate()
        .fold(0, |g, (i, e)| g | (e & ((1 << width) - 1)) << (i * width))
}

/// Entry `i` of a group of `width`-bit entries.
fn entry(g: u128, i: usize, width: usize) -> u128 {
    (g >> (i * width)) & ((1 << width) - 1)
}

/// Entry `i` of a group of `width`-bit two's complement entries.
fn signed_entry(g: u128, i: usize, width: usize) -> i16 {
    let v = entry(g, i, width) as i32;
    ((v << (32 - width)) >> (32 - width)) as i16
}

/// Packs a channel state into its RAM word.
pub fn pack(s: &ChannelState) -> u128 {
    let word = ChannelWord {
        last: bits(s.last as u64),
        deltas: bits(group(
            s.deltas[..TAPS].iter().map(|&d| d as u16 as u128),
            DELTA_BITS,
        ) as u64),
        weights: bits(group(
            s.weights[..TAPS].iter().map(|&w| w as u16 as u128),
            WEIGHT_BITS,
        ) as u64),
        residual_signs: bits(group(
            s.residual_signs[..PENDING].iter().map(|&v| sign_code(v)),
            SIGN_BITS,
        ) as u64),
        old_delta_signs: bits(group(
            s.old_delta_signs[..PENDING].iter().map(|&v| sign_code(v)),
            SIGN_BITS,
        ) as u64),
        activity: bits(s.activity as u64),
        raw_mode: s.raw_mode,
    };
    Bits::<STATE_BITS>::from(word).to_u128()
}

/// Unpacks a RAM word into a channel state.
pub fn unpack(w: u128) -> ChannelState {
    let word = ChannelWord::from(state_bits(w));
    let (deltas, weights) = (word.deltas.to_u128(), word.weights.to_u128());
    let (signs, old_signs) = (
        word.residual_signs.to_u128(),
        word.old_delta_signs.to_u128(),
    );
    let mut s = ChannelState::new(PROFILE);
    s.last = word.last.index() as u16;
    for i in 0..TAPS {
        s.deltas[i] = signed_entry(deltas, i, DELTA_BITS);
        s.weights[i] = signed_entry(weights, i, WEIGHT_BITS);
    }
    for i in 0..PENDING {
        s.residual_signs[i] = sign_value(entry(signs, i, SIGN_BITS));
        s.old_delta_signs[i] = sign_value(entry(old_signs, i, SIGN_BITS));
    }
    s.activity = word.activity.index() as u32;
    s.raw_mode = word.raw_mode;
    s
}

/// A channel state as the bundle the pipeline carries.
pub fn channel_word(s: &ChannelState) -> ChannelWord {
    ChannelWord::from(state_bits(pack(s)))
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
        s.activity = (1 << p.model.activity_bits()) - 1;
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

    /// The bundle's fields in the order the layout states, both conversions.
    #[test]
    fn channel_word_fields_follow_the_stated_order() {
        let w = ChannelWord::default();
        assert_eq!(w.get_my_offset_last(), 0);
        assert_eq!(w.get_my_offset_deltas(), CODE);
        assert_eq!(w.get_my_offset_weights(), CODE + DELTAS_BITS);
        assert_eq!(w.get_my_offset_raw_mode(), STATE_BITS - 1);
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
