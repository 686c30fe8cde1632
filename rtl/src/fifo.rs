//! FIFOs in registers: `FifoPointers`, the bookkeeping every one of them
//! shares, and `OutFifo`, the output FIFO (the packer pushes, `out_ready`
//! pops the head). The ratio encoder's sample FIFO (`crate::ratio::fifo`)
//! keeps its own entries with the same pointers.

use crate::packer::ENTRY_BITS;
use crate::params::{FIFO_DEPTH, FIFO_PTR_BITS, WORD_BITS, WORD_LEN_BITS};
use array_init::array_init;
use rust_hdl::prelude::*;

/// Bits of the entry count (0..=FIFO_DEPTH).
pub const COUNT_BITS: usize = FIFO_PTR_BITS + 1;

/// Where a FIFO of `FIFO_DEPTH` entries reads and writes, and how many
/// entries it holds. Its owner keeps the entries: it writes the one at
/// `tail` on a push and offers the one at `head`.
#[derive(LogicBlock, Default)]
pub struct FifoPointers {
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: empty.
    pub reset: Signal<In, bool>,
    /// An entry is pushed this clock (the owner guarantees room).
    pub push: Signal<In, bool>,
    /// The consumer takes the head this clock (when an entry is held).
    pub pop: Signal<In, bool>,
    /// The entry to offer.
    pub head: Signal<Out, Bits<FIFO_PTR_BITS>>,
    /// Where a push goes.
    pub tail: Signal<Out, Bits<FIFO_PTR_BITS>>,
    /// Entries held.
    pub count: Signal<Out, Bits<COUNT_BITS>>,
    /// The FIFO holds an entry.
    pub valid: Signal<Out, bool>,
    /// Read pointer.
    read_at: DFF<Bits<FIFO_PTR_BITS>>,
    /// Write pointer.
    write_at: DFF<Bits<FIFO_PTR_BITS>>,
    /// Entry count.
    held: DFF<Bits<COUNT_BITS>>,
    /// A pop happens.
    popping: Signal<Local, bool>,
}

impl Logic for FifoPointers {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, read_at, write_at, held);
        self.head.next = self.read_at.q.val();
        self.tail.next = self.write_at.q.val();
        self.valid.next = self.held.q.val().any();
        self.count.next = self.held.q.val();
        self.popping.next = self.pop.val() && self.held.q.val().any();
        if self.popping.val() {
            self.read_at.d.next = self.read_at.q.val() + 1;
        }
        if self.push.val() {
            self.write_at.d.next = self.write_at.q.val() + 1;
        }
        if self.push.val() && !self.popping.val() {
            self.held.d.next = self.held.q.val() + 1;
        }
        if !self.push.val() && self.popping.val() {
            self.held.d.next = self.held.q.val() - 1;
        }
        if self.reset.val() {
            self.read_at.d.next = 0.into();
            self.write_at.d.next = 0.into();
            self.held.d.next = 0.into();
        }
    }
}

#[derive(LogicBlock)]
pub struct OutFifo {
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: empty.
    pub reset: Signal<In, bool>,
    /// Push an entry this clock (the caller guarantees room).
    pub push: Signal<In, bool>,
    /// Word to push.
    pub push_word: Signal<In, Bits<WORD_BITS>>,
    /// Its valid bits.
    pub push_bits: Signal<In, Bits<WORD_LEN_BITS>>,
    /// It is the last word.
    pub push_last: Signal<In, bool>,
    /// The consumer takes the head this clock (when valid).
    pub pop: Signal<In, bool>,
    /// Head word.
    pub word: Signal<Out, Bits<WORD_BITS>>,
    /// Head valid bits.
    pub word_bits: Signal<Out, Bits<WORD_LEN_BITS>>,
    /// Head is the last word.
    pub last: Signal<Out, bool>,
    /// The FIFO holds an entry.
    pub valid: Signal<Out, bool>,
    /// Entries held.
    pub count: Signal<Out, Bits<COUNT_BITS>>,
    /// Entries: {word, bits, last}.
    entries: [DFF<Bits<ENTRY_BITS>>; FIFO_DEPTH],
    /// Head, tail and count.
    pointers: FifoPointers,
    /// The head entry.
    head_entry: Signal<Local, Bits<ENTRY_BITS>>,
    /// The entry to push.
    entry: Signal<Local, Bits<ENTRY_BITS>>,
    bits_at: Constant<Bits<8>>,
    word_at: Constant<Bits<8>>,
}

