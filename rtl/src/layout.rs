//! Bit layout of one channel's state in the state RAM (LSB first):
//! last code | deltas[0..taps] | weights[0..taps] | activity | raw_mode.

use crate::params::{CODE, PROFILE};
use golden::channel::ChannelState;

/// Bit offset of history delta `i`.
pub const fn delta_at(i: usize) -> usize {
    CODE + i * PROFILE.delta_bits as usize
}
/// Bit offset of LMS weight `i`.
pub const fn weight_at(i: usize) -> usize {
    delta_at(PROFILE.taps) + i * PROFILE.weight_bits as usize
}
/// Bit offset of the activity accumulator.
pub const ACTIVITY_AT: usize = weight_at(PROFILE.taps);
/// Bit offset of the raw-mode flag.
pub const RAW_AT: usize = ACTIVITY_AT + PROFILE.activity_bits() as usize;

const _: () = assert!(RAW_AT + 1 == crate::params::STATE_BITS);
const _: () = assert!(crate::params::STATE_BITS <= 128);

fn field(bits: u128, at: usize, width: u32) -> u128 {
    (bits >> at) & ((1u128 << width) - 1)
}

/// Signed field, sign-extended.
fn signed(bits: u128, at: usize, width: u32) -> i16 {
    let v = field(bits, at, width) as i32;
    ((v << (32 - width)) >> (32 - width)) as i16
}

/// Packs a channel state into its RAM word.
pub fn pack(s: &ChannelState) -> u128 {
    let p = PROFILE;
    let mut w = s.last as u128;
    for i in 0..p.taps {
        w |= ((s.deltas[i] as u16 as u128) & ((1 << p.delta_bits) - 1)) << delta_at(i);
        w |= ((s.weights[i] as u16 as u128) & ((1 << p.weight_bits) - 1)) << weight_at(i);
    }
    w |= (s.activity as u128) << ACTIVITY_AT;
    w |= (s.raw_mode as u128) << RAW_AT;
    w
}

/// Unpacks a RAM word into a channel state.
pub fn unpack(w: u128) -> ChannelState {
    let p = PROFILE;
    let mut s = ChannelState::new(p);
    s.last = field(w, 0, CODE as u32) as u16;
    for i in 0..p.taps {
        s.deltas[i] = signed(w, delta_at(i), p.delta_bits);
        s.weights[i] = signed(w, weight_at(i), p.weight_bits);
    }
    s.activity = field(w, ACTIVITY_AT, p.activity_bits()) as u32;
    s.raw_mode = field(w, RAW_AT, 1) == 1;
    s
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
        for i in 0..p.taps {
            s.deltas[i] = if i % 2 == 0 {
                -(1 << (p.delta_bits - 1))
            } else {
                (1 << (p.delta_bits - 1)) - 1
            };
            s.weights[i] = if i % 2 == 1 {
                -(1 << (p.weight_bits - 1))
            } else {
                (1 << (p.weight_bits - 1)) - 1
            };
        }
        assert_eq!(unpack(pack(&s)), s);
        assert!(pack(&s) < 1u128 << crate::params::STATE_BITS);
    }
}
