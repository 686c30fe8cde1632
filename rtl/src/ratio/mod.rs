//! RTL of the ratio profile's encoder (golden::profile::RATIO, docs/FORMAT.md
//! section 14): the implant's pipeline generated with the ratio model (16
//! taps, 11-bit weights, trained starting weights: build with the cargo
//! feature `profile-ratio`), whose s8 outputs `RatioFront` turns into the
//! arithmetic coder's inputs, a sample FIFO, and the coder (`crate::arith`).
//!
//! - `front`: `RatioFront`, the front end with the coder's inputs at s8:
//!   activity level (FORMAT 14.3), wrapped residual;
//! - `fifo`: `SampleFifo`, the coder inputs waiting for the coder;
//! - `encoder`: `RatioEncoder`, the top (`brainwire_ratio_encoder`).

#[cfg(all(test, feature = "profile-ratio"))]
mod bench;
pub mod encoder;
pub mod fifo;
pub mod front;
