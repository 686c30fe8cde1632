//! The quotient code tables, as code lengths per symbol (canonical codes are
//! derived from them, see `codetable`). `trained.rs` is written by
//! `brainwire train-tables` from recordings and committed; the unary tables are
//! classic Rice codes and need no training.

use crate::profile::{MAX_CODE_LEN, SYMBOLS};

pub use crate::trained::{DELTA, IMPLANT, LMS8};

/// Quotients that get a plain unary code in the Rice tables.
const UNARY_SPAN: usize = 11;

/// A length-limited unary code: quotient q < 11 takes q + 1 bits; the larger
/// quotients and the large-residual escape take 16 bits, the off-grid escape 15.
pub const fn unary_row() -> [u8; SYMBOLS] {
    let mut row = [MAX_CODE_LEN as u8; SYMBOLS];
    let mut q = 0;
    while q < UNARY_SPAN {
        row[q] = q as u8 + 1;
        q += 1;
    }
    row[crate::profile::ESC_OFFGRID] = MAX_CODE_LEN as u8 - 1;
    row
}

/// Twelve unary rows, for profiles with `k_offset = 3`.
pub const UNARY_12: [[u8; SYMBOLS]; 12] = [unary_row(); 12];
