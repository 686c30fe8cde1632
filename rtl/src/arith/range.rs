//! The range coder (FORMAT.md 14.5): `low` and `range`, one bin a clock, and
//! the first renormalisation shift on the same clock.
//!
//! The coder holds one bin (`c_*`), taken from the bin FSM on the clock its
//! context is read. Coding it: `bound = (range >> 16) * p0` (16 x 16-bit),
//! `low`/`range` narrowed, then, if `range < 2^24`, one `shift_low` (a raw
//! byte to the output). A range still below `2^24` after that shift (the bin
//! cost more than a byte, rare) shifts one more byte a clock before the next
//! bin. The flush token runs `FLUSH_SHIFTS` `shift_low`s, one a clock, the
//! last marked `byte_last`, and leaves `low`/`range` as at reset. A raw byte
//! is `low`'s bits 24..31 and the carry in bit 32; the output stage resolves
//! carries. Every clock that might shift a byte waits for `byte_ready`.

use super::params::{
    BYTE, FLUSH_COUNT_BITS, FLUSH_SHIFTS, LOW_BITS, P_BITS, RANGE_BITS, RANGE_MIN_BITS,
};
use crate::constants::constant;
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct RangeCoder {
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: no bin held, `low = 0`, `range = 2^32 - 1`.
    pub reset: Signal<In, bool>,
    /// The bin FSM offers a token: a bin (context or bypass) or the flush.
    pub token_valid: Signal<In, bool>,
    pub token_bypass: Signal<In, bool>,
    pub token_flush: Signal<In, bool>,
    pub token_bin: Signal<In, bool>,
    /// The token is taken this clock (the held one is coded, or none is held).
    pub take: Signal<Out, bool>,
    /// `p0` of the held bin's context (from the context store).
    pub p0: Signal<In, Bits<P_BITS>>,
    /// The held context bin is coded this clock: its context adapts to `bin`.
    pub update: Signal<Out, bool>,
    /// The held bin.
    pub bin: Signal<Out, bool>,
    /// A bin (context or bypass) is coded this clock.
    pub coded: Signal<Out, bool>,
    /// The output takes a raw byte this clock if one comes.
    pub byte_ready: Signal<In, bool>,
    /// A raw byte (`shift_low`) this clock: `low`'s top byte, its carry, the flush's last.
    pub byte_valid: Signal<Out, bool>,
    pub raw_byte: Signal<Out, Bits<BYTE>>,
    pub carry: Signal<Out, bool>,
    pub byte_last: Signal<Out, bool>,
    /// The held token.
    c_valid: DFF<bool>,
    c_bypass: DFF<bool>,
    c_flush: DFF<bool>,
    c_bin: DFF<bool>,
    /// The interval: bottom (32 bits and a carry) and width.
    low: DFF<Bits<LOW_BITS>>,
    range: DFF<Bits<RANGE_BITS>>,
    /// `shift_low`s of the flush still to do.
    flush_left: DFF<Bits<FLUSH_COUNT_BITS>>,
    /// This clock shifts a byte instead of coding a bin (renormalising or flushing).
    shifting: Signal<Local, bool>,
    /// The held bin is coded this clock.
    fire: Signal<Local, bool>,
    /// `(range >> 16) * p0`.
    bound: Signal<Local, Bits<RANGE_BITS>>,
    /// `range >> 1` (a bypass bin's half).
    half: Signal<Local, Bits<RANGE_BITS>>,
    /// The interval after the held bin, before renormalising.
    new_low: Signal<Local, Bits<LOW_BITS>>,
    new_range: Signal<Local, Bits<RANGE_BITS>>,
    /// The interval a `shift_low` works on this clock.
    shift_low: Signal<Local, Bits<LOW_BITS>>,
    /// The held bin leaves `range` below `2^24`: a shift on the same clock.
    narrow_shift: Signal<Local, bool>,
    /// This is the flush's last `shift_low`.
    last_shift: Signal<Local, bool>,
    /// Bits 0..23 of `shift_low`, moved up a byte.
    low_shifted: Signal<Local, Bits<LOW_BITS>>,
    range_init: Constant<Bits<RANGE_BITS>>,
    flush_shifts: Constant<Bits<FLUSH_COUNT_BITS>>,
    one_left: Constant<Bits<FLUSH_COUNT_BITS>>,
    byte_shift: Constant<Bits<8>>,
    prob_shift: Constant<Bits<8>>,
    top_at: Constant<Bits<8>>,
    carry_at: Constant<Bits<8>>,
}

