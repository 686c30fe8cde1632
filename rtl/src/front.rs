//! The front end, s1..s7: from a sample to its code, residual and coding
//! context, with the channel's state read, updated and written back, and the
//! forwarding that lets a channel's samples follow each other at any distance.
//!
//! - s1: grid code; the channel's predictor RAM read (only when no sample of
//!   the channel is in s2..s4) and state RAM read (only when none is in
//!   flight ahead); channel matches (`Matches`).
//! - s2: RAM words arrive; on-grid check (first half); history step from the
//!   newest of s3..s5 or the predictor RAM; weights before the sample picked
//!   for s3 (from s3's step as it forms, s4, s5, the predictor RAM) and the
//!   raw flag (from s3's, s4..s8, the state RAM).
//! - s3: on-grid compare; weight step with the pending residual sign; the four
//!   products (weight step and multipliers start from registers).
//! - s4: sum, round, add last; the predictor's fields are written back
//!   (unless a sample of the channel is in flight behind: it writes later).
//! - s5: clamp, wrapped residual, zigzag, sign; residual-sign queue step.
//! - s6: activity step (forwarded from s7, s8); the activity's octave.
//! - s7: context (k, table) from the octave; the rest of the state is
//!   written back (the same way).
//!
//! The s8 registers (the coder's inputs, and the word written last clock) are
//! the front end's outputs.
//!
//! Each sample carries its channel's state (`ChannelWord`); the fields it has
//! not produced yet are refreshed from s8 (the word written back last clock)
//! when the channel matches, so the carried copy is never older than the RAM.
//! The predictor's fields are read from s3..s5 only (`PREDICTOR_REACH`), so
//! from s6 on no logic reads them and synthesis removes their registers.
//! s5's predictor fields, s8's word and the sample past s3 are loaded only
//! when a later sample will read them (rtl/README.md, "Registers that
//! hold"): with 1024 channels of on-grid samples their clocks stop.

use crate::activity::{ActivityUpdate, Context, Octave, FRAC, LOG_BITS};
use crate::forward::{Matches, Pick, Select, PREDICTOR_REACH, REACH, TAGGED};
use crate::grid::{GridCheck, GridCode, GridCompare};
use crate::history::History;
use crate::layout::{
    ChannelWord, JoinWord, StatePart, DELTAS_BITS, PREDICTOR_RAM_BITS, SIGNS_BITS, STATE_RAM_BITS,
    WEIGHTS_BITS,
};
use crate::lms::{Lms, PendingSign, SignQueue};
use crate::params::*;
use crate::predictor::{PredictSum, Products, Residual};
use rust_hdl::prelude::*;

/// Stages of the front end (s1..s7): the valid tokens it reads.
pub const FRONT_STAGES: usize = 7;
const _: () = assert!(FRONT_STAGES == TAGGED);
/// Registers the sample itself passes: s1..s8 (the coder reads it in s8).
const SAMPLE_REGS: usize = FRONT_STAGES + 1;

#[derive(LogicBlock, Default)]
pub struct FrontEnd {
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
    /// The predictor RAM: read in s1, written back in s4.
    pub read_predictor_enable: Signal<Out, bool>,
    pub read_predictor_data: Signal<In, Bits<PREDICTOR_RAM_BITS>>,
    pub write_predictor_enable: Signal<Out, bool>,
    pub write_predictor_address: Signal<Out, Bits<CHANNEL_BITS>>,
    pub write_predictor_data: Signal<Out, Bits<PREDICTOR_RAM_BITS>>,
    /// The state RAM: read in s1, written back in s7.
    pub read_enable: Signal<Out, bool>,
    pub read_data: Signal<In, Bits<STATE_RAM_BITS>>,
    pub write_enable: Signal<Out, bool>,
    pub write_address: Signal<Out, Bits<CHANNEL_BITS>>,
    pub write_data: Signal<Out, Bits<STATE_RAM_BITS>>,
    /// s8, the coder's inputs: the sample, on the grid, raw mode before it,
    /// zigzag residual, Rice parameter, code table.
    pub coded_sample: Signal<Out, Bits<SAMPLE_BITS>>,
    pub on_grid: Signal<Out, bool>,
    pub raw_mode: Signal<Out, bool>,
    pub zigzag: Signal<Out, Bits<CODE>>,
    pub k: Signal<Out, Bits<K_BITS>>,
    pub code_table: Signal<Out, Bits<TABLE_BITS>>,

