//! The top level: input handshake and channel counter, the pipeline registers
//! s1..s12, forwarding between them, the state RAM, packer and output FIFO.
//!
//! Stages (a sample sits in register sK during cycle K after its accept):
//! - s1: grid code; state RAM read of the channel (read enable = a sample);
//!   channel matches against the samples in s2..s7 (registered, carried along).
//! - s2: RAM word arrives; on-grid check (first half); history step (last, deltas,
//!   old delta signs) from the newest of s3..s8 or the RAM; weights and raw flag
//!   before the sample picked for s3 (from s3's step as it forms, s4..s8, the RAM).
//! - s3: on-grid compare; weight step with the pending residual sign; the four
//!   products (weight step and multipliers start from registers).
//! - s4: sum, round, add last.
//! - s5: clamp, wrapped residual, zigzag, sign; residual-sign queue step.
//! - s6: activity step (forwarded from s7, s8).
//! - s7: context (k, table); the full state is written back.
//! - s8: symbol and raw field (s8 also holds the word written last clock).
//! - s9: code-table ROM.
//! - s10: field assembly (flag bit, code word, raw bits).
//! - s11: field left-aligned (so the packer shifts by its fill register only).
//! - s12: packer -> output FIFO.
//! Each sample carries its channel's state word; fields it has not produced
//! yet are refreshed from the word written back each clock (s8) when the
//! channel matches, so the carried copy is never older than the RAM.

use crate::activity::{ActivityUpdate, Context};
use crate::coder::{CodeField, CodeRom, Symbol};
use crate::constants::{constant, offset};
use crate::fifo::OutFifo;
use crate::forward::{Newest, Pick, Select, REACH};
use crate::grid::{GridCheck, GridCode, GridCompare};
use crate::history::History;
use crate::layout::*;
use crate::lms::{Lms, PendingSign};
use crate::packer::Packer;
use crate::params::*;
use crate::predictor::{PredictSum, Product, Residual};
use crate::state_ram::StateRam;
use array_init::array_init;
use rust_hdl::prelude::*;

/// Stages holding state words ahead of s3, s4, s5, s6 (s8 is the last).
const REACH3: usize = REACH - 1;
const REACH4: usize = REACH - 2;
const REACH5: usize = REACH - 3;
const REACH6: usize = REACH - 4;

/// The implant encoder.
#[derive(LogicBlock)]
pub struct Encoder {
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: empties the pipeline, then sweeps the state RAM.
    pub reset: Signal<In, bool>,
    /// Channels minus one (stable; takes effect at reset).
    pub channels_minus_one: Signal<In, Bits<CHANNEL_BITS>>,
    /// Next interleaved sample.
    pub in_sample: Signal<In, Bits<SAMPLE_BITS>>,
    pub in_valid: Signal<In, bool>,
    pub in_ready: Signal<Out, bool>,
    /// One-clock pulse after the last sample: emit the pending bits.
    pub flush: Signal<In, bool>,
    /// Output word, MSB first.
    pub out_word: Signal<Out, Bits<WORD_BITS>>,
    /// Valid bits of `out_word` (32 except in the last word).
    pub out_bits: Signal<Out, Bits<WORD_LEN_BITS>>,
    /// The flushed last word.
    pub out_last: Signal<Out, bool>,
    pub out_valid: Signal<Out, bool>,
    pub out_ready: Signal<In, bool>,

    // Control registers.
    /// The RAM sweep after reset is running.
    clearing: DFF<bool>,
    /// Channel the sweep writes.
    clear_ptr: DFF<Bits<CHANNEL_BITS>>,
    /// Channel of the next accepted sample.
    next_channel: DFF<Bits<CHANNEL_BITS>>,
    /// A flush waits for room.
    flush_req: DFF<bool>,

