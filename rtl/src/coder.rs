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

/// Flag bit, code word and raw field joined, right-aligned, with its length
/// and the shift that left-aligns it in a word.
#[derive(LogicBlock)]
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
    /// `WORD_BITS - len`: the shift that left-aligns the field.
    pub align: Signal<Out, Bits<WORD_LEN_BITS>>,
    /// Flag bit and code word.
    head: Signal<Local, Bits<WORD_BITS>>,
    /// The flag bit as a word.
    flag_bit: Signal<Local, Bits<WORD_BITS>>,
    /// Flag length plus code length.
    head_len: Signal<Local, Bits<WORD_LEN_BITS>>,
    word_len: Constant<Bits<WORD_LEN_BITS>>,
}

impl Default for CodeField {
    fn default() -> Self {
        Self {
            code: Default::default(),
            code_len: Default::default(),
            raw_mode: Default::default(),
            flag: Default::default(),
            raw: Default::default(),
            raw_len: Default::default(),
            field: Default::default(),
            len: Default::default(),
            align: Default::default(),
            head: Default::default(),
            flag_bit: Default::default(),
            head_len: Default::default(),
            word_len: constant(WORD_BITS as u128),
        }
    }
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
        self.align.next = self.word_len.val() - self.len.val();
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

    /// Random residuals, contexts and samples (on and off the grid, in and out
    /// of raw mode) through symbol, ROM and field against golden's write_sample.
    #[test]
    #[cfg_attr(
        feature = "profile-ratio",
        ignore = "the ratio profile has no code tables"
    )]
    fn coded_field_matches_golden_write_sample() {
        use crate::testing::Lcg;
        use golden::bits::BitWriter;
        use golden::channel::context;
        use golden::grid::{code_to_sample, on_grid};
        use golden::payload::write_sample;
        let mut symbol = Symbol::default();
        symbol.connect_all();
        let mut rom = CodeRom::default();
        rom.connect_all();
        let mut field = CodeField::default();
        field.connect_all();
        let tables: Vec<EncodeTable> = PROFILE.code_lengths.iter().map(EncodeTable::new).collect();
        let mut r = Lcg(41);
        let top = (1u32 << ACTIVITY_BITS) - 1;
        for _ in 0..5000 {
            let (k, table) = context(PROFILE, r.below(top + 1));
            let m = match r.below(3) {
                0 => r.below(1024),
                _ => r.below(8) << k,
            } & 1023;
            let sample = match r.below(3) {
                0 => r.next() as i16,
                _ => code_to_sample(r.below(1024)),
            };
            let raw_mode = r.below(3) == 0;
            symbol.zigzag.next = bits(m as u64);
            symbol.k.next = bits(k as u64);
            symbol.on_grid.next = on_grid(sample);
            symbol.raw_mode.next = raw_mode;
            symbol.sample.next = bits(sample as u16 as u64);
            assert!(simulate(&mut symbol, 100));
            rom.code_table.next = bits(table as u64);
            rom.symbol.next = symbol.symbol.val();
            rom.has_symbol.next = symbol.has_symbol.val();
            assert!(simulate(&mut rom, 100));
            field.code.next = rom.code.val();
            field.code_len.next = rom.code_len.val();
            field.raw_mode.next = raw_mode;
            field.flag.next = symbol.flag.val();
            field.raw.next = symbol.raw.val();
            field.raw_len.next = symbol.raw_len.val();
            assert!(simulate(&mut field, 100));
            let mut want = BitWriter::new();
            write_sample(&mut want, table, &tables[table], k, m, sample, raw_mode);
            let len = field.len.val().index() as u32;
            assert_eq!(len as u64, want.bit_len(), "m {m} k {k} sample {sample}");
            assert_eq!(field.align.val().index() as u32, WORD_BITS as u32 - len);
            let mut got = BitWriter::new();
            got.put(field.field.val().index() as u32, len);
            assert_eq!(got.finish(), want.finish(), "m {m} k {k} sample {sample}");
        }
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
