//! Forwarding (the hazard unit): a loop field of a sample comes from the
//! newest older sample of the same channel still in flight, else from the
//! state the sample carries (read from the RAM, merged with later writes).
//! Matching is by channel tag, not by distance, so bubbles and any channel
//! count below the pipeline depth are handled alike.

use crate::params::{CHANNEL_BITS, STATE_BITS};
use array_init::array_init;
use rust_hdl::prelude::*;

/// Selects the newest of `K` in-flight state words whose channel matches.
/// Sources are ordered oldest first; a later matching source wins.
#[derive(LogicBlock)]
pub struct Forward<const K: usize> {
    /// Channel of the sample that needs the field.
    pub channel: Signal<In, Bits<CHANNEL_BITS>>,
    /// The sample's own (carried) state word: the fallback.
    pub carried: Signal<In, Bits<STATE_BITS>>,
    /// Whether source `i` holds a sample.
    pub valid: [Signal<In, bool>; K],
    /// Channel of source `i`.
    pub channels: [Signal<In, Bits<CHANNEL_BITS>>; K],
    /// State word (after its own update) of source `i`.
    pub words: [Signal<In, Bits<STATE_BITS>>; K],
    /// The newest matching word, else `carried`.
    pub word: Signal<Out, Bits<STATE_BITS>>,
}

impl<const K: usize> Default for Forward<K> {
    fn default() -> Self {
        Self {
            channel: Default::default(),
            carried: Default::default(),
            valid: array_init(|_| Default::default()),
            channels: array_init(|_| Default::default()),
            words: array_init(|_| Default::default()),
            word: Default::default(),
        }
    }
}

impl<const K: usize> Logic for Forward<K> {
    #[hdl_gen]
    fn update(&mut self) {
        self.word.next = self.carried.val();
        for i in 0..K {
            if self.valid[i].val() && (self.channels[i].val() == self.channel.val()) {
                self.word.next = self.words[i].val();
            }
        }
    }
}

/// As `Forward`, with the channel matches computed a stage earlier and
/// registered (`hit`), so the selection starts from registers.
#[derive(LogicBlock)]
pub struct Select<const K: usize> {
    /// The sample's own (carried) state word: the fallback.
    pub carried: Signal<In, Bits<STATE_BITS>>,
    /// Source `i` holds an older sample of the same channel.
    pub hit: [Signal<In, bool>; K],
    /// State word (after its own update) of source `i`, oldest first.
    pub words: [Signal<In, Bits<STATE_BITS>>; K],
    /// The newest matching word, else `carried`.
    pub word: Signal<Out, Bits<STATE_BITS>>,
}

impl<const K: usize> Default for Select<K> {
    fn default() -> Self {
        Self {
            carried: Default::default(),
            hit: array_init(|_| Default::default()),
            words: array_init(|_| Default::default()),
            word: Default::default(),
        }
    }
}

impl<const K: usize> Logic for Select<K> {
    #[hdl_gen]
    fn update(&mut self) {
        self.word.next = self.carried.val();
        for i in 0..K {
            if self.hit[i].val() {
                self.word.next = self.words[i].val();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_synthesizes() {
        let mut uut = Forward::<3>::default();
        uut.connect_all();
        yosys_validate("forward", &generate_verilog(&uut)).unwrap();
        let mut uut = Select::<3>::default();
        uut.connect_all();
        yosys_validate("select", &generate_verilog(&uut)).unwrap();
    }

    #[test]
    fn newest_matching_source_wins() {
        let mut uut = Forward::<3>::default();
        uut.connect_all();
        uut.channel.next = bits(5);
        uut.carried.next = bits(100);
        for i in 0..3 {
            uut.words[i].next = bits(i as u64 + 1);
            uut.channels[i].next = bits(5);
            uut.valid[i].next = false;
        }
        assert!(simulate(&mut uut, 100));
        assert_eq!(uut.word.val(), bits(100));
        uut.valid[0].next = true;
        uut.valid[1].next = true;
        assert!(simulate(&mut uut, 100));
        assert_eq!(uut.word.val(), bits(2));
        uut.channels[1].next = bits(6);
        assert!(simulate(&mut uut, 100));
        assert_eq!(uut.word.val(), bits(1));
    }
}
