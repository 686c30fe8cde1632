//! What the bins of each sample are made from, sample by sample: the model's
//! half of the ratio encoder seen from outside, for the hardware coder's
//! tests (rtl/src/arith), which take these as their inputs and must write
//! `ratio::encode`'s bytes.

use super::binarize::{Coded, Situation};
use super::{initial_weights, model_sample, Channel};
use crate::channel::{wrap_residual, ChannelState};
use crate::grid::sample_to_code;
use crate::profile::Profile;
use alloc::vec::Vec;

/// One sample as the binarisation sees it.
#[derive(Clone, Copy, Debug)]
pub struct BinInputs {
    /// The channel's situation before the sample: activity level, previous
    /// residual sign, raw mode.
    pub at: Situation,
    /// The sample.
    pub sample: i16,
    /// It is on the grid (coded by its residual; else verbatim).
    pub on_grid: bool,
    /// The wrapped residual `e` (`-512..512`), off the grid too.
    pub residual: i32,
}

impl BinInputs {
    /// What `binarize::code_sample` codes.
    pub fn coded(&self) -> Coded {
        if self.on_grid {
            Coded::Residual(self.residual)
        } else {
            Coded::Verbatim(self.sample)
        }
    }
}

/// The `BinInputs` of interleaved `samples` of `n_channels` (at least 1)
/// under profile `p`, in coding order: what `ratio::encode` codes.
pub fn bin_inputs(p: &Profile, samples: &[i16], n_channels: usize) -> Vec<BinInputs> {
    let mut channels =
        alloc::vec![<ChannelState as Channel>::new(p, &initial_weights(p)); n_channels.max(1)];
    let mut out = Vec::with_capacity(samples.len());
    for (i, &sample) in samples.iter().enumerate() {
        let state = &mut channels[i % n_channels.max(1)];
        let residual = wrap_residual(sample_to_code(sample), state.predict(p));
        let (at, coded) = model_sample(p, state, sample);
        out.push(BinInputs {
            at,
            sample,
            on_grid: matches!(coded, Coded::Residual(_)),
            residual,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::RATIO;
    use crate::ratio::arith::Encoder;
    use crate::ratio::binarize::{code_sample, Contexts};

    /// Coding the traced inputs one by one gives `encode`'s bytes.
    #[test]
    fn the_traced_inputs_code_to_the_payload() {
        let samples: Vec<i16> = (0..5000i32)
            .map(|t| {
                ((t * 37) % 611 - 300 + (t % 97 == 0) as i32 * 7) as i16 * 64
                    + (t % 389 == 0) as i16
            })
            .collect();
        for n in [1, 3] {
            let inputs = bin_inputs(&RATIO, &samples, n);
            assert!(inputs.iter().any(|s| !s.on_grid) && inputs.iter().any(|s| s.at.raw_mode));
            let mut enc = Encoder::new(0);
            let mut ctx = Contexts::new();
            for s in &inputs {
                code_sample(&mut enc, &mut ctx, s.at, s.coded()).unwrap();
            }
            assert!(enc.finish() == crate::ratio::encode(&RATIO, &samples, n));
        }
    }
}
