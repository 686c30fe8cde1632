//! The contexts of a stream (FORMAT.md 14.2): `ContextStore`, a RAM of
//! CONTEXT_COUNT words `{n, p0}` read a clock ahead, and `Adapt`, the update
//! of the context that just coded a bin.
//!
//! The store reads the next bin's context on the clock the coder takes that
//! bin (`load`), so it is there when the bin is coded. On that same edge the
//! coder writes back the context it has just updated; if the next bin uses the
//! same context (consecutive bins across a sample boundary can: the last
//! bucket bin of one sample and the first of the next), the RAM's word is the
//! old one, so the written word is kept beside the RAM (`fwd_*`) and used
//! instead. After reset the store sweeps every context to `p0 = 2^15, n = 0`:
//! CONTEXT_COUNT clocks, `ready` low meanwhile.

use super::params::{CONTEXT_BITS, CONTEXT_INIT, INDEX_BITS, N_BITS, N_MAX, P_BITS};
use crate::constants::constant;
use golden::ratio::arith::{Context, RATE_MAX, RATE_MIN};
use golden::ratio::binarize::CONTEXT_COUNT;
use rust_hdl::prelude::*;

/// Bits of the adaptation shift (`RATE_MIN..=RATE_MAX`).
const RATE_BITS: usize = crate::params::clog2(RATE_MAX as usize + 1);
/// Candidate rates `1 + floor_log2(n + 1)`: `n + 1` has N_BITS + 1 bits.
const N1_BITS: usize = N_BITS + 1;
/// Bits of `2^16 - p0`.
const P1_BITS: usize = P_BITS + 1;

/// A context after coding `bin`: `p0` a step toward the bin, `n` counted.
#[derive(LogicBlock)]
pub struct Adapt {
    /// The context word `{n, p0}` before the bin.
    pub word: Signal<In, Bits<CONTEXT_BITS>>,
    /// The bin coded.
    pub bin: Signal<In, bool>,
    /// The context word after it.
    pub adapted: Signal<Out, Bits<CONTEXT_BITS>>,
    /// `p0` and `n` of the input.
    p0: Signal<Local, Bits<P_BITS>>,
    n: Signal<Local, Bits<N_BITS>>,
    /// `clamp(1 + floor_log2(n + 1), RATE_MIN, RATE_MAX)`.
    rate: Signal<Local, Bits<RATE_BITS>>,
    /// `p0 + ((2^16 - p0) >> rate)` and `p0 - (p0 >> rate)`.
    toward_0: Signal<Local, Bits<P1_BITS>>,
    toward_1: Signal<Local, Bits<P_BITS>>,
    unused_toward_0_top: Signal<Local, bool>,
    /// The new `p0` and `n`.
    p0_next: Signal<Local, Bits<P_BITS>>,
    n_next: Signal<Local, Bits<N_BITS>>,
    /// `clamp(1 + i, RATE_MIN, RATE_MAX)`.
    rates: [Constant<Bits<RATE_BITS>>; N1_BITS],
    /// The bits of n at i and above, and below i.
    high_masks: [Constant<Bits<N_BITS>>; N1_BITS],
    low_masks: [Constant<Bits<N_BITS>>; N1_BITS],
    one_p: Constant<Bits<P1_BITS>>,
    n_max: Constant<Bits<N_BITS>>,
    n_at: Constant<Bits<8>>,
    p_top: Constant<Bits<8>>,
}

impl Default for Adapt {
    fn default() -> Self {
        Self {
            word: Default::default(),
            bin: Default::default(),
            adapted: Default::default(),
            p0: Default::default(),
            n: Default::default(),
            rate: Default::default(),
            toward_0: Default::default(),
            toward_1: Default::default(),
            unused_toward_0_top: Default::default(),
            p0_next: Default::default(),
            n_next: Default::default(),
            rates: array_init::array_init(|i| {
                constant((i as u128 + 1).clamp(RATE_MIN as u128, RATE_MAX as u128))
            }),
            high_masks: array_init::array_init(|i| constant(((1u128 << N_BITS) - 1) >> i << i)),
            low_masks: array_init::array_init(|i| constant((1u128 << i) - 1)),
            one_p: constant(1 << P_BITS),
            n_max: constant(N_MAX),
            n_at: constant(P_BITS as u128),
            p_top: constant(P_BITS as u128),
        }
    }
}

