//! The back end, s8..s12: from a sample's residual and context to its bits
//! in the output words.
//!
//! - s8: symbol and raw field (`Symbol`, from the front end's s8 registers).
//! - s9: code-table ROM.
//! - s10: field assembly (flag bit, code word, raw bits) and `32 - len`.
//! - s11: the field left-aligned (so the packer shifts by its fill register only).
//! - s12: packer -> output FIFO.

use crate::coder::{CodeField, CodeRom, Symbol};
use crate::fifo::{OutFifo, COUNT_BITS};
use crate::packer::Packer;
use crate::params::*;
use rust_hdl::prelude::*;

/// Stages of the back end (s8..s12): the valid tokens it reads.
pub const BACK_STAGES: usize = 5;

#[derive(LogicBlock, Default)]
pub struct BackEnd {
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: no pending bits, FIFO empty.
    pub reset: Signal<In, bool>,
    /// The pipeline moves this clock.
    pub advance: Signal<In, bool>,
    /// Stage 8 + k holds a sample (index k).
    pub valid: [Signal<In, bool>; BACK_STAGES],
    /// s12 holds the flush token.
    pub flushing: Signal<In, bool>,
    /// s8: the sample, on the grid, raw mode before it, zigzag residual,
    /// Rice parameter and code table.
    pub sample: Signal<In, Bits<SAMPLE_BITS>>,
    pub on_grid: Signal<In, bool>,
    pub raw_mode: Signal<In, bool>,
    pub zigzag: Signal<In, Bits<CODE>>,
    pub k: Signal<In, Bits<K_BITS>>,
    pub code_table: Signal<In, Bits<TABLE_BITS>>,
    /// The output FIFO's head (see the encoder's ports) and its fill.
    pub out_word: Signal<Out, Bits<WORD_BITS>>,
    pub out_bits: Signal<Out, Bits<WORD_LEN_BITS>>,
    pub out_last: Signal<Out, bool>,
    pub out_valid: Signal<Out, bool>,
    pub out_ready: Signal<In, bool>,
    pub fifo_count: Signal<Out, Bits<COUNT_BITS>>,
    /// s9: table, symbol (if any), raw mode, flag, raw field.
    t9: DFF<Bits<TABLE_BITS>>,
    sym9: DFF<Bits<SYMBOL_BITS>>,
    has9: DFF<bool>,
    raw9: DFF<bool>,
    flag9: DFF<bool>,
    rv9: DFF<Bits<SAMPLE_BITS>>,
    rl9: DFF<Bits<WORD_LEN_BITS>>,
    /// s10: code word and its length, raw mode, flag, raw field.
    code10: DFF<Bits<CODE_WORD_BITS>>,
    clen10: DFF<Bits<WORD_LEN_BITS>>,
    raw10: DFF<bool>,
    flag10: DFF<bool>,
    rv10: DFF<Bits<SAMPLE_BITS>>,
    rl10: DFF<Bits<WORD_LEN_BITS>>,
    /// s11: the field right-aligned, its length, the shift that left-aligns it.
    field11: DFF<Bits<WORD_BITS>>,
    len11: DFF<Bits<WORD_LEN_BITS>>,
    shift11: DFF<Bits<WORD_LEN_BITS>>,
    /// s12: the field left-aligned and its length.
    field12: DFF<Bits<WORD_BITS>>,
    len12: DFF<Bits<WORD_LEN_BITS>>,
    symbol_coder: Symbol,
    code_rom: CodeRom,
    code_field: CodeField,
    packer: Packer,
    fifo: OutFifo,
    /// Stage 8 + k moves on this clock (index k).
    moves: [Signal<Local, bool>; BACK_STAGES],
}

impl Logic for BackEnd {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self, clock, t9, sym9, has9, raw9, flag9, rv9, rl9, code10, clen10, raw10, flag10,
            rv10, rl10, field11, len11, shift11, field12, len12
        );
        self.packer.clock.next = self.clock.val();
        self.fifo.clock.next = self.clock.val();
        for i in 0..BACK_STAGES {
            self.moves[i].next = self.advance.val() && self.valid[i].val();
        }

        // s8: symbol and raw field.
        self.symbol_coder.zigzag.next = self.zigzag.val();
        self.symbol_coder.k.next = self.k.val();
        self.symbol_coder.on_grid.next = self.on_grid.val();
        self.symbol_coder.raw_mode.next = self.raw_mode.val();
        self.symbol_coder.sample.next = self.sample.val();
        if self.moves[0].val() {
            self.t9.d.next = self.code_table.val();
            self.sym9.d.next = self.symbol_coder.symbol.val();
            self.has9.d.next = self.symbol_coder.has_symbol.val();
            self.raw9.d.next = self.raw_mode.val();
            self.flag9.d.next = self.symbol_coder.flag.val();
            self.rv9.d.next = self.symbol_coder.raw.val();
            self.rl9.d.next = self.symbol_coder.raw_len.val();
        }

        // s9: code-table ROM.
        self.code_rom.code_table.next = self.t9.q.val();
        self.code_rom.symbol.next = self.sym9.q.val();
        self.code_rom.has_symbol.next = self.has9.q.val();
        if self.moves[1].val() {
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
        if self.moves[2].val() {
            self.field11.d.next = self.code_field.field.val();
            self.len11.d.next = self.code_field.len.val();
            self.shift11.d.next = self.code_field.align.val();
        }

        // s11: left-align the field.
        if self.moves[3].val() {
            self.field12.d.next = self.field11.q.val() << self.shift11.q.val();
            self.len12.d.next = self.len11.q.val();
        }

        // s12: packer and FIFO.
        self.packer.reset.next = self.reset.val();
        self.packer.valid.next = self.moves[4].val();
        self.packer.flush.next = self.advance.val() && self.flushing.val();
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
        self.fifo_count.next = self.fifo.count.val();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_synthesizes;

    #[test]
    fn back_end_synthesizes() {
        assert_synthesizes::<BackEnd>("back_end");
    }
}
