//! Forwarding (the hazard unit): a loop field of a sample comes from the
//! newest older sample of the same channel still in flight, else from the
//! state the sample carries (read from the RAM, merged with later writes).
//! Matching is by channel tag, done once in s1 against the stages ahead; the
//! whole pipeline moves together, so the distance to each of those samples
//! stays fixed and the registered match bits stay true for the whole trip
//! (bubbles and any channel count below the pipeline depth alike).

use crate::params::{CHANNEL_BITS, STATE_BITS};
use array_init::array_init;
use rust_hdl::prelude::*;

/// In-flight state words that can feed a stage: the stages s3..s8 seen from s2.
pub const REACH: usize = 6;

/// Channel matches of a sample against the `REACH` stages ahead of it (index
/// d - 1 = the sample d stages ahead holds the same channel), resolved to the
/// newest match: `pick` is one-hot, or `none` when no sample ahead matches.
/// Computed a stage early and registered, so `Pick` starts from registers.
#[derive(LogicBlock)]
pub struct Newest {
    /// Channel of the sample.
    pub channel: Signal<In, Bits<CHANNEL_BITS>>,
    /// Whether the stage d ahead holds a sample, and its channel (index d - 1).
    pub valid: [Signal<In, bool>; REACH],
    pub channels: [Signal<In, Bits<CHANNEL_BITS>>; REACH],
    /// The sample d stages ahead holds the same channel (index d - 1).
    pub same: [Signal<Out, bool>; REACH],
    /// One-hot: the newest same-channel sample ahead.
    pub pick: [Signal<Out, bool>; REACH],
    /// No sample ahead holds the same channel.
    pub none: Signal<Out, bool>,
    /// Some sample at most d stages ahead matches (index d - 1).
    nearer: [Signal<Local, bool>; REACH],
}

impl Default for Newest {
    fn default() -> Self {
        Self {
            channel: Default::default(),
            valid: array_init(|_| Default::default()),
            channels: array_init(|_| Default::default()),
            same: array_init(|_| Default::default()),
            pick: array_init(|_| Default::default()),
            none: Default::default(),
            nearer: array_init(|_| Default::default()),
        }
    }
}

impl Logic for Newest {
    #[hdl_gen]
    fn update(&mut self) {
        for i in 0..REACH {
            self.same[i].next =
                self.valid[i].val() && (self.channels[i].val() == self.channel.val());
        }
        self.nearer[0].next = self.same[0].val();
        self.nearer[1].next = self.same[0].val() || self.same[1].val();
        self.nearer[2].next = self.nearer[1].val() || self.same[2].val();
        self.nearer[3].next = self.nearer[2].val() || self.same[3].val();
        self.nearer[4].next = self.nearer[3].val() || self.same[4].val();
        self.nearer[5].next = self.nearer[4].val() || self.same[5].val();
        self.pick[0].next = self.same[0].val();
        self.pick[1].next = self.same[1].val() && !self.nearer[0].val();
        self.pick[2].next = self.same[2].val() && !self.nearer[1].val();
        self.pick[3].next = self.same[3].val() && !self.nearer[2].val();
        self.pick[4].next = self.same[4].val() && !self.nearer[3].val();
        self.pick[5].next = self.same[5].val() && !self.nearer[4].val();
        self.none.next = !self.nearer[5].val();
    }
}

/// The word of the newest same-channel sample ahead, or `carried`, from a
/// registered one-hot choice (`Newest`): an AND-OR, no priority chain.
#[derive(LogicBlock)]
pub struct Pick {
    /// One-hot choice (index d - 1 = d stages ahead), or `none`.
    pub pick: [Signal<In, bool>; REACH],
    pub none: Signal<In, bool>,
    /// Word of the sample d stages ahead (index d - 1).
    pub words: [Signal<In, Bits<STATE_BITS>>; REACH],
    /// The sample's own (carried) word.
    pub carried: Signal<In, Bits<STATE_BITS>>,
    /// The chosen word.
    pub word: Signal<Out, Bits<STATE_BITS>>,
    /// Each source, or zero when not chosen.
    masked: [Signal<Local, Bits<STATE_BITS>>; REACH],
    carried_masked: Signal<Local, Bits<STATE_BITS>>,
    zero: Constant<Bits<STATE_BITS>>,
}

