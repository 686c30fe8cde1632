//! Verilator co-simulation of the encoder RTL (rtl/verilog/brainwire_encoder.v)
//! against the golden model: every output word is compared bit for bit with
//! `golden::payload::encode(&IMPLANT, samples, n)` (or the profile another
//! build of the same top was generated from: `bridge::rtl_profile`).

pub mod bridge;
pub mod check;
pub mod cosim;
pub mod coverage;
pub mod coverage_ratio;
pub mod driver;
pub mod encode;
mod error;
pub mod figures;
pub mod parallel;
/// Port widths of the verilated top, read from its Verilog by build.rs
/// (`PORT_<NAME>_BITS`).
#[cfg(not(rtl_missing))]
pub mod ports {
    include!(concat!(env!("OUT_DIR"), "/bwf_ports.rs"));
}
/// Without the Verilog there is no model to read words from (`Rtl::new`
/// fails); the word width is then the bridge's `u32`.
#[cfg(rtl_missing)]
pub mod ports {
    pub const PORT_OUT_WORD_BITS: u32 = u32::BITS;
}
pub mod reference;
pub mod streams;
pub mod sweep;

pub use bridge::{Pressure, Rtl};
pub use cosim::{run, Scenario, Segment, Waves};
pub use encode::{compress, encode_payload};
pub use error::SimError;
pub use figures::Figures;