    // Stage registers (sK = the register a sample sits in during cycle K).
    /// The sample in s1..s8 (index K - 1; from s4 on only an off-grid one).
    x: [DFF<Bits<SAMPLE_BITS>>; SAMPLE_REGS],
    code2: DFF<Bits<CODE>>,
    code3: DFF<Bits<CODE>>,
    code4: DFF<Bits<CODE>>,
    code5: DFF<Bits<CODE>>,
    /// s3: the on-grid check's intermediate terms.
    target3: DFF<Bits<SAMPLE_BITS>>,
    n_sum3: DFF<Bits<SAMPLE_BITS>>,
    base3: DFF<Bits<SAMPLE_BITS>>,
    /// s3: history before the sample (last, deltas, old delta signs).
    hb3: DFF<ChannelWord>,
    /// s3: weights before the sample (selected in s2).
    wb3: DFF<ChannelWord>,
    /// s3: raw flag before the sample (selected in s2).
    raw3: DFF<bool>,
    /// The state each sample carries, s3..s8 (s8: the word written last clock).
    st3: DFF<ChannelWord>,
    st4: DFF<ChannelWord>,
    st5: DFF<ChannelWord>,
    st6: DFF<ChannelWord>,
    st7: DFF<ChannelWord>,
    st8: DFF<ChannelWord>,
    /// On the grid; raw mode before the sample.
    on4: DFF<bool>,
    on5: DFF<bool>,
    on6: DFF<bool>,
    on7: DFF<bool>,
    on8: DFF<bool>,
    raw4: DFF<bool>,
    raw5: DFF<bool>,
    raw6: DFF<bool>,
    raw7: DFF<bool>,
    raw8: DFF<bool>,
    last4: DFF<Bits<CODE>>,
    /// The tap products (on the iCE40 the SB_MAC16 output registers).
    p4: [DFF<Bits<ACC_BITS>>; TAPS],
    acc5: DFF<Bits<ACC_BITS>>,
    /// Zigzag residual.
    m6: DFF<Bits<CODE>>,
    m7: DFF<Bits<CODE>>,
    m8: DFF<Bits<CODE>>,
    /// The octave of the activity before the sample and the bits below its
    /// leading one (the context's first half, formed in s6).
    lg7: DFF<Bits<LOG_BITS>>,
    frac7: DFF<Bits<FRAC>>,
    k8: DFF<Bits<K_BITS>>,
    t8: DFF<Bits<TABLE_BITS>>,

    // Blocks.
    tags: Matches,
    grid_code: GridCode,
    grid_check: GridCheck,
    grid_compare: GridCompare,
    /// s2: history before the sample.
    history_in: Pick<PREDICTOR_REACH>,
    history: History,
    /// s2: weights before the sample, for s3.
    weights_in: Pick<PREDICTOR_REACH>,
    /// s3: residual-sign queue before the same-channel samples in s4, s5 (whose
    /// signs are not formed yet): of the newest one past s5, else the queue
    /// the oldest of them carries in, else the sample's own.
    queue_in: Select<5, SIGNS_BITS>,
    pending_sign: PendingSign,
    lms: Lms,
    products: Products,
    predict_sum: PredictSum,
    residual_stage: Residual,
    /// s5: residual-sign queue before the sample.
    signs_in: Select<3, SIGNS_BITS>,
    sign_queue: SignQueue,
    /// s6: activity before the sample.
    activity_in: Select<2, ACTIVITY_BITS>,
    activity: ActivityUpdate,
    octave: Octave,
    coding_context: Context,
    /// s2: both RAMs' words as one state word.
    ram_word: JoinWord,
    /// s7: the word written back to the state RAM.
    state7: StatePart,

