//! The layout of one channel's state: `ChannelWord`, a typed rust-hdl bundle
//! (`LogicStruct`), fields from the low bits up: last code | deltas[0..taps]
//! | weights[0..taps] | old delta signs[0..pending] | residual signs[0..pending]
//! | activity | raw_mode, each group with entry 0 in its low bits. A sign
//! (-1, 0, 1) takes two bits: bit 0 = nonzero, bit 1 = negative. The struct is
//! the one statement of the layout: its field order places the fields, the
//! widths derive from the golden profile (crate::params), and `pack`/`unpack`
//! (golden `ChannelState` <-> word) go through it.
//!
//! Two RAMs hold the word, split where the fields become final: the
//! predictor RAM the low `PREDICTOR_RAM_BITS` (last code, deltas, weights, old
//! delta signs: final after the weight step, written back from s4), the state
//! RAM the rest (residual signs, activity, raw flag: written back from s7).
//! So the predictor's fields ride only the stages that can still feed a
//! later sample of the channel (front.rs).

use crate::params::*;
use golden::channel::ChannelState;
use golden::ratio::initial_weights;
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
    /// Signs of the deltas shifted out of the history, newest first.
    pub old_delta_signs: Bits<SIGNS_BITS>,
    /// Residual signs of the pending LMS steps, newest first (the first
    /// field of the state RAM).
    pub residual_signs: Bits<SIGNS_BITS>,
    /// Activity accumulator.
    pub activity: Bits<ACTIVITY_BITS>,
    /// The next sample starts with a raw/normal flag bit.
    pub raw_mode: bool,
}

const _: () = assert!(<ChannelWord as Synth>::BITS == STATE_BITS);

/// Bits of the predictor RAM's word: the fields below `residual_signs`.
pub const PREDICTOR_RAM_BITS: usize = CODE + DELTAS_BITS + WEIGHTS_BITS + SIGNS_BITS;
/// Bits of the state RAM's word: the rest of the channel's state.
pub const STATE_RAM_BITS: usize = STATE_BITS - PREDICTOR_RAM_BITS;

/// The RAM word's bits as the bundle (rust-hdl derives only the other direction).
impl From<Bits<STATE_BITS>> for ChannelWord {
    fn from(w: Bits<STATE_BITS>) -> Self {
        let at = ChannelWord::default();
        ChannelWord {
            last: w.get_bits::<CODE>(at.get_my_offset_last()),
            deltas: w.get_bits::<DELTAS_BITS>(at.get_my_offset_deltas()),
            weights: w.get_bits::<WEIGHTS_BITS>(at.get_my_offset_weights()),
            old_delta_signs: w.get_bits::<SIGNS_BITS>(at.get_my_offset_old_delta_signs()),
            residual_signs: w.get_bits::<SIGNS_BITS>(at.get_my_offset_residual_signs()),
            activity: w.get_bits::<ACTIVITY_BITS>(at.get_my_offset_activity()),
            raw_mode: w.get_bit(at.get_my_offset_raw_mode()),
        }
    }
}

/// A state word as rust-hdl bits (its low 128 bits from `v`; tests).
pub fn state_bits(v: u128) -> Bits<STATE_BITS> {
    crate::constants::to_bits(v)
}

/// The two-bit code of a sign.
pub fn sign_code(s: i8) -> u128 {
    match s {
        0 => 0,
        s if s > 0 => 1,
        _ => 3,
    }
}

fn sign_value(c: u64) -> i8 {
    match c {
        1 => 1,
        3 => -1,
        _ => 0,
    }
}

/// `entries` of `width` bits each as one group, entry 0 in the low bits
/// (groups can be wider than 128 bits: 16 taps).
fn group<const N: usize>(entries: impl Iterator<Item = u64>, width: usize) -> Bits<N> {
    let mut g = Bits::<N>::default();
    for (i, e) in entries.enumerate() {
        for b in 0..width {
            g = g.replace_bit(i * width + b, (e >> b) & 1 == 1);
        }
    }
    g
}

/// Entry `i` of a group of `width`-bit entries.
fn entry<const N: usize>(g: Bits<N>, i: usize, width: usize) -> u64 {
    (0..width).fold(0, |v, b| v | (g.get_bit(i * width + b) as u64) << b)
}

