//! Shared code of the Brainwire command-line tools.
pub mod batch;
pub mod channels;
pub mod codec;
pub mod error;
pub mod files;
pub mod progress;
pub mod stats;
pub mod synth;
pub mod train;
pub mod variants;
pub mod wav;
