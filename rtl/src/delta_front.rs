//! The front end of a profile without LMS taps (golden::profile::DELTA,
//! feature `profile-delta`), s1..s3: the prediction is the channel's last
//! code, so a sample needs no products and no history, and its whole state
//! step fits one stage. The low-energy build of issue 11: three stages
//! instead of `FrontEnd`'s seven, 26 bits of state a channel instead of 114.
//!
//! - s1: grid code; both RAMs read at the channel, unless a sample of the
//!   channel is in s2 or s3 (its state is forwarded instead).
//! - s2: RAM words arrive; on-grid check (first half); the state before the
//!   sample: from s3's step as it forms (same channel in s3), else from the
//!   word s3 handed on last clock (the read was skipped), else the RAMs'.
//! - s3: on-grid compare; residual `code - last` wrapped, zigzag; context
//!   (k, table) from the activity before the sample; activity step; the
//!   new state is written back, unless a sample of the channel is in s1 or
//!   s2 (it carries the state on and writes it later).
//!
//! The s4 registers (the coder's inputs) are the outputs, as `FrontEnd`'s s8
//! registers are: the ports are `FrontEnd`'s, so `Encoder` takes either.

use crate::activity::{ActivityUpdate, Context, Octave};
use crate::constants::offset;
use crate::grid::{GridCheck, GridCode, GridCompare};
use crate::layout::{ChannelWord, JoinWord, StatePart, PREDICTOR_RAM_BITS, STATE_RAM_BITS};
use crate::params::*;
use rust_hdl::prelude::*;

/// Stages of the front end (s1..s3): the valid tokens it reads.
pub const FRONT_STAGES: usize = 3;
/// A sample finds its channel's state in flight in s2 and s3 (s3's step as
/// it forms, or the word it left in s4): `FrontEnd`'s forwarding reach.
pub const REACH: usize = FRONT_STAGES - 1;

const _: () = assert!(TAPS == 0, "the delta front end predicts the last code");

/// The residual of a prediction by the last code: `code - last` wrapped
/// into the code range, and its zigzag (golden `wrap_residual`, `zigzag`).
#[derive(LogicBlock)]
pub struct DeltaResidual {
    /// The sample's code.
    pub code: Signal<In, Bits<CODE>>,
    /// The channel's last code (the prediction).
    pub last: Signal<In, Bits<CODE>>,
    /// Zigzag of the wrapped residual.
    pub zigzag: Signal<Out, Bits<CODE>>,
    /// `code - last` modulo the code range: the residual in two's complement.
    difference: Signal<Local, Bits<CODE>>,
    /// `difference << 1`.
    doubled: Signal<Local, Bits<CODE>>,
    code_sign_at: Constant<Bits<8>>,
}

impl Default for DeltaResidual {
    fn default() -> Self {
        Self {
            code: Default::default(),
            last: Default::default(),
            zigzag: Default::default(),
            difference: Default::default(),
            doubled: Default::default(),
            code_sign_at: offset(CODE - 1),
        }
    }
}

impl Logic for DeltaResidual {
    #[hdl_gen]
    fn update(&mut self) {
        self.difference.next = self.code.val() - self.last.val();
        self.doubled.next = self.difference.val() << 1;
        self.zigzag.next = self.doubled.val();
        if self
            .difference
            .val()
            .get_bit(self.code_sign_at.val().index())
        {
            self.zigzag.next = !self.doubled.val();
        }
    }
}

#[derive(LogicBlock, Default)]
pub struct DeltaFront {
    pub clock: Signal<In, Clock>,
    /// The pipeline moves this clock.
    pub advance: Signal<In, bool>,
    /// A sample is accepted this clock: the sample and its channel.
    pub accept: Signal<In, bool>,
    pub channel: Signal<In, Bits<CHANNEL_BITS>>,
    pub sample: Signal<In, Bits<SAMPLE_BITS>>,
    /// Stage k + 1 holds a sample (index k).
    pub valid: [Signal<In, bool>; FRONT_STAGES],
    /// Both RAMs are read in s1 (data in s2) at `read_address`.
    pub read_address: Signal<Out, Bits<CHANNEL_BITS>>,
    /// The predictor RAM (the last code): read in s1, written back in s3.
    pub read_predictor_enable: Signal<Out, bool>,
    pub read_predictor_data: Signal<In, Bits<PREDICTOR_RAM_BITS>>,
    pub write_predictor_enable: Signal<Out, bool>,
    pub write_predictor_address: Signal<Out, Bits<CHANNEL_BITS>>,
    pub write_predictor_data: Signal<Out, Bits<PREDICTOR_RAM_BITS>>,
    /// The state RAM (activity, raw flag): read in s1, written back in s3.
    pub read_enable: Signal<Out, bool>,
    pub read_data: Signal<In, Bits<STATE_RAM_BITS>>,
    pub write_enable: Signal<Out, bool>,
    pub write_address: Signal<Out, Bits<CHANNEL_BITS>>,
    pub write_data: Signal<Out, Bits<STATE_RAM_BITS>>,
    /// s4, the coder's inputs: the sample, on the grid, raw mode before it,
    /// zigzag residual, Rice parameter, code table.
    pub coded_sample: Signal<Out, Bits<SAMPLE_BITS>>,
    pub on_grid: Signal<Out, bool>,
    pub raw_mode: Signal<Out, bool>,
    pub zigzag: Signal<Out, Bits<CODE>>,
    pub k: Signal<Out, Bits<K_BITS>>,
    pub code_table: Signal<Out, Bits<TABLE_BITS>>,