/// Entry `i` of a group of `width`-bit two's complement entries.
fn signed_entry<const N: usize>(g: Bits<N>, i: usize, width: usize) -> i16 {
    let v = entry(g, i, width) as i64;
    ((v << (64 - width)) >> (64 - width)) as i16
}

/// A channel state as the bundle the pipeline carries.
pub fn channel_word(s: &ChannelState) -> ChannelWord {
    ChannelWord {
        last: bits(s.last as u64),
        deltas: group(
            s.deltas[..TAPS].iter().map(|&d| d as u16 as u64),
            DELTA_BITS,
        ),
        weights: group(
            s.weights[..TAPS].iter().map(|&w| w as u16 as u64),
            WEIGHT_BITS,
        ),
        residual_signs: group(
            s.residual_signs[..PENDING]
                .iter()
                .map(|&v| sign_code(v) as u64),
            SIGN_BITS,
        ),
        old_delta_signs: group(
            s.old_delta_signs[..PENDING]
                .iter()
                .map(|&v| sign_code(v) as u64),
            SIGN_BITS,
        ),
        activity: bits(s.activity as u64),
        raw_mode: s.raw_mode,
    }
}

/// Packs a channel state into its RAM word.
pub fn pack(s: &ChannelState) -> Bits<STATE_BITS> {
    channel_word(s).into()
}

/// Unpacks a RAM word into a channel state.
pub fn unpack(w: Bits<STATE_BITS>) -> ChannelState {
    let word = ChannelWord::from(w);
    let mut s = ChannelState::new(PROFILE);
    s.last = word.last.index() as u16;
    for i in 0..TAPS {
        s.deltas[i] = signed_entry(word.deltas, i, DELTA_BITS);
        s.weights[i] = signed_entry(word.weights, i, WEIGHT_BITS);
    }
    for i in 0..PENDING {
        s.residual_signs[i] = sign_value(entry(word.residual_signs, i, SIGN_BITS));
        s.old_delta_signs[i] = sign_value(entry(word.old_delta_signs, i, SIGN_BITS));
    }
    s.activity = word.activity.index() as u32;
    s.raw_mode = word.raw_mode;
    s
}

/// The state RAM's word of a state word: the bits above the predictor's
/// (the s7 write-back, front.rs; the predictor RAM's word is the low bits,
/// a plain `bit_cast`).
#[derive(LogicBlock)]
pub struct StatePart {
    pub word: Signal<In, ChannelWord>,
    pub state: Signal<Out, Bits<STATE_RAM_BITS>>,
    bits: Signal<Local, Bits<STATE_BITS>>,
    state_at: Constant<Bits<16>>,
}

impl Default for StatePart {
    fn default() -> Self {
        Self {
            word: Default::default(),
            state: Default::default(),
            bits: Default::default(),
            state_at: Constant::new((PREDICTOR_RAM_BITS as u64).into()),
        }
    }
}

impl Logic for StatePart {
    #[hdl_gen]
    fn update(&mut self) {
        self.bits.next = self.word.val().into();
        self.state.next =
            bit_cast::<STATE_RAM_BITS, STATE_BITS>(self.bits.val() >> self.state_at.val());
    }
}

/// The two RAMs' words as one state word (s2, front.rs).
#[derive(LogicBlock)]
pub struct JoinWord {
    pub predictor: Signal<In, Bits<PREDICTOR_RAM_BITS>>,
    pub state: Signal<In, Bits<STATE_RAM_BITS>>,
    pub word: Signal<Out, ChannelWord>,
    bits: Signal<Local, Bits<STATE_BITS>>,
    state_at: Constant<Bits<16>>,
}

impl Default for JoinWord {
    fn default() -> Self {
        Self {
            predictor: Default::default(),
            state: Default::default(),
            word: Default::default(),
            bits: Default::default(),
            state_at: Constant::new((PREDICTOR_RAM_BITS as u64).into()),
        }
    }
}

impl Logic for JoinWord {
    #[hdl_gen]
    fn update(&mut self) {
        self.bits.next = bit_cast::<STATE_BITS, PREDICTOR_RAM_BITS>(self.predictor.val())
            | (bit_cast::<STATE_BITS, STATE_RAM_BITS>(self.state.val()) << self.state_at.val());
        self.word.next = self.bits.val().into();
    }
}

