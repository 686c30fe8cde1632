//! The named values docs/FORMAT.md lists in its Appendix A, for the
//! generator of that appendix (`make format-tables`) and the test that reads
//! it back (`tests/format_doc.rs`).

use crate::container::VERSION;
use crate::grid::{CODE_BITS, SAMPLE_BITS};
use crate::profile::{
    Profile, ESC_LARGE, ESC_OFFGRID, FRAC_BITS, MAX_BLOCK, MAX_CHANNELS, MAX_CODE_LEN, QUOTIENTS,
    SAMPLE_RATE_HZ, SYMBOLS,
};

/// Appendix A.1: the constants, by the names the document uses.
pub const CONSTANTS: [(&str, u32); 12] = [
    ("CODE_BITS", CODE_BITS),
    ("SAMPLE_BITS", SAMPLE_BITS),
    ("Q", QUOTIENTS as u32),
    ("ESC_LARGE", ESC_LARGE as u32),
    ("ESC_OFFGRID", ESC_OFFGRID as u32),
    ("SYMBOLS", SYMBOLS as u32),
    ("L", MAX_CODE_LEN),
    ("FRAC_BITS", FRAC_BITS),
    ("MAX_CHANNELS", MAX_CHANNELS as u32),
    ("MAX_BLOCK", MAX_BLOCK as u32),
    ("RATE0", SAMPLE_RATE_HZ),
    ("VERSION", VERSION as u32),
];

/// A row of Appendix A.2: the document's symbol, its meaning, and the value
/// of a profile.
pub type Parameter = (&'static str, &'static str, fn(&Profile) -> u32);

/// Appendix A.2: every field of the model (and the profile id), then derived values.
pub const PARAMETERS: [Parameter; 13] = [
    ("id", "profile id in the container", |p| p.id as u32),
    ("T", "LMS taps", |p| p.model.taps as u32),
    ("DB", "delta width (signed bits)", |p| p.model.delta_bits),
    ("WB", "weight width (signed bits)", |p| p.model.weight_bits),
    ("WF", "weight fraction bits", |p| p.model.weight_frac),
    ("D", "LMS update delay", |p| p.model.lms_delay),
    ("S", "activity shift", |p| p.model.activity_shift),
    ("A0", "initial activity mean", |p| p.model.activity_init),
    ("KO", "Rice parameter offset", |p| p.model.k_offset),
    ("P", "pending LMS steps (derived)", |p| {
        p.model.pending_steps() as u32
    }),
    ("tables", "code tables, 4 KO (derived)", |p| {
        p.model.tables() as u32
    }),
    ("kmax", "largest k, 12 - KO (derived)", |p| p.model.max_k()),
    ("state", "state bits per channel (derived)", |p| {
        p.model.state_bits()
    }),
];