impl Default for OutFifo {
    fn default() -> Self {
        Self {
            clock: Default::default(),
            reset: Default::default(),
            push: Default::default(),
            push_word: Default::default(),
            push_bits: Default::default(),
            push_last: Default::default(),
            pop: Default::default(),
            word: Default::default(),
            word_bits: Default::default(),
            last: Default::default(),
            valid: Default::default(),
            count: Default::default(),
            entries: array_init(|_| Default::default()),
            pointers: Default::default(),
            head_entry: Default::default(),
            entry: Default::default(),
            bits_at: crate::constants::offset(1),
            word_at: crate::constants::offset(1 + WORD_LEN_BITS),
        }
    }
}

impl Logic for OutFifo {
    #[hdl_gen]
    fn update(&mut self) {
        self.pointers.clock.next = self.clock.val();
        self.pointers.reset.next = self.reset.val();
        self.pointers.push.next = self.push.val();
        self.pointers.pop.next = self.pop.val();
        for i in 0..FIFO_DEPTH {
            self.entries[i].clock.next = self.clock.val();
            self.entries[i].d.next = self.entries[i].q.val();
        }
        self.entry.next = (bit_cast::<ENTRY_BITS, WORD_BITS>(self.push_word.val())
            << self.word_at.val())
            | (bit_cast::<ENTRY_BITS, WORD_LEN_BITS>(self.push_bits.val()) << self.bits_at.val())
            | bit_cast::<ENTRY_BITS, 1>(self.push_last.val().into());
        self.head_entry.next = 0.into();
        for i in 0..FIFO_DEPTH {
            if self.pointers.head.val().index() == i {
                self.head_entry.next = self.entries[i].q.val();
            }
            if self.push.val() && (self.pointers.tail.val().index() == i) {
                self.entries[i].d.next = self.entry.val();
            }
        }
        self.word.next = self
            .head_entry
            .val()
            .get_bits::<WORD_BITS>(self.word_at.val().index());
        self.word_bits.next = self
            .head_entry
            .val()
            .get_bits::<WORD_LEN_BITS>(self.bits_at.val().index());
        self.last.next = self.head_entry.val().get_bit(0);
        self.valid.next = self.pointers.valid.val();
        self.count.next = self.pointers.count.val();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_synthesizes;

    #[test]
    fn fifo_synthesizes() {
        assert_synthesizes::<FifoPointers>("fifo_pointers");
        assert_synthesizes::<OutFifo>("out_fifo");
    }

    /// Random pushes (when there is room) and pops against a queue.
    #[test]
    fn fifo_is_a_queue() {
        use crate::testing::{tick, Lcg};
        use std::collections::VecDeque;
        let mut uut = OutFifo::default();
        uut.connect_all();
        uut.reset.next = true;
        tick(&mut uut, |u| &mut u.clock);
        uut.reset.next = false;
        let mut model = VecDeque::new();
        let mut r = Lcg(61);
        for _ in 0..5000 {
            let push = model.len() < FIFO_DEPTH && r.below(3) != 0;
            let pop = r.below(2) == 0;
            let entry = (r.next(), r.below(33) as u64, r.below(2) == 1);
            uut.push.next = push;
            uut.push_word.next = bits(entry.0 as u64);
            uut.push_bits.next = bits(entry.1);
            uut.push_last.next = entry.2;
            uut.pop.next = pop;
            assert!(simulate(&mut uut, 100));
            assert_eq!(uut.count.val().index(), model.len());
            assert_eq!(uut.valid.val(), !model.is_empty());
            if let Some(&(word, n, last)) = model.front() {
                assert_eq!(uut.word.val().index() as u32, word);
                assert_eq!(uut.word_bits.val().index() as u64, n);
                assert_eq!(uut.last.val(), last);
            }
            if pop {
                model.pop_front();
            }
            if push {
                model.push_back(entry);
            }
            tick(&mut uut, |u| &mut u.clock);
        }
    }
}
