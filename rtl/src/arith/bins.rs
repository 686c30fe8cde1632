//! The bin FSM (FORMAT.md 14.4): loads a sample and hands out its bins one a
//! clock, each with its context index (or as a bypass bin), then the flush.
//! The encoder knows every bin of a sample from the sample, so the bins never
//! wait for the coder's result: the next context can be read a clock ahead.
//!
//! Phases: RAW (the raw flag, in raw mode), then BUCKET (unary, bin j =
//! "bucket > j", context by activity level), then SUFFIX (bits of
//! `u + 1 - 2^bucket` from the top, context by tree node below
//! `SUFFIX_NODES`, bypass beyond), then SIGN (a bypass bin, when `0 < u < 512`); VERBATIM
//! (16 bypass bins of the sample) after the raw flag 1 or the escape bucket. The sample's last bin loads the
//! next sample on the same clock, so samples follow without a gap.

use super::params::{
    BUCKET_BITS, INDEX_BITS, LEVEL_BITS, NODE_BITS, RESIDUAL_BITS, SAMPLE_BITS, STEP_BITS,
    SUFFIX_BITS,
};
use crate::constants::constant;
use array_init::array_init;
use golden::ratio::binarize::{
    bucket_index, ACTIVITY_CONTEXTS, ESCAPE_BUCKET, MAX_MAGNITUDE, RAW_INDEX, SUFFIX_BASE,
    SUFFIX_CONTEXT_BITS, SUFFIX_NODES,
};
use rust_hdl::prelude::*;

/// Bits of the phase register.
const PHASE_BITS: usize = 3;
/// Phases (see the module comment).
const IDLE: u128 = 0;
const RAW: u128 = 1;
const BUCKET: u128 = 2;
const SUFFIX: u128 = 3;
const SIGN: u128 = 4;
const VERBATIM: u128 = 5;
const FLUSH: u128 = 6;