impl Default for Pick {
    fn default() -> Self {
        Self {
            pick: array_init(|_| Default::default()),
            none: Default::default(),
            words: array_init(|_| Default::default()),
            carried: Default::default(),
            word: Default::default(),
            masked: array_init(|_| Default::default()),
            carried_masked: Default::default(),
            zero: Constant::new(Bits::<STATE_BITS>::default()),
        }
    }
}

const _: () = assert!(REACH == 6, "Newest and Pick are written out for six stages");

impl Logic for Pick {
    #[hdl_gen]
    fn update(&mut self) {
        for i in 0..REACH {
            self.masked[i].next = self.zero.val();
            if self.pick[i].val() {
                self.masked[i].next = self.words[i].val();
            }
        }
        self.carried_masked.next = self.zero.val();
        if self.none.val() {
            self.carried_masked.next = self.carried.val();
        }
        self.word.next = self.carried_masked.val()
            | self.masked[0].val()
            | self.masked[1].val()
            | self.masked[2].val()
            | self.masked[3].val()
            | self.masked[4].val()
            | self.masked[5].val();
    }
}

/// The newest of `K` in-flight words whose channel matches, by priority, from
/// channel matches registered earlier (`hit`), so the selection starts from registers.
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
    use crate::testing::assert_synthesizes;

    #[test]
    fn forward_blocks_synthesize() {
        assert_synthesizes::<Newest>("newest");
        assert_synthesizes::<Pick>("pick");
        assert_synthesizes::<Select<3>>("select");
    }

    /// Newest + Pick choose the nearest matching stage for every match pattern.
    #[test]
    fn nearest_matching_stage_wins() {
        let mut newest = Newest::default();
        newest.connect_all();
        let mut pick = Pick::default();
        pick.connect_all();
        pick.carried.next = bits(100);
        for d in 0..REACH {
            pick.words[d].next = bits(d as u64 + 1);
        }
        newest.channel.next = bits(7);
        for pattern in 0..(1u32 << (2 * REACH)) {
            // Per stage: valid bit and whether its channel is 7 (else 3).
            for d in 0..REACH {
                newest.valid[d].next = (pattern >> (2 * d)) & 1 == 1;
                newest.channels[d].next = bits(if (pattern >> (2 * d + 1)) & 1 == 1 {
                    7
                } else {
                    3
                });
            }
            assert!(simulate(&mut newest, 100));
            for d in 0..REACH {
                pick.pick[d].next = newest.pick[d].val();
            }
            pick.none.next = newest.none.val();
            assert!(simulate(&mut pick, 100));
            let matches = (0..REACH).filter(|d| (pattern >> (2 * d)) & 3 == 3).min();
            for d in 0..REACH {
                assert_eq!(newest.same[d].val(), (pattern >> (2 * d)) & 3 == 3);
            }
            let expected = match matches.unwrap_or(REACH) {
                d if d < REACH => d as u64 + 1,
                _ => 100,
            };
            assert_eq!(pick.word.val(), bits(expected), "pattern {pattern:b}");
        }
    }

    #[test]
    fn newest_hit_wins_in_select() {
        let mut uut = Select::<3>::default();
        uut.connect_all();
        uut.carried.next = bits(100);
        for i in 0..3 {
            uut.words[i].next = bits(i as u64 + 1);
            uut.hit[i].next = false;
        }
        assert!(simulate(&mut uut, 100));
        assert_eq!(uut.word.val(), bits(100));
        uut.hit[0].next = true;
        uut.hit[1].next = true;
        assert!(simulate(&mut uut, 100));
        assert_eq!(uut.word.val(), bits(2));
        uut.hit[1].next = false;
        assert!(simulate(&mut uut, 100));
        assert_eq!(uut.word.val(), bits(1));
    }
}