    // Stage registers: v = holds a sample, f = holds the flush token,
    // ch = channel, x = sample, code, on = on grid, raw = raw mode before,
    // st = the sample's state word, hb = history before the sample.
    v1: DFF<bool>,
    f1: DFF<bool>,
    ch1: DFF<Bits<CHANNEL_BITS>>,
    x1: DFF<Bits<SAMPLE_BITS>>,
    v2: DFF<bool>,
    f2: DFF<bool>,
    ch2: DFF<Bits<CHANNEL_BITS>>,
    x2: DFF<Bits<SAMPLE_BITS>>,
    code2: DFF<Bits<CODE>>,
    v3: DFF<bool>,
    f3: DFF<bool>,
    ch3: DFF<Bits<CHANNEL_BITS>>,
    x3: DFF<Bits<SAMPLE_BITS>>,
    code3: DFF<Bits<CODE>>,
    /// s3: the on-grid check's intermediate terms.
    target3: DFF<Bits<SAMPLE_BITS>>,
    n_sum3: DFF<Bits<SAMPLE_BITS>>,
    base3: DFF<Bits<SAMPLE_BITS>>,
    hb3: DFF<Bits<STATE_BITS>>,
    /// s3: weights and raw flag before the sample (selected in s2).
    wb3: DFF<Bits<STATE_BITS>>,
    /// Channel matches, computed once in s1: aheadK[d - 1] = the sample d stages
    /// ahead of sK holds the same channel (distances stay fixed as the pipeline
    /// moves as a whole); pick2/none2 = the newest of them, one-hot.
    ahead2: [DFF<bool>; REACH],
    pick2: [DFF<bool>; REACH],
    none2: DFF<bool>,
    ahead3: [DFF<bool>; REACH3],
    ahead4: [DFF<bool>; REACH4],
    ahead5: [DFF<bool>; REACH5],
    ahead6: [DFF<bool>; REACH6],
    st3: DFF<Bits<STATE_BITS>>,
    v4: DFF<bool>,
    f4: DFF<bool>,
    ch4: DFF<Bits<CHANNEL_BITS>>,
    x4: DFF<Bits<SAMPLE_BITS>>,
    code4: DFF<Bits<CODE>>,
    on4: DFF<bool>,
    raw4: DFF<bool>,
    last4: DFF<Bits<CODE>>,
    p4: [DFF<Bits<ACC_BITS>>; TAPS],
    st4: DFF<Bits<STATE_BITS>>,
    v5: DFF<bool>,
    f5: DFF<bool>,
    ch5: DFF<Bits<CHANNEL_BITS>>,
    x5: DFF<Bits<SAMPLE_BITS>>,
    code5: DFF<Bits<CODE>>,
    on5: DFF<bool>,
    raw5: DFF<bool>,
    acc5: DFF<Bits<ACC_BITS>>,
    st5: DFF<Bits<STATE_BITS>>,
    v6: DFF<bool>,
    f6: DFF<bool>,
    ch6: DFF<Bits<CHANNEL_BITS>>,
    x6: DFF<Bits<SAMPLE_BITS>>,
    on6: DFF<bool>,
    raw6: DFF<bool>,
    m6: DFF<Bits<CODE>>,
    st6: DFF<Bits<STATE_BITS>>,
    v7: DFF<bool>,
    f7: DFF<bool>,
    ch7: DFF<Bits<CHANNEL_BITS>>,
    x7: DFF<Bits<SAMPLE_BITS>>,
    on7: DFF<bool>,
    raw7: DFF<bool>,
    m7: DFF<Bits<CODE>>,
    a7: DFF<Bits<ACTIVITY_BITS>>,
    st7: DFF<Bits<STATE_BITS>>,
    v8: DFF<bool>,
    f8: DFF<bool>,
    ch8: DFF<Bits<CHANNEL_BITS>>,
    x8: DFF<Bits<SAMPLE_BITS>>,
    on8: DFF<bool>,
    raw8: DFF<bool>,
    m8: DFF<Bits<CODE>>,
    k8: DFF<Bits<K_BITS>>,
    t8: DFF<Bits<TABLE_BITS>>,
    st8: DFF<Bits<STATE_BITS>>,
    v9: DFF<bool>,
    f9: DFF<bool>,
    t9: DFF<Bits<TABLE_BITS>>,
    sym9: DFF<Bits<SYMBOL_BITS>>,
    has9: DFF<bool>,
    raw9: DFF<bool>,
    flag9: DFF<bool>,
    rv9: DFF<Bits<SAMPLE_BITS>>,
    rl9: DFF<Bits<WORD_LEN_BITS>>,
    v10: DFF<bool>,
    f10: DFF<bool>,
    code10: DFF<Bits<CODE_WORD_BITS>>,
    clen10: DFF<Bits<WORD_LEN_BITS>>,
    raw10: DFF<bool>,
    flag10: DFF<bool>,
    rv10: DFF<Bits<SAMPLE_BITS>>,
    rl10: DFF<Bits<WORD_LEN_BITS>>,
    v11: DFF<bool>,
    f11: DFF<bool>,
    field11: DFF<Bits<WORD_BITS>>,
    len11: DFF<Bits<WORD_LEN_BITS>>,
    /// `WORD_BITS - len`: the shift that left-aligns the field.
    shift11: DFF<Bits<WORD_LEN_BITS>>,
    v12: DFF<bool>,
    f12: DFF<bool>,
    /// The field, left-aligned.
    field12: DFF<Bits<WORD_BITS>>,
    len12: DFF<Bits<WORD_LEN_BITS>>,

    // Datapath blocks.
    grid_code: GridCode,
    grid_check: GridCheck,
    grid_compare: GridCompare,
    /// s1: the newest same-channel sample ahead.
    newest: Newest,
    /// s2: history before the sample.
    history_in: Pick,
    history: History,
    /// s2: weights before the sample (and its raw flag), for s3.
    weights_in: Pick,
    /// s3: residual-sign queue of the newest same-channel sample past s5.
    queue_in: Select<3>,
    pending_sign: PendingSign,
    lms: Lms,
    products: [Product; TAPS],
    predict_sum: PredictSum,
    residual_stage: Residual,
    /// s5: residual-sign queue before the sample.
    signs_in: Select<3>,
    /// s6: activity before the sample.
    activity_in: Select<2>,
    activity: ActivityUpdate,
    coding_context: Context,
    symbol_coder: Symbol,
    code_rom: CodeRom,
    code_field: CodeField,
    packer: Packer,
    fifo: OutFifo,
    state_ram: StateRam,

