//! The verilated RTL as a payload coder, for `brainwire encode --engine rtl`.

use crate::bridge::{rtl_profile, Pressure, Rtl, RunLog};
use crate::error::SimError;
use crate::ports::PORT_OUT_WORD_BITS;
use golden::bits::BitWriter;

/// What `golden::payload::encode(rtl_profile(), samples, n_channels)` returns,
/// computed by the RTL: its words' valid bits, zero-padded to a byte.
pub fn encode_payload(samples: &[i16], n_channels: usize) -> Result<Vec<u8>, SimError> {
    let mut rtl = Rtl::new(false)?;
    rtl.reset(n_channels, 1);
    let mut log = RunLog::default();
    rtl.run(samples, Pressure::NONE, true, &mut log)?;
    let mut out = BitWriter::new();
    for w in &log.words {
        // A word's valid bits are its most significant ones.
        let bits = (w.bits as u32).min(PORT_OUT_WORD_BITS);
        if bits > 0 {
            out.put(w.word >> (PORT_OUT_WORD_BITS - bits), bits);
        }
    }
    Ok(out.finish())
}

/// The container `golden::container::compress_with(rtl_profile(), input)` writes,
/// every payload coded by the RTL.
pub fn compress(input: &[u8]) -> Result<Vec<u8>, SimError> {
    golden::container::compress_using(rtl_profile(), input, &mut encode_payload)
}