    // Stage registers (sK = the register a sample sits in during cycle K).
    /// The sample in s1..s4 (index K - 1; s4 only an off-grid one).
    x: [DFF<Bits<SAMPLE_BITS>>; FRONT_STAGES + 1],
    /// The channel of the sample in s1..s3 (index K - 1).
    ch: [DFF<Bits<CHANNEL_BITS>>; FRONT_STAGES],
    code2: DFF<Bits<CODE>>,
    code3: DFF<Bits<CODE>>,
    /// s2: the sample skipped its RAM read (a sample of its channel was in
    /// s2 or s3 then).
    skipped2: DFF<bool>,
    /// s3: the on-grid check's intermediate terms.
    target3: DFF<Bits<SAMPLE_BITS>>,
    n_sum3: DFF<Bits<SAMPLE_BITS>>,
    base3: DFF<Bits<SAMPLE_BITS>>,
    /// s3: the channel's state before the sample.
    st3: DFF<ChannelWord>,
    /// s4: the state after the sample that left s3 last (forwarded to s2).
    st4: DFF<ChannelWord>,
    on4: DFF<bool>,
    raw4: DFF<bool>,
    m4: DFF<Bits<CODE>>,
    k4: DFF<Bits<K_BITS>>,
    t4: DFF<Bits<TABLE_BITS>>,

    // Blocks.
    grid_code: GridCode,
    grid_check: GridCheck,
    grid_compare: GridCompare,
    /// s3: the residual and its zigzag. (A block of its own: computed in
    /// this block's body, the activity step's input would come from the
    /// same process that reads its output, which Verilator flags as a
    /// combinational loop, UNOPTFLAT.)
    residual: DeltaResidual,
    /// s2: both RAMs' words as one state word.
    ram_word: JoinWord,
    activity: ActivityUpdate,
    octave: Octave,
    coding_context: Context,
    /// s3: the word written back to the state RAM.
    state3: StatePart,

    // Combinational signals.
    /// The sample in stage k + 1 moves on this clock (index k).
    moves: [Signal<Local, bool>; FRONT_STAGES],
    /// s1: a sample of the channel is in s2 or s3: no RAM read.
    ahead1: Signal<Local, bool>,
    /// s3: a sample of the channel is in s1 or s2: no write-back.
    behind3: Signal<Local, bool>,
    /// s2: the state before the sample.
    before2: Signal<Local, ChannelWord>,
    /// s3: the state after the sample.
    after3: Signal<Local, ChannelWord>,
    /// s3: the state word as bits (its low bits go to the predictor RAM).
    bits3: Signal<Local, Bits<STATE_BITS>>,
}