impl Default for RangeCoder {
    fn default() -> Self {
        Self {
            clock: Default::default(),
            reset: Default::default(),
            token_valid: Default::default(),
            token_bypass: Default::default(),
            token_flush: Default::default(),
            token_bin: Default::default(),
            take: Default::default(),
            p0: Default::default(),
            update: Default::default(),
            bin: Default::default(),
            coded: Default::default(),
            byte_ready: Default::default(),
            byte_valid: Default::default(),
            raw_byte: Default::default(),
            carry: Default::default(),
            byte_last: Default::default(),
            c_valid: Default::default(),
            c_bypass: Default::default(),
            c_flush: Default::default(),
            c_bin: Default::default(),
            low: Default::default(),
            range: Default::default(),
            flush_left: Default::default(),
            shifting: Default::default(),
            fire: Default::default(),
            bound: Default::default(),
            half: Default::default(),
            new_low: Default::default(),
            new_range: Default::default(),
            shift_low: Default::default(),
            narrow_shift: Default::default(),
            last_shift: Default::default(),
            low_shifted: Default::default(),
            range_init: constant(u32::MAX as u128),
            flush_shifts: constant(FLUSH_SHIFTS as u128),
            one_left: constant(1),
            byte_shift: constant(BYTE as u128),
            prob_shift: constant(P_BITS as u128),
            top_at: constant(RANGE_MIN_BITS as u128),
            carry_at: constant(RANGE_BITS as u128),
        }
    }
}

