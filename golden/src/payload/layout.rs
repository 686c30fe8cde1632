//! The layout of a payload's samples over its channels (docs/FORMAT.md
//! section 9): blocks of `block` samples of one channel, the channels round
//! robin. Sample `i` belongs to channel `(i / block) mod channels`; `block` = 1
//! is the plain interleaving every container uses. An encoder that holds a
//! channel's state in registers for a whole block reads and writes its state
//! memory once per block instead of once per sample (the implant's
//! low-energy configuration, rtl/README.md).
//!
//! Each channel's samples are coded in their order with the channel's own
//! state, so a channel codes to the same bits whatever the layout; only the
//! order of the coded samples in the payload changes. The ratio profile
//! shares its contexts across channels, so its bits depend on the order of
//! the samples: it is defined for `block` = 1 only.

use super::{decode_sample, BitWriter, Encoder};
use crate::bits::BitReader;
use crate::channel::ChannelState;
use crate::codetable::DecodeTable;
use crate::profile::{Profile, MAX_BLOCK};
use crate::Error;
use alloc::vec::Vec;

/// Channels and block length of a payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    channels: usize,
    block: usize,
}

impl Layout {
    /// `channels` (at least 1) in blocks of `block` samples (1..=`MAX_BLOCK`);
    /// `None` outside those bounds.
    pub fn new(channels: usize, block: usize) -> Option<Self> {
        (channels >= 1 && (1..=MAX_BLOCK).contains(&block)).then_some(Layout { channels, block })
    }

    /// Today's interleaving: one sample per channel in turn (`block` = 1).
    pub fn interleaved(channels: usize) -> Self {
        Layout {
            channels: channels.max(1),
            block: 1,
        }
    }

    pub fn channels(&self) -> usize {
        self.channels
    }

    pub fn block(&self) -> usize {
        self.block
    }

    /// The channel sample `i` of the payload belongs to.
    pub fn channel_of(&self, i: usize) -> usize {
        (i / self.block) % self.channels
    }

    /// Whether profile `p` has this layout (the ratio profile: `block` = 1 only).
    pub fn fits(&self, p: &Profile) -> bool {
        self.block == 1 || !crate::ratio::codes(p)
    }
}

/// Encodes `samples` laid out as `layout` into payload bytes (zero-padded to
/// a byte). `layout` must fit `p` (`Layout::fits`).
pub fn encode_blocked(p: &Profile, samples: &[i16], layout: Layout) -> Vec<u8> {
    assert!(layout.fits(p), "the ratio profile has block = 1 only");
    if layout.block == 1 {
        return super::encode(p, samples, layout.channels);
    }
    let mut enc = Encoder::with_layout(p, layout, BitWriter::with_capacity(samples.len()));
    for &s in samples {
        enc.push(s);
    }
    enc.sink.finish()
}

/// Decodes `n_samples` samples laid out as `layout` from `payload` into
/// `out`; returns the payload bits consumed. A layout that does not fit `p`
/// is `Error::Corrupt`.
pub fn decode_blocked(
    p: &Profile,
    payload: &[u8],
    layout: Layout,
    n_samples: usize,
    out: &mut Vec<i16>,
) -> Result<u64, Error> {
    match (layout.fits(p), layout.block) {
        (false, _) => Err(Error::Corrupt),
        (true, 1) => super::decode(p, payload, layout.channels, n_samples, out),
        (true, _) => decode_by_layout(p, payload, layout, n_samples, out),
    }
}

/// The reference decoder of a table profile: symbol by symbol, each sample
/// with the state of the channel `layout` gives it.
pub(super) fn decode_by_layout(
    p: &Profile,
    payload: &[u8],
    layout: Layout,
    n_samples: usize,
    out: &mut Vec<i16>,
) -> Result<u64, Error> {
    let symbols: Vec<DecodeTable> = p.code_lengths.iter().map(DecodeTable::new).collect();
    let mut channels = alloc::vec![ChannelState::new(p); layout.channels];
    let mut r = BitReader::new(payload);
    // The output grows as samples decode: a claimed count sizes nothing.
    let start = out.len();
    for i in 0..n_samples {
        match decode_sample(p, &symbols, &mut channels[layout.channel_of(i)], &mut r) {
            Ok(sample) => out.push(sample),
            Err(e) => {
                out.truncate(start);
                return Err(e);
            }
        }
    }
    Ok(r.bit_pos())
}
