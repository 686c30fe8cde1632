//! Forwarding (the hazard unit): a loop field of a sample comes from the
//! newest older sample of the same channel still in flight, else from the
//! state the sample carries (read from the RAM, merged with later writes).
//! Matching is by channel tag, done once in s1 against the stages ahead; the
//! whole pipeline moves together, so the distance to each of those samples
//! stays fixed and the registered match bits stay true for the whole trip
//! (bubbles and any channel count below the pipeline depth alike).

use crate::layout::ChannelWord;
use crate::params::{CHANNEL_BITS, STATE_BITS};
use array_init::array_init;
use rust_hdl::prelude::*;

/// In-flight state words that can feed a stage: the stages s3..s8 seen from s2.
pub const REACH: usize = 6;
/// Of those, the ones that can feed the predictor's fields: s3..s5. The
/// predictor RAM is written from s4, so a sample that was in s5 or beyond
/// when s2's sample read it (in s1) had written its fields already, except
/// the one in s4 then (s5 now), whose write met the read on the same edge.
pub const PREDICTOR_REACH: usize = 3;
const _: () = assert!(
    PREDICTOR_REACH == 3,
    "Newest's none_predictor reads nearer[2]"
);
const _: () = assert!(
    REACH == 6 && AHEAD4 == 4,
    "s8 is index 5 ahead of s2, 3 ahead of s4"
);

/// Stages holding a channel tag: s1..s7 (s1 is compared with s2..s7).
pub const TAGGED: usize = REACH + 1;
/// Matches carried by s3, s4, s5, s6 (the stages ahead that later selections use).
pub const AHEAD3: usize = REACH - 1;
pub const AHEAD4: usize = REACH - 2;
pub const AHEAD5: usize = REACH - 3;
pub const AHEAD6: usize = REACH - 4;

/// The channel of each stage s1..s7 and the matches of each sample against
/// the samples ahead of it, formed once in s1 (`Newest`) and carried along:
/// `aheadK[d - 1]` = the sample d stages ahead of sK holds the same channel
/// (as many as later selections use: 6 in s2, 5 in s3, ... 2 in s6);
/// `pick`/`none` = the newest of them in s2, one-hot.
#[derive(LogicBlock, Default)]
pub struct Matches {
    pub clock: Signal<In, Clock>,
    /// A sample is accepted, of this channel.
    pub accept: Signal<In, bool>,
    pub channel: Signal<In, Bits<CHANNEL_BITS>>,
    /// Stage k + 2 holds a sample (index k: s2..s7).
    pub valid: [Signal<In, bool>; REACH],
    /// The sample in stage k + 1 moves on this clock (index k: s1..s6).
    pub moves: [Signal<In, bool>; REACH],
    /// Channel of the sample in s1 (the state RAM read) and s7 (the write-back).
    pub channel1: Signal<Out, Bits<CHANNEL_BITS>>,
    pub channel7: Signal<Out, Bits<CHANNEL_BITS>>,
    /// s8 holds the channel of the sample in s2 (the word it wrote is newer
    /// than the RAM's) / in s4.
    pub s8_ahead2: Signal<Out, bool>,
    pub s8_ahead4: Signal<Out, bool>,
    pub ahead3: [Signal<Out, bool>; AHEAD3],
    pub ahead5: [Signal<Out, bool>; AHEAD5],
    pub ahead6: [Signal<Out, bool>; AHEAD6],
    /// s2: one-hot, the newest same-channel sample ahead; `none`: no such sample.
    pub pick: [Signal<Out, bool>; REACH],
    pub none: Signal<Out, bool>,
    /// s1: no same-channel sample is ahead in s2..s7, so the sample needs its
    /// state from the state RAM (else every field is forwarded: front.rs).
    pub read_needed: Signal<Out, bool>,
    /// s7: a same-channel sample is behind in s1..s6; it will write the state
    /// back after this one, and no sample reads this one's word from the RAM.
    pub superseded: Signal<Out, bool>,
    /// The same for the predictor RAM: none ahead in s2..s4 (s1, read) / in
    /// s3..s5 (s2, `none_predictor`: take the RAM's word); one behind in
    /// s1..s3 (s4, the write-back); the channel of s4.
    pub read_predictor_needed: Signal<Out, bool>,
    pub none_predictor: Signal<Out, bool>,
    pub superseded_predictor: Signal<Out, bool>,
    pub channel4: Signal<Out, Bits<CHANNEL_BITS>>,
    /// Channel of stage k + 1 (index k).
    tag: [DFF<Bits<CHANNEL_BITS>>; TAGGED],
    same2: [DFF<bool>; REACH],
    same3: [DFF<bool>; AHEAD3],
    same4: [DFF<bool>; AHEAD4],
    same5: [DFF<bool>; AHEAD5],
    same6: [DFF<bool>; AHEAD6],
    pick2: [DFF<bool>; REACH],
    none2: DFF<bool>,
    none_predictor2: DFF<bool>,
    /// s1: the newest same-channel sample ahead.
    newest: Newest,
}

