//! The activity accumulator `A += m - (A >> activity_shift)` and the coding
//! context it selects (golden context::context): Rice parameter k and table.

use crate::constants::{constant, offset};
use crate::params::{ACTIVITY_BITS, ACTIVITY_V_BITS, CODE, K_BITS, PROFILE, TABLE_BITS};
use golden::context::{QUIET_FIRST_TABLE, QUIET_SKIPPED};
use golden::profile::FRAC_BITS;
use rust_hdl::prelude::*;

/// One activity update.
#[derive(LogicBlock)]
pub struct ActivityUpdate {
    /// Activity before the sample.
    pub previous: Signal<In, Bits<ACTIVITY_BITS>>,
    /// The sample's zigzag residual.
    pub zigzag: Signal<In, Bits<CODE>>,
    /// Activity after the sample.
    pub after: Signal<Out, Bits<ACTIVITY_BITS>>,
    /// `A >> activity_shift`.
    decay: Signal<Local, Bits<ACTIVITY_BITS>>,
    /// `A + m`.
    grown: Signal<Local, Bits<ACTIVITY_BITS>>,
    shift: Constant<Bits<8>>,
}

impl Default for ActivityUpdate {
    fn default() -> Self {
        Self {
            previous: Default::default(),
            zigzag: Default::default(),
            after: Default::default(),
            decay: Default::default(),
            grown: Default::default(),
            shift: offset(PROFILE.model.activity_shift as usize),
        }
    }
}

impl Logic for ActivityUpdate {
    #[hdl_gen]
    fn update(&mut self) {
        self.decay.next = self.previous.val() >> self.shift.val();
        self.grown.next = self.previous.val() + bit_cast::<ACTIVITY_BITS, CODE>(self.zigzag.val());
        self.after.next = self.grown.val() - self.decay.val();
    }
}

/// Width the leading-one finder normalises (four halving steps: 8, 4, 2, 1).
const NORM_BITS: usize = 16;
/// Bits of `floor(log2 v)` (0..16).
pub const LOG_BITS: usize = 4;
/// Fraction bits below the leading one.
pub const FRAC: usize = FRAC_BITS as usize;
/// Bits of the quiet-context index `lg * 2^FRAC + frac`.
const QUIET_BITS: usize = LOG_BITS + FRAC;

/// The octave of an activity, the first half of the coding context (golden
/// channel::context): `lg = floor(log2 v)` of `v = A >> context_shift`
/// by leading-one normalisation, and the `FRAC_BITS` bits below the leading one.
#[derive(LogicBlock)]
pub struct Octave {
    /// Activity before the sample.
    pub activity: Signal<In, Bits<ACTIVITY_BITS>>,
    /// `floor(log2 v)` (0 for v = 0).
    pub lg: Signal<Out, Bits<LOG_BITS>>,
    /// The FRAC bits below the leading one (0 when lg < FRAC).
    pub frac: Signal<Out, Bits<FRAC>>,
    /// `v`, widened.
    v: Signal<Local, Bits<NORM_BITS>>,
    /// `v` after each normalising step.
    x8: Signal<Local, Bits<NORM_BITS>>,
    x4: Signal<Local, Bits<NORM_BITS>>,
    x2: Signal<Local, Bits<NORM_BITS>>,
    x1: Signal<Local, Bits<NORM_BITS>>,
    /// Each step shifted (its top bits were zero).
    z8: Signal<Local, bool>,
    z4: Signal<Local, bool>,
    z2: Signal<Local, bool>,
    z1: Signal<Local, bool>,
    /// Leading zeros of `v` in NORM_BITS.
    zeros: Signal<Local, Bits<LOG_BITS>>,
    v_shift: Constant<Bits<8>>,
    top: Constant<Bits<LOG_BITS>>,
    frac_at: Constant<Bits<8>>,
    frac_min_lg: Constant<Bits<LOG_BITS>>,
}

impl Default for Octave {
    fn default() -> Self {
        Self {
            activity: Default::default(),
            lg: Default::default(),
            frac: Default::default(),
            v: Default::default(),
            x8: Default::default(),
            x4: Default::default(),
            x2: Default::default(),
            x1: Default::default(),
            z8: Default::default(),
            z4: Default::default(),
            z2: Default::default(),
            z1: Default::default(),
            zeros: Default::default(),
            v_shift: offset(PROFILE.model.context_shift() as usize),
            top: constant((NORM_BITS - 1) as u128),
            frac_at: offset(NORM_BITS - 1 - FRAC),
            frac_min_lg: constant(FRAC as u128),
        }
    }
}

impl Logic for Octave {
    #[hdl_gen]
    fn update(&mut self) {
        self.v.next =
            bit_cast::<NORM_BITS, ACTIVITY_BITS>(self.activity.val() >> self.v_shift.val());
        self.z8.next = !self.v.val().get_bits::<8>(8).any();
        self.x8.next = self.v.val();
        if self.z8.val() {
            self.x8.next = self.v.val() << 8;
        }
        self.z4.next = !self.x8.val().get_bits::<4>(12).any();
        self.x4.next = self.x8.val();
        if self.z4.val() {
            self.x4.next = self.x8.val() << 4;
        }
        self.z2.next = !self.x4.val().get_bits::<2>(14).any();
        self.x2.next = self.x4.val();
        if self.z2.val() {
            self.x2.next = self.x4.val() << 2;
        }
        self.z1.next = !self.x2.val().get_bit(15);
        self.x1.next = self.x2.val();
        if self.z1.val() {
            self.x1.next = self.x2.val() << 1;
        }
        self.zeros.next = (bit_cast::<LOG_BITS, 1>(self.z8.val().into()) << 3)
            | (bit_cast::<LOG_BITS, 1>(self.z4.val().into()) << 2)
            | (bit_cast::<LOG_BITS, 1>(self.z2.val().into()) << 1)
            | bit_cast::<LOG_BITS, 1>(self.z1.val().into());
        self.lg.next = self.top.val() - self.zeros.val();
        self.frac.next = 0.into();
        if self.lg.val() >= self.frac_min_lg.val() {
            self.frac.next = bit_cast::<FRAC, NORM_BITS>(self.x1.val() >> self.frac_at.val());
        }
    }
}

