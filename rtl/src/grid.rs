//! The ADC grid map (golden::grid) in shifts and adds: `GridCode` finds the
//! nearest code of a sample, `GridCheck` and `GridCompare` (two stages) tell
//! whether the sample is exactly that code's grid value (on the grid).

use crate::constants::constant;
use crate::params::{CODE, SAMPLE_BITS};
use rust_hdl::prelude::*;

/// Width of `u * 1023 + 2^15` for a 16-bit `u`.
const SCALED_BITS: usize = SAMPLE_BITS + CODE;

/// sample -> code: `((u << 10) - u + 2^15) >> 16` with `u = sample + 2^15`.
#[derive(LogicBlock)]
pub struct GridCode {
    /// The sample, two's complement.
    pub sample: Signal<In, Bits<SAMPLE_BITS>>,
    /// Its nearest ADC code.
    pub code: Signal<Out, Bits<CODE>>,
    /// The sample offset to unsigned, widened.
    u: Signal<Local, Bits<SCALED_BITS>>,
    /// `u << CODE`.
    shifted: Signal<Local, Bits<SCALED_BITS>>,
    /// `u * (2^CODE - 1)`.
    scaled: Signal<Local, Bits<SCALED_BITS>>,
    /// `u * (2^CODE - 1)` plus one half, so the top bits round.
    rounded: Signal<Local, Bits<SCALED_BITS>>,
    /// The sign bit, flipped to offset the sample to unsigned.
    sign_flip: Constant<Bits<SAMPLE_BITS>>,
    /// One half of the sample range.
    half: Constant<Bits<SCALED_BITS>>,
    /// `CODE`, as a shift.
    code_shift: Constant<Bits<8>>,
    /// `SAMPLE_BITS`, as a bit offset.
    code_at: Constant<Bits<8>>,
}

impl Default for GridCode {
    fn default() -> Self {
        Self {
            sample: Default::default(),
            code: Default::default(),
            u: Default::default(),
            shifted: Default::default(),
            scaled: Default::default(),
            rounded: Default::default(),
            sign_flip: constant(1 << (SAMPLE_BITS - 1)),
            half: constant(1 << (SAMPLE_BITS - 1)),
            code_shift: constant(CODE as u128),
            code_at: constant(SAMPLE_BITS as u128),
        }
    }
}

impl Logic for GridCode {
    #[hdl_gen]
    fn update(&mut self) {
        self.u.next =
            bit_cast::<SCALED_BITS, SAMPLE_BITS>(self.sample.val() ^ self.sign_flip.val());
        self.shifted.next = self.u.val() << self.code_shift.val();
        self.scaled.next = self.shifted.val() - self.u.val();
        self.rounded.next = self.scaled.val() + self.half.val();
        self.code.next = bit_cast::<CODE, SCALED_BITS>(self.rounded.val() >> self.code_at.val());
    }
}

/// Bits of an offset within one half of the grid.
const HALF_BITS: usize = CODE - 1;

/// (code, sample) -> whether `sample` is the grid value of `code`:
/// `64 c + 31 + floor((63 c + 543) / 1023)` in the upper half, mirrored under NOT below.
/// Two stages: `GridCheck` forms `n = 63 c + 543`, `n + (n >> 10) + 1` and
/// `64 c + 31`, `GridCompare` takes the quotient, adds and compares.
#[derive(LogicBlock)]
pub struct GridCheck {
    /// An ADC code.
    pub code: Signal<In, Bits<CODE>>,
    /// The sample it was derived from.
    pub sample: Signal<In, Bits<SAMPLE_BITS>>,
    /// The value the upper-half grid value must equal: the sample, NOT-ed below.
    pub target: Signal<Out, Bits<SAMPLE_BITS>>,
    /// `n + (n >> 10) + 1` for `n = 63 c + 543`: `floor(n / 1023)` is its bits from 10 up.
    pub n_sum1: Signal<Out, Bits<SAMPLE_BITS>>,
    /// `64 c + 31`.
    pub base: Signal<Out, Bits<SAMPLE_BITS>>,
    /// `n = 63 c + 543`.
    n: Signal<Local, Bits<SAMPLE_BITS>>,
    /// `n + 1`.
    n1: Signal<Local, Bits<SAMPLE_BITS>>,
    /// The code is in the upper half of the grid.
    upper: Signal<Local, bool>,
    /// The code's low bits.
    low: Signal<Local, Bits<HALF_BITS>>,
    /// Offset within the half (mirrored for the lower half).
    offset: Signal<Local, Bits<HALF_BITS>>,
    /// The offset, widened to a sample.
    c: Signal<Local, Bits<SAMPLE_BITS>>,
    /// `64 c`.
    c64: Signal<Local, Bits<SAMPLE_BITS>>,
    /// `63 c`.
    c63: Signal<Local, Bits<SAMPLE_BITS>>,
    k10: Constant<Bits<8>>,
    k6: Constant<Bits<8>>,
    k31: Constant<Bits<SAMPLE_BITS>>,
    k543: Constant<Bits<SAMPLE_BITS>>,
    k544: Constant<Bits<SAMPLE_BITS>>,
    top: Constant<Bits<8>>,
}