impl Logic for Adapt {
    #[hdl_gen]
    fn update(&mut self) {
        self.p0.next = self.word.val().get_bits::<P_BITS>(0);
        self.n.next = self.word.val().get_bits::<N_BITS>(self.n_at.val().index());
        // 1 + floor_log2(n + 1), clamped: the largest i with n + 1 >= 2^i,
        // that is n >= 2^i - 1 (a bit of n at i or above, or its low i bits
        // all ones), tested without an adder; the clamp is in the table.
        self.rate.next = self.rates[0].val();
        for i in 0..N1_BITS {
            if (self.n.val() & self.high_masks[i].val()).any()
                || ((self.n.val() & self.low_masks[i].val()) == self.low_masks[i].val())
            {
                self.rate.next = self.rates[i].val();
            }
        }
        self.toward_0.next = bit_cast::<P1_BITS, P_BITS>(self.p0.val())
            + ((self.one_p.val() - bit_cast::<P1_BITS, P_BITS>(self.p0.val())) >> self.rate.val());
        self.toward_1.next = self.p0.val() - (self.p0.val() >> self.rate.val());
        // Its top bit is never set (the step is at most half of 2^16 - p0).
        self.unused_toward_0_top.next = self.toward_0.val().get_bit(self.p_top.val().index());
        self.p0_next.next = self.toward_0.val().get_bits::<P_BITS>(0);
        if self.bin.val() {
            self.p0_next.next = self.toward_1.val();
        }
        self.n_next.next = self.n.val();
        if self.n.val() != self.n_max.val() {
            self.n_next.next = self.n.val() + 1;
        }
        self.adapted.next = (bit_cast::<CONTEXT_BITS, N_BITS>(self.n_next.val())
            << self.n_at.val())
            | bit_cast::<CONTEXT_BITS, P_BITS>(self.p0_next.val());
    }
}

/// The context memory with its read-ahead, forwarding and reset sweep.
#[derive(LogicBlock)]
pub struct ContextStore {
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: sweep every context to its start value.
    pub reset: Signal<In, bool>,
    /// The sweep is over: bins may come.
    pub ready: Signal<Out, bool>,
    /// Context index of the bin the coder takes this clock.
    pub next_index: Signal<In, Bits<INDEX_BITS>>,
    /// The coder takes a bin this clock (its context becomes the current one).
    pub load: Signal<In, bool>,
    /// The current context coded a bin this clock: write its update back.
    pub update: Signal<In, bool>,
    /// That bin.
    pub bin: Signal<In, bool>,
    /// `p0` of the current context.
    pub p0: Signal<Out, Bits<P_BITS>>,
    /// The context memory (rust-hdl RAM: synchronous read, old data on a
    /// read of the word written on the same edge).
    ram: RAM<Bits<CONTEXT_BITS>, INDEX_BITS>,
    /// The update of the current context.
    adapt: Adapt,
    /// Index of the current context (the bin the coder holds).
    current: DFF<Bits<INDEX_BITS>>,
    /// The last context written back, and its index: newer than the RAM's
    /// word when it was read on the edge that wrote it.
    fwd_index: DFF<Bits<INDEX_BITS>>,
    fwd_context: DFF<Bits<CONTEXT_BITS>>,
    fwd_valid: DFF<bool>,
    /// The current context is the forwarded one (`fwd_index == current`).
    use_fwd: DFF<bool>,
    /// The reset sweep runs, and the index it writes.
    sweeping: DFF<bool>,
    sweep_index: DFF<Bits<INDEX_BITS>>,
    /// The current context's word.
    word: Signal<Local, Bits<CONTEXT_BITS>>,
    context_init: Constant<Bits<CONTEXT_BITS>>,
    last_index: Constant<Bits<INDEX_BITS>>,
}

impl Default for ContextStore {
    fn default() -> Self {
        Self {
            clock: Default::default(),
            reset: Default::default(),
            ready: Default::default(),
            next_index: Default::default(),
            load: Default::default(),
            update: Default::default(),
            bin: Default::default(),
            p0: Default::default(),
            ram: Default::default(),
            adapt: Default::default(),
            current: Default::default(),
            fwd_index: Default::default(),
            fwd_context: Default::default(),
            fwd_valid: Default::default(),
            use_fwd: Default::default(),
            sweeping: Default::default(),
            sweep_index: Default::default(),
            word: Default::default(),
            context_init: constant(CONTEXT_INIT),
            last_index: constant(CONTEXT_COUNT as u128 - 1),
        }
    }
}