#[derive(LogicBlock)]
pub struct Binarizer {
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: idle, no flush pending, no sample yet.
    pub reset: Signal<In, bool>,
    /// The contexts are ready (their reset sweep is over).
    pub enable: Signal<In, bool>,
    /// A sample is offered.
    pub in_valid: Signal<In, bool>,
    /// The sample is taken this clock.
    pub in_ready: Signal<Out, bool>,
    /// The channel is in raw mode: the raw flag comes first.
    pub raw_mode: Signal<In, bool>,
    /// The sample is on the grid (else it is coded verbatim).
    pub on_grid: Signal<In, bool>,
    /// The sample, two's complement.
    pub sample: Signal<In, Bits<SAMPLE_BITS>>,
    /// The wrapped residual `e`, two's complement.
    pub residual: Signal<In, Bits<RESIDUAL_BITS>>,
    /// Activity level `L`.
    pub level: Signal<In, Bits<LEVEL_BITS>>,
    /// One-clock pulse after the last sample: flush when its bins are out.
    pub flush: Signal<In, bool>,
    /// The coder takes the current token this clock.
    pub take: Signal<In, bool>,
    /// A token is offered (a bin or the flush).
    pub token_valid: Signal<Out, bool>,
    /// The bin is a bypass bin (no context).
    pub token_bypass: Signal<Out, bool>,
    /// The token is the flush.
    pub token_flush: Signal<Out, bool>,
    /// The bin's value.
    pub token_bin: Signal<Out, bool>,
    /// The bin's context index (golden's flat layout).
    pub token_index: Signal<Out, Bits<INDEX_BITS>>,
    /// Phase.
    phase: DFF<Bits<PHASE_BITS>>,
    /// Bucket bin j / suffix bit / verbatim bit of the current bin.
    step: DFF<Bits<STEP_BITS>>,
    /// Suffix tree node.
    node: DFF<Bits<NODE_BITS>>,
    /// The sample's bucket (ESCAPE_BUCKET off the grid).
    bucket: DFF<Bits<BUCKET_BITS>>,
    /// Its suffix `u + 1 - 2^bucket`.
    suffix: DFF<Bits<SUFFIX_BITS>>,
    /// The sample, for the verbatim bins.
    verbatim: DFF<Bits<SAMPLE_BITS>>,
    /// `0 < u < 512`: a sign bin follows the suffix.
    has_sign: DFF<bool>,
    /// `e < 0`.
    negative: DFF<bool>,
    /// Index of `bucket[L][0]`.
    bucket_base: DFF<Bits<INDEX_BITS>>,
    /// A flush waits for the bins before it.
    flush_pending: DFF<bool>,
    /// A sample has been loaded since reset (a stream of no samples flushes nothing).
    any: DFF<bool>,
    /// The current bin is its sample's last (the next sample may load).
    done: Signal<Local, bool>,
    /// A sample loads this clock.
    load: Signal<Local, bool>,
    /// `u = |e|` of the offered sample, and `u + 1`.
    u_in: Signal<Local, Bits<RESIDUAL_BITS>>,
    u1_in: Signal<Local, Bits<RESIDUAL_BITS>>,
    /// Its bucket `floor_log2(u + 1)` (ESCAPE_BUCKET off the grid).
    bucket_in: Signal<Local, Bits<BUCKET_BITS>>,
    /// `u + 1 - 2^bucket` of the offered sample (its low SUFFIX_BITS).
    suffix_in: Signal<Local, Bits<SUFFIX_BITS>>,
    /// `bucket[L][0]` of the offered sample.
    base_in: Signal<Local, Bits<INDEX_BITS>>,
    /// The current suffix bin is context-coded (its node is below SUFFIX_NODES).
    node_coded: Signal<Local, bool>,
    phases: [Constant<Bits<PHASE_BITS>>; 7],
    level_base: [Constant<Bits<INDEX_BITS>>; ACTIVITY_CONTEXTS],
    /// `i` as a bucket, for the leading one of `u + 1`.
    bit_numbers: [Constant<Bits<BUCKET_BITS>>; RESIDUAL_BITS],
    escape: Constant<Bits<BUCKET_BITS>>,
    last_bucket_bin: Constant<Bits<STEP_BITS>>,
    top_bit: Constant<Bits<STEP_BITS>>,
    max_magnitude: Constant<Bits<RESIDUAL_BITS>>,
    one: Constant<Bits<RESIDUAL_BITS>>,
    suffix_one: Constant<Bits<SUFFIX_BITS>>,
    raw_index: Constant<Bits<INDEX_BITS>>,
    suffix_base: Constant<Bits<INDEX_BITS>>,
    node_shift: Constant<Bits<8>>,
    node_root: Constant<Bits<NODE_BITS>>,
    residual_sign_at: Constant<Bits<8>>,
    node_bypass_at: Constant<Bits<8>>,
}

impl Default for Binarizer {
    fn default() -> Self {
        Self {
            clock: Default::default(),
            reset: Default::default(),
            enable: Default::default(),
            in_valid: Default::default(),
            in_ready: Default::default(),
            raw_mode: Default::default(),
            on_grid: Default::default(),
            sample: Default::default(),
            residual: Default::default(),
            level: Default::default(),
            flush: Default::default(),
            take: Default::default(),
            token_valid: Default::default(),
            token_bypass: Default::default(),
            token_flush: Default::default(),
            token_bin: Default::default(),
            token_index: Default::default(),
            phase: Default::default(),
            step: Default::default(),
            node: Default::default(),
            bucket: Default::default(),
            suffix: Default::default(),
            verbatim: Default::default(),
            has_sign: Default::default(),
            negative: Default::default(),
            bucket_base: Default::default(),
            flush_pending: Default::default(),
            any: Default::default(),
            done: Default::default(),
            load: Default::default(),
            u_in: Default::default(),
            u1_in: Default::default(),
            bucket_in: Default::default(),
            suffix_in: Default::default(),
            base_in: Default::default(),
            node_coded: Default::default(),
            phases: array_init(|i| constant(i as u128)),
            level_base: array_init(|l| constant(bucket_index(l) as u128)),
            bit_numbers: array_init(|i| constant(i as u128)),
            escape: constant(ESCAPE_BUCKET as u128),
            last_bucket_bin: constant(ESCAPE_BUCKET as u128 - 1),
            top_bit: constant(SAMPLE_BITS as u128 - 1),
            max_magnitude: constant(MAX_MAGNITUDE as u128),
            one: constant(1),
            suffix_one: constant(1),
            raw_index: constant(RAW_INDEX as u128),
            suffix_base: constant(SUFFIX_BASE as u128),
            node_shift: constant(SUFFIX_CONTEXT_BITS as u128),
            node_root: constant(1),
            residual_sign_at: constant(RESIDUAL_BITS as u128 - 1),
            node_bypass_at: constant(NODE_BITS as u128 - 1),
        }
    }
}