/// The coding context from an activity's octave (golden context::context):
/// `k = lg - k_offset` and table `frac` when positive, else k = 0 and a quiet
/// table per quarter octave.
#[derive(LogicBlock)]
pub struct Context {
    /// The activity's octave and the bits below its leading one (`Octave`).
    pub lg: Signal<In, Bits<LOG_BITS>>,
    pub frac: Signal<In, Bits<FRAC>>,
    /// Rice parameter.
    pub k: Signal<Out, Bits<K_BITS>>,
    /// Code table.
    pub code_table: Signal<Out, Bits<TABLE_BITS>>,
    /// `lg - k_offset`.
    k_raw: Signal<Local, Bits<LOG_BITS>>,
    /// Quiet context index `(lg << FRAC) + frac`.
    quiet: Signal<Local, Bits<QUIET_BITS>>,
    /// Quiet context index minus the skipped lowest contexts.
    quiet_table: Signal<Local, Bits<QUIET_BITS>>,
    frac_shift: Constant<Bits<8>>,
    k_offset: Constant<Bits<LOG_BITS>>,
    quiet_skip: Constant<Bits<QUIET_BITS>>,
    quiet_first: Constant<Bits<QUIET_BITS>>,
}

impl Default for Context {
    fn default() -> Self {
        Self {
            lg: Default::default(),
            frac: Default::default(),
            k: Default::default(),
            code_table: Default::default(),
            k_raw: Default::default(),
            quiet: Default::default(),
            quiet_table: Default::default(),
            frac_shift: offset(FRAC),
            k_offset: constant(PROFILE.model.k_offset as u128),
            quiet_skip: constant(QUIET_SKIPPED as u128),
            quiet_first: constant(QUIET_FIRST_TABLE as u128),
        }
    }
}

const _: () =
    assert!(ACTIVITY_V_BITS <= NORM_BITS && K_BITS <= LOG_BITS && TABLE_BITS <= QUIET_BITS);

impl Logic for Context {
    #[hdl_gen]
    fn update(&mut self) {
        self.k_raw.next = self.lg.val() - self.k_offset.val();
        self.quiet.next = (bit_cast::<QUIET_BITS, LOG_BITS>(self.lg.val())
            << self.frac_shift.val())
            | bit_cast::<QUIET_BITS, FRAC>(self.frac.val());
        self.quiet_table.next = self.quiet.val() - self.quiet_skip.val();
        if self.lg.val() > self.k_offset.val() {
            self.k.next = bit_cast::<K_BITS, LOG_BITS>(self.k_raw.val());
            self.code_table.next = bit_cast::<TABLE_BITS, FRAC>(self.frac.val());
        } else {
            self.k.next = 0.into();
            self.code_table.next = bit_cast::<TABLE_BITS, QUIET_BITS>(self.quiet_first.val());
            if self.quiet.val() >= self.quiet_skip.val() {
                self.code_table.next = bit_cast::<TABLE_BITS, QUIET_BITS>(
                    self.quiet_table.val() + self.quiet_first.val(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_synthesizes;
    use golden::channel::{context, next_activity};

    #[test]
    fn activity_blocks_synthesize() {
        assert_synthesizes::<ActivityUpdate>("activity_update");
        assert_synthesizes::<Octave>("octave");
        assert_synthesizes::<Context>("context");
    }

    /// Every activity value the accumulator can hold through both halves, against golden.
    #[test]
    fn context_matches_golden_for_every_activity() {
        let mut octave = Octave::default();
        octave.connect_all();
        let mut uut = Context::default();
        uut.connect_all();
        for a in 0..(1u32 << ACTIVITY_BITS) {
            octave.activity.next = bits(a as u64);
            assert!(simulate(&mut octave, 100));
            uut.lg.next = octave.lg.val();
            uut.frac.next = octave.frac.val();
            assert!(simulate(&mut uut, 100));
            let (k, t) = context(PROFILE, a);
            assert_eq!(
                (uut.k.val().index() as u32, uut.code_table.val().index()),
                (k, t),
                "activity {a}"
            );
        }
    }

    /// The extremes and random reachable activities against golden's `next_activity`.
    #[test]
    fn activity_update_matches_golden() {
        let mut uut = ActivityUpdate::default();
        uut.connect_all();
        let top = 1023u32 << PROFILE.model.activity_shift;
        let mut r = crate::testing::Lcg(5);
        let corners = [(0, 0), (top, 1023), (top, 0), (0, 1023)];
        let random = (0..2000).map(|_| crate::testing::random_state(&mut r).activity);
        let mut r2 = crate::testing::Lcg(6);
        for (a, m) in corners
            .into_iter()
            .chain(random.map(|a| (a, r2.below(1024))))
        {
            uut.previous.next = bits(a as u64);
            uut.zigzag.next = bits(m as u64);
            assert!(simulate(&mut uut, 100));
            let want = next_activity(PROFILE, a, m);
            assert!(want < 1 << ACTIVITY_BITS);
            assert_eq!(uut.after.val().index() as u32, want, "activity {a} m {m}");
        }
    }
}