    // Combinational signals.
    /// The pipeline moves this clock: the FIFO has room for a word (else every
    /// stage, the RAM read and the write-back hold: back-pressure stalls all alike).
    advance: Signal<Local, bool>,
    /// A sample is accepted this clock.
    accept: Signal<Local, bool>,
    /// A flush is asked for (now or earlier).
    flush_any: Signal<Local, bool>,
    /// The flush token enters s1 this clock.
    inject: Signal<Local, bool>,
    /// s2: the RAM word, or the word written on the edge that read it.
    fresh: Signal<Local, Bits<STATE_BITS>>,
    /// s8 (the word written last clock) is the channel of s3, s4, s5.
    snoop3: Signal<Local, bool>,
    snoop4: Signal<Local, bool>,
    snoop5: Signal<Local, bool>,
    /// Carried words refreshed from s8.
    carry3: Signal<Local, Bits<STATE_BITS>>,
    carry4: Signal<Local, Bits<STATE_BITS>>,
    carry5: Signal<Local, Bits<STATE_BITS>>,
    /// Residual-sign queue after the s5 sample.
    signs_after: Signal<Local, Bits<STATE_BITS>>,

    // Constants of the state layout (crate::layout) and the FIFO.
    code_history_mask: Constant<Bits<STATE_BITS>>,
    history_weights_mask: Constant<Bits<STATE_BITS>>,
    signs_activity_mask: Constant<Bits<STATE_BITS>>,
    activity_mask: Constant<Bits<STATE_BITS>>,
    not_activity_mask: Constant<Bits<STATE_BITS>>,
    shifted_signs_mask: Constant<Bits<STATE_BITS>>,
    initial_state: Constant<Bits<STATE_BITS>>,
    raw_at: Constant<Bits<8>>,
    activity_at: Constant<Bits<8>>,
    sign0_at: Constant<Bits<8>>,
    sign_step: Constant<Bits<8>>,
    weight_at: [Constant<Bits<8>>; TAPS],
    delta_at: [Constant<Bits<8>>; TAPS],
    fifo_room: Constant<Bits<{ crate::fifo::COUNT_BITS }>>,
    word_len: Constant<Bits<WORD_LEN_BITS>>,
}

