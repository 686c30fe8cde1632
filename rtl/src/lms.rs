//! The delayed sign-sign LMS step (golden ChannelState::lms_step): each weight
//! moves one LSB by sign(residual) * sign(regressor) of the step `lms_delay`
//! samples old, saturating. The regressor of tap i is delta i + pending of the
//! history before this sample, or an old delta sign beyond the stored deltas.

use crate::constants::{constant, offset};
use crate::layout::{DELTAS_BITS, SIGNS_BITS, SIGN_BITS, WEIGHTS_BITS};
use crate::params::{DELTA_BITS, PENDING, TAPS, WEIGHT_BITS};
use array_init::array_init;
use rust_hdl::prelude::*;

const _: () = assert!(PENDING < TAPS, "some regressor is a stored delta");

/// Bits of the deltas that are regressors (`deltas[PENDING..TAPS]`).
const REGRESSOR_DELTAS_BITS: usize = (TAPS - PENDING) * DELTA_BITS;

/// One sample's weight update.
#[derive(LogicBlock)]
pub struct Lms {
    /// The weights before this sample.
    pub weights: Signal<In, Bits<WEIGHTS_BITS>>,
    /// The delta history before this sample (the regressors), newest first.
    pub deltas: Signal<In, Bits<DELTAS_BITS>>,
    /// The old delta signs before this sample (regressors beyond the deltas).
    pub old_delta_signs: Signal<In, Bits<SIGNS_BITS>>,
    /// Sign code of the pending step's residual (bit 0 nonzero, bit 1 negative).
    pub step_sign: Signal<In, Bits<SIGN_BITS>>,
    /// The weights after this sample.
    pub after: Signal<Out, Bits<WEIGHTS_BITS>>,
    /// Weight `i` before.
    w: [Signal<Local, Bits<WEIGHT_BITS>>; TAPS],
    /// Weight `i` after.
    w_next: [Signal<Local, Bits<WEIGHT_BITS>>; TAPS],
    /// The stepped weights 0..=i placed in the word (the last is `after`).
    placed: [Signal<Local, Bits<WEIGHTS_BITS>>; TAPS],
    /// Stepped weight `i` at its place in the word.
    place: [Place; TAPS],
    /// The deltas that are regressors (`deltas[PENDING..]`).
    regressor_deltas: Signal<Local, Bits<REGRESSOR_DELTAS_BITS>>,
    /// Regressor delta of tap `i` (when it is a stored delta).
    delta: [Signal<Local, Bits<DELTA_BITS>>; TAPS],
    /// Regressor of tap `i` is nonzero.
    regressor_nonzero: [Signal<Local, bool>; TAPS],
    /// Regressor of tap `i` is negative.
    regressor_negative: [Signal<Local, bool>; TAPS],
    /// Step up (toward larger weight).
    up: [Signal<Local, bool>; TAPS],
    /// Step down.
    down: [Signal<Local, bool>; TAPS],
    /// Offsets of the weights, the regressor deltas and regressor old signs.
    weight_at: [Constant<Bits<8>>; TAPS],
    delta_at: [Constant<Bits<8>>; TAPS],
    sign_at: [Constant<Bits<8>>; TAPS],
    sign_negative_at: [Constant<Bits<8>>; TAPS],
    /// The regressor of tap `i` is an old delta sign (beyond the stored deltas).
    from_old_sign: [Constant<bool>; TAPS],
    delta_sign_at: Constant<Bits<8>>,
    regressor_deltas_at: Constant<Bits<8>>,
    weight_max: Constant<Bits<WEIGHT_BITS>>,
    weight_min: Constant<Bits<WEIGHT_BITS>>,
}

/// The old delta sign that is tap `i`'s regressor (when beyond the deltas).
const fn old_sign(i: usize) -> usize {
    let j = (i + PENDING).saturating_sub(TAPS);
    if j < PENDING {
        j
    } else {
        PENDING - 1
    }
}

