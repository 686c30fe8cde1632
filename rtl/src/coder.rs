//! The coder of one sample (golden payload::encode_sample) in two stages:
//! `Symbol` picks the table symbol (quotient, large-residual or off-grid
//! escape) and the raw field; `CodeRom` looks the symbol up in the code-table
//! ROM (built from golden's EncodeTable at elaboration); `CodeField` joins
//! flag bit, code word and raw field into one right-aligned field.

use crate::constants::{constant, offset};
use crate::params::*;
use golden::codetable::EncodeTable;
use golden::profile::{ESC_LARGE, ESC_OFFGRID, QUOTIENTS, SYMBOLS};
use rust_hdl::prelude::*;
use std::collections::BTreeMap;

/// Symbol and raw field of a sample.
#[derive(LogicBlock)]
pub struct Symbol {
    /// Zigzag residual.
    pub zigzag: Signal<In, Bits<CODE>>,
    /// Rice parameter.
    pub k: Signal<In, Bits<K_BITS>>,
    /// The sample is on the grid.
    pub on_grid: Signal<In, bool>,
    /// The channel was in raw mode (a flag bit leads the field).
    pub raw_mode: Signal<In, bool>,
    /// The sample itself.
    pub sample: Signal<In, Bits<SAMPLE_BITS>>,
    /// Table symbol.
    pub symbol: Signal<Out, Bits<SYMBOL_BITS>>,
    /// A table symbol is sent (not in raw mode with an off-grid sample).
    pub has_symbol: Signal<Out, bool>,
    /// Value of the flag bit when `raw_mode` (1: another raw sample).
    pub flag: Signal<Out, bool>,
    /// Raw bits after the code word, right-aligned.
    pub raw: Signal<Out, Bits<SAMPLE_BITS>>,
    /// Their count.
    pub raw_len: Signal<Out, Bits<WORD_LEN_BITS>>,
    /// `m >> k`.
    quotient: Signal<Local, Bits<CODE>>,
    /// The quotient overflows the table.
    escape_large: Signal<Local, bool>,
    /// `m` with only its low k bits.
    low: Signal<Local, Bits<CODE>>,
    /// Mask of the low k bits.
    low_mask: Signal<Local, Bits<CODE>>,
    /// Ones shifted up by k.
    high_mask: Signal<Local, Bits<CODE>>,
    quotients: Constant<Bits<CODE>>,
    esc_large: Constant<Bits<SYMBOL_BITS>>,
    esc_offgrid: Constant<Bits<SYMBOL_BITS>>,
    ones: Constant<Bits<CODE>>,
    sample_len: Constant<Bits<WORD_LEN_BITS>>,
    code_len: Constant<Bits<WORD_LEN_BITS>>,
}

impl Default for Symbol {
    fn default() -> Self {
        Self {
            zigzag: Default::default(),
            k: Default::default(),
            on_grid: Default::default(),
            raw_mode: Default::default(),
            sample: Default::default(),
            symbol: Default::default(),
            has_symbol: Default::default(),
            flag: Default::default(),
            raw: Default::default(),
            raw_len: Default::default(),
            quotient: Default::default(),
            escape_large: Default::default(),
            low: Default::default(),
            low_mask: Default::default(),
            high_mask: Default::default(),
            quotients: constant(QUOTIENTS as u128),
            esc_large: constant(ESC_LARGE as u128),
            esc_offgrid: constant(ESC_OFFGRID as u128),
            ones: constant((1 << CODE) - 1),
            sample_len: constant(SAMPLE_BITS as u128),
            code_len: constant(CODE as u128),
        }
    }
}

impl Logic for Symbol {
    #[hdl_gen]
    fn update(&mut self) {
        self.quotient.next = self.zigzag.val() >> self.k.val();
        self.escape_large.next = self.quotient.val() >= self.quotients.val();
        self.high_mask.next = self.ones.val() << self.k.val();
        self.low_mask.next = !self.high_mask.val();
        self.low.next = self.zigzag.val() & self.low_mask.val();
        self.flag.next = !self.on_grid.val();
        self.has_symbol.next = !(self.raw_mode.val() && !self.on_grid.val());
        if !self.on_grid.val() {
            self.symbol.next = self.esc_offgrid.val();
            self.raw.next = self.sample.val();
            self.raw_len.next = self.sample_len.val();
        } else if self.escape_large.val() {
            self.symbol.next = self.esc_large.val();
            self.raw.next = bit_cast::<SAMPLE_BITS, CODE>(self.zigzag.val());
            self.raw_len.next = self.code_len.val();
        } else {
            self.symbol.next = bit_cast::<SYMBOL_BITS, CODE>(self.quotient.val());
            self.raw.next = bit_cast::<SAMPLE_BITS, CODE>(self.low.val());
            self.raw_len.next = bit_cast::<WORD_LEN_BITS, K_BITS>(self.k.val());
        }
    }
}

/// The code-table ROM contents: `{length, code}` at `{table, symbol}`, from golden.
fn rom_contents() -> BTreeMap<Bits<ROM_ADDRESS_BITS>, Bits<ROM_DATA_BITS>> {
    let mut rom = BTreeMap::new();
    for address in 0..(1usize << ROM_ADDRESS_BITS) {
        let (table, symbol) = (address >> SYMBOL_BITS, address & ((1 << SYMBOL_BITS) - 1));
        let entry = match PROFILE.code_lengths.get(table) {
            Some(row) if symbol < SYMBOLS => {
                let t = EncodeTable::new(row);
                ((t.len[symbol] as u64) << CODE_WORD_BITS) | t.code[symbol] as u64
            }
            _ => 0,
        };
        rom.insert(
            bits::<ROM_ADDRESS_BITS>(address as u64),
            bits::<ROM_DATA_BITS>(entry),
        );
    }
    rom
}

