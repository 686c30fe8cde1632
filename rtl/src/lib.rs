//! RTL of the implant encoder (rust-hdl). See rtl/README.md.
//!
//! `encoder::Encoder` is the top block; `core_verilog` generates the pipeline's
//! Verilog from the golden profile and `model` is its cycle model.

pub mod core_verilog;
pub mod encoder;
pub mod layout;
pub mod model;
pub mod params;