impl Default for Lms {
    fn default() -> Self {
        Self {
            weights: Default::default(),
            deltas: Default::default(),
            old_delta_signs: Default::default(),
            step_sign: Default::default(),
            after: Default::default(),
            w: array_init(|_| Default::default()),
            w_next: array_init(|_| Default::default()),
            placed: array_init(|_| Default::default()),
            place: array_init(|i| Place::new(i)),
            regressor_deltas: Default::default(),
            delta: array_init(|_| Default::default()),
            regressor_nonzero: array_init(|_| Default::default()),
            regressor_negative: array_init(|_| Default::default()),
            up: array_init(|_| Default::default()),
            down: array_init(|_| Default::default()),
            weight_at: array_init(|i| offset(i * WEIGHT_BITS)),
            delta_at: array_init(|i| offset(((i + PENDING).min(TAPS - 1) - PENDING) * DELTA_BITS)),
            sign_at: array_init(|i| offset(old_sign(i) * SIGN_BITS)),
            sign_negative_at: array_init(|i| offset(old_sign(i) * SIGN_BITS + 1)),
            from_old_sign: array_init(|i| Constant::new(i + PENDING >= TAPS)),
            delta_sign_at: offset(DELTA_BITS - 1),
            regressor_deltas_at: offset(PENDING * DELTA_BITS),
            weight_max: constant((1 << (WEIGHT_BITS - 1)) - 1),
            weight_min: constant(1 << (WEIGHT_BITS - 1)),
        }
    }
}

impl Logic for Lms {
    #[hdl_gen]
    fn update(&mut self) {
        self.regressor_deltas.next = bit_cast::<REGRESSOR_DELTAS_BITS, DELTAS_BITS>(
            self.deltas.val() >> self.regressor_deltas_at.val(),
        );
        for i in 0..TAPS {
            self.w[i].next = self
                .weights
                .val()
                .get_bits::<WEIGHT_BITS>(self.weight_at[i].val().index());
            self.delta[i].next = self
                .regressor_deltas
                .val()
                .get_bits::<DELTA_BITS>(self.delta_at[i].val().index());
            if self.from_old_sign[i].val() {
                self.regressor_nonzero[i].next = self
                    .old_delta_signs
                    .val()
                    .get_bit(self.sign_at[i].val().index());
                self.regressor_negative[i].next = self
                    .old_delta_signs
                    .val()
                    .get_bit(self.sign_negative_at[i].val().index());
            } else {
                self.regressor_nonzero[i].next = self.delta[i].val().any();
                self.regressor_negative[i].next = self.delta[i]
                    .val()
                    .get_bit(self.delta_sign_at.val().index());
            }
            self.up[i].next = self.step_sign.val().get_bit(0)
                && self.regressor_nonzero[i].val()
                && (self.step_sign.val().get_bit(1) == self.regressor_negative[i].val());
            self.down[i].next = self.step_sign.val().get_bit(0)
                && self.regressor_nonzero[i].val()
                && (self.step_sign.val().get_bit(1) != self.regressor_negative[i].val());
            self.w_next[i].next = self.w[i].val();
            if self.up[i].val() && (self.w[i].val() != self.weight_max.val()) {
                self.w_next[i].next = self.w[i].val() + 1;
            }
            if self.down[i].val() && (self.w[i].val() != self.weight_min.val()) {
                self.w_next[i].next = self.w[i].val() - 1;
            }
        }
        for i in 0..TAPS {
            self.place[i].weight.next = self.w_next[i].val();
        }
        self.placed[0].next = self.place[0].word.val();
        for i in 1..TAPS {
            self.placed[i].next = self.placed[i - 1].val() | self.place[i].word.val();
        }
        // (An hdl_gen index is evaluated from loop variables only: a
        // one-pass loop names the last element.)
        for last in (TAPS - 1)..TAPS {
            self.after.next = self.placed[last].val();
        }
    }
}