const _: () = assert!(FLUSH as usize == 6 && IDLE == 0 && RAW == 1 && BUCKET == 2);
const _: () = assert!(SUFFIX == 3 && SIGN == 4 && VERBATIM == 5 && 1 << PHASE_BITS > FLUSH);
const _: () = assert!(SUFFIX_NODES == 1 << (NODE_BITS - 1));

impl Logic for Binarizer {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            phase,
            step,
            node,
            bucket,
            suffix,
            verbatim,
            has_sign,
            negative,
            bucket_base,
            flush_pending,
            any
        );
        // The offered sample: u = |e| (512 is -512's), its bucket and context row.
        self.u_in.next = self.residual.val();
        if self
            .residual
            .val()
            .get_bit(self.residual_sign_at.val().index())
        {
            self.u_in.next = !self.residual.val() + self.one.val();
        }
        self.u1_in.next = self.u_in.val() + self.one.val();
        self.bucket_in.next = self.escape.val();
        if self.on_grid.val() {
            self.bucket_in.next = 0.into();
            for i in 0..RESIDUAL_BITS {
                if self.u1_in.val().get_bit(i) {
                    self.bucket_in.next = self.bit_numbers[i].val();
                }
            }
        }
        // u + 1 without its leading one: the suffix.
        self.suffix_in.next = self.u1_in.val().get_bits::<SUFFIX_BITS>(0)
            ^ (self.suffix_one.val() << bit_cast::<SUFFIX_BITS, BUCKET_BITS>(self.bucket_in.val()));
        self.base_in.next = 0.into();
        for l in 0..ACTIVITY_CONTEXTS {
            if self.level.val().index() == l {
                self.base_in.next = self.level_base[l].val();
            }
        }

        // The current token, from the registers.
        self.node_coded.next = !self.node.q.val().get_bit(self.node_bypass_at.val().index());
        self.token_valid.next = self.phase.q.val() != self.phases[0].val();
        self.token_bypass.next = false;
        self.token_flush.next = false;
        self.token_bin.next = false;
        self.token_index.next = 0.into();
        self.done.next = false;
        if self.phase.q.val() == self.phases[1].val() {
            // RAW: the flag is 1 off the grid (bucket = escape).
            self.token_bin.next = self.bucket.q.val() == self.escape.val();
            self.token_index.next = self.raw_index.val();
        }
        if self.phase.q.val() == self.phases[2].val() {
            // BUCKET: "bucket > j".
            self.token_bin.next =
                self.bucket.q.val() > bit_cast::<BUCKET_BITS, STEP_BITS>(self.step.q.val());
            self.token_index.next =
                self.bucket_base.q.val() + bit_cast::<INDEX_BITS, STEP_BITS>(self.step.q.val());
            self.done.next = !self.token_bin.val() && !self.step.q.val().any();
        }
        if self.phase.q.val() == self.phases[3].val() {
            // SUFFIX: its bits from the top; the tree's context, or bypass below it.
            self.token_bin.next = self.suffix.q.val().get_bit(self.step.q.val().index());
            self.token_bypass.next = !self.node_coded.val();
            self.token_index.next = self.suffix_base.val()
                + (bit_cast::<INDEX_BITS, BUCKET_BITS>(self.bucket.q.val())
                    << self.node_shift.val())
                + bit_cast::<INDEX_BITS, NODE_BITS>(self.node.q.val());
            self.done.next = !self.step.q.val().any() && !self.has_sign.q.val();
        }
        if self.phase.q.val() == self.phases[4].val() {
            // SIGN: a bypass bin.
            self.token_bin.next = self.negative.q.val();
            self.token_bypass.next = true;
            self.done.next = true;
        }
        if self.phase.q.val() == self.phases[5].val() {
            self.token_bin.next = self.verbatim.q.val().get_bit(self.step.q.val().index());
            self.token_bypass.next = true;
            self.done.next = !self.step.q.val().any();
        }
        if self.phase.q.val() == self.phases[6].val() {
            self.token_flush.next = true;
        }

        // Next state.
        self.in_ready.next = self.enable.val()
            && !self.flush_pending.q.val()
            && ((self.phase.q.val() == self.phases[0].val())
                || (self.take.val() && self.done.val()));
        self.load.next = self.in_valid.val() && self.in_ready.val();
        if self.flush.val() {
            self.flush_pending.d.next = true;
        }
        if self.take.val() && self.token_valid.val() {
            if self.phase.q.val() == self.phases[1].val() {
                if self.token_bin.val() {
                    self.phase.d.next = self.phases[5].val();
                    self.step.d.next = self.top_bit.val();
                } else {
                    self.phase.d.next = self.phases[2].val();
                    self.step.d.next = 0.into();
                }
            }
            if self.phase.q.val() == self.phases[2].val() {
                if self.token_bin.val() {
                    self.step.d.next = self.step.q.val() + 1;
                    if self.step.q.val() == self.last_bucket_bin.val() {
                        self.phase.d.next = self.phases[5].val();
                        self.step.d.next = self.top_bit.val();
                    }
                } else {
                    self.phase.d.next = self.phases[3].val();
                    self.step.d.next = self.step.q.val() - 1;
                    self.node.d.next = self.node_root.val();
                }
            }
            if self.phase.q.val() == self.phases[3].val() {
                if self.node_coded.val() {
                    self.node.d.next = (self.node.q.val() << 1)
                        | bit_cast::<NODE_BITS, 1>(self.token_bin.val().into());
                }
                self.step.d.next = self.step.q.val() - 1;
                if !self.step.q.val().any() {
                    self.phase.d.next = self.phases[4].val();
                }
            }
            if self.phase.q.val() == self.phases[5].val() {
                self.step.d.next = self.step.q.val() - 1;
            }
            if self.phase.q.val() == self.phases[6].val() {
                self.phase.d.next = self.phases[0].val();
                self.flush_pending.d.next = false;
                self.any.d.next = false;
            }
            if self.done.val() {
                self.phase.d.next = self.phases[0].val();
            }
        }
        if (self.phase.q.val() == self.phases[0].val()) && self.flush_pending.q.val() {
            // The bins before the flush are out: flush, unless no sample came.
            if self.any.q.val() {
                self.phase.d.next = self.phases[6].val();
            } else {
                self.flush_pending.d.next = false;
            }
        }
        if self.load.val() {
            self.any.d.next = true;
            self.bucket.d.next = self.bucket_in.val();
            self.suffix.d.next = self.suffix_in.val();
            self.verbatim.d.next = self.sample.val();
            self.has_sign.d.next =
                self.u_in.val().any() && (self.u_in.val() != self.max_magnitude.val());
            self.negative.d.next = self
                .residual
                .val()
                .get_bit(self.residual_sign_at.val().index());
            self.bucket_base.d.next = self.base_in.val();
            self.step.d.next = 0.into();
            self.phase.d.next = self.phases[2].val();
            if self.raw_mode.val() {
                self.phase.d.next = self.phases[1].val();
            }
        }
        if self.reset.val() {
            self.phase.d.next = self.phases[0].val();
            self.flush_pending.d.next = false;
            self.any.d.next = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{offer, random_inputs};
    use super::*;
    use crate::testing::{assert_synthesizes, tick, Lcg};
    use golden::ratio::arith::{BinCoder, Context};
    use golden::ratio::binarize::{code_sample, Contexts, CONTEXT_COUNT};

    #[test]
    fn binarizer_synthesizes() {
        assert_synthesizes::<Binarizer>("binarizer");
    }

    /// A bin as golden codes it: context index (`None` for bypass), value.
    type Bin = (Option<usize>, bool);

    /// Records the bins `code_sample` hands to a coder, each context by its
    /// flat index (found by address among `Contexts`' fields in layout order).
    struct Recorder {
        addresses: Vec<usize>,
        bins: Vec<Bin>,
    }

    impl BinCoder for Recorder {
        fn context(&mut self, ctx: &mut Context, bin: u32) -> u32 {
            let at = ctx as *const Context as usize;
            let index = self.addresses.iter().position(|&a| a == at);
            self.bins
                .push((Some(index.expect("a context of the stream")), bin == 1));
            bin
        }
        fn bypass(&mut self, bin: u32) -> u32 {
            self.bins.push((None, bin == 1));
            bin
        }
    }

    fn golden_bins(inputs: &[golden::ratio::trace::BinInputs]) -> Vec<Bin> {
        let mut ctx = Contexts::new();
        let c = &ctx;
        let addresses: Vec<usize> = (c.bucket.iter().flatten())
            .chain(c.suffix.iter().flatten())
            .chain([&c.raw])
            .map(|x| x as *const Context as usize)
            .collect();
        assert_eq!(addresses.len(), CONTEXT_COUNT);
        let mut rec = Recorder {
            addresses,
            bins: Vec::new(),
        };
        for s in inputs {
            code_sample(&mut rec, &mut ctx, s.at, s.coded()).unwrap();
        }
        rec.bins
    }

    /// Random samples reaching every bin, taken at random clocks: the tokens
    /// are golden's bins in order (context index or bypass, value), then
    /// one flush token.
    #[test]
    fn tokens_are_golden_bins() {
        let mut r = Lcg(29);
        let inputs = random_inputs(&mut r, 600, 40);
        let want = golden_bins(&inputs);
        let mut uut = Binarizer::default();
        uut.connect_all();
        uut.reset.next = true;
        tick(&mut uut, |u| &mut u.clock);
        uut.reset.next = false;
        uut.enable.next = true;
        let (mut got, mut next, mut flushed) = (Vec::new(), 0, false);
        for clock in 0..40 * inputs.len() {
            if let Some(s) = inputs.get(next) {
                uut.in_valid.next = r.below(4) != 0;
                offer!(uut, s);
            } else {
                uut.in_valid.next = false;
            }
            uut.flush.next = next == inputs.len() && !flushed;
            flushed |= next == inputs.len();
            uut.take.next = r.below(3) != 0;
            assert!(simulate(&mut uut, 100));
            if uut.in_valid.val() && uut.in_ready.val() {
                next += 1;
            }
            if uut.take.val() && uut.token_valid.val() {
                if uut.token_flush.val() {
                    assert_eq!(got.len(), want.len(), "flush after the last bin");
                    return;
                }
                let index = (!uut.token_bypass.val()).then(|| uut.token_index.val().index());
                got.push((index, uut.token_bin.val()));
                let n = got.len() - 1;
                assert_eq!(got[n], want[n], "bin {n}, clock {clock}");
            }
            tick(&mut uut, |u| &mut u.clock);
        }
        panic!("no flush token");
    }
}