impl Logic for RangeCoder {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, c_valid, c_bypass, c_flush, c_bin, low, range, flush_left);
        // range < 2^24: its top byte is 0.
        self.shifting.next = !self
            .range
            .q
            .val()
            .get_bits::<BYTE>(self.top_at.val().index())
            .any()
            || self.flush_left.q.val().any();
        self.fire.next = self.c_valid.q.val() && !self.shifting.val() && self.byte_ready.val();
        self.take.next = !self.c_valid.q.val() || self.fire.val();
        self.update.next = self.fire.val() && !self.c_bypass.q.val() && !self.c_flush.q.val();
        self.bin.next = self.c_bin.q.val();
        self.coded.next = self.fire.val() && !self.c_flush.q.val();

        // The held bin narrows the interval.
        self.bound.next = self
            .range
            .q
            .val()
            .get_bits::<P_BITS>(self.prob_shift.val().index())
            * self.p0.val();
        self.half.next = self.range.q.val() >> 1;
        self.new_low.next = self.low.q.val();
        self.new_range.next = self.bound.val();
        if self.c_bypass.q.val() {
            self.new_range.next = self.half.val();
            if self.c_bin.q.val() {
                self.new_low.next =
                    self.low.q.val() + bit_cast::<LOW_BITS, RANGE_BITS>(self.half.val());
            }
        } else if self.c_bin.q.val() {
            self.new_low.next =
                self.low.q.val() + bit_cast::<LOW_BITS, RANGE_BITS>(self.bound.val());
            self.new_range.next = self.range.q.val() - self.bound.val();
        }

        // shift_low: of the registers when shifting, else of the new interval.
        self.shift_low.next = self.new_low.val();
        if self.shifting.val() {
            self.shift_low.next = self.low.q.val();
        }
        self.low_shifted.next = bit_cast::<LOW_BITS, RANGE_MIN_BITS>(
            self.shift_low.val().get_bits::<RANGE_MIN_BITS>(0),
        ) << self.byte_shift.val();
        self.raw_byte.next = self
            .shift_low
            .val()
            .get_bits::<BYTE>(self.top_at.val().index());
        self.carry.next = self.shift_low.val().get_bit(self.carry_at.val().index());
        // The outputs in statements of their own (no register update among
        // them), so that Verilator can order them apart from the handshake.
        self.narrow_shift.next = !self
            .new_range
            .val()
            .get_bits::<BYTE>(self.top_at.val().index())
            .any();
        self.last_shift.next = self.flush_left.q.val() == self.one_left.val();
        self.byte_valid.next = (self.shifting.val() && self.byte_ready.val())
            || (self.fire.val() && !self.c_flush.q.val() && self.narrow_shift.val());
        self.byte_last.next = self.shifting.val() && self.byte_ready.val() && self.last_shift.val();

        if self.shifting.val() && self.byte_ready.val() {
            self.low.d.next = self.low_shifted.val();
            if self.flush_left.q.val().any() {
                self.flush_left.d.next = self.flush_left.q.val() - 1;
                if self.last_shift.val() {
                    // The stream is written out: start afresh.
                    self.low.d.next = 0.into();
                    self.range.d.next = self.range_init.val();
                }
            } else {
                self.range.d.next = self.range.q.val() << self.byte_shift.val();
            }
        }
        if self.fire.val() {
            if self.c_flush.q.val() {
                self.flush_left.d.next = self.flush_shifts.val();
            } else if self.narrow_shift.val() {
                self.low.d.next = self.low_shifted.val();
                self.range.d.next = self.new_range.val() << self.byte_shift.val();
            } else {
                self.low.d.next = self.new_low.val();
                self.range.d.next = self.new_range.val();
            }
        }
        if self.take.val() {
            self.c_valid.d.next = self.token_valid.val();
            self.c_bypass.d.next = self.token_bypass.val();
            self.c_flush.d.next = self.token_flush.val();
            self.c_bin.d.next = self.token_bin.val();
        }
        if self.reset.val() {
            self.c_valid.d.next = false;
            self.low.d.next = 0.into();
            self.range.d.next = self.range_init.val();
            self.flush_left.d.next = 0.into();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::output::ByteOutput;
    use super::*;
    use crate::testing::{assert_synthesizes, tick, Lcg};
    use golden::ratio::arith::{BinCoder, Context, Encoder};

    #[test]
    fn range_coder_synthesizes() {
        assert_synthesizes::<RangeCoder>("range_coder");
    }

    /// The range coder and the byte output joined, with `p0` an input.
    #[derive(LogicBlock, Default)]
    struct RangeBytes {
        clock: Signal<In, Clock>,
        reset: Signal<In, bool>,
        token_valid: Signal<In, bool>,
        token_bypass: Signal<In, bool>,
        token_flush: Signal<In, bool>,
        token_bin: Signal<In, bool>,
        take: Signal<Out, bool>,
        p0: Signal<In, Bits<P_BITS>>,
        out_byte: Signal<Out, Bits<BYTE>>,
        out_valid: Signal<Out, bool>,
        out_ready: Signal<In, bool>,
        out_last: Signal<Out, bool>,
        range: RangeCoder,
        bytes: ByteOutput,
    }

    impl Logic for RangeBytes {
        #[hdl_gen]
        fn update(&mut self) {
            clock!(self, clock, range, bytes);
            self.range.reset.next = self.reset.val();
            self.bytes.reset.next = self.reset.val();
            self.range.token_valid.next = self.token_valid.val();
            self.range.token_bypass.next = self.token_bypass.val();
            self.range.token_flush.next = self.token_flush.val();
            self.range.token_bin.next = self.token_bin.val();
            self.take.next = self.range.take.val();
            self.range.p0.next = self.p0.val();
            self.bytes.byte_valid.next = self.range.byte_valid.val();
            self.bytes.raw_byte.next = self.range.raw_byte.val();
            self.bytes.carry.next = self.range.carry.val();
            self.bytes.byte_last.next = self.range.byte_last.val();
            self.range.byte_ready.next = self.bytes.byte_ready.val();
            self.out_byte.next = self.bytes.out_byte.val();
            self.out_valid.next = self.bytes.out_valid.val();
            self.bytes.out_ready.next = self.out_ready.val();
            self.out_last.next = self.bytes.out_last.val();
        }
    }

    /// Random context bins (`p0` often at either end, so bins cost up to
    /// three bytes and carries run through pending 0xFF bytes) and bypass
    /// bins, a run of pending 0xFF bytes with and without a carry into it,
    /// offered and drained at random clocks, then the flush: golden's
    /// `Encoder` bytes, the last marked. Four streams without a reset
    /// between (the flush leaves the coder as reset does).
    #[test]
    fn bins_code_to_golden_bytes() {
        let mut uut = RangeBytes::default();
        uut.connect_all();
        uut.reset.next = true;
        tick(&mut uut, |u| &mut u.clock);
        uut.reset.next = false;
        let mut r = Lcg(31);
        for round in 0..4 {
            // (bypass, bin, p0)
            let mut tokens: Vec<(bool, bool, u16)> = (0..3000)
                .map(|_| {
                    let p0 = match r.below(6) {
                        0 => 1 + r.below(4) as u16,
                        1 => 65535 - r.below(4) as u16,
                        2 => 65535 - r.below(600) as u16,
                        _ => 1 + r.below(65535) as u16,
                    };
                    let likely_0 = r.below(50) != 0;
                    let bin = if p0 > 32768 { !likely_0 } else { likely_0 };
                    (r.below(10) == 0, bin, p0)
                })
                .collect();
            // Bypass 1-bins push low to the top of the interval: a run of
            // 0xFF bytes pending; a context 1-bin then carries into them in
            // odd rounds.
            let at = 500 * (round + 1);
            tokens.splice(at..at, [(true, true, 1); 160]);
            if round % 2 == 1 {
                tokens.insert(at + 160, (false, true, 65535));
            }
            let mut enc = Encoder::new(0);
            for &(bypass, bin, p0) in &tokens {
                if bypass {
                    enc.bypass(bin as u32);
                } else {
                    enc.context(&mut Context { p0, count: 0 }, bin as u32);
                }
            }
            let want = enc.finish();
            let (mut next, mut held, mut got) = (0, 0u16, Vec::new());
            for _ in 0..20 * tokens.len() {
                let offer = r.below(5) != 0;
                uut.token_valid.next = offer && next <= tokens.len();
                uut.token_flush.next = next == tokens.len();
                let &(bypass, bin, p0) = tokens.get(next).unwrap_or(&(false, false, 1));
                uut.token_bypass.next = bypass;
                uut.token_bin.next = bin;
                uut.p0.next = bits(held as u64);
                uut.out_ready.next = r.below(3) != 0;
                assert!(simulate(&mut uut, 100));
                if uut.take.val() && uut.token_valid.val() {
                    held = p0;
                    next += 1;
                }
                let last = uut.out_valid.val() && uut.out_ready.val() && uut.out_last.val();
                if uut.out_valid.val() && uut.out_ready.val() {
                    got.push(uut.out_byte.val().index() as u8);
                }
                tick(&mut uut, |u| &mut u.clock);
                if last {
                    break;
                }
            }
            assert!(
                got == want,
                "round {round}: {} of {} bytes",
                got.len(),
                want.len()
            );
            assert!(
                want.windows(8).any(|w| w == [0; 8] || w == [0xFF; 8]),
                "a run of pending bytes"
            );
        }
    }
}