impl Default for Encoder {
    fn default() -> Self {
        let shifted_signs =
            (((1u128 << ((PENDING - 1) * SIGN_BITS)) - 1) << residual_sign_at(0)) as u128;
        Self {
            clock: Default::default(),
            reset: Default::default(),
            channels_minus_one: Default::default(),
            in_sample: Default::default(),
            in_valid: Default::default(),
            in_ready: Default::default(),
            flush: Default::default(),
            out_word: Default::default(),
            out_bits: Default::default(),
            out_last: Default::default(),
            out_valid: Default::default(),
            out_ready: Default::default(),
            clearing: Default::default(),
            clear_ptr: Default::default(),
            next_channel: Default::default(),
            flush_req: Default::default(),
            v1: Default::default(),
            f1: Default::default(),
            ch1: Default::default(),
            x1: Default::default(),
            v2: Default::default(),
            f2: Default::default(),
            ch2: Default::default(),
            x2: Default::default(),
            code2: Default::default(),
            v3: Default::default(),
            f3: Default::default(),
            ch3: Default::default(),
            x3: Default::default(),
            code3: Default::default(),
            target3: Default::default(),
            n_sum3: Default::default(),
            base3: Default::default(),
            hb3: Default::default(),
            wb3: Default::default(),
            ahead2: array_init(|_| Default::default()),
            pick2: array_init(|_| Default::default()),
            none2: Default::default(),
            ahead3: array_init(|_| Default::default()),
            ahead4: array_init(|_| Default::default()),
            ahead5: array_init(|_| Default::default()),
            ahead6: array_init(|_| Default::default()),
            st3: Default::default(),
            v4: Default::default(),
            f4: Default::default(),
            ch4: Default::default(),
            x4: Default::default(),
            code4: Default::default(),
            on4: Default::default(),
            raw4: Default::default(),
            last4: Default::default(),
            p4: array_init(|_| Default::default()),
            st4: Default::default(),
            v5: Default::default(),
            f5: Default::default(),
            ch5: Default::default(),
            x5: Default::default(),
            code5: Default::default(),
            on5: Default::default(),
            raw5: Default::default(),
            acc5: Default::default(),
            st5: Default::default(),
            v6: Default::default(),
            f6: Default::default(),
            ch6: Default::default(),
            x6: Default::default(),
            on6: Default::default(),
            raw6: Default::default(),
            m6: Default::default(),
            st6: Default::default(),
            v7: Default::default(),
            f7: Default::default(),
            ch7: Default::default(),
            x7: Default::default(),
            on7: Default::default(),
            raw7: Default::default(),
            m7: Default::default(),
            a7: Default::default(),
            st7: Default::default(),
            v8: Default::default(),
            f8: Default::default(),
            ch8: Default::default(),
            x8: Default::default(),
            on8: Default::default(),
            raw8: Default::default(),
            m8: Default::default(),
            k8: Default::default(),
            t8: Default::default(),
            st8: Default::default(),
            v9: Default::default(),
            f9: Default::default(),
            t9: Default::default(),
            sym9: Default::default(),
            has9: Default::default(),
            raw9: Default::default(),
            flag9: Default::default(),
            rv9: Default::default(),
            rl9: Default::default(),
            v10: Default::default(),
            f10: Default::default(),
            code10: Default::default(),
            clen10: Default::default(),
            raw10: Default::default(),
            flag10: Default::default(),
            rv10: Default::default(),
            rl10: Default::default(),
            v11: Default::default(),
            f11: Default::default(),
            field11: Default::default(),
            len11: Default::default(),
            shift11: Default::default(),
            v12: Default::default(),
            f12: Default::default(),
            field12: Default::default(),
            len12: Default::default(),
            grid_code: Default::default(),
            grid_check: Default::default(),
            grid_compare: Default::default(),
            newest: Default::default(),
            history_in: Default::default(),
            history: Default::default(),
            weights_in: Default::default(),
            queue_in: Default::default(),
            pending_sign: Default::default(),
            lms: Default::default(),
            products: array_init(|_| Default::default()),
            predict_sum: Default::default(),
            residual_stage: Default::default(),
            signs_in: Default::default(),
            activity_in: Default::default(),
            activity: Default::default(),
            coding_context: Default::default(),
            symbol_coder: Default::default(),
            code_rom: Default::default(),
            code_field: Default::default(),
            packer: Default::default(),
            fifo: Default::default(),
            state_ram: Default::default(),
            advance: Default::default(),
            accept: Default::default(),
            flush_any: Default::default(),
            inject: Default::default(),
            fresh: Default::default(),
            snoop3: Default::default(),
            snoop4: Default::default(),
            snoop5: Default::default(),
            carry3: Default::default(),
            carry4: Default::default(),
            carry5: Default::default(),
            signs_after: Default::default(),
            code_history_mask: constant(CODE_HISTORY_MASK),
            history_weights_mask: constant(HISTORY_MASK | WEIGHTS_MASK),
            signs_activity_mask: constant(RESIDUAL_SIGNS_MASK | ACTIVITY_MASK),
            activity_mask: constant(ACTIVITY_MASK),
            not_activity_mask: constant(!ACTIVITY_MASK),
            shifted_signs_mask: constant(shifted_signs),
            initial_state: constant(initial_word()),
            raw_at: offset(RAW_AT),
            activity_at: offset(ACTIVITY_AT),
            sign0_at: offset(residual_sign_at(0)),
            sign_step: offset(SIGN_BITS),
            weight_at: array_init(|i| offset(weight_at(i))),
            delta_at: array_init(|i| offset(delta_at(i))),
            fifo_room: constant(FIFO_ROOM as u128),
            word_len: constant(WORD_BITS as u128),
        }
    }
}