impl Logic for ContextStore {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            current,
            fwd_index,
            fwd_context,
            fwd_valid,
            use_fwd,
            sweeping,
            sweep_index
        );
        self.ram.read_clock.next = self.clock.val();
        self.ram.write_clock.next = self.clock.val();
        self.word.next = self.ram.read_data.val();
        if self.use_fwd.q.val() {
            self.word.next = self.fwd_context.q.val();
        }
        self.p0.next = self.word.val().get_bits::<P_BITS>(0);
        self.adapt.word.next = self.word.val();
        self.adapt.bin.next = self.bin.val();
        self.ready.next = !self.sweeping.q.val();
        // Read ahead: the next bin's context when the coder takes it, else
        // the current one again (the RAM has had its last write by then).
        self.ram.read_address.next = self.current.q.val();
        if self.load.val() {
            self.ram.read_address.next = self.next_index.val();
            self.current.d.next = self.next_index.val();
        }
        self.ram.write_address.next = self.current.q.val();
        self.ram.write_data.next = self.adapt.adapted.val();
        self.ram.write_enable.next = self.update.val();
        if self.update.val() {
            self.fwd_index.d.next = self.current.q.val();
            self.fwd_context.d.next = self.adapt.adapted.val();
            self.fwd_valid.d.next = true;
        }
        // Whether the next clock's current context is the forwarded one,
        // compared now so that the bin's path starts at a register.
        self.use_fwd.d.next = (self.update.val() || self.fwd_valid.q.val())
            && (self.ram.read_address.val() == self.fwd_index.d.val());
        if self.sweeping.q.val() {
            self.ram.write_address.next = self.sweep_index.q.val();
            self.ram.write_data.next = self.context_init.val();
            self.ram.write_enable.next = true;
            self.sweep_index.d.next = self.sweep_index.q.val() + 1;
            if self.sweep_index.q.val() == self.last_index.val() {
                self.sweeping.d.next = false;
            }
        }
        if self.reset.val() {
            self.sweeping.d.next = true;
            self.sweep_index.d.next = 0.into();
            self.fwd_valid.d.next = false;
            self.use_fwd.d.next = false;
        }
    }
}

/// A context as the context memory holds it: `{n, p0}`, `p0` in the low
/// bits (the power bench's preloaded contexts, rtl/examples/state_image.rs).
pub fn context_word(c: Context) -> u64 {
    ((c.count as u64) << P_BITS) | c.p0 as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_synthesizes, tick, Lcg};
    use golden::ratio::arith::COUNT_MAX;

    #[test]
    fn adapt_synthesizes() {
        assert_synthesizes::<Adapt>("adapt");
    }

    #[test]
    fn context_store_synthesizes() {
        assert_synthesizes::<ContextStore>("context_store");
    }

    fn word(c: Context) -> Bits<CONTEXT_BITS> {
        bits(context_word(c))
    }

    /// Every count, both bins, `p0` at both ends and between: golden's update.
    #[test]
    fn adapt_is_golden_update() {
        let mut uut = Adapt::default();
        uut.connect_all();
        let mut r = Lcg(17);
        for count in 0..=COUNT_MAX {
            let mut probs = vec![1, 2, 3, 1023, 32768, 64512, 65533, 65534, 65535];
            probs.extend((0..8).map(|_| 1 + r.below(65535) as u16));
            for p0 in probs {
                for bin in 0..2 {
                    let mut c = Context { p0, count };
                    uut.word.next = word(c);
                    uut.bin.next = bin == 1;
                    assert!(simulate(&mut uut, 100));
                    c.update(bin);
                    assert_eq!(
                        uut.adapted.val(),
                        word(c),
                        "p0 {p0} count {count} bin {bin}"
                    );
                }
            }
        }
    }

    /// Random loads and updates over a few contexts (the same index often
    /// back to back, stalls between): the current context is always the
    /// model's, so the read-ahead and the forwarding hold; the reset sweep
    /// takes CONTEXT_COUNT clocks and starts every context afresh.
    #[test]
    fn the_store_reads_ahead_and_forwards() {
        let mut uut = ContextStore::default();
        uut.connect_all();
        let mut r = Lcg(23);
        for round in 0..3 {
            uut.reset.next = true;
            uut.load.next = false;
            uut.update.next = false;
            tick(&mut uut, |u| &mut u.clock);
            uut.reset.next = false;
            let mut sweep = 0;
            while !{
                assert!(simulate(&mut uut, 100));
                uut.ready.val()
            } {
                tick(&mut uut, |u| &mut u.clock);
                sweep += 1;
            }
            assert_eq!(sweep, CONTEXT_COUNT);
            let mut model = vec![Context::NEW; CONTEXT_COUNT];
            let mut current = None;
            let hot = [0, 1, CONTEXT_COUNT - 1, 7 * round + 3];
            for _ in 0..3000 {
                let load = r.below(4) != 0;
                let update = load && current.is_some() && r.below(4) != 0;
                let next = if r.below(8) == 0 {
                    r.below(CONTEXT_COUNT as u32) as usize
                } else {
                    hot[r.below(4) as usize]
                };
                let bin = r.below(3) == 0;
                uut.load.next = load;
                uut.update.next = update;
                uut.bin.next = bin;
                uut.next_index.next = bits(next as u64);
                assert!(simulate(&mut uut, 100));
                if let Some(i) = current {
                    let c: &mut Context = &mut model[i];
                    assert_eq!(uut.p0.val().index() as u16, c.p0, "context {i}");
                    if update {
                        c.update(bin as u32);
                    }
                }
                if load {
                    current = Some(next);
                }
                tick(&mut uut, |u| &mut u.clock);
            }
        }
    }
}