/// One weight at its place in the weight word (a block of its own: an
/// hdl_gen cast cannot take an indexed signal).
#[derive(LogicBlock)]
pub struct Place {
    pub weight: Signal<In, Bits<WEIGHT_BITS>>,
    /// The weight shifted to its tap's bits, zero elsewhere.
    pub word: Signal<Out, Bits<WEIGHTS_BITS>>,
    at: Constant<Bits<8>>,
}

impl Place {
    fn new(tap: usize) -> Self {
        Self {
            weight: Default::default(),
            word: Default::default(),
            at: offset(tap * WEIGHT_BITS),
        }
    }
}

impl Logic for Place {
    #[hdl_gen]
    fn update(&mut self) {
        self.word.next = bit_cast::<WEIGHTS_BITS, WEIGHT_BITS>(self.weight.val()) << self.at.val();
    }
}

/// The residual sign of the step a sample applies: sign of the residual
/// `pending` samples older than the previous one of its channel. `pending_0`
/// and `pending_1` tell whether the next two stages (before the sign stage)
/// hold older samples of the same channel: each one shifts the wanted sign one
/// place toward the newest end of the queue of the newest sample past the sign
/// stage (or of the carried state).
#[derive(LogicBlock)]
pub struct PendingSign {
    /// Residual-sign queue of the newest same-channel sample past the sign stage.
    pub queue: Signal<In, Bits<SIGNS_BITS>>,
    /// The stage after the weight stage holds an older sample of this channel.
    pub pending_0: Signal<In, bool>,
    /// The stage after that holds one.
    pub pending_1: Signal<In, bool>,
    /// Sign code of the step's residual.
    pub sign: Signal<Out, Bits<SIGN_BITS>>,
    /// Offsets of the oldest queue entry and the two newer ones.
    oldest_at: Constant<Bits<8>>,
    older_at: Constant<Bits<8>>,
    newer_at: Constant<Bits<8>>,
}

// Two stages lie between the weight stage and the sign stage's register.
const _: () = assert!(crate::params::SIGN_STAGE - crate::params::WEIGHT_STAGE == 2);

impl Default for PendingSign {
    fn default() -> Self {
        Self {
            queue: Default::default(),
            pending_0: Default::default(),
            pending_1: Default::default(),
            sign: Default::default(),
            oldest_at: offset((PENDING - 1) * SIGN_BITS),
            older_at: offset((PENDING - 2) * SIGN_BITS),
            newer_at: offset((PENDING - 3) * SIGN_BITS),
        }
    }
}

impl Logic for PendingSign {
    #[hdl_gen]
    fn update(&mut self) {
        self.sign.next =
            bit_cast::<SIGN_BITS, SIGNS_BITS>(self.queue.val() >> self.oldest_at.val());
        if self.pending_0.val() != self.pending_1.val() {
            self.sign.next =
                bit_cast::<SIGN_BITS, SIGNS_BITS>(self.queue.val() >> self.older_at.val());
        }
        if self.pending_0.val() && self.pending_1.val() {
            self.sign.next =
                bit_cast::<SIGN_BITS, SIGNS_BITS>(self.queue.val() >> self.newer_at.val());
        }
    }
}

/// The residual-sign queue after a sample: its sign shifted in as the newest
/// (golden ChannelState::lms_step's `shift_in` of `residual_signs`).
#[derive(LogicBlock)]
pub struct SignQueue {
    /// The queue before the sample, newest first.
    pub queue: Signal<In, Bits<SIGNS_BITS>>,
    /// Sign code of the sample's residual.
    pub sign: Signal<In, Bits<SIGN_BITS>>,
    /// The queue after the sample.
    pub after: Signal<Out, Bits<SIGNS_BITS>>,
    sign_step: Constant<Bits<8>>,
}

impl Default for SignQueue {
    fn default() -> Self {
        Self {
            queue: Default::default(),
            sign: Default::default(),
            after: Default::default(),
            sign_step: offset(SIGN_BITS),
        }
    }
}