    // Combinational signals.
    /// The sample in stage k + 1 moves on this clock (index k).
    moves: [Signal<Local, bool>; FRONT_STAGES],
    /// s2: the RAM word, or the word written on the edge that read it.
    fresh: Signal<Local, ChannelWord>,
    /// s2: the raw flag before the sample (from s3's step as it forms,
    /// s4..s8, the state RAM), for raw3.
    raw_before: Signal<Local, bool>,
    /// s4: the state word, as bits (its low bits go to the predictor RAM).
    bits4: Signal<Local, Bits<STATE_BITS>>,
    /// The sample in stage k + 1 is known to be on the grid (index k; the
    /// check completes in s3), so the registers after it need not take it.
    on_grid_at: [Signal<Local, bool>; FRONT_STAGES],
    /// s3: the weights and deltas before the sample (for the step and the products).
    weights3: Signal<Local, Bits<WEIGHTS_BITS>>,
    deltas3: Signal<Local, Bits<DELTAS_BITS>>,
    /// The state after stage K's step (what s(K + 1) takes); the fields not
    /// produced yet are refreshed from s8 when its channel matches.
    after2: Signal<Local, ChannelWord>,
    after3: Signal<Local, ChannelWord>,
    after4: Signal<Local, ChannelWord>,
    after5: Signal<Local, ChannelWord>,
    after6: Signal<Local, ChannelWord>,
}