/// The predictor RAM's word of a state word: its low `PREDICTOR_RAM_BITS`.
pub fn predictor_part(w: Bits<STATE_BITS>) -> Bits<PREDICTOR_RAM_BITS> {
    w.get_bits::<PREDICTOR_RAM_BITS>(0)
}

/// The state RAM's word of a state word: the bits above the predictor's.
pub fn state_part(w: Bits<STATE_BITS>) -> Bits<STATE_RAM_BITS> {
    w.get_bits::<STATE_RAM_BITS>(PREDICTOR_RAM_BITS)
}

/// `N` bits as hex digits, most significant first, `N / 4` rounded up (what
/// $readmemh reads; rust-hdl's own hex formatting of wide `Bits` is not this).
pub fn word_hex<const N: usize>(w: Bits<N>) -> String {
    (0..N.div_ceil(4))
        .rev()
        .map(|d| {
            let nibble = (0..4)
                .filter(|&b| 4 * d + b < N && w.get_bit(4 * d + b))
                .fold(0, |v, b| v | 1 << b);
            char::from_digit(nibble, 16).unwrap()
        })
        .collect()
}

/// The state every channel starts in: golden's reset state with the
/// profile's starting weights (the trained ones of the ratio profile).
pub fn initial_state() -> ChannelState {
    let mut s = ChannelState::new(PROFILE);
    s.weights = initial_weights(PROFILE);
    s
}

/// The RAM word every channel starts in.
pub fn initial_word() -> Bits<STATE_BITS> {
    pack(&initial_state())
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
    }

    /// The hex of a word is its bits, most significant digit first.
    #[test]
    fn word_hex_is_the_bits_msb_first() {
        let digits = STATE_BITS.div_ceil(4);
        // As many of the pattern's bits as the word has (26 without taps).
        let v: u64 = 0x9abc_def0_0fed_cba9 & (u64::MAX >> 64usize.saturating_sub(STATE_BITS));
        assert_eq!(word_hex(state_bits(v as u128)), format!("{v:0digits$x}"));
        let top = Bits::<STATE_BITS>::default().replace_bit(STATE_BITS - 1, true);
        let lead = 1u32 << ((STATE_BITS - 1) % 4);
        let hex = word_hex(top);
        assert_eq!(hex[..1], char::from_digit(lead, 16).unwrap().to_string());
        assert!(hex[1..].chars().all(|c| c == '0'), "{hex}");
    }

    /// The bundle's fields in the order the layout states, both conversions.
    #[test]
    fn channel_word_fields_follow_the_stated_order() {
        let w = ChannelWord::default();
        assert_eq!(w.get_my_offset_last(), 0);
        assert_eq!(w.get_my_offset_deltas(), CODE);
        assert_eq!(w.get_my_offset_weights(), CODE + DELTAS_BITS);
        assert_eq!(w.get_my_offset_residual_signs(), PREDICTOR_RAM_BITS);
        assert_eq!(w.get_my_offset_raw_mode(), STATE_BITS - 1);
        let mut s = ChannelState::new(PROFILE);
        s.last = 1000;
        s.deltas[0] = -3;
        // (Fields a profile without taps does not have stay out of its word.)
        s.weights[TAPS.saturating_sub(1)] = 77;
        s.residual_signs[PENDING.saturating_sub(1)] = -1;
        s.old_delta_signs[0] = 1;
        s.raw_mode = true;
        let word = ChannelWord::from(pack(&s));
        let back: Bits<STATE_BITS> = word.into();
        assert_eq!(back, pack(&s));
        assert_eq!(word.last.index(), 1000);
        assert!(word.raw_mode);
        // The two RAMs' words: the predictor's fields below, the rest above.
        let (low, high) = (predictor_part(back), state_part(back));
        assert_eq!(low.get_bits::<CODE>(0).index(), 1000);
        assert_eq!(high.get_bits::<SIGNS_BITS>(0), word.residual_signs);
        assert!(high.get_bit(STATE_RAM_BITS - 1));
    }
}
