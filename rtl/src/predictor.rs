//! The prediction (golden ChannelState::expect) over three stages: one
//! product per tap, then `sum + (last << frac) + round`, then the clamp to
//! the code range and the wrapped residual with its zigzag value and sign.

use crate::constants::{constant, offset};
use crate::layout::{DELTAS_BITS, SIGN_BITS, WEIGHTS_BITS};
use crate::params::{ACC_BITS, CODE, DELTA_BITS, PROFILE, TAPS, WEIGHT_BITS};
use array_init::array_init;
use rust_hdl::prelude::*;

/// Width rust-hdl multiplies at (Signed<16> x Signed<16> -> Signed<32>).
const MUL_BITS: usize = 16;
/// Bits of the multiplier's result above the accumulator width.
const UNUSED_HIGH_BITS: usize = 2 * MUL_BITS - ACC_BITS;
const _: () = assert!(ACC_BITS < 2 * MUL_BITS && WEIGHT_BITS <= MUL_BITS && DELTA_BITS <= MUL_BITS);

/// `weight * delta`, signed, to the accumulator width: a signed multiply and
/// nothing after it, so the register that takes `product` can be the
/// multiplier's own output register (on the iCE40 yosys packs it into the
/// SB_MAC16, signed mode). The low bits are taken by a slice, not a cast:
/// rust-hdl writes a cast as an AND mask, which yosys' DSP packer does not
/// look through; and the register must be exactly as wide as what is used of
/// the product (the packer rejects a register whose initial value is only
/// partly defined). The operands are sign-extended by wiring (the mux
/// on the sign bit reduces to copies of it), which synthesis trims back to a
/// WEIGHT_BITS x DELTA_BITS multiplier. (rust-hdl's `signed_bit_cast` is not
/// used: its simulation recurses forever on the most negative value.)
#[derive(LogicBlock)]
pub struct Product {
    /// LMS weight (two's complement).
    pub weight: Signal<In, Bits<WEIGHT_BITS>>,
    /// History delta (two's complement).
    pub delta: Signal<In, Bits<DELTA_BITS>>,
    /// Their product (two's complement, the low ACC_BITS).
    pub product: Signal<Out, Bits<ACC_BITS>>,
    /// The weight, sign-extended to the multiplier width.
    weight_wide: Signal<Local, Bits<MUL_BITS>>,
    /// The delta, sign-extended to the multiplier width.
    delta_wide: Signal<Local, Bits<MUL_BITS>>,
    /// Their signed product.
    full: Signal<Local, Signed<{ 2 * MUL_BITS }>>,
    /// The same bits, unsigned.
    full_bits: Signal<Local, Bits<{ 2 * MUL_BITS }>>,
    /// Its bits above the accumulator width, unused by design (the product
    /// fits in ACC_BITS); named so that Verilator's lint knows (`*unused*`).
    unused_high: Signal<Local, Bits<UNUSED_HIGH_BITS>>,
    weight_sign_at: Constant<Bits<8>>,
    delta_sign_at: Constant<Bits<8>>,
    /// The multiplier-width bits above the weight / the delta.
    weight_extension: Constant<Bits<MUL_BITS>>,
    delta_extension: Constant<Bits<MUL_BITS>>,
    low: Constant<Bits<8>>,
    high: Constant<Bits<8>>,
}

impl Default for Product {
    fn default() -> Self {
        Self {
            weight: Default::default(),
            delta: Default::default(),
            product: Default::default(),
            weight_wide: Default::default(),
            delta_wide: Default::default(),
            full: Default::default(),
            full_bits: Default::default(),
            unused_high: Default::default(),
            weight_sign_at: offset(WEIGHT_BITS - 1),
            delta_sign_at: offset(DELTA_BITS - 1),
            weight_extension: constant(((1 << MUL_BITS) - 1) ^ ((1 << WEIGHT_BITS) - 1)),
            delta_extension: constant(((1 << MUL_BITS) - 1) ^ ((1 << DELTA_BITS) - 1)),
            low: offset(0),
            high: offset(ACC_BITS),
        }
    }
}

impl Logic for Product {
    #[hdl_gen]
    fn update(&mut self) {
        self.weight_wide.next = bit_cast::<MUL_BITS, WEIGHT_BITS>(self.weight.val());
        if self.weight.val().get_bit(self.weight_sign_at.val().index()) {
            self.weight_wide.next =
                bit_cast::<MUL_BITS, WEIGHT_BITS>(self.weight.val()) | self.weight_extension.val();
        }
        self.delta_wide.next = bit_cast::<MUL_BITS, DELTA_BITS>(self.delta.val());
        if self.delta.val().get_bit(self.delta_sign_at.val().index()) {
            self.delta_wide.next =
                bit_cast::<MUL_BITS, DELTA_BITS>(self.delta.val()) | self.delta_extension.val();
        }
        self.full.next = signed_cast(self.weight_wide.val()) * signed_cast(self.delta_wide.val());
        self.full_bits.next = unsigned_cast(self.full.val());
        self.product.next = self
            .full_bits
            .val()
            .get_bits::<ACC_BITS>(self.low.val().index());
        self.unused_high.next = self
            .full_bits
            .val()
            .get_bits::<UNUSED_HIGH_BITS>(self.high.val().index());
    }
}

