//! RTL of the implant encoder, written in rust-hdl. See rtl/README.md.
//!
//! `encoder::Encoder` is the top block; every datapath block is rust-hdl
//! logic (`#[hdl_gen]`), only the state RAM is a Verilog leaf.

pub mod activity;
pub mod arith;
pub mod back;
pub mod coder;
pub mod constants;
pub mod control;
pub mod encoder;
pub mod fifo;
pub mod forward;
pub mod front;
pub mod grid;
pub mod history;
pub mod interface;
pub mod layout;
pub mod lms;
pub mod packer;
pub mod params;
pub mod predictor;
pub mod ratio;
pub mod state_ram;
#[cfg(test)]
mod testing;
