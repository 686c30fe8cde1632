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
#[cfg(feature = "profile-delta")]
pub mod delta_front;
pub mod encoder;
pub mod fifo;
#[cfg(not(feature = "profile-delta"))]
pub mod forward;
#[cfg(not(feature = "profile-delta"))]
pub mod front;
pub mod grid;
#[cfg(not(feature = "profile-delta"))]
pub mod history;
pub mod interface;
pub mod layout;
#[cfg(not(feature = "profile-delta"))]
pub mod lms;
pub mod packer;
pub mod params;
#[cfg(not(feature = "profile-delta"))]
pub mod predictor;
#[cfg(not(feature = "profile-delta"))]
pub mod ratio;
pub mod state_ram;
#[cfg(test)]
mod testing;