impl Logic for Encoder {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            clearing,
            clear_ptr,
            next_channel,
            flush_req,
            v1,
            f1,
            ch1,
            x1,
            v2,
            f2,
            ch2,
            x2,
            code2,
            v3,
            f3,
            ch3,
            x3,
            code3,
            target3,
            n_sum3,
            base3,
            hb3,
            wb3,
            none2,
            st3,
            v4,
            f4,
            ch4,
            x4,
            code4,
            on4,
            raw4,
            last4,
            st4,
            v5,
            f5,
            ch5,
            x5,
            code5,
            on5,
            raw5,
            acc5,
            st5,
            v6,
            f6,
            ch6,
            x6,
            on6,
            raw6,
            m6,
            st6,
            v7,
            f7,
            ch7,
            x7,
            on7,
            raw7,
            m7,
            a7,
            st7,
            v8,
            f8,
            ch8,
            x8,
            on8,
            raw8,
            m8,
            k8,
            t8,
            st8,
            v9,
            f9,
            t9,
            sym9,
            has9,
            raw9,
            flag9,
            rv9,
            rl9,
            v10,
            f10,
            code10,
            clen10,
            raw10,
            flag10,
            rv10,
            rl10,
            v11,
            f11,
            field11,
            len11,
            shift11,
            v12,
            f12,
            field12,
            len12
        );
        for i in 0..REACH {
            self.ahead2[i].clock.next = self.clock.val();
            self.ahead2[i].d.next = self.ahead2[i].q.val();
            self.pick2[i].clock.next = self.clock.val();
            self.pick2[i].d.next = self.pick2[i].q.val();
        }
        for i in 0..REACH3 {
            self.ahead3[i].clock.next = self.clock.val();
            self.ahead3[i].d.next = self.ahead3[i].q.val();
        }
        for i in 0..REACH4 {
            self.ahead4[i].clock.next = self.clock.val();
            self.ahead4[i].d.next = self.ahead4[i].q.val();
        }
        for i in 0..REACH5 {
            self.ahead5[i].clock.next = self.clock.val();
            self.ahead5[i].d.next = self.ahead5[i].q.val();
        }
        for i in 0..REACH6 {
            self.ahead6[i].clock.next = self.clock.val();
            self.ahead6[i].d.next = self.ahead6[i].q.val();
        }
        for i in 0..TAPS {
            self.p4[i].clock.next = self.clock.val();
            self.p4[i].d.next = self.p4[i].q.val();
        }
        self.packer.clock.next = self.clock.val();
        self.fifo.clock.next = self.clock.val();
        self.state_ram.read_clock.next = self.clock.val();
        self.state_ram.write_clock.next = self.clock.val();

        // Handshake, flush and the RAM sweep.
        self.advance.next = self.fifo.count.val() <= self.fifo_room.val();
        self.in_ready.next =
            !self.clearing.q.val() && !self.flush_req.q.val() && self.advance.val();
        self.accept.next = self.in_valid.val()
            && !self.clearing.q.val()
            && !self.flush_req.q.val()
            && self.advance.val();
        self.flush_any.next = self.flush.val() || self.flush_req.q.val();
        self.inject.next = self.flush_any.val()
            && self.advance.val()
            && !self.clearing.q.val()
            && !self.accept.val();
        self.flush_req.d.next = self.flush_any.val() && !self.inject.val();
        if self.accept.val() {
            if self.next_channel.q.val() == self.channels_minus_one.val() {
                self.next_channel.d.next = 0.into();
            } else {
                self.next_channel.d.next = self.next_channel.q.val() + 1;
            }
        }
        if self.clearing.q.val() {
            if self.clear_ptr.q.val() == self.channels_minus_one.val() {
                self.clearing.d.next = false;
            } else {
                self.clear_ptr.d.next = self.clear_ptr.q.val() + 1;
            }
        }

        // Valid and flush bits move every clock; data registers load only with a sample.
        if self.advance.val() {
            self.v1.d.next = self.accept.val();
            self.f1.d.next = self.inject.val();
            self.v2.d.next = self.v1.q.val();
            self.f2.d.next = self.f1.q.val();
            self.v3.d.next = self.v2.q.val();
            self.f3.d.next = self.f2.q.val();
            self.v4.d.next = self.v3.q.val();
            self.f4.d.next = self.f3.q.val();
            self.v5.d.next = self.v4.q.val();
            self.f5.d.next = self.f4.q.val();
            self.v6.d.next = self.v5.q.val();
            self.f6.d.next = self.f5.q.val();
            self.v7.d.next = self.v6.q.val();
            self.f7.d.next = self.f6.q.val();
            self.v8.d.next = self.v7.q.val();
            self.f8.d.next = self.f7.q.val();
            self.v9.d.next = self.v8.q.val();
            self.f9.d.next = self.f8.q.val();
            self.v10.d.next = self.v9.q.val();
            self.f10.d.next = self.f9.q.val();
            self.v11.d.next = self.v10.q.val();
            self.f11.d.next = self.f10.q.val();
            self.v12.d.next = self.v11.q.val();
            self.f12.d.next = self.f11.q.val();
        }

        // s1: grid code; read the channel's state.
        if self.accept.val() {
            self.ch1.d.next = self.next_channel.q.val();
            self.x1.d.next = self.in_sample.val();
        }
        self.grid_code.sample.next = self.x1.q.val();
        self.state_ram.read_address.next = self.ch1.q.val();
        self.state_ram.read_enable.next = self.advance.val() && self.v1.q.val();
        self.newest.channel.next = self.ch1.q.val();
        self.newest.valid[0].next = self.v2.q.val();
        self.newest.channels[0].next = self.ch2.q.val();
        self.newest.valid[1].next = self.v3.q.val();
        self.newest.channels[1].next = self.ch3.q.val();
        self.newest.valid[2].next = self.v4.q.val();
        self.newest.channels[2].next = self.ch4.q.val();
        self.newest.valid[3].next = self.v5.q.val();
        self.newest.channels[3].next = self.ch5.q.val();
        self.newest.valid[4].next = self.v6.q.val();
        self.newest.channels[4].next = self.ch6.q.val();
        self.newest.valid[5].next = self.v7.q.val();
        self.newest.channels[5].next = self.ch7.q.val();
        if self.advance.val() && self.v1.q.val() {
            self.ch2.d.next = self.ch1.q.val();
            self.x2.d.next = self.x1.q.val();
            self.code2.d.next = self.grid_code.code.val();
            for i in 0..REACH {
                self.ahead2[i].d.next = self.newest.same[i].val();
                self.pick2[i].d.next = self.newest.pick[i].val();
            }
            self.none2.d.next = self.newest.none.val();
        }

        // s2: on-grid check and the history step.
        self.grid_check.code.next = self.code2.q.val();
        self.grid_check.sample.next = self.x2.q.val();
        // The word written on the edge that read the RAM (s8, 6 = REACH stages ahead)
        // is newer than the RAM's.
        self.fresh.next = self.state_ram.read_data.val();
        if self.ahead2[5].q.val() {
            self.fresh.next = self.st8.q.val();
        }
        self.history_in.carried.next = self.state_ram.read_data.val();
        self.history_in.none.next = self.none2.q.val();
        self.history_in.words[0].next = self.st3.q.val();
        self.history_in.words[1].next = self.st4.q.val();
        self.history_in.words[2].next = self.st5.q.val();
        self.history_in.words[3].next = self.st6.q.val();
        self.history_in.words[4].next = self.st7.q.val();
        self.history_in.words[5].next = self.st8.q.val();
        for i in 0..REACH {
            self.history_in.pick[i].next = self.pick2[i].q.val();
        }
        self.history.previous.next = self.history_in.word.val();
        self.history.carried.next = self.fresh.val();
        self.history.code.next = self.code2.q.val();
        if self.advance.val() && self.v2.q.val() {
            self.ch3.d.next = self.ch2.q.val();
            self.x3.d.next = self.x2.q.val();
            self.code3.d.next = self.code2.q.val();
            self.target3.d.next = self.grid_check.target.val();
            self.n_sum3.d.next = self.grid_check.n_sum1.val();
            self.base3.d.next = self.grid_check.base.val();
            self.hb3.d.next = self.history_in.word.val();
            for i in 0..REACH3 {
                self.ahead3[i].d.next = self.ahead2[i].q.val();
            }
            self.st3.d.next = self.history.after.val();
        }

        // s3: weight step and products; the on-grid check completes.
        self.grid_compare.target.next = self.target3.q.val();
        self.grid_compare.n_sum1.next = self.n_sum3.q.val();
        self.grid_compare.base.next = self.base3.q.val();
        self.queue_in.carried.next = self.st3.q.val();
        self.queue_in.hit[0].next = self.ahead3[4].q.val();
        self.queue_in.words[0].next = self.st8.q.val();
        self.queue_in.hit[1].next = self.ahead3[3].q.val();
        self.queue_in.words[1].next = self.st7.q.val();
        self.queue_in.hit[2].next = self.ahead3[2].q.val();
        self.queue_in.words[2].next = self.st6.q.val();
        self.pending_sign.queue.next = self.queue_in.word.val();
        self.pending_sign.pending_0.next = self.ahead3[0].q.val();
        self.pending_sign.pending_1.next = self.ahead3[1].q.val();
        self.lms.weights.next = self.wb3.q.val();
        self.lms.history.next = self.hb3.q.val();
        self.lms.step_sign.next = self.pending_sign.sign.val();
        for i in 0..TAPS {
            self.products[i].weight.next = self
                .wb3
                .q
                .val()
                .get_bits::<WEIGHT_BITS>(self.weight_at[i].val().index());
            self.products[i].delta.next = self
                .hb3
                .q
                .val()
                .get_bits::<DELTA_BITS>(self.delta_at[i].val().index());
        }
        self.snoop3.next = self.ahead3[4].q.val();
        self.carry3.next = self.st3.q.val();
        if self.snoop3.val() {
            self.carry3.next = self.st8.q.val();
        }
        // s2 (written after s3's step, which it forwards): weights before the sample,
        // selected here so that s3 starts from registers.
        self.weights_in.carried.next = self.state_ram.read_data.val();
        self.weights_in.none.next = self.none2.q.val();
        self.weights_in.words[0].next = self.lms.after.val()
            | (bit_cast::<STATE_BITS, 1>((!self.grid_compare.on_grid.val()).into())
                << self.raw_at.val());
        self.weights_in.words[1].next = self.st4.q.val();
        self.weights_in.words[2].next = self.st5.q.val();
        self.weights_in.words[3].next = self.st6.q.val();
        self.weights_in.words[4].next = self.st7.q.val();
        self.weights_in.words[5].next = self.st8.q.val();
        for i in 0..REACH {
            self.weights_in.pick[i].next = self.pick2[i].q.val();
        }
        if self.advance.val() && self.v2.q.val() {
            self.wb3.d.next = self.weights_in.word.val();
        }
        if self.advance.val() && self.v3.q.val() {
            self.ch4.d.next = self.ch3.q.val();
            self.x4.d.next = self.x3.q.val();
            self.code4.d.next = self.code3.q.val();
            self.on4.d.next = self.grid_compare.on_grid.val();
            self.raw4.d.next = self.wb3.q.val().get_bit(self.raw_at.val().index());
            self.last4.d.next = self.hb3.q.val().get_bits::<CODE>(0);
            for i in 0..TAPS {
                self.p4[i].d.next = self.products[i].product.val();
            }
            self.st4.d.next = (self.st3.q.val() & self.code_history_mask.val())
                | (bit_cast::<STATE_BITS, 1>((!self.grid_compare.on_grid.val()).into())
                    << self.raw_at.val())
                | self.lms.after.val()
                | (self.carry3.val() & self.signs_activity_mask.val());
            for i in 0..REACH4 {
                self.ahead4[i].d.next = self.ahead3[i].q.val();
            }
        }

        // s4: the sum.
        for i in 0..TAPS {
            self.predict_sum.products[i].next = self.p4[i].q.val();
        }
        self.predict_sum.last.next = self.last4.q.val();
        self.snoop4.next = self.ahead4[3].q.val();
        self.carry4.next = self.st4.q.val();
        if self.snoop4.val() {
            self.carry4.next = self.st8.q.val();
        }
        if self.advance.val() && self.v4.q.val() {
            self.ch5.d.next = self.ch4.q.val();
            self.x5.d.next = self.x4.q.val();
            self.code5.d.next = self.code4.q.val();
            self.on5.d.next = self.on4.q.val();
            self.raw5.d.next = self.raw4.q.val();
            self.acc5.d.next = self.predict_sum.acc.val();
            self.st5.d.next = (self.st4.q.val() & self.history_weights_mask.val())
                | (self.carry4.val() & self.signs_activity_mask.val());
            for i in 0..REACH5 {
                self.ahead5[i].d.next = self.ahead4[i].q.val();
            }
        }

        // s5: residual and the residual-sign queue.
        self.residual_stage.acc.next = self.acc5.q.val();
        self.residual_stage.code.next = self.code5.q.val();
        self.signs_in.carried.next = self.st5.q.val();
        self.signs_in.hit[0].next = self.ahead5[2].q.val();
        self.signs_in.words[0].next = self.st8.q.val();
        self.signs_in.hit[1].next = self.ahead5[1].q.val();
        self.signs_in.words[1].next = self.st7.q.val();
        self.signs_in.hit[2].next = self.ahead5[0].q.val();
        self.signs_in.words[2].next = self.st6.q.val();
        self.signs_after.next = (bit_cast::<STATE_BITS, SIGN_BITS>(self.residual_stage.sign.val())
            << self.sign0_at.val())
            | ((self.signs_in.word.val() & self.shifted_signs_mask.val()) << self.sign_step.val());
        self.snoop5.next = self.ahead5[2].q.val();
        self.carry5.next = self.st5.q.val();
        if self.snoop5.val() {
            self.carry5.next = self.st8.q.val();
        }
        if self.advance.val() && self.v5.q.val() {
            self.ch6.d.next = self.ch5.q.val();
            self.x6.d.next = self.x5.q.val();
            self.on6.d.next = self.on5.q.val();
            self.raw6.d.next = self.raw5.q.val();
            self.m6.d.next = self.residual_stage.zigzag.val();
            self.st6.d.next = (self.st5.q.val() & self.history_weights_mask.val())
                | self.signs_after.val()
                | (self.carry5.val() & self.activity_mask.val());
            for i in 0..REACH6 {
                self.ahead6[i].d.next = self.ahead5[i].q.val();
            }
        }

        // s6: activity.
        self.activity_in.carried.next = self.st6.q.val();
        self.activity_in.hit[0].next = self.ahead6[1].q.val();
        self.activity_in.words[0].next = self.st8.q.val();
        self.activity_in.hit[1].next = self.ahead6[0].q.val();
        self.activity_in.words[1].next = self.st7.q.val();
        self.activity.state.next = self.activity_in.word.val();
        self.activity.zigzag.next = self.m6.q.val();
        if self.advance.val() && self.v6.q.val() {
            self.ch7.d.next = self.ch6.q.val();
            self.x7.d.next = self.x6.q.val();
            self.on7.d.next = self.on6.q.val();
            self.raw7.d.next = self.raw6.q.val();
            self.m7.d.next = self.m6.q.val();
            self.a7.d.next = self.activity.previous.val();
            self.st7.d.next = (self.st6.q.val() & self.not_activity_mask.val())
                | (bit_cast::<STATE_BITS, ACTIVITY_BITS>(self.activity.after.val())
                    << self.activity_at.val());
        }

        // s7: context; write the state back (or sweep after reset).
        self.coding_context.activity.next = self.a7.q.val();
        if self.clearing.q.val() {
            self.state_ram.write_enable.next = true;
            self.state_ram.write_address.next = self.clear_ptr.q.val();
            self.state_ram.write_data.next = self.initial_state.val();
        } else {
            self.state_ram.write_enable.next = self.advance.val() && self.v7.q.val();
            self.state_ram.write_address.next = self.ch7.q.val();
            self.state_ram.write_data.next = self.st7.q.val();
        }
        if self.advance.val() && self.v7.q.val() {
            self.ch8.d.next = self.ch7.q.val();
            self.x8.d.next = self.x7.q.val();
            self.on8.d.next = self.on7.q.val();
            self.raw8.d.next = self.raw7.q.val();
            self.m8.d.next = self.m7.q.val();
            self.k8.d.next = self.coding_context.k.val();
            self.t8.d.next = self.coding_context.code_table.val();
            self.st8.d.next = self.st7.q.val();
        }

        // s8: symbol and raw field.
        self.symbol_coder.zigzag.next = self.m8.q.val();
        self.symbol_coder.k.next = self.k8.q.val();
        self.symbol_coder.on_grid.next = self.on8.q.val();
        self.symbol_coder.raw_mode.next = self.raw8.q.val();
        self.symbol_coder.sample.next = self.x8.q.val();
        if self.advance.val() && self.v8.q.val() {
            self.t9.d.next = self.t8.q.val();
            self.sym9.d.next = self.symbol_coder.symbol.val();
            self.has9.d.next = self.symbol_coder.has_symbol.val();
            self.raw9.d.next = self.raw8.q.val();
            self.flag9.d.next = self.symbol_coder.flag.val();
            self.rv9.d.next = self.symbol_coder.raw.val();
            self.rl9.d.next = self.symbol_coder.raw_len.val();
        }

        // s9: code-table ROM.
        self.code_rom.code_table.next = self.t9.q.val();
        self.code_rom.symbol.next = self.sym9.q.val();
        self.code_rom.has_symbol.next = self.has9.q.val();
        if self.advance.val() && self.v9.q.val() {
            self.code10.d.next = self.code_rom.code.val();
            self.clen10.d.next = self.code_rom.code_len.val();
            self.raw10.d.next = self.raw9.q.val();
            self.flag10.d.next = self.flag9.q.val();
            self.rv10.d.next = self.rv9.q.val();
            self.rl10.d.next = self.rl9.q.val();
        }

        // s10: field.
        self.code_field.code.next = self.code10.q.val();
        self.code_field.code_len.next = self.clen10.q.val();
        self.code_field.raw_mode.next = self.raw10.q.val();
        self.code_field.flag.next = self.flag10.q.val();
        self.code_field.raw.next = self.rv10.q.val();
        self.code_field.raw_len.next = self.rl10.q.val();
        if self.advance.val() && self.v10.q.val() {
            self.field11.d.next = self.code_field.field.val();
            self.len11.d.next = self.code_field.len.val();
            self.shift11.d.next = self.word_len.val() - self.code_field.len.val();
        }

        // s11: left-align the field.
        if self.advance.val() && self.v11.q.val() {
            self.field12.d.next = self.field11.q.val() << self.shift11.q.val();
            self.len12.d.next = self.len11.q.val();
        }

        // s12: packer and FIFO.
        self.packer.reset.next = self.reset.val();
        self.packer.valid.next = self.advance.val() && self.v12.q.val();
        self.packer.flush.next = self.advance.val() && self.f12.q.val();
        self.packer.field.next = self.field12.q.val();
        self.packer.len.next = self.len12.q.val();
        self.fifo.reset.next = self.reset.val();
        self.fifo.push.next = self.packer.push.val();
        self.fifo.push_word.next = self.packer.word.val();
        self.fifo.push_bits.next = self.packer.word_bits.val();
        self.fifo.push_last.next = self.packer.last.val();
        self.fifo.pop.next = self.out_ready.val();
        self.out_word.next = self.fifo.word.val();
        self.out_bits.next = self.fifo.word_bits.val();
        self.out_last.next = self.fifo.last.val();
        self.out_valid.next = self.fifo.valid.val();

        if self.reset.val() {
            self.clearing.d.next = true;
            self.clear_ptr.d.next = 0.into();
            self.next_channel.d.next = 0.into();
            self.flush_req.d.next = false;
            self.v1.d.next = false;
            self.f1.d.next = false;
            self.v2.d.next = false;
            self.f2.d.next = false;
            self.v3.d.next = false;
            self.f3.d.next = false;
            self.v4.d.next = false;
            self.f4.d.next = false;
            self.v5.d.next = false;
            self.f5.d.next = false;
            self.v6.d.next = false;
            self.f6.d.next = false;
            self.v7.d.next = false;
            self.f7.d.next = false;
            self.v8.d.next = false;
            self.f8.d.next = false;
            self.v9.d.next = false;
            self.f9.d.next = false;
            self.v10.d.next = false;
            self.f10.d.next = false;
            self.v11.d.next = false;
            self.f11.d.next = false;
            self.v12.d.next = false;
            self.f12.d.next = false;
        }
    }
}

/// Name of the generated top module.
pub const TOP_MODULE: &str = "brainwire_encoder";

/// The Verilog of the encoder, top module renamed from rust-hdl's fixed `top`.
pub fn verilog() -> String {
    let mut uut = Encoder::default();
    uut.connect_all();
    let v = generate_verilog(&uut);
    let v = v
        .replace("module top(", &format!("module {TOP_MODULE}("))
        .replace("top$", &format!("{TOP_MODULE}$"));
    format!(
        "// Generated by `cargo run -p brainwire-rtl --bin gen-verilog` from the golden\n\
         // profile {}: do not edit. See rtl/README.md.\n{v}",
        PROFILE.name
    )
}
