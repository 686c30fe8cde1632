//! The blocked-layout vector (docs/FORMAT.md sections 9 and 13): the samples
//! of `recording.wav` cut to a length that is not a multiple of N x B, read
//! as N channels in blocks of B, and the raw implant payload of them (no
//! container: containers keep B = 1). Shared by the generator and the test.

use golden::payload::Layout;

/// Input, payload file, and the layout.
pub const BLOCKED_INPUT: &str = "recording.wav";
pub const BLOCKED_PAYLOAD: &str = "recording.wav.5ch-b8.payload";
pub const BLOCKED_CHANNELS: usize = 5;
pub const BLOCKED_BLOCK: usize = 8;
/// 49 whole rounds of 5 x 8 samples and a partial one (37 samples: four
/// whole blocks and 5 samples of channel 4).
pub const BLOCKED_SAMPLES: usize = 1997;

pub fn blocked_layout() -> Layout {
    Layout::new(BLOCKED_CHANNELS, BLOCKED_BLOCK).expect("a valid layout")
}

/// The samples of the canonical WAV `wav` (44-byte header), cut to `BLOCKED_SAMPLES`.
pub fn blocked_samples(wav: &[u8]) -> Vec<i16> {
    let samples = golden::pcm16::samples_from_le_bytes(&wav[44..]);
    samples[..BLOCKED_SAMPLES].to_vec()
}
