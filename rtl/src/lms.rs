//! The delayed sign-sign LMS step (golden ChannelState::lms_step): each weight
//! moves one LSB by sign(residual) * sign(regressor) of the step `lms_delay`
//! samples old, saturating. The regressor of tap i is delta i + pending of the
//! history before this sample, or an old delta sign beyond the stored deltas.

use crate::constants::{constant, offset};
use crate::layout::*;
use crate::params::{DELTA_BITS, PENDING, STATE_BITS, TAPS, WEIGHT_BITS};
use array_init::array_init;
use rust_hdl::prelude::*;

const _: () = assert!(TAPS == 4, "the weight word is assembled for four taps");

/// One sample's weight update.
#[derive(LogicBlock)]
pub struct Lms {
    /// State word holding the weights before this sample.
    pub weights: Signal<In, Bits<STATE_BITS>>,
    /// State word holding the history (deltas, old delta signs) before this sample.
    pub history: Signal<In, Bits<STATE_BITS>>,
    /// Sign code of the pending step's residual (bit 0 nonzero, bit 1 negative).
    pub step_sign: Signal<In, Bits<SIGN_BITS>>,
    /// The weights after this sample, in place in an otherwise zero word.
    pub after: Signal<Out, Bits<STATE_BITS>>,
    /// Weight `i` before.
    w: [Signal<Local, Bits<WEIGHT_BITS>>; TAPS],
    /// Weight `i` after.
    w_next: [Signal<Local, Bits<WEIGHT_BITS>>; TAPS],
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
    weight_max: Constant<Bits<WEIGHT_BITS>>,
    weight_min: Constant<Bits<WEIGHT_BITS>>,
}

impl Default for Lms {
    fn default() -> Self {
        Self {
            weights: Default::default(),
            history: Default::default(),
            step_sign: Default::default(),
            after: Default::default(),
            w: array_init(|_| Default::default()),
            w_next: array_init(|_| Default::default()),
            delta: array_init(|_| Default::default()),
            regressor_nonzero: array_init(|_| Default::default()),
            regressor_negative: array_init(|_| Default::default()),
            up: array_init(|_| Default::default()),
            down: array_init(|_| Default::default()),
            weight_at: array_init(|i| offset(weight_at(i))),
            delta_at: array_init(|i| offset(delta_at((i + PENDING).min(TAPS - 1)))),
            sign_at: array_init(|i| {
                offset(old_delta_sign_at(
                    (i + PENDING).saturating_sub(TAPS).min(PENDING - 1),
                ))
            }),
            sign_negative_at: array_init(|i| {
                offset(old_delta_sign_at((i + PENDING).saturating_sub(TAPS).min(PENDING - 1)) + 1)
            }),
            from_old_sign: array_init(|i| Constant::new(i + PENDING >= TAPS)),
            delta_sign_at: offset(DELTA_BITS - 1),
            weight_max: constant((1 << (WEIGHT_BITS - 1)) - 1),
            weight_min: constant(1 << (WEIGHT_BITS - 1)),
        }
    }
}

impl Logic for Lms {
    #[hdl_gen]
    fn update(&mut self) {
        self.w[0].next =
            bit_cast::<WEIGHT_BITS, STATE_BITS>(self.weights.val() >> self.weight_at[0].val());
        self.w[1].next =
            bit_cast::<WEIGHT_BITS, STATE_BITS>(self.weights.val() >> self.weight_at[1].val());
        self.w[2].next =
            bit_cast::<WEIGHT_BITS, STATE_BITS>(self.weights.val() >> self.weight_at[2].val());
        self.w[3].next =
            bit_cast::<WEIGHT_BITS, STATE_BITS>(self.weights.val() >> self.weight_at[3].val());
        for i in 0..TAPS {
            self.delta[i].next = self
                .history
                .val()
                .get_bits::<DELTA_BITS>(self.delta_at[i].val().index());
            if self.from_old_sign[i].val() {
                self.regressor_nonzero[i].next =
                    self.history.val().get_bit(self.sign_at[i].val().index());
                self.regressor_negative[i].next = self
                    .history
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
        self.after.next = (bit_cast::<STATE_BITS, WEIGHT_BITS>(self.w_next[0].val())
            << self.weight_at[0].val())
            | (bit_cast::<STATE_BITS, WEIGHT_BITS>(self.w_next[1].val())
                << self.weight_at[1].val())
            | (bit_cast::<STATE_BITS, WEIGHT_BITS>(self.w_next[2].val())
                << self.weight_at[2].val())
            | (bit_cast::<STATE_BITS, WEIGHT_BITS>(self.w_next[3].val())
                << self.weight_at[3].val());
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
    pub queue: Signal<In, Bits<STATE_BITS>>,
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
            oldest_at: offset(residual_sign_at(PENDING - 1)),
            older_at: offset(residual_sign_at(PENDING - 2)),
            newer_at: offset(residual_sign_at(PENDING - 3)),
        }
    }
}

impl Logic for PendingSign {
    #[hdl_gen]
    fn update(&mut self) {
        self.sign.next =
            bit_cast::<SIGN_BITS, STATE_BITS>(self.queue.val() >> self.oldest_at.val());
        if self.pending_0.val() != self.pending_1.val() {
            self.sign.next =
                bit_cast::<SIGN_BITS, STATE_BITS>(self.queue.val() >> self.older_at.val());
        }
        if self.pending_0.val() && self.pending_1.val() {
            self.sign.next =
                bit_cast::<SIGN_BITS, STATE_BITS>(self.queue.val() >> self.newer_at.val());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_synthesizes;

    #[test]
    fn lms_blocks_synthesize() {
        assert_synthesizes::<Lms>("lms");
        assert_synthesizes::<PendingSign>("pending_sign");
    }
}
