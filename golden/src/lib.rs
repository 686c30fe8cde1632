//! Brainwire golden model: the bit-exact reference of the implant codec.
//!
//! `no_std` (with `alloc`): the same code serves firmware, the executables and
//! the hardware co-simulation. See `docs/FORMAT.md` for the bitstream.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

pub mod bits;
pub mod channel;
pub mod codetable;
pub mod container;
pub mod context;
pub mod cover;
pub mod crc;
mod error;
pub mod grid;
pub mod payload;
pub mod pcm16;
pub mod predictor;
pub mod profile;
pub mod ratio;
pub mod spec;
pub mod stream;
pub mod tables;
mod trained;

pub use error::Error;
pub use profile::{Model, Profile, IMPLANT};