impl Logic for SignQueue {
    #[hdl_gen]
    fn update(&mut self) {
        self.after.next = (self.queue.val() << self.sign_step.val())
            | bit_cast::<SIGNS_BITS, SIGN_BITS>(self.sign.val());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{channel_word, sign_code};
    use crate::params::PROFILE;
    use crate::testing::{assert_synthesizes, random_state, Lcg};
    use golden::channel::{ChannelState, Residual};

    #[test]
    fn lms_blocks_synthesize() {
        assert_synthesizes::<Lms>("lms");
        assert_synthesizes::<PendingSign>("pending_sign");
        assert_synthesizes::<SignQueue>("sign_queue");
    }

    /// Golden's update with a random residual (the weights do not depend on it).
    fn golden_update(s: &ChannelState, r: &mut Lcg) -> ChannelState {
        let mut after = *s;
        let e = r.below(1024) as i32 - 512;
        after.update_residual(PROFILE, r.below(1024), Residual::from_e(e), true);
        after
    }

    /// Random states (weights at the clamps included) against golden's delayed step.
    #[test]
    fn lms_step_matches_golden() {
        let mut uut = Lms::default();
        uut.connect_all();
        let mut r = Lcg(21);
        for _ in 0..3000 {
            let s = random_state(&mut r);
            let word = channel_word(&s);
            uut.weights.next = word.weights;
            uut.deltas.next = word.deltas;
            uut.old_delta_signs.next = word.old_delta_signs;
            uut.step_sign.next = bits(sign_code(s.residual_signs[PENDING - 1]) as u64);
            assert!(simulate(&mut uut, 100));
            let want = golden_update(&s, &mut r);
            for i in 0..TAPS {
                let w = uut
                    .after
                    .val()
                    .get_bits::<WEIGHT_BITS>(i * WEIGHT_BITS)
                    .index() as i64;
                let w = (w << (64 - WEIGHT_BITS)) >> (64 - WEIGHT_BITS);
                assert_eq!(w as i16, want.weights[i], "tap {i} of {s:?}");
            }
        }
    }

    /// With `n` older samples of the channel still before the sign stage, the
    /// step's sign is the one their `n` golden updates push to the queue's end.
    #[test]
    fn pending_sign_is_the_queue_end_after_the_samples_in_flight() {
        let mut uut = PendingSign::default();
        uut.connect_all();
        let mut r = Lcg(22);
        for _ in 0..1000 {
            let s = random_state(&mut r);
            let queue = channel_word(&s).residual_signs;
            for (p0, p1) in [(false, false), (true, false), (false, true), (true, true)] {
                let mut later = s;
                for _ in 0..(p0 as usize + p1 as usize) {
                    later = golden_update(&later, &mut r);
                }
                uut.queue.next = queue;
                uut.pending_0.next = p0;
                uut.pending_1.next = p1;
                assert!(simulate(&mut uut, 100));
                let want = sign_code(later.residual_signs[PENDING - 1]) as u64;
                assert_eq!(uut.sign.val().index() as u64, want, "{p0} {p1} {s:?}");
            }
        }
    }

    #[test]
    fn sign_queue_matches_golden() {
        let mut uut = SignQueue::default();
        uut.connect_all();
        let mut r = Lcg(23);
        for _ in 0..1000 {
            let s = random_state(&mut r);
            let e = r.below(5) as i32 - 2;
            let mut want = s;
            want.update_residual(PROFILE, r.below(1024), Residual::from_e(e), true);
            uut.queue.next = channel_word(&s).residual_signs;
            uut.sign.next = bits(sign_code(e.signum() as i8) as u64);
            assert!(simulate(&mut uut, 100));
            let want = channel_word(&want).residual_signs;
            assert_eq!(uut.after.val(), want, "{s:?} e {e}");
        }
    }
}