/// The code word of a symbol: the code-table ROM at `{table, symbol}`.
#[derive(LogicBlock)]
pub struct CodeRom {
    /// Code table.
    pub code_table: Signal<In, Bits<TABLE_BITS>>,
    /// Table symbol.
    pub symbol: Signal<In, Bits<SYMBOL_BITS>>,
    /// A table symbol is sent (else the code word is empty).
    pub has_symbol: Signal<In, bool>,
    /// Code word, right-aligned.
    pub code: Signal<Out, Bits<CODE_WORD_BITS>>,
    /// Its length.
    pub code_len: Signal<Out, Bits<WORD_LEN_BITS>>,
    /// The code-table ROM.
    rom: ROM<Bits<ROM_DATA_BITS>, ROM_ADDRESS_BITS>,
    symbol_bits: Constant<Bits<8>>,
    len_at: Constant<Bits<8>>,
}

impl Default for CodeRom {
    fn default() -> Self {
        Self {
            code_table: Default::default(),
            symbol: Default::default(),
            has_symbol: Default::default(),
            code: Default::default(),
            code_len: Default::default(),
            rom: ROM::new(rom_contents()),
            symbol_bits: offset(SYMBOL_BITS),
            len_at: offset(CODE_WORD_BITS),
        }
    }
}

impl Logic for CodeRom {
    #[hdl_gen]
    fn update(&mut self) {
        self.rom.address.next = (bit_cast::<ROM_ADDRESS_BITS, TABLE_BITS>(self.code_table.val())
            << self.symbol_bits.val())
            | bit_cast::<ROM_ADDRESS_BITS, SYMBOL_BITS>(self.symbol.val());
        self.code.next = 0.into();
        self.code_len.next = 0.into();
        if self.has_symbol.val() {
            self.code.next = self.rom.data.val().get_bits::<CODE_WORD_BITS>(0);
            self.code_len.next = bit_cast::<WORD_LEN_BITS, CODE_LEN_BITS>(
                self.rom
                    .data
                    .val()
                    .get_bits::<CODE_LEN_BITS>(self.len_at.val().index()),
            );
        }
    }
}

/// Flag bit, code word and raw field joined, right-aligned, with its length.
#[derive(LogicBlock, Default)]
pub struct CodeField {
    /// Code word, right-aligned.
    pub code: Signal<In, Bits<CODE_WORD_BITS>>,
    /// Its length.
    pub code_len: Signal<In, Bits<WORD_LEN_BITS>>,
    /// A flag bit leads the field.
    pub raw_mode: Signal<In, bool>,
    /// Its value.
    pub flag: Signal<In, bool>,
    /// Raw bits, right-aligned.
    pub raw: Signal<In, Bits<SAMPLE_BITS>>,
    /// Their count.
    pub raw_len: Signal<In, Bits<WORD_LEN_BITS>>,
    /// The sample's bits, right-aligned.
    pub field: Signal<Out, Bits<WORD_BITS>>,
    /// Their count.
    pub len: Signal<Out, Bits<WORD_LEN_BITS>>,
    /// Flag bit and code word.
    head: Signal<Local, Bits<WORD_BITS>>,
    /// The flag bit as a word.
    flag_bit: Signal<Local, Bits<WORD_BITS>>,
    /// Flag length plus code length.
    head_len: Signal<Local, Bits<WORD_LEN_BITS>>,
}

impl Logic for CodeField {
    #[hdl_gen]
    fn update(&mut self) {
        self.flag_bit.next =
            bit_cast::<WORD_BITS, 1>((self.raw_mode.val() && self.flag.val()).into());
        self.head.next = (self.flag_bit.val() << self.code_len.val())
            | bit_cast::<WORD_BITS, CODE_WORD_BITS>(self.code.val());
        self.head_len.next =
            self.code_len.val() + bit_cast::<WORD_LEN_BITS, 1>(self.raw_mode.val().into());
        self.field.next = (self.head.val() << self.raw_len.val())
            | bit_cast::<WORD_BITS, SAMPLE_BITS>(self.raw.val());
        self.len.next = self.head_len.val() + self.raw_len.val();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_synthesizes;

    #[test]
    fn coder_blocks_synthesize() {
        assert_synthesizes::<Symbol>("symbol");
        assert_synthesizes::<CodeRom>("code_rom");
        assert_synthesizes::<CodeField>("code_field");
    }

    #[test]
    fn rom_holds_every_table_code() {
        let mut uut = CodeRom::default();
        uut.connect_all();
        uut.has_symbol.next = true;
        for (t, row) in PROFILE.code_lengths.iter().enumerate() {
            let table = EncodeTable::new(row);
            for s in 0..SYMBOLS {
                uut.code_table.next = bits(t as u64);
                uut.symbol.next = bits(s as u64);
                assert!(simulate(&mut uut, 100));
                assert_eq!(
                    uut.code.val().index() as u16,
                    table.code[s],
                    "table {t} symbol {s}"
                );
                assert_eq!(
                    uut.code_len.val().index() as u8,
                    table.len[s],
                    "table {t} symbol {s}"
                );
            }
        }
    }
}
