//! The sample FIFO between the front end (one sample a clock) and the
//! arithmetic coder (about one bin a clock): `CoderInput`s and the flush
//! marker, in order, in registers. The front end stalls on its count
//! (`Control`'s `fifo_count`), so a push always has room.

use super::front::CoderInput;
use crate::fifo::{FifoPointers, COUNT_BITS};
use crate::params::FIFO_DEPTH;
use array_init::array_init;
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct SampleFifo {
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: empty.
    pub reset: Signal<In, bool>,
    /// Push an entry this clock (the caller guarantees room).
    pub push: Signal<In, bool>,
    /// The entry: a sample's coder inputs, or the flush marker.
    pub push_input: Signal<In, CoderInput>,
    pub push_flush: Signal<In, bool>,
    /// The consumer takes the head this clock (when valid).
    pub pop: Signal<In, bool>,
    /// Head entry.
    pub head_input: Signal<Out, CoderInput>,
    pub head_flush: Signal<Out, bool>,
    /// The FIFO holds an entry.
    pub valid: Signal<Out, bool>,
    /// Entries held.
    pub count: Signal<Out, Bits<COUNT_BITS>>,
    inputs: [DFF<CoderInput>; FIFO_DEPTH],
    flushes: [DFF<bool>; FIFO_DEPTH],
    /// Head, tail and count.
    pointers: FifoPointers,
}

impl Default for SampleFifo {
    fn default() -> Self {
        Self {
            clock: Default::default(),
            reset: Default::default(),
            push: Default::default(),
            push_input: Default::default(),
            push_flush: Default::default(),
            pop: Default::default(),
            head_input: Default::default(),
            head_flush: Default::default(),
            valid: Default::default(),
            count: Default::default(),
            inputs: array_init(|_| Default::default()),
            flushes: array_init(|_| Default::default()),
            pointers: Default::default(),
        }
    }
}

impl Logic for SampleFifo {
    #[hdl_gen]
    fn update(&mut self) {
        self.pointers.clock.next = self.clock.val();
        self.pointers.reset.next = self.reset.val();
        self.pointers.push.next = self.push.val();
        self.pointers.pop.next = self.pop.val();
        self.head_input.next = self.inputs[0].q.val();
        self.head_flush.next = self.flushes[0].q.val();
        for i in 0..FIFO_DEPTH {
            self.inputs[i].clock.next = self.clock.val();
            self.inputs[i].d.next = self.inputs[i].q.val();
            self.flushes[i].clock.next = self.clock.val();
            self.flushes[i].d.next = self.flushes[i].q.val();
            if self.pointers.head.val().index() == i {
                self.head_input.next = self.inputs[i].q.val();
                self.head_flush.next = self.flushes[i].q.val();
            }
            if self.push.val() && (self.pointers.tail.val().index() == i) {
                self.inputs[i].d.next = self.push_input.val();
                self.flushes[i].d.next = self.push_flush.val();
            }
        }
        self.valid.next = self.pointers.valid.val();
        self.count.next = self.pointers.count.val();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_synthesizes, tick, Lcg};
    use std::collections::VecDeque;

    #[test]
    fn sample_fifo_synthesizes() {
        assert_synthesizes::<SampleFifo>("sample_fifo");
    }

    /// Random pushes (when there is room) and pops against a queue.
    #[test]
    fn sample_fifo_is_a_queue() {
        let mut uut = SampleFifo::default();
        uut.connect_all();
        uut.reset.next = true;
        tick(&mut uut, |u| &mut u.clock);
        uut.reset.next = false;
        let mut model = VecDeque::new();
        let mut r = Lcg(71);
        for _ in 0..3000 {
            let push = model.len() < FIFO_DEPTH && r.below(3) != 0;
            let pop = r.below(2) == 0;
            let entry = (
                CoderInput {
                    raw_mode: r.below(2) == 1,
                    on_grid: r.below(2) == 1,
                    sample: bits(r.below(1 << 16) as u64),
                    residual: bits(r.below(1024) as u64),
                    level: bits(r.below(16) as u64),
                },
                r.below(2) == 1,
            );
            uut.push.next = push;
            uut.push_input.next = entry.0;
            uut.push_flush.next = entry.1;
            uut.pop.next = pop;
            assert!(simulate(&mut uut, 100));
            assert_eq!(uut.count.val().index(), model.len());
            assert_eq!(uut.valid.val(), !model.is_empty());
            if let Some(&(input, flush)) = model.front() {
                assert_eq!((uut.head_input.val(), uut.head_flush.val()), (input, flush));
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