impl Logic for FrontEnd {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self, clock, code2, code3, code4, code5, target3, n_sum3, base3, hb3, wb3, raw3, st3,
            st4, st5, st6, st7, st8, on4, on5, on6, on7, on8, raw4, raw5, raw6, raw7, raw8, last4,
            acc5, m6, m7, m8, lg7, frac7, k8, t8
        );
        for i in 0..SAMPLE_REGS {
            self.x[i].clock.next = self.clock.val();
            self.x[i].d.next = self.x[i].q.val();
        }
        for i in 0..TAPS {
            self.p4[i].clock.next = self.clock.val();
            self.p4[i].d.next = self.p4[i].q.val();
        }
        self.tags.clock.next = self.clock.val();
        self.tags.accept.next = self.accept.val();
        self.tags.channel.next = self.channel.val();
        for i in 0..FRONT_STAGES {
            self.moves[i].next = self.advance.val() && self.valid[i].val();
        }
        for i in 0..REACH {
            self.tags.valid[i].next = self.valid[i + 1].val();
            self.tags.moves[i].next = self.moves[i].val();
        }
        // The sample itself travels to s8, where the coder sends it only if
        // it is off the grid: past s3 an on-grid sample leaves the registers
        // as they are, and their clock stops.
        self.on_grid_at[0].next = false;
        self.on_grid_at[1].next = false;
        self.on_grid_at[2].next = self.grid_compare.on_grid.val();
        self.on_grid_at[3].next = self.on4.q.val();
        self.on_grid_at[4].next = self.on5.q.val();
        self.on_grid_at[5].next = self.on6.q.val();
        self.on_grid_at[6].next = self.on7.q.val();
        if self.accept.val() {
            self.x[0].d.next = self.sample.val();
        }
        for i in 1..SAMPLE_REGS {
            if self.moves[i - 1].val() && !self.on_grid_at[i - 1].val() {
                self.x[i].d.next = self.x[i - 1].q.val();
            }
        }

        // s1: grid code; read the channel's state.
        self.grid_code.sample.next = self.x[0].q.val();
        self.read_address.next = self.tags.channel1.val();
        // Only a sample with no same-channel sample ahead in flight reads the
        // state RAM: for any other every field is forwarded (the raw flag in
        // s2, the sign queue in s3 and s5, the activity in s6, the rest
        // refreshed from s8). The predictor RAM likewise, with none in s2..s4
        // (history and weights forwarded in s2).
        self.read_enable.next = self.moves[0].val() && self.tags.read_needed.val();
        self.read_predictor_enable.next =
            self.moves[0].val() && self.tags.read_predictor_needed.val();
        if self.moves[0].val() {
            self.code2.d.next = self.grid_code.code.val();
        }

        // s2: on-grid check and the history step. The word written on the edge
        // that read the RAM (s8, REACH stages ahead) is newer than the RAM's.
        self.grid_check.code.next = self.code2.q.val();
        self.grid_check.sample.next = self.x[1].q.val();
        self.ram_word.predictor.next = self.read_predictor_data.val();
        self.ram_word.state.next = self.read_data.val();
        self.fresh.next = self.ram_word.word.val();
        if self.tags.s8_ahead2.val() {
            self.fresh.next = self.st8.q.val();
        }
        self.history_in.carried.next = self.ram_word.word.val();
        self.history_in.none.next = self.tags.none_predictor.val();
        self.history_in.words[0].next = self.st3.q.val();
        self.history_in.words[1].next = self.st4.q.val();
        self.history_in.words[2].next = self.st5.q.val();
        for i in 0..PREDICTOR_REACH {
            self.history_in.pick[i].next = self.tags.pick[i].val();
        }
        self.history.last.next = self.history_in.word.val().last;
        self.history.deltas.next = self.history_in.word.val().deltas;
        self.history.old_delta_signs.next = self.history_in.word.val().old_delta_signs;
        self.history.code.next = self.code2.q.val();
        self.after2.next = self.fresh.val();
        self.after2.next.last = self.code2.q.val();
        self.after2.next.deltas = self.history.deltas_after.val();
        self.after2.next.old_delta_signs = self.history.old_delta_signs_after.val();
        if self.moves[1].val() {
            self.code3.d.next = self.code2.q.val();
            self.target3.d.next = self.grid_check.target.val();
            self.n_sum3.d.next = self.grid_check.n_sum1.val();
            self.base3.d.next = self.grid_check.base.val();
            self.hb3.d.next = self.history_in.word.val();
            self.st3.d.next = self.after2.val();
        }

        // s3: weight step and products; the on-grid check completes.
        self.grid_compare.target.next = self.target3.q.val();
        self.grid_compare.n_sum1.next = self.n_sum3.q.val();
        self.grid_compare.base.next = self.base3.q.val();
        // The queue a sample in s4 or s5 carries is the one before it (its own
        // step comes in s5): the RAM's, so a sample right behind its channel's
        // previous ones needs no RAM read for it.
        self.queue_in.carried.next = self.st3.q.val().residual_signs;
        self.queue_in.hit[0].next = self.tags.ahead3[0].val();
        self.queue_in.words[0].next = self.st4.q.val().residual_signs;
        self.queue_in.hit[1].next = self.tags.ahead3[1].val();
        self.queue_in.words[1].next = self.st5.q.val().residual_signs;
        self.queue_in.hit[2].next = self.tags.ahead3[4].val();
        self.queue_in.words[2].next = self.st8.q.val().residual_signs;
        self.queue_in.hit[3].next = self.tags.ahead3[3].val();
        self.queue_in.words[3].next = self.st7.q.val().residual_signs;
        self.queue_in.hit[4].next = self.tags.ahead3[2].val();
        self.queue_in.words[4].next = self.st6.q.val().residual_signs;
        self.pending_sign.queue.next = self.queue_in.word.val();
        self.pending_sign.pending_0.next = self.tags.ahead3[0].val();
        self.pending_sign.pending_1.next = self.tags.ahead3[1].val();
        self.weights3.next = self.wb3.q.val().weights;
        self.deltas3.next = self.hb3.q.val().deltas;
        self.lms.weights.next = self.weights3.val();
        self.lms.deltas.next = self.deltas3.val();
        self.lms.old_delta_signs.next = self.hb3.q.val().old_delta_signs;
        self.lms.step_sign.next = self.pending_sign.sign.val();
        self.products.weights.next = self.weights3.val();
        self.products.deltas.next = self.deltas3.val();
        self.after3.next = self.st3.q.val();
        self.after3.next.raw_mode = !self.grid_compare.on_grid.val();
        self.after3.next.weights = self.lms.after.val();
        if self.tags.ahead3[4].val() {
            self.after3.next.residual_signs = self.st8.q.val().residual_signs;
            self.after3.next.activity = self.st8.q.val().activity;
        }
        // s2 (after s3's step, which it forwards): weights and raw flag before
        // the sample, selected here so that s3 starts from registers.
        self.weights_in.carried.next = self.ram_word.word.val();
        self.weights_in.none.next = self.tags.none_predictor.val();
        self.weights_in.words[0].next = self.after3.val();
        self.weights_in.words[1].next = self.st4.q.val();
        self.weights_in.words[2].next = self.st5.q.val();
        for i in 0..PREDICTOR_REACH {
            self.weights_in.pick[i].next = self.tags.pick[i].val();
        }
        self.raw_before.next = (self.tags.none.val() && self.ram_word.word.val().raw_mode)
            || (self.tags.pick[0].val() && !self.grid_compare.on_grid.val())
            || (self.tags.pick[1].val() && self.st4.q.val().raw_mode)
            || (self.tags.pick[2].val() && self.st5.q.val().raw_mode)
            || (self.tags.pick[3].val() && self.st6.q.val().raw_mode)
            || (self.tags.pick[4].val() && self.st7.q.val().raw_mode)
            || (self.tags.pick[5].val() && self.st8.q.val().raw_mode);
        if self.moves[1].val() {
            self.wb3.d.next = self.weights_in.word.val();
            self.raw3.d.next = self.raw_before.val();
        }
        if self.moves[2].val() {
            self.code4.d.next = self.code3.q.val();
            self.on4.d.next = self.grid_compare.on_grid.val();
            self.raw4.d.next = self.raw3.q.val();
            self.last4.d.next = self.hb3.q.val().last;
            for i in 0..TAPS {
                self.p4[i].d.next = self.products.products[i].val();
            }
            self.st4.d.next = self.after3.val();
        }

        // s4: the sum; the predictor's fields are final: write them back.
        self.bits4.next = self.st4.q.val().into();
        self.write_predictor_enable.next =
            self.moves[3].val() && !self.tags.superseded_predictor.val();
        self.write_predictor_address.next = self.tags.channel4.val();
        self.write_predictor_data.next =
            bit_cast::<PREDICTOR_RAM_BITS, STATE_BITS>(self.bits4.val());
        for i in 0..TAPS {
            self.predict_sum.products[i].next = self.p4[i].q.val();
        }
        self.predict_sum.last.next = self.last4.q.val();
        self.after4.next = self.st4.q.val();
        if self.tags.s8_ahead4.val() {
            self.after4.next.residual_signs = self.st8.q.val().residual_signs;
            self.after4.next.activity = self.st8.q.val().activity;
        }
        if self.moves[3].val() {
            self.code5.d.next = self.code4.q.val();
            self.on5.d.next = self.on4.q.val();
            self.raw5.d.next = self.raw4.q.val();
            self.acc5.d.next = self.predict_sum.acc.val();
            self.st5.d.next = self.after4.val();
            // Past s4 the predictor's fields (the predictor RAM's) are read
            // only when forwarded from s5 to a sample of the channel behind
            // (in s1..s3 now): with none, s5 keeps the ones it has, and their
            // clock stops.
            if !self.tags.superseded_predictor.val() {
                self.st5.d.next.last = self.st5.q.val().last;
                self.st5.d.next.deltas = self.st5.q.val().deltas;
                self.st5.d.next.weights = self.st5.q.val().weights;
                self.st5.d.next.old_delta_signs = self.st5.q.val().old_delta_signs;
            }
        }

        // s5: residual and the residual-sign queue.
        self.residual_stage.acc.next = self.acc5.q.val();
        self.residual_stage.code.next = self.code5.q.val();
        self.signs_in.carried.next = self.st5.q.val().residual_signs;
        self.signs_in.hit[0].next = self.tags.ahead5[2].val();
        self.signs_in.words[0].next = self.st8.q.val().residual_signs;
        self.signs_in.hit[1].next = self.tags.ahead5[1].val();
        self.signs_in.words[1].next = self.st7.q.val().residual_signs;
        self.signs_in.hit[2].next = self.tags.ahead5[0].val();
        self.signs_in.words[2].next = self.st6.q.val().residual_signs;
        self.sign_queue.queue.next = self.signs_in.word.val();
        self.sign_queue.sign.next = self.residual_stage.sign.val();
        self.after5.next = self.st5.q.val();
        self.after5.next.residual_signs = self.sign_queue.after.val();
        if self.tags.ahead5[2].val() {
            self.after5.next.activity = self.st8.q.val().activity;
        }
        if self.moves[4].val() {
            self.on6.d.next = self.on5.q.val();
            self.raw6.d.next = self.raw5.q.val();
            self.m6.d.next = self.residual_stage.zigzag.val();
            self.st6.d.next = self.after5.val();
        }

        // s6: activity.
        self.activity_in.carried.next = self.st6.q.val().activity;
        self.activity_in.hit[0].next = self.tags.ahead6[1].val();
        self.activity_in.words[0].next = self.st8.q.val().activity;
        self.activity_in.hit[1].next = self.tags.ahead6[0].val();
        self.activity_in.words[1].next = self.st7.q.val().activity;
        self.activity.previous.next = self.activity_in.word.val();
        self.activity.zigzag.next = self.m6.q.val();
        self.octave.activity.next = self.activity_in.word.val();
        self.after6.next = self.st6.q.val();
        self.after6.next.activity = self.activity.after.val();
        if self.moves[5].val() {
            self.on7.d.next = self.on6.q.val();
            self.raw7.d.next = self.raw6.q.val();
            self.m7.d.next = self.m6.q.val();
            self.lg7.d.next = self.octave.lg.val();
            self.frac7.d.next = self.octave.frac.val();
            self.st7.d.next = self.after6.val();
        }

        // s7: context; write the state back.
        self.coding_context.lg.next = self.lg7.q.val();
        self.coding_context.frac.next = self.frac7.q.val();
        // A sample with a same-channel sample behind it in flight leaves the
        // write to that one: the RAM gets each channel's newest word only.
        self.write_enable.next = self.moves[6].val() && !self.tags.superseded.val();
        self.write_address.next = self.tags.channel7.val();
        self.state7.word.next = self.st7.q.val();
        self.write_data.next = self.state7.state.val();
        if self.moves[6].val() {
            self.on8.d.next = self.on7.q.val();
            self.raw8.d.next = self.raw7.q.val();
            self.m8.d.next = self.m7.q.val();
            self.k8.d.next = self.coding_context.k.val();
            self.t8.d.next = self.coding_context.code_table.val();
            // s8's word is read only when forwarded to a sample of the
            // channel behind (in s1..s6 now, `superseded`): with none it holds.
            if self.tags.superseded.val() {
                self.st8.d.next = self.st7.q.val();
            }
        }

        // s8: to the coder.
        self.coded_sample.next = self.x[7].q.val();
        self.on_grid.next = self.on8.q.val();
        self.raw_mode.next = self.raw8.q.val();
        self.zigzag.next = self.m8.q.val();
        self.k.next = self.k8.q.val();
        self.code_table.next = self.t8.q.val();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_synthesizes;

    #[test]
    fn front_end_synthesizes() {
        assert_synthesizes::<FrontEnd>("front_end");
    }
}