impl Logic for Matches {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, none2, none_predictor2);
        // (Indices in an hdl_gen body are literals or loop variables.)
        for i in 0..TAGGED {
            self.tag[i].clock.next = self.clock.val();
            self.tag[i].d.next = self.tag[i].q.val();
        }
        for i in 0..REACH {
            self.same2[i].clock.next = self.clock.val();
            self.same2[i].d.next = self.same2[i].q.val();
            self.pick2[i].clock.next = self.clock.val();
            self.pick2[i].d.next = self.pick2[i].q.val();
            self.pick[i].next = self.pick2[i].q.val();
        }
        for i in 0..AHEAD3 {
            self.same3[i].clock.next = self.clock.val();
            self.same3[i].d.next = self.same3[i].q.val();
            self.ahead3[i].next = self.same3[i].q.val();
        }
        for i in 0..AHEAD4 {
            self.same4[i].clock.next = self.clock.val();
            self.same4[i].d.next = self.same4[i].q.val();
        }
        for i in 0..AHEAD5 {
            self.same5[i].clock.next = self.clock.val();
            self.same5[i].d.next = self.same5[i].q.val();
            self.ahead5[i].next = self.same5[i].q.val();
        }
        for i in 0..AHEAD6 {
            self.same6[i].clock.next = self.clock.val();
            self.same6[i].d.next = self.same6[i].q.val();
            self.ahead6[i].next = self.same6[i].q.val();
        }
        self.s8_ahead2.next = self.same2[5].q.val();
        self.s8_ahead4.next = self.same4[3].q.val();
        self.none.next = self.none2.q.val();
        self.none_predictor.next = self.none_predictor2.q.val();
        self.read_needed.next = self.newest.none.val();
        self.read_predictor_needed.next = self.newest.none_predictor.val();
        // The samples 1..6 stages behind s7 matched it in their s1 (index d - 1
        // of their carried matches); s1's match is being formed now. (`moves[0]`
        // is s1's valid whenever the pipeline advances, the only time s7 writes.)
        self.superseded.next = (self.valid[4].val() && self.same6[0].q.val())
            || (self.valid[3].val() && self.same5[1].q.val())
            || (self.valid[2].val() && self.same4[2].q.val())
            || (self.valid[1].val() && self.same3[3].q.val())
            || (self.valid[0].val() && self.same2[4].q.val())
            || (self.moves[0].val() && self.newest.same[5].val());
        // The same for s4's write-back, from the samples 1..3 stages behind it.
        self.superseded_predictor.next = (self.valid[1].val() && self.same3[0].q.val())
            || (self.valid[0].val() && self.same2[1].q.val())
            || (self.moves[0].val() && self.newest.same[2].val());
        self.channel1.next = self.tag[0].q.val();
        self.channel4.next = self.tag[3].q.val();
        self.channel7.next = self.tag[6].q.val();

        // Tags move with their samples.
        if self.accept.val() {
            self.tag[0].d.next = self.channel.val();
        }
        for i in 1..TAGGED {
            if self.moves[i - 1].val() {
                self.tag[i].d.next = self.tag[i - 1].q.val();
            }
        }

        // s1: compare with s2..s7, then carry the matches along.
        self.newest.channel.next = self.tag[0].q.val();
        for i in 0..REACH {
            self.newest.valid[i].next = self.valid[i].val();
            self.newest.channels[i].next = self.tag[i + 1].q.val();
        }
        if self.moves[0].val() {
            for i in 0..REACH {
                self.same2[i].d.next = self.newest.same[i].val();
                self.pick2[i].d.next = self.newest.pick[i].val();
            }
            self.none2.d.next = self.newest.none.val();
            self.none_predictor2.d.next = self.newest.none_predictor.val();
        }
        if self.moves[1].val() {
            for i in 0..AHEAD3 {
                self.same3[i].d.next = self.same2[i].q.val();
            }
        }
        if self.moves[2].val() {
            for i in 0..AHEAD4 {
                self.same4[i].d.next = self.same3[i].q.val();
            }
        }
        if self.moves[3].val() {
            for i in 0..AHEAD5 {
                self.same5[i].d.next = self.same4[i].q.val();
            }
        }
        if self.moves[4].val() {
            for i in 0..AHEAD6 {
                self.same6[i].d.next = self.same5[i].q.val();
            }
        }
    }
}

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
    /// No sample at most `PREDICTOR_REACH` stages ahead holds the same channel.
    pub none_predictor: Signal<Out, bool>,
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
            none_predictor: Default::default(),
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
        self.none_predictor.next = !self.nearer[2].val();
    }
}

/// The word of the newest same-channel sample among the `K` stages ahead, or
/// `carried`, from a registered one-hot choice (`Newest`): an AND-OR, no
/// priority chain.
#[derive(LogicBlock)]
pub struct Pick<const K: usize> {
    /// One-hot choice (index d - 1 = d stages ahead), or `none`.
    pub pick: [Signal<In, bool>; K],
    pub none: Signal<In, bool>,
    /// Word of the sample d stages ahead (index d - 1).
    pub words: [Signal<In, ChannelWord>; K],
    /// The sample's own (carried) word.
    pub carried: Signal<In, ChannelWord>,
    /// The chosen word.
    pub word: Signal<Out, ChannelWord>,
    /// Each source, or zero when not chosen.
    masked: [Signal<Local, Bits<STATE_BITS>>; K],
    carried_masked: Signal<Local, Bits<STATE_BITS>>,
    /// `carried_masked` OR the sources up to index i.
    any: [Signal<Local, Bits<STATE_BITS>>; K],
    zero: Constant<Bits<STATE_BITS>>,
}