/// The products of every tap: weight `i` times delta `i`.
#[derive(LogicBlock)]
pub struct Products {
    /// The LMS weights.
    pub weights: Signal<In, Bits<WEIGHTS_BITS>>,
    /// The delta history.
    pub deltas: Signal<In, Bits<DELTAS_BITS>>,
    /// Product of tap `i`.
    pub products: [Signal<Out, Bits<ACC_BITS>>; TAPS],
    tap: [Product; TAPS],
    weight_at: [Constant<Bits<8>>; TAPS],
    delta_at: [Constant<Bits<8>>; TAPS],
}

impl Default for Products {
    fn default() -> Self {
        Self {
            weights: Default::default(),
            deltas: Default::default(),
            products: Default::default(),
            tap: Default::default(),
            weight_at: array_init(|i| offset(i * WEIGHT_BITS)),
            delta_at: array_init(|i| offset(i * DELTA_BITS)),
        }
    }
}

impl Logic for Products {
    #[hdl_gen]
    fn update(&mut self) {
        for i in 0..TAPS {
            self.tap[i].weight.next = self
                .weights
                .val()
                .get_bits::<WEIGHT_BITS>(self.weight_at[i].val().index());
            self.tap[i].delta.next = self
                .deltas
                .val()
                .get_bits::<DELTA_BITS>(self.delta_at[i].val().index());
            self.products[i].next = self.tap[i].product.val();
        }
    }
}

/// `sum of the products + (last << weight_frac) + 2^(weight_frac - 1)`, the
/// products added by a tree of pairs.
#[derive(LogicBlock)]
pub struct PredictSum {
    /// The tap products.
    pub products: [Signal<In, Bits<ACC_BITS>>; TAPS],
    /// Last code of the channel.
    pub last: Signal<In, Bits<CODE>>,
    /// The rounded accumulator; `acc >> weight_frac` is the unclamped prediction.
    pub acc: Signal<Out, Bits<ACC_BITS>>,
    /// The adder tree: the products (0..TAPS), then term `TAPS + i` = term
    /// `2i` + term `2i + 1`; the last (`2 TAPS - 2`) is the sum.
    terms: [Signal<Local, Bits<ACC_BITS>>; 2 * TAPS - 1],
    /// `last << weight_frac` plus the rounding half.
    base: Signal<Local, Bits<ACC_BITS>>,
    frac: Constant<Bits<8>>,
    round: Constant<Bits<ACC_BITS>>,
}

impl Default for PredictSum {
    fn default() -> Self {
        Self {
            products: Default::default(),
            last: Default::default(),
            acc: Default::default(),
            terms: array_init(|_| Default::default()),
            base: Default::default(),
            frac: offset(PROFILE.model.weight_frac as usize),
            round: constant(1 << (PROFILE.model.weight_frac - 1)),
        }
    }
}

impl Logic for PredictSum {
    #[hdl_gen]
    fn update(&mut self) {
        for i in 0..TAPS {
            self.terms[i].next = self.products[i].val();
        }
        // (An hdl_gen index is evaluated from loop variables only: one-pass
        // loops name the first node and the root.)
        for first in TAPS..(TAPS + 1) {
            for i in 0..(TAPS - 1) {
                self.terms[first + i].next = self.terms[2 * i].val() + self.terms[2 * i + 1].val();
            }
        }
        self.base.next =
            (bit_cast::<ACC_BITS, CODE>(self.last.val()) << self.frac.val()) | self.round.val();
        for root in (2 * TAPS - 2)..(2 * TAPS - 1) {
            self.acc.next = self.terms[root].val() + self.base.val();
        }
    }
}

/// Bits of the accumulator between the code and the sign: nonzero means above the range.
const OVER_BITS: usize = ACC_BITS - 1 - CODE - PROFILE.model.weight_frac as usize;

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
            over_at: offset(CODE + PROFILE.model.weight_frac as usize),
            code_at: offset(PROFILE.model.weight_frac as usize),
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
    use crate::testing::assert_synthesizes;

    #[test]
    fn predictor_blocks_synthesize() {
        assert_synthesizes::<Product>("product");
        assert_synthesizes::<Products>("products");
        assert_synthesizes::<PredictSum>("predict_sum");
        assert_synthesizes::<Residual>("residual");
    }

    /// Random states and codes through the three stages against golden's
    /// prediction, wrapped residual, zigzag and sign.
    #[test]
    fn products_sum_and_residual_match_golden() {
        use crate::layout::{channel_word, sign_code};
        use crate::testing::{random_state, Lcg};
        use golden::channel::{wrap_residual, zigzag};
        let mut products = Products::default();
        products.connect_all();
        let mut sum = PredictSum::default();
        sum.connect_all();
        let mut residual = Residual::default();
        residual.connect_all();
        let mut r = Lcg(31);
        for _ in 0..3000 {
            let s = random_state(&mut r);
            let code = r.below(1024);
            let word = channel_word(&s);
            products.weights.next = word.weights;
            products.deltas.next = word.deltas;
            assert!(simulate(&mut products, 100));
            for i in 0..TAPS {
                sum.products[i].next = products.products[i].val();
            }
            sum.last.next = word.last;
            assert!(simulate(&mut sum, 100));
            residual.acc.next = sum.acc.val();
            residual.code.next = bits(code as u64);
            assert!(simulate(&mut residual, 100));
            let e = wrap_residual(code, s.predict(PROFILE));
            assert_eq!(
                residual.zigzag.val().index() as u32,
                zigzag(e),
                "{s:?} code {code}"
            );
            let sign = sign_code(e.signum() as i8) as usize;
            assert_eq!(residual.sign.val().index(), sign, "{s:?} code {code}");
        }
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
