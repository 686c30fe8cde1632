//! The prediction (golden ChannelState::expect) over three stages: one
//! product per tap, then `sum + (last << frac) + round`, then the clamp to
//! the code range and the wrapped residual with its zigzag value and sign.

use crate::constants::{constant, offset};
use crate::layout::SIGN_BITS;
use crate::params::{ACC_BITS, CODE, DELTA_BITS, PROFILE, WEIGHT_BITS};
use rust_hdl::prelude::*;

/// Width rust-hdl multiplies at (Signed<16> x Signed<16> -> Signed<32>).
const MUL_BITS: usize = 16;

/// `weight * delta`, signed, to the accumulator width. Both operands are
/// offset to unsigned (sign bit flipped: `wu = w + 2^(W-1)`, `du = d + 2^(D-1)`)
/// so the multiplier is an unsigned WEIGHT_BITS x DELTA_BITS one (synthesis trims
/// the zero upper bits of rust-hdl's 16 x 16 multiply), then
/// `w * d = wu * du - (wu << (D-1)) - (du << (W-1)) + 2^(W+D-2)`.
#[derive(LogicBlock)]
pub struct Product {
    /// LMS weight (two's complement).
    pub weight: Signal<In, Bits<WEIGHT_BITS>>,
    /// History delta (two's complement).
    pub delta: Signal<In, Bits<DELTA_BITS>>,
    /// Their product.
    pub product: Signal<Out, Bits<ACC_BITS>>,
    /// The weight offset to unsigned, widened.
    weight_offset: Signal<Local, Bits<MUL_BITS>>,
    /// The delta offset to unsigned, widened.
    delta_offset: Signal<Local, Bits<MUL_BITS>>,
    /// Their unsigned product.
    full: Signal<Local, Bits<{ 2 * MUL_BITS }>>,
    /// `wu << (D-1)`.
    weight_term: Signal<Local, Bits<ACC_BITS>>,
    /// `du << (W-1)`.
    delta_term: Signal<Local, Bits<ACC_BITS>>,
    /// `2^(W+D-2) - weight_term - delta_term`.
    correction: Signal<Local, Bits<ACC_BITS>>,
    /// `2^(W+D-2) - weight_term`.
    partial: Signal<Local, Bits<ACC_BITS>>,
    weight_sign: Constant<Bits<WEIGHT_BITS>>,
    delta_sign: Constant<Bits<DELTA_BITS>>,
    weight_shift: Constant<Bits<8>>,
    delta_shift: Constant<Bits<8>>,
    bias: Constant<Bits<ACC_BITS>>,
}

impl Default for Product {
    fn default() -> Self {
        Self {
            weight: Default::default(),
            delta: Default::default(),
            product: Default::default(),
            weight_offset: Default::default(),
            delta_offset: Default::default(),
            full: Default::default(),
            weight_term: Default::default(),
            delta_term: Default::default(),
            correction: Default::default(),
            partial: Default::default(),
            weight_sign: constant(1 << (WEIGHT_BITS - 1)),
            delta_sign: constant(1 << (DELTA_BITS - 1)),
            weight_shift: offset(DELTA_BITS - 1),
            delta_shift: offset(WEIGHT_BITS - 1),
            bias: constant(1 << (WEIGHT_BITS + DELTA_BITS - 2)),
        }
    }
}

impl Logic for Product {
    #[hdl_gen]
    fn update(&mut self) {
        self.weight_offset.next =
            bit_cast::<MUL_BITS, WEIGHT_BITS>(self.weight.val() ^ self.weight_sign.val());
        self.delta_offset.next =
            bit_cast::<MUL_BITS, DELTA_BITS>(self.delta.val() ^ self.delta_sign.val());
        self.full.next = self.weight_offset.val() * self.delta_offset.val();
        self.weight_term.next =
            bit_cast::<ACC_BITS, MUL_BITS>(self.weight_offset.val()) << self.weight_shift.val();
        self.delta_term.next =
            bit_cast::<ACC_BITS, MUL_BITS>(self.delta_offset.val()) << self.delta_shift.val();
        self.partial.next = self.bias.val() - self.weight_term.val();
        self.correction.next = self.partial.val() - self.delta_term.val();
        self.product.next =
            bit_cast::<ACC_BITS, { 2 * MUL_BITS }>(self.full.val()) + self.correction.val();
    }
}

/// `p0 + p1 + p2 + p3 + (last << weight_frac) + 2^(weight_frac - 1)`.
#[derive(LogicBlock)]
pub struct PredictSum {
    /// The tap products.
    pub products: [Signal<In, Bits<ACC_BITS>>; 4],
    /// Last code of the channel.
    pub last: Signal<In, Bits<CODE>>,
    /// The rounded accumulator; `acc >> weight_frac` is the unclamped prediction.
    pub acc: Signal<Out, Bits<ACC_BITS>>,
    /// Partial sums.
    sum01: Signal<Local, Bits<ACC_BITS>>,
    sum23: Signal<Local, Bits<ACC_BITS>>,
    sum: Signal<Local, Bits<ACC_BITS>>,
    /// `last << weight_frac` plus the rounding half.
    base: Signal<Local, Bits<ACC_BITS>>,
    frac: Constant<Bits<8>>,
    round: Constant<Bits<ACC_BITS>>,
}

const _: () = assert!(crate::params::TAPS == 4, "the sum tree adds four products");