impl<const K: usize> Default for Pick<K> {
    fn default() -> Self {
        Self {
            pick: array_init(|_| Default::default()),
            none: Default::default(),
            words: array_init(|_| Default::default()),
            carried: Default::default(),
            word: Default::default(),
            masked: array_init(|_| Default::default()),
            carried_masked: Default::default(),
            any: array_init(|_| Default::default()),
            zero: Constant::new(Bits::<STATE_BITS>::default()),
        }
    }
}

impl<const K: usize> Logic for Pick<K> {
    #[hdl_gen]
    fn update(&mut self) {
        for i in 0..K {
            self.masked[i].next = self.zero.val();
            if self.pick[i].val() {
                self.masked[i].next = self.words[i].val().into();
            }
        }
        self.carried_masked.next = self.zero.val();
        if self.none.val() {
            self.carried_masked.next = self.carried.val().into();
        }
        self.any[0].next = self.carried_masked.val() | self.masked[0].val();
        for i in 1..K {
            self.any[i].next = self.any[i - 1].val() | self.masked[i].val();
        }
        // The last of these assignments stands: `any[K - 1]` (an hdl_gen
        // index is a literal or a loop variable).
        for i in 0..K {
            self.word.next = self.any[i].val().into();
        }
    }
}

/// The newest of `K` in-flight values of a state field (`W` bits) whose
/// channel matches, by priority, from channel matches registered earlier
/// (`hit`), so the selection starts from registers.
#[derive(LogicBlock)]
pub struct Select<const K: usize, const W: usize> {
    /// The sample's own (carried) field: the fallback.
    pub carried: Signal<In, Bits<W>>,
    /// Source `i` holds an older sample of the same channel.
    pub hit: [Signal<In, bool>; K],
    /// The field (after its own update) of source `i`, oldest first.
    pub words: [Signal<In, Bits<W>>; K],
    /// The newest matching field, else `carried`.
    pub word: Signal<Out, Bits<W>>,
}

impl<const K: usize, const W: usize> Default for Select<K, W> {
    fn default() -> Self {
        Self {
            carried: Default::default(),
            hit: array_init(|_| Default::default()),
            words: array_init(|_| Default::default()),
            word: Default::default(),
        }
    }
}

impl<const K: usize, const W: usize> Logic for Select<K, W> {
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
    use crate::layout::state_bits;
    use crate::testing::assert_synthesizes;

    #[test]
    fn forward_blocks_synthesize() {
        assert_synthesizes::<Newest>("newest");
        assert_synthesizes::<Pick<REACH>>("pick");
        assert_synthesizes::<Pick<PREDICTOR_REACH>>("pick_predictor");
        assert_synthesizes::<Select<3, 6>>("select");
        assert_synthesizes::<Matches>("matches");
    }

    /// Newest + Pick choose the nearest matching stage for every match
    /// pattern; the predictor's pick (the first `PREDICTOR_REACH` stages, else
    /// the carried word) likewise.
    #[test]
    fn nearest_matching_stage_wins() {
        let mut newest = Newest::default();
        newest.connect_all();
        let mut pick = Pick::<REACH>::default();
        pick.connect_all();
        let mut near = Pick::<PREDICTOR_REACH>::default();
        near.connect_all();
        let word = |v: u128| ChannelWord::from(state_bits(v));
        pick.carried.next = word(100);
        near.carried.next = word(100);
        for d in 0..REACH {
            pick.words[d].next = word(d as u128 + 1);
        }
        for d in 0..PREDICTOR_REACH {
            near.words[d].next = word(d as u128 + 1);
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
            for d in 0..PREDICTOR_REACH {
                near.pick[d].next = newest.pick[d].val();
            }
            near.none.next = newest.none_predictor.val();
            assert!(simulate(&mut near, 100));
            let matches = (0..REACH).filter(|d| (pattern >> (2 * d)) & 3 == 3).min();
            for d in 0..REACH {
                assert_eq!(newest.same[d].val(), (pattern >> (2 * d)) & 3 == 3);
            }
            let expected = match matches.unwrap_or(REACH) {
                d if d < REACH => d as u64 + 1,
                _ => 100,
            };
            assert_eq!(
                pick.word.val(),
                word(expected as u128),
                "pattern {pattern:b}"
            );
            let expected_near = match matches.unwrap_or(REACH) {
                d if d < PREDICTOR_REACH => d as u64 + 1,
                _ => 100,
            };
            assert_eq!(
                near.word.val(),
                word(expected_near as u128),
                "pattern {pattern:b}"
            );
        }
    }

    #[test]
    fn newest_hit_wins_in_select() {
        let mut uut = Select::<3, 8>::default();
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
