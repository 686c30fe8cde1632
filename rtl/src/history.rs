//! The code-history step of one sample (golden ChannelState::update, the parts
//! that depend on codes only): the saturated delta `code - last` shifted into
//! the delta history, and the oldest delta's sign into the old-delta-sign
//! queue. (The new last code is the sample's code; the raw-mode flag is
//! written a stage later, when the on-grid check is done.)

use crate::constants::{constant, offset};
use crate::layout::{DELTAS_BITS, SIGNS_BITS, SIGN_BITS};
use crate::params::{CODE, DELTA_BITS, TAPS};
use rust_hdl::prelude::*;

/// Bits of `code - last`, signed.
const DIFF_BITS: usize = CODE + 1;
/// Bits of `diff` above the saturated delta's sign bit (all equal when it fits).
const DIFF_TOP_BITS: usize = DIFF_BITS - DELTA_BITS + 1;

/// One sample's history update.
#[derive(LogicBlock)]
pub struct History {
    /// Last code before this sample.
    pub last: Signal<In, Bits<CODE>>,
    /// Delta history before this sample, newest first.
    pub deltas: Signal<In, Bits<DELTAS_BITS>>,
    /// Old delta signs before this sample, newest first.
    pub old_delta_signs: Signal<In, Bits<SIGNS_BITS>>,
    /// The sample's ADC code.
    pub code: Signal<In, Bits<CODE>>,
    /// Delta history after this sample.
    pub deltas_after: Signal<Out, Bits<DELTAS_BITS>>,
    /// Old delta signs after this sample.
    pub old_delta_signs_after: Signal<Out, Bits<SIGNS_BITS>>,
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
    delta_max: Constant<Bits<DELTA_BITS>>,
    delta_min: Constant<Bits<DELTA_BITS>>,
    delta_sign_at: Constant<Bits<8>>,
    diff_sign_at: Constant<Bits<8>>,
    oldest_at: Constant<Bits<8>>,
    delta_step: Constant<Bits<8>>,
    sign_step: Constant<Bits<8>>,
}

impl Default for History {
    fn default() -> Self {
        Self {
            last: Default::default(),
            deltas: Default::default(),
            old_delta_signs: Default::default(),
            code: Default::default(),
            deltas_after: Default::default(),
            old_delta_signs_after: Default::default(),
            diff: Default::default(),
            diff_top: Default::default(),
            delta: Default::default(),
            oldest: Default::default(),
            oldest_sign: Default::default(),
            delta_max: constant((1 << (DELTA_BITS - 1)) - 1),
            delta_min: constant(1 << (DELTA_BITS - 1)),
            delta_sign_at: offset(DELTA_BITS - 1),
            diff_sign_at: offset(DIFF_BITS - 1),
            oldest_at: offset((TAPS - 1) * DELTA_BITS),
            delta_step: offset(DELTA_BITS),
            sign_step: offset(SIGN_BITS),
        }
    }
}

impl Logic for History {
    #[hdl_gen]
    fn update(&mut self) {
        self.diff.next = bit_cast::<DIFF_BITS, CODE>(self.code.val())
            - bit_cast::<DIFF_BITS, CODE>(self.last.val());
        self.diff_top.next = self
            .diff
            .val()
            .get_bits::<DIFF_TOP_BITS>(self.delta_sign_at.val().index());
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
            .deltas
            .val()
            .get_bits::<DELTA_BITS>(self.oldest_at.val().index());
        self.oldest_sign.next = bit_cast::<SIGN_BITS, 1>(self.oldest.val().any().into())
            | (bit_cast::<SIGN_BITS, 1>(
                self.oldest
                    .val()
                    .get_bit(self.delta_sign_at.val().index())
                    .into(),
            ) << 1);
        self.deltas_after.next = (self.deltas.val() << self.delta_step.val())
            | bit_cast::<DELTAS_BITS, DELTA_BITS>(self.delta.val());
        self.old_delta_signs_after.next = (self.old_delta_signs.val() << self.sign_step.val())
            | bit_cast::<SIGNS_BITS, SIGN_BITS>(self.oldest_sign.val());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{channel_word, unpack};
    use crate::params::PROFILE;
    use crate::testing::{assert_synthesizes, random_state, Lcg};
    use golden::channel::Residual;

    #[test]
    fn history_synthesizes() {
        assert_synthesizes::<History>("history");
    }

    /// Random states and codes against golden's update: deltas and old delta signs.
    #[test]
    fn history_step_matches_golden() {
        let mut uut = History::default();
        uut.connect_all();
        let mut r = Lcg(11);
        for _ in 0..3000 {
            let s = random_state(&mut r);
            let code = r.below(1024);
            let word = channel_word(&s);
            uut.last.next = word.last;
            uut.deltas.next = word.deltas;
            uut.old_delta_signs.next = word.old_delta_signs;
            uut.code.next = bits(code as u64);
            assert!(simulate(&mut uut, 100));
            let mut want = s;
            want.update_residual(PROFILE, code, Residual::from_e(r.below(3) as i32 - 1), true);
            let mut got = word;
            got.deltas = uut.deltas_after.val();
            got.old_delta_signs = uut.old_delta_signs_after.val();
            let got = unpack(got.into());
            assert_eq!(
                (got.deltas, got.old_delta_signs),
                (want.deltas, want.old_delta_signs),
                "state {s:?} code {code}"
            );
        }
    }
}