impl Logic for DeltaFront {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self, clock, code2, code3, skipped2, target3, n_sum3, base3, st3, st4, on4, raw4, m4,
            k4, t4
        );
        for i in 0..(FRONT_STAGES + 1) {
            self.x[i].clock.next = self.clock.val();
            self.x[i].d.next = self.x[i].q.val();
        }
        for i in 0..FRONT_STAGES {
            self.ch[i].clock.next = self.clock.val();
            self.ch[i].d.next = self.ch[i].q.val();
            self.moves[i].next = self.advance.val() && self.valid[i].val();
        }
        if self.accept.val() {
            self.x[0].d.next = self.sample.val();
            self.ch[0].d.next = self.channel.val();
        }

        // s1: grid code; read the channel's state unless it is forwarded.
        self.grid_code.sample.next = self.x[0].q.val();
        self.ahead1.next = (self.valid[1].val() && self.ch[1].q.val() == self.ch[0].q.val())
            || (self.valid[2].val() && self.ch[2].q.val() == self.ch[0].q.val());
        self.read_address.next = self.ch[0].q.val();
        // Both RAMs are read together (and written back together in s3).
        // The condition is written out for each: the same logic as reading
        // `read_enable` back, but that Verilog maps to another netlist (2
        // more cells, 0.7 % more power on the short run) than the one
        // reports/hw.json measured.
        self.read_enable.next = self.moves[0].val() && !self.ahead1.val();
        self.read_predictor_enable.next = self.moves[0].val() && !self.ahead1.val();
        if self.moves[0].val() {
            self.x[1].d.next = self.x[0].q.val();
            self.ch[1].d.next = self.ch[0].q.val();
            self.code2.d.next = self.grid_code.code.val();
            self.skipped2.d.next = self.ahead1.val();
        }

        // s3: the sample's whole step, and the write-back.
        self.grid_compare.target.next = self.target3.q.val();
        self.grid_compare.n_sum1.next = self.n_sum3.q.val();
        self.grid_compare.base.next = self.base3.q.val();
        self.residual.code.next = self.code3.q.val();
        self.residual.last.next = self.st3.q.val().last;
        self.activity.previous.next = self.st3.q.val().activity;
        self.activity.zigzag.next = self.residual.zigzag.val();
        self.octave.activity.next = self.st3.q.val().activity;
        self.coding_context.lg.next = self.octave.lg.val();
        self.coding_context.frac.next = self.octave.frac.val();
        self.after3.next = self.st3.q.val();
        self.after3.next.last = self.code3.q.val();
        self.after3.next.activity = self.activity.after.val();
        self.after3.next.raw_mode = !self.grid_compare.on_grid.val();
        self.behind3.next = (self.valid[1].val() && self.ch[1].q.val() == self.ch[2].q.val())
            || (self.valid[0].val() && self.ch[0].q.val() == self.ch[2].q.val());
        self.bits3.next = self.after3.val().into();
        self.write_predictor_enable.next = self.moves[2].val() && !self.behind3.val();
        self.write_predictor_address.next = self.ch[2].q.val();
        self.write_predictor_data.next =
            bit_cast::<PREDICTOR_RAM_BITS, STATE_BITS>(self.bits3.val());
        self.write_enable.next = self.moves[2].val() && !self.behind3.val();
        self.write_address.next = self.ch[2].q.val();
        self.state3.word.next = self.after3.val();
        self.write_data.next = self.state3.state.val();
        if self.moves[2].val() {
            self.on4.d.next = self.grid_compare.on_grid.val();
            self.raw4.d.next = self.st3.q.val().raw_mode;
            self.m4.d.next = self.residual.zigzag.val();
            self.k4.d.next = self.coding_context.k.val();
            self.t4.d.next = self.coding_context.code_table.val();
            // Only the coder's verbatim path reads the sample past s3.
            if !self.grid_compare.on_grid.val() {
                self.x[3].d.next = self.x[2].q.val();
            }
            // s4's word is read only by a sample of the channel behind.
            if self.behind3.val() {
                self.st4.d.next = self.after3.val();
            }
        }

        // s2 (after s3, whose step it forwards): on-grid check; the state
        // before the sample. A sample of the channel in s3 is the newest; one
        // that was in s3 when this one was in s1 has left its word in s4 (the
        // RAM read then was skipped).
        self.grid_check.code.next = self.code2.q.val();
        self.grid_check.sample.next = self.x[1].q.val();
        self.ram_word.predictor.next = self.read_predictor_data.val();
        self.ram_word.state.next = self.read_data.val();
        self.before2.next = self.ram_word.word.val();
        if self.skipped2.q.val() {
            self.before2.next = self.st4.q.val();
        }
        if self.valid[2].val() && self.ch[2].q.val() == self.ch[1].q.val() {
            self.before2.next = self.after3.val();
        }
        if self.moves[1].val() {
            self.x[2].d.next = self.x[1].q.val();
            self.ch[2].d.next = self.ch[1].q.val();
            self.code3.d.next = self.code2.q.val();
            self.target3.d.next = self.grid_check.target.val();
            self.n_sum3.d.next = self.grid_check.n_sum1.val();
            self.base3.d.next = self.grid_check.base.val();
            self.st3.d.next = self.before2.val();
        }

        // s4: to the coder.
        self.coded_sample.next = self.x[3].q.val();
        self.on_grid.next = self.on4.q.val();
        self.raw_mode.next = self.raw4.q.val();
        self.zigzag.next = self.m4.q.val();
        self.k.next = self.k4.q.val();
        self.code_table.next = self.t4.q.val();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_synthesizes;
    use golden::channel::{wrap_residual, zigzag};

    #[test]
    fn delta_front_synthesizes() {
        assert_synthesizes::<DeltaFront>("delta_front");
        assert_synthesizes::<DeltaResidual>("delta_residual");
    }

    /// Every (code, last) pair near the wrap and the corners, and a spread
    /// of the others: golden's wrapped residual, zigzagged.
    #[test]
    fn residual_is_golden_zigzag_of_the_wrapped_difference() {
        let mut uut = DeltaResidual::default();
        uut.connect_all();
        let top = (1u32 << CODE) - 1;
        let near = |v: u32| [0, 1, 2, top / 2 - 1, top / 2, top / 2 + 1, top - 1, top].contains(&v);
        for code in 0..=top {
            for last in (0..=top).filter(|&l| near(l) || near(code) || (code * 7 + l) % 61 == 0) {
                uut.code.next = (code as u64).into();
                uut.last.next = (last as u64).into();
                assert!(simulate(&mut uut, 10));
                let want = zigzag(wrap_residual(code, last));
                assert_eq!(
                    uut.zigzag.val().index() as u32,
                    want,
                    "code {code} last {last}"
                );
            }
        }
    }
}