impl Default for GridCheck {
    fn default() -> Self {
        // golden::grid: v = 64 c + 31 + div1023(63 c + 543).
        Self {
            code: Default::default(),
            sample: Default::default(),
            target: Default::default(),
            n: Default::default(),
            n1: Default::default(),
            base: Default::default(),
            upper: Default::default(),
            low: Default::default(),
            offset: Default::default(),
            c: Default::default(),
            c64: Default::default(),
            c63: Default::default(),
            n_sum1: Default::default(),
            k10: constant(CODE as u128),
            k6: constant((SAMPLE_BITS - CODE) as u128),
            k31: constant((1 << (SAMPLE_BITS - CODE - 1)) - 1),
            k543: constant(543),
            k544: constant(543 + 1),
            top: constant((CODE - 1) as u128),
        }
    }
}

impl Logic for GridCheck {
    #[hdl_gen]
    fn update(&mut self) {
        self.upper.next = self.code.val().get_bit(self.top.val().index());
        self.low.next = self.code.val().get_bits::<HALF_BITS>(0);
        if self.upper.val() {
            self.offset.next = self.low.val();
        } else {
            self.offset.next = !self.low.val();
        }
        self.c.next = bit_cast::<SAMPLE_BITS, HALF_BITS>(self.offset.val());
        self.c64.next = self.c.val() << self.k6.val();
        self.c63.next = self.c64.val() - self.c.val();
        self.n.next = self.c63.val() + self.k543.val();
        self.n1.next = self.c63.val() + self.k544.val();
        self.n_sum1.next = self.n1.val() + (self.n.val() >> self.k10.val());
        self.base.next = self.c64.val() + self.k31.val();
        if self.upper.val() {
            self.target.next = self.sample.val();
        } else {
            self.target.next = !self.sample.val();
        }
    }
}

/// Second half of the on-grid check: `floor(n / 1023)` as `((n + 1) + (n >> 10)) >> 10`
/// (the sum formed in `GridCheck`), the grid value, and the comparison with the
/// (mirrored) sample.
#[derive(LogicBlock)]
pub struct GridCompare {
    /// The sample, NOT-ed in the lower half.
    pub target: Signal<In, Bits<SAMPLE_BITS>>,
    /// `n + (n >> 10) + 1`.
    pub n_sum1: Signal<In, Bits<SAMPLE_BITS>>,
    /// `64 c + 31`.
    pub base: Signal<In, Bits<SAMPLE_BITS>>,
    /// The sample is exactly the code's grid value.
    pub on_grid: Signal<Out, bool>,
    /// `floor(n / 1023)`.
    div: Signal<Local, Bits<SAMPLE_BITS>>,
    /// The upper-half grid value of the offset.
    value: Signal<Local, Bits<SAMPLE_BITS>>,
    k10: Constant<Bits<8>>,
}

impl Default for GridCompare {
    fn default() -> Self {
        Self {
            target: Default::default(),
            n_sum1: Default::default(),
            base: Default::default(),
            on_grid: Default::default(),
            div: Default::default(),
            value: Default::default(),
            k10: constant(CODE as u128),
        }
    }
}

impl Logic for GridCompare {
    #[hdl_gen]
    fn update(&mut self) {
        self.div.next = self.n_sum1.val() >> self.k10.val();
        self.value.next = self.base.val() + self.div.val();
        self.on_grid.next = self.value.val() == self.target.val();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_synthesizes;
    use golden::grid::{on_grid, sample_to_code};

    #[test]
    fn grid_blocks_synthesize() {
        assert_synthesizes::<GridCode>("grid_code");
        assert_synthesizes::<GridCheck>("grid_check");
        assert_synthesizes::<GridCompare>("grid_compare");
    }

    /// Every 16-bit sample through both blocks, against golden::grid.
    #[test]
    fn grid_map_matches_golden_on_every_sample() {
        let mut code = GridCode::default();
        code.connect_all();
        let mut check = GridCheck::default();
        check.connect_all();
        let mut compare = GridCompare::default();
        compare.connect_all();
        for s in i16::MIN..=i16::MAX {
            code.sample.next = bits(s as u16 as u64);
            assert!(simulate(&mut code, 100));
            let c = code.code.val();
            assert_eq!(c.index() as u32, sample_to_code(s), "code of {s}");
            check.code.next = c;
            check.sample.next = bits(s as u16 as u64);
            assert!(simulate(&mut check, 100));
            compare.target.next = check.target.val();
            compare.n_sum1.next = check.n_sum1.val();
            compare.base.next = check.base.val();
            assert!(simulate(&mut compare, 100));
            assert_eq!(compare.on_grid.val(), on_grid(s), "on_grid of {s}");
        }
    }
}
