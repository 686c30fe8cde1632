//! Placeholder until `brainwire train-tables` writes the trained tables.
use crate::profile::SYMBOLS;
use crate::tables::unary_row;
pub const IMPLANT: [[u8; SYMBOLS]; 20] = [unary_row(); 20];
pub const DELTA: [[u8; SYMBOLS]; 20] = [unary_row(); 20];
pub const LMS8: [[u8; SYMBOLS]; 20] = [unary_row(); 20];
