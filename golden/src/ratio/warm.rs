//! A ratio stream started in steady state, for the hardware's power runs
//! (constraints/: the gate-level bench preloads the RTL's state and context
//! memories with these): the channel states and the shared contexts that
//! coding a warm-up leaves, and the payload of the samples after it coded
//! from them by a fresh range coder (as the RTL's coder is after `reset`).
//! `encode`'s bitstream is untouched: no warm-up gives its bytes.

use super::arith::Encoder;
use super::binarize::Contexts;
use super::{encode_sample, initial_weights, Channel};
use crate::channel::ChannelState;
use crate::profile::Profile;
use alloc::vec::Vec;

/// What the warm-up leaves: every channel's state, the contexts, and the
/// channel of the next sample.
#[derive(Clone, Debug)]
pub struct WarmStart {
    pub channels: Vec<ChannelState>,
    pub contexts: Contexts,
    pub next: usize,
}

impl WarmStart {
    /// The states after coding interleaved `warmup` of `n_channels` (at
    /// least 1) under profile `p` (the bytes of the warm-up are dropped).
    pub fn new(p: &Profile, warmup: &[i16], n_channels: usize) -> Self {
        let n = n_channels.max(1);
        let mut w = WarmStart {
            channels: alloc::vec![<ChannelState as Channel>::new(p, &initial_weights(p)); n],
            contexts: Contexts::new(),
            next: 0,
        };
        let mut scratch = Encoder::new(0);
        w.code(p, &mut scratch, warmup);
        w
    }

    /// The payload of interleaved `samples` that follow the warm-up, coded
    /// from its states by a fresh coder. No samples give no bytes.
    pub fn encode(&self, p: &Profile, samples: &[i16]) -> Vec<u8> {
        if samples.is_empty() {
            return Vec::new();
        }
        let mut coder = Encoder::new(samples.len() / 2);
        self.clone().code(p, &mut coder, samples);
        coder.finish()
    }

    fn code(&mut self, p: &Profile, coder: &mut Encoder, samples: &[i16]) {
        for &s in samples {
            encode_sample(
                p,
                coder,
                &mut self.contexts,
                &mut self.channels[self.next],
                s,
            );
            self.next = (self.next + 1) % self.channels.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::RATIO;
    use crate::ratio::binarize::code_sample;
    use crate::ratio::tests::synthetic as samples;
    use crate::ratio::{encode, trace::bin_inputs};

    #[test]
    fn no_warm_up_is_encode() {
        let s = samples(4000);
        for n in [1, 3] {
            assert!(WarmStart::new(&RATIO, &[], n).encode(&RATIO, &s) == encode(&RATIO, &s, n));
        }
        assert!(WarmStart::new(&RATIO, &s, 2).encode(&RATIO, &[]).is_empty());
    }

    /// The definition's bins of the whole recording, the warm-up's coded
    /// into a dropped coder and the rest into a fresh one with the same
    /// contexts: the warm payload.
    #[test]
    fn warm_payload_is_the_rest_coded_from_the_warm_contexts() {
        let s = samples(9000);
        for (n, warm) in [(1, 5000), (3, 6001)] {
            let inputs = bin_inputs(&RATIO, &s, n);
            let mut contexts = Contexts::new();
            let mut dropped = Encoder::new(0);
            for x in &inputs[..warm] {
                code_sample(&mut dropped, &mut contexts, x.at, x.coded()).unwrap();
            }
            let mut fresh = Encoder::new(0);
            for x in &inputs[warm..] {
                code_sample(&mut fresh, &mut contexts, x.at, x.coded()).unwrap();
            }
            let w = WarmStart::new(&RATIO, &s[..warm], n);
            assert_eq!(w.next, warm % n);
            assert!(w.contexts != Contexts::new());
            assert!(w.encode(&RATIO, &s[warm..]) == fresh.finish());
        }
    }
}
