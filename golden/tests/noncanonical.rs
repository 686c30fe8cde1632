//! Damage the encoder cannot produce: payloads that decode to valid samples
//! but are not what `encode` writes for them. The container promises that no
//! two containers decode alike, so each is rejected as corrupt, by the
//! reference decoder and by the fast one (which `decompress` uses here).

use golden::bits::BitWriter;
use golden::channel::Expectation;
use golden::codetable::EncodeTable;
use golden::container::{decompress, Mode, VERSION};
use golden::crc::crc32;
use golden::grid::{code_to_sample, on_grid, CODE_BITS, SAMPLE_BITS};
use golden::payload::{self, Encoder};
use golden::profile::{ESC_LARGE, ESC_OFFGRID, IMPLANT};
use golden::Error;

/// One channel of `samples`, all but the last coded by the encoder; the
/// last one's bits written by `last` (given the channel's expectation, its
/// code table and its raw mode). Returns the generic-mode container.
fn container(
    samples: &[i16],
    last: impl FnOnce(&mut BitWriter, Expectation, &EncodeTable, bool),
) -> Vec<u8> {
    let p = &IMPLANT;
    let first = &samples[..samples.len() - 1];
    let mut enc = Encoder::new(p, 1, BitWriter::new());
    for &s in first {
        enc.push(s);
    }
    let state = *enc.channel(0);
    let x = state.expect(p);
    let table = EncodeTable::new(&p.code_lengths[x.table]);
    let mut bits = enc.sink;
    last(&mut bits, x, &table, state.raw_mode);
    let payload = bits.finish();
    let output: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
    let mut c = b"BW".to_vec();
    c.extend_from_slice(&[VERSION, Mode::Generic as u8]);
    c.extend_from_slice(&crc32(&output).to_le_bytes());
    c.extend_from_slice(&[p.id, samples.len() as u8, 0]);
    c.extend_from_slice(&payload);
    // The decoder's answer is the same from the payload alone.
    let mut out = Vec::new();
    let reference = payload::decode_reference(p, &payload, 1, samples.len(), &mut out);
    assert_eq!(reference.is_ok(), decompress(&c).is_ok());
    c
}

fn put_symbol(bits: &mut BitWriter, table: &EncodeTable, symbol: usize) {
    bits.put(table.code[symbol] as u32, table.len[symbol] as u32);
}

const ON_GRID: i16 = code_to_sample(700);
/// Digital silence: off the grid.
const SILENCE: i16 = 0;

#[test]
fn the_samples_used_are_on_and_off_the_grid() {
    assert!(on_grid(ON_GRID) && !on_grid(SILENCE));
}

#[test]
fn a_verbatim_sample_on_the_grid_is_corrupt() {
    let verbatim = |sample: i16| {
        container(&[sample], |bits, _, table, _| {
            put_symbol(bits, table, ESC_OFFGRID);
            bits.put(sample as u16 as u32, SAMPLE_BITS);
        })
    };
    assert_eq!(decompress(&verbatim(SILENCE)).map(|o| o.len()), Ok(2));
    assert_eq!(decompress(&verbatim(ON_GRID)), Err(Error::Corrupt));
}

#[test]
fn a_verbatim_sample_on_the_grid_in_raw_mode_is_corrupt() {
    let raw = |sample: i16| {
        container(&[SILENCE, sample], |bits, _, _, raw_mode| {
            assert!(raw_mode);
            bits.put(1, 1);
            bits.put(sample as u16 as u32, SAMPLE_BITS);
        })
    };
    assert_eq!(decompress(&raw(SILENCE)).map(|o| o.len()), Ok(4));
    assert_eq!(decompress(&raw(ON_GRID)), Err(Error::Corrupt));
}

#[test]
fn an_off_grid_escape_after_a_raw_flag_of_0_is_corrupt() {
    let c = container(&[SILENCE, SILENCE], |bits, _, table, _| {
        bits.put(0, 1);
        put_symbol(bits, table, ESC_OFFGRID);
        bits.put(SILENCE as u16 as u32, SAMPLE_BITS);
    });
    assert_eq!(decompress(&c), Err(Error::Corrupt));
}

#[test]
fn a_large_residual_escape_whose_value_fits_a_table_is_corrupt() {
    // The first prediction is code 512: residual m = 2e for code 512 + e.
    let large = |e: i32| {
        let code = (512 + e) as u32;
        container(&[code_to_sample(code)], |bits, x, table, _| {
            assert_eq!(x.prediction, 512);
            put_symbol(bits, table, ESC_LARGE);
            bits.put(2 * e as u32, CODE_BITS);
        })
    };
    // m = 500 needs the escape at any k of the first sample; m = 2 never does.
    assert_eq!(decompress(&large(250)).map(|o| o.len()), Ok(2));
    assert_eq!(decompress(&large(1)), Err(Error::Corrupt));
}
