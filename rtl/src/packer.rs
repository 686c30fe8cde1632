//! The bit packer: appends each sample's field behind the pending bits, MSB
//! first, and pushes a full 32-bit word when one is complete (at most one per
//! clock); a flush pushes the pending bits as the last word.

use crate::constants::constant;
use crate::params::{FILL_BITS, WORD_BITS, WORD_LEN_BITS};
use rust_hdl::prelude::*;

/// Bits of the pending bits and the aligned field side by side.
const PAIR_BITS: usize = 2 * WORD_BITS;

/// The packer and its pending-bits register.
#[derive(LogicBlock)]
pub struct Packer {
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: no pending bits.
    pub reset: Signal<In, bool>,
    /// A field arrives.
    pub valid: Signal<In, bool>,
    /// Flush token: push the pending bits as the last word.
    pub flush: Signal<In, bool>,
    /// The field, left-aligned (its first bit in the word's MSB).
    pub field: Signal<In, Bits<WORD_BITS>>,
    /// Its length (at most WORD_BITS).
    pub len: Signal<In, Bits<WORD_LEN_BITS>>,
    /// A word is pushed this clock.
    pub push: Signal<Out, bool>,
    /// The pushed word, MSB first.
    pub word: Signal<Out, Bits<WORD_BITS>>,
    /// Its valid bits.
    pub word_bits: Signal<Out, Bits<WORD_LEN_BITS>>,
    /// It is the flushed last word.
    pub last: Signal<Out, bool>,
    /// Pending bits, left-aligned.
    pending: DFF<Bits<WORD_BITS>>,
    /// Number of pending bits.
    fill: DFF<Bits<FILL_BITS>>,
    /// fill + len.
    total: Signal<Local, Bits<WORD_LEN_BITS>>,
    /// The field in the upper word of the pair.
    field_high: Signal<Local, Bits<PAIR_BITS>>,
    /// Pending bits then the field, left-aligned in two words.
    merged: Signal<Local, Bits<PAIR_BITS>>,
    /// The field placed right behind the pending bits.
    field_placed: Signal<Local, Bits<PAIR_BITS>>,
    /// The pending bits in the upper word.
    pending_high: Signal<Local, Bits<PAIR_BITS>>,
    word_bits_const: Constant<Bits<WORD_LEN_BITS>>,
    word_shift: Constant<Bits<8>>,
}

impl Default for Packer {
    fn default() -> Self {
        Self {
            clock: Default::default(),
            reset: Default::default(),
            valid: Default::default(),
            flush: Default::default(),
            field: Default::default(),
            len: Default::default(),
            push: Default::default(),
            word: Default::default(),
            word_bits: Default::default(),
            last: Default::default(),
            pending: Default::default(),
            fill: Default::default(),
            total: Default::default(),
            field_high: Default::default(),
            merged: Default::default(),
            field_placed: Default::default(),
            pending_high: Default::default(),
            word_bits_const: constant(WORD_BITS as u128),
            word_shift: constant(WORD_BITS as u128),
        }
    }
}

impl Logic for Packer {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, pending, fill);
        self.total.next = bit_cast::<WORD_LEN_BITS, FILL_BITS>(self.fill.q.val()) + self.len.val();
        // The field arrives left-aligned, so placing it is one shift by the
        // fill register (no arithmetic before the shifter).
        self.field_high.next =
            bit_cast::<PAIR_BITS, WORD_BITS>(self.field.val()) << self.word_shift.val();
        self.field_placed.next = self.field_high.val() >> self.fill.q.val();
        self.pending_high.next =
            bit_cast::<PAIR_BITS, WORD_BITS>(self.pending.q.val()) << self.word_shift.val();
        self.merged.next = self.pending_high.val() | self.field_placed.val();
        self.push.next = false;
        self.last.next = false;
        self.word.next = self
            .merged
            .val()
            .get_bits::<WORD_BITS>(self.word_shift.val().index());
        self.word_bits.next = self.word_bits_const.val();
        if self.valid.val() {
            if self.total.val() >= self.word_bits_const.val() {
                self.push.next = true;
                self.pending.d.next = self.merged.val().get_bits::<WORD_BITS>(0);
            } else {
                self.pending.d.next = self
                    .merged
                    .val()
                    .get_bits::<WORD_BITS>(self.word_shift.val().index());
            }
            self.fill.d.next = bit_cast::<FILL_BITS, WORD_LEN_BITS>(self.total.val());
        } else if self.flush.val() {
            self.push.next = true;
            self.last.next = true;
            self.word.next = self.pending.q.val();
            self.word_bits.next = bit_cast::<WORD_LEN_BITS, FILL_BITS>(self.fill.q.val());
            self.pending.d.next = 0.into();
            self.fill.d.next = 0.into();
        }
        if self.reset.val() {
            self.pending.d.next = 0.into();
            self.fill.d.next = 0.into();
        }
    }
}

/// Bits of a FIFO entry: word, valid bits, last flag.
pub const ENTRY_BITS: usize = WORD_BITS + WORD_LEN_BITS + 1;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_synthesizes;

    #[test]
    fn packer_synthesizes() {
        assert_synthesizes::<Packer>("packer");
    }

    /// Random fields (1..=WORD_BITS bits, idle clocks between) and a flush:
    /// the words pushed are golden's bit writer's bytes, the last one partial.
    #[test]
    fn packed_words_are_the_bit_writer_stream() {
        use crate::testing::{tick, Lcg};
        use golden::bits::BitWriter;
        let mut uut = Packer::default();
        uut.connect_all();
        let mut r = Lcg(51);
        for round in 0..20 {
            uut.reset.next = true;
            tick(&mut uut, |u| &mut u.clock);
            uut.reset.next = false;
            let mut want = BitWriter::new();
            let mut got = BitWriter::new();
            let fields = 50 + r.below(200);
            let mut sent = 0;
            let mut flushed = false;
            while !flushed {
                let idle = r.below(4) == 0;
                uut.valid.next = !idle && sent < fields;
                uut.flush.next = sent == fields;
                let len = 1 + r.below(WORD_BITS as u32);
                let value = r.next() & (u32::MAX >> (32 - len));
                uut.field.next = bits(((value as u64) << (32 - len)) & 0xffff_ffff);
                uut.len.next = bits(len as u64);
                assert!(simulate(&mut uut, 100));
                if uut.valid.val() {
                    want.put(value, len);
                    sent += 1;
                }
                if uut.push.val() {
                    let n = uut.word_bits.val().index() as u32;
                    let word = uut.word.val().index() as u32;
                    assert_eq!(uut.last.val(), uut.flush.val() && !uut.valid.val());
                    got.put_long(word as u64 >> (32 - n), n);
                    flushed = uut.last.val();
                }
                tick(&mut uut, |u| &mut u.clock);
            }
            assert_eq!(got.finish(), want.finish(), "round {round}");
        }
    }
}
