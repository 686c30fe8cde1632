//! The code-history step of one sample (golden ChannelState::update, the parts
//! that depend on codes only): last code, the saturated delta shifted into the
//! delta history and the oldest delta's sign into the old-delta-sign queue.
//! (The raw-mode flag is written a stage later, when the on-grid check is done.)

use crate::constants::{constant, offset};
use crate::layout::*;
use crate::params::{CODE, DELTA_BITS, PENDING, STATE_BITS, TAPS};
use rust_hdl::prelude::*;

/// Bits of `code - last`, signed.
const DIFF_BITS: usize = CODE + 1;
/// Bits of `diff` above the saturated delta's sign bit (all equal when it fits).
const DIFF_TOP_BITS: usize = DIFF_BITS - DELTA_BITS + 1;

/// One sample's history update.
#[derive(LogicBlock)]
pub struct History {
    /// State before this sample (history fields used).
    pub previous: Signal<In, Bits<STATE_BITS>>,
    /// The sample's carried state: fields this step does not write pass through.
    pub carried: Signal<In, Bits<STATE_BITS>>,
    /// The sample's ADC code.
    pub code: Signal<In, Bits<CODE>>,
    /// `carried` with the history fields after this sample.
    pub after: Signal<Out, Bits<STATE_BITS>>,
    /// Last code before this sample.
    last: Signal<Local, Bits<CODE>>,
    /// `code - last`, signed.
    diff: Signal<Local, Bits<DIFF_BITS>>,
    /// The bits of `diff` from the delta's sign bit up.
    diff_top: Signal<Local, Bits<DIFF_TOP_BITS>>,
    /// `code - last` saturated to a delta.
    delta: Signal<Local, Bits<DELTA_BITS>>,
    /// The oldest delta, about to leave the history.
    oldest: Signal<Local, Bits<DELTA_BITS>>,
    /// Its sign code.
    oldest_sign: Signal<Local, Bits<SIGN_BITS>>,
    /// Field offsets and masks of the state word (crate::layout).
    delta_max: Constant<Bits<DELTA_BITS>>,
    delta_min: Constant<Bits<DELTA_BITS>>,
    delta_sign_at: Constant<Bits<8>>,
    diff_top_at: Constant<Bits<8>>,
    diff_sign_at: Constant<Bits<8>>,
    oldest_at: Constant<Bits<8>>,
    delta0_at: Constant<Bits<8>>,
    old_sign0_at: Constant<Bits<8>>,
    delta_step: Constant<Bits<8>>,
    sign_step: Constant<Bits<8>>,
    keep: Constant<Bits<STATE_BITS>>,
    shifted_deltas: Constant<Bits<STATE_BITS>>,
    shifted_signs: Constant<Bits<STATE_BITS>>,
}

const fn span(at: usize, width: usize) -> u128 {
    ((1u128 << width) - 1) << at
}

impl Default for History {
    fn default() -> Self {
        Self {
            previous: Default::default(),
            carried: Default::default(),
            code: Default::default(),
            after: Default::default(),
            last: Default::default(),
            diff: Default::default(),
            diff_top: Default::default(),
            delta: Default::default(),
            oldest: Default::default(),
            oldest_sign: Default::default(),
            delta_max: constant((1 << (DELTA_BITS - 1)) - 1),
            delta_min: constant(1 << (DELTA_BITS - 1)),
            delta_sign_at: offset(DELTA_BITS - 1),
            diff_top_at: offset(DELTA_BITS - 1),
            diff_sign_at: offset(DIFF_BITS - 1),
            oldest_at: offset(delta_at(TAPS - 1)),
            delta0_at: offset(delta_at(0)),
            old_sign0_at: offset(old_delta_sign_at(0)),
            delta_step: offset(DELTA_BITS),
            sign_step: offset(SIGN_BITS),
            keep: constant(!CODE_HISTORY_MASK),
            shifted_deltas: constant(span(delta_at(0), (TAPS - 1) * DELTA_BITS)),
            shifted_signs: constant(span(old_delta_sign_at(0), (PENDING - 1) * SIGN_BITS)),
        }
    }
}

impl Logic for History {
    #[hdl_gen]
    fn update(&mut self) {
        self.last.next = self.previous.val().get_bits::<CODE>(0);
        self.diff.next = bit_cast::<DIFF_BITS, CODE>(self.code.val())
            - bit_cast::<DIFF_BITS, CODE>(self.last.val());
        self.diff_top.next = self
            .diff
            .val()
            .get_bits::<DIFF_TOP_BITS>(self.diff_top_at.val().index());
        // Saturate to the delta width (golden channel::saturate).
        self.delta.next = self.diff.val().get_bits::<DELTA_BITS>(0);
        if !(self.diff_top.val().all() || !self.diff_top.val().any()) {
            if self.diff.val().get_bit(self.diff_sign_at.val().index()) {
                self.delta.next = self.delta_min.val();
            } else {
                self.delta.next = self.delta_max.val();
            }
        }
        self.oldest.next = self
            .previous
            .val()
            .get_bits::<DELTA_BITS>(self.oldest_at.val().index());
        self.oldest_sign.next = bit_cast::<SIGN_BITS, 1>(self.oldest.val().any().into())
            | (bit_cast::<SIGN_BITS, 1>(
                self.oldest
                    .val()
                    .get_bit(self.delta_sign_at.val().index())
                    .into(),
            ) << 1);
        self.after.next = (self.carried.val() & self.keep.val())
            | bit_cast::<STATE_BITS, CODE>(self.code.val())
            | (bit_cast::<STATE_BITS, DELTA_BITS>(self.delta.val()) << self.delta0_at.val())
            | ((self.previous.val() & self.shifted_deltas.val()) << self.delta_step.val())
            | (bit_cast::<STATE_BITS, SIGN_BITS>(self.oldest_sign.val())
                << self.old_sign0_at.val())
            | ((self.previous.val() & self.shifted_signs.val()) << self.sign_step.val());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_synthesizes;

    #[test]
    fn history_synthesizes() {
        assert_synthesizes::<History>("history");
    }
}
