//! The back end of the ratio profile's encoder (docs/FORMAT.md 14.2-14.6):
//! the bins of each sample, the contexts all channels of a stream share, the
//! range coder and its byte output. The front end (the LMS model over the
//! channels) hands it one sample at a time; `coder::ArithCoder` is the top.
//!
//! - `params`: every width and constant, from golden's;
//! - `bins`: `Binarizer`, the bin FSM (one bin a clock);
//! - `contexts`: `ContextStore` (context RAM, forwarding, reset sweep) and
//!   `Adapt` (a context's update);
//! - `range`: `RangeCoder`, low/range, one bin a clock, one byte shifted a clock;
//! - `output`: `ByteOutput`, cache, pending 0xFF bytes, carry, the byte queue;
//! - `coder`: `ArithCoder`, the four joined.

pub mod bins;
pub mod coder;
pub mod contexts;
pub mod output;
pub mod params;
pub mod range;
#[cfg(test)]
mod testing;
