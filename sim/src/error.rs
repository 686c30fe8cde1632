//! What can go wrong co-simulating.

use crate::check::Mismatch;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug)]
pub enum SimError {
    /// The crate was built before the Verilog existed.
    RtlMissing(&'static str),
    /// No transfer on any port for too long: the RTL (or the harness) hangs.
    Stalled {
        cycle: u64,
        samples_done: u64,
        words_done: u64,
    },
    /// The waveform file could not be opened.
    Trace(PathBuf),
    /// An interface rule broken (csrc/driver.cpp checks them every cycle).
    Protocol {
        context: String,
        cycle: u64,
        what: String,
    },
    /// Co-simulation finished but left coverage bins empty.
    Coverage(Vec<String>),
    /// The RTL's output differs from golden.
    Mismatch(Box<Mismatch>),
    /// A recording could not be read or is not 16-bit mono PCM.
    Data(String),
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::RtlMissing(p) => {
                write!(f, "no RTL model: {p} did not exist when brainwire-sim was built")
            }
            SimError::Stalled { cycle, samples_done, words_done } => write!(
                f,
                "RTL stalled at cycle {cycle} after {samples_done} samples in, {words_done} words out"
            ),
            SimError::Trace(p) => write!(f, "cannot open waveform file {}", p.display()),
            SimError::Protocol { context, cycle, what } => {
                write!(f, "protocol violation ({context}) at cycle {cycle}: {what}")
            }
            SimError::Coverage(bins) => write!(
                f,
                "{} coverage bins never hit: {}",
                bins.len(),
                bins.join(", ")
            ),
            SimError::Mismatch(m) => write!(f, "{m}"),
            SimError::Data(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for SimError {}

impl From<brainwire_recordings::DataError> for SimError {
    fn from(e: brainwire_recordings::DataError) -> SimError {
        SimError::Data(e.to_string())
    }
}