impl Default for PredictSum {
    fn default() -> Self {
        Self {
            products: Default::default(),
            last: Default::default(),
            acc: Default::default(),
            sum01: Default::default(),
            sum23: Default::default(),
            sum: Default::default(),
            base: Default::default(),
            frac: offset(PROFILE.weight_frac as usize),
            round: constant(1 << (PROFILE.weight_frac - 1)),
        }
    }
}

impl Logic for PredictSum {
    #[hdl_gen]
    fn update(&mut self) {
        self.sum01.next = self.products[0].val() + self.products[1].val();
        self.sum23.next = self.products[2].val() + self.products[3].val();
        self.sum.next = self.sum01.val() + self.sum23.val();
        self.base.next =
            (bit_cast::<ACC_BITS, CODE>(self.last.val()) << self.frac.val()) | self.round.val();
        self.acc.next = self.sum.val() + self.base.val();
    }
}

/// Bits of the accumulator between the code and the sign: nonzero means above the range.
const OVER_BITS: usize = ACC_BITS - 1 - CODE - PROFILE.weight_frac as usize;

/// Clamp to the code range, wrapped residual, zigzag value, residual sign.
#[derive(LogicBlock)]
pub struct Residual {
    /// The rounded accumulator.
    pub acc: Signal<In, Bits<ACC_BITS>>,
    /// The sample's code.
    pub code: Signal<In, Bits<CODE>>,
    /// Zigzag of the wrapped residual.
    pub zigzag: Signal<Out, Bits<CODE>>,
    /// Sign code of the residual (bit 0 nonzero, bit 1 negative).
    pub sign: Signal<Out, Bits<SIGN_BITS>>,
    /// The clamped prediction.
    prediction: Signal<Local, Bits<CODE>>,
    /// Residual `code - prediction` modulo the code range.
    residual: Signal<Local, Bits<CODE>>,
    /// `residual << 1`.
    doubled: Signal<Local, Bits<CODE>>,
    /// `!(residual << 1)`.
    doubled_not: Signal<Local, Bits<CODE>>,
    acc_sign_at: Constant<Bits<8>>,
    over_at: Constant<Bits<8>>,
    code_at: Constant<Bits<8>>,
    code_sign_at: Constant<Bits<8>>,
    code_max: Constant<Bits<CODE>>,
}

impl Default for Residual {
    fn default() -> Self {
        Self {
            acc: Default::default(),
            code: Default::default(),
            zigzag: Default::default(),
            sign: Default::default(),
            prediction: Default::default(),
            residual: Default::default(),
            doubled: Default::default(),
            doubled_not: Default::default(),
            acc_sign_at: offset(ACC_BITS - 1),
            over_at: offset(CODE + PROFILE.weight_frac as usize),
            code_at: offset(PROFILE.weight_frac as usize),
            code_sign_at: offset(CODE - 1),
            code_max: constant((1 << CODE) - 1),
        }
    }
}

impl Logic for Residual {
    #[hdl_gen]
    fn update(&mut self) {
        self.prediction.next = self.acc.val().get_bits::<CODE>(self.code_at.val().index());
        if self
            .acc
            .val()
            .get_bits::<OVER_BITS>(self.over_at.val().index())
            .any()
        {
            self.prediction.next = self.code_max.val();
        }
        if self.acc.val().get_bit(self.acc_sign_at.val().index()) {
            self.prediction.next = 0.into();
        }
        self.residual.next = self.code.val() - self.prediction.val();
        self.doubled.next = self.residual.val() << 1;
        self.doubled_not.next = !self.doubled.val();
        self.zigzag.next = self.doubled.val();
        if self.residual.val().get_bit(self.code_sign_at.val().index()) {
            self.zigzag.next = self.doubled_not.val();
        }
        self.sign.next = bit_cast::<SIGN_BITS, 1>(self.residual.val().any().into())
            | (bit_cast::<SIGN_BITS, 1>(
                self.residual
                    .val()
                    .get_bit(self.code_sign_at.val().index())
                    .into(),
            ) << 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predictor_blocks_synthesize() {
        let mut uut = Product::default();
        uut.connect_all();
        yosys_validate("product", &generate_verilog(&uut)).unwrap();
        let mut uut = PredictSum::default();
        uut.connect_all();
        yosys_validate("predict_sum", &generate_verilog(&uut)).unwrap();
        let mut uut = Residual::default();
        uut.connect_all();
        yosys_validate("residual", &generate_verilog(&uut)).unwrap();
    }

    #[test]
    fn product_is_the_signed_product() {
        let mut uut = Product::default();
        uut.connect_all();
        let (wl, wh) = (
            -(1i64 << (WEIGHT_BITS - 1)),
            (1i64 << (WEIGHT_BITS - 1)) - 1,
        );
        let (dl, dh) = (-(1i64 << (DELTA_BITS - 1)), (1i64 << (DELTA_BITS - 1)) - 1);
        for (w, d) in [
            (wl, dl),
            (wl, dh),
            (wh, dl),
            (wh, dh),
            (-3, 7),
            (0, -5),
            (1, 1),
        ] {
            uut.weight.next = bits((w as u64) & ((1 << WEIGHT_BITS) - 1));
            uut.delta.next = bits((d as u64) & ((1 << DELTA_BITS) - 1));
            assert!(simulate(&mut uut, 100));
            let want = ((w * d) as u64) & ((1 << ACC_BITS) - 1);
            assert_eq!(uut.product.val().index() as u64, want, "{w} * {d}");
        }
    }
}
