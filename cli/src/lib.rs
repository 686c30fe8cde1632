//! Shared code of the Brainwire command-line tools.
pub mod train;
