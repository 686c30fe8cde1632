//! Verilator co-simulation of the encoder RTL (rtl/verilog/brainwire_encoder.v)
//! against the golden model: every output word is compared bit for bit with
//! `golden::payload::encode(&IMPLANT, samples, n)`.

pub mod bridge;
pub mod check;
pub mod cosim;
pub mod coverage;
pub mod driver;
pub mod encode;
mod error;
pub mod figures;
pub mod parallel;
pub mod reference;
pub mod streams;
pub mod sweep;

pub use bridge::{Pressure, Rtl};
pub use cosim::{run, Scenario, Segment, Waves};
pub use encode::{compress, encode_payload};
pub use error::SimError;
pub use figures::Figures;
