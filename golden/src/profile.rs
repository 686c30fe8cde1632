//! Profiles: every parameter of the model in one place. The golden model, the
//! RTL generator and the documentation all read these constants; nothing else
//! holds a copy of them.

use crate::tables;

/// Channels the implant encoder time-multiplexes (1024 electrodes of an N1-class implant).
pub const MAX_CHANNELS: usize = 1024;
/// Sample rate of one electrode, in Hz (the recordings' rate).
pub const SAMPLE_RATE_HZ: u32 = 19_531;
/// Largest block of a payload's layout (FORMAT.md section 9): samples of one
/// channel back to back. An encoder that buffers the next block of every
/// channel while coding this one (double buffering) holds a sample for up to
/// 2 B sample periods: B = 8 keeps that under 1 ms at `SAMPLE_RATE_HZ`.
pub const MAX_BLOCK: usize = 8;
const _: () =
    assert!(MAX_BLOCK.is_power_of_two() && 2 * MAX_BLOCK * 1000 <= SAMPLE_RATE_HZ as usize);

/// Most LMS taps any profile may use (sizes the state arrays).
pub const MAX_TAPS: usize = 16;
/// Quotients coded directly by a table; larger ones take the large-residual escape.
pub const QUOTIENTS: usize = 40;
/// Table symbol: the quotient overflowed; the zigzag residual follows in `CODE_BITS` raw bits.
pub const ESC_LARGE: usize = QUOTIENTS;
/// Table symbol: the sample is off the ADC grid; it follows in `SAMPLE_BITS` raw bits.
pub const ESC_OFFGRID: usize = QUOTIENTS + 1;
/// Symbols per code table.
pub const SYMBOLS: usize = QUOTIENTS + 2;
/// Longest table code word, so the longest code of one sample is bounded.
pub const MAX_CODE_LEN: u32 = 16;
/// Largest LMS update delay any profile may use (sizes the pending-step arrays).
pub const MAX_LMS_DELAY: usize = 8;
/// Activity contexts per octave (the fraction bits taken below the leading one).
pub const FRAC_BITS: u32 = 2;

/// The model: every parameter of prediction, context and update. Profiles
/// with equal models differ only in their code tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Model {
    /// Sign-sign LMS taps over the delta history; 0 predicts the previous code.
    pub taps: usize,
    /// Signed width of each stored history delta (deltas saturate to it; at most 16).
    pub delta_bits: u32,
    /// Signed width of each LMS weight (weights saturate to it; at most 15).
    pub weight_bits: u32,
    /// Fractional bits of a weight; the LMS step is one weight LSB.
    pub weight_frac: u32,
    /// Delayed LMS: the weights that predict sample t hold the steps of samples
    /// up to t - lms_delay (1 is the classic update). A delay lets hardware
    /// pipeline the multiply-predict-residual path of one channel over several
    /// clocks even at one channel; it costs under 0.0002 of ratio here.
    pub lms_delay: u32,
    /// Activity accumulator update: `A += m - (A >> activity_shift)`.
    pub activity_shift: u32,
    /// Initial mean zigzag residual; `A` starts at `activity_init << activity_shift`.
    pub activity_init: u32,
    /// Rice parameter offset: `k = log2(8 * mean) - k_offset` (at least 0).
    pub k_offset: u32,
}

/// One complete parameter set of the codec: a model and its code tables.
#[derive(Clone, Copy, Debug)]
pub struct Profile {
    /// Name used on the command line and in reports.
    pub name: &'static str,
    /// Profile id stored in the container.
    pub id: u8,
    /// Prediction, context and update.
    pub model: Model,
    /// Code length of each quotient symbol, one row per code table.
    pub code_lengths: &'static [[u8; SYMBOLS]],
}

/// The shift that turns the activity accumulator `A` into the context
/// functions' input `v = A >> context_shift`: eight times the mean zigzag
/// residual (`A` holds `2^activity_shift` times the mean).
pub const fn context_shift(activity_shift: u32) -> u32 {
    activity_shift - 3
}

impl Model {
    /// Number of code tables the context function addresses.
    pub const fn tables(&self) -> usize {
        4 * self.k_offset as usize
    }

    /// Width of the activity accumulator `A`: it never exceeds `1023 << activity_shift`.
    pub const fn activity_bits(&self) -> u32 {
        crate::grid::CODE_BITS + self.activity_shift
    }

    /// `context_shift(activity_shift)`: what the context functions shift `A` by.
    pub const fn context_shift(&self) -> u32 {
        context_shift(self.activity_shift)
    }

    /// Largest Rice parameter the context function yields.
    pub const fn max_k(&self) -> u32 {
        // 8 * mean <= 8 * 1023 < 2^13, so log2 <= 12.
        12 - self.k_offset
    }

    /// LMS steps not yet applied to the weights: `lms_delay - 1` (none without taps).
    pub const fn pending_steps(&self) -> usize {
        if self.taps == 0 {
            0
        } else {
            self.lms_delay as usize - 1
        }
    }

    /// Bits of per-channel state: last code, history deltas, weights, pending
    /// steps (a residual sign and an old delta sign, 2 bits each), activity,
    /// raw-mode flag.
    pub const fn state_bits(&self) -> u32 {
        crate::grid::CODE_BITS
            + self.taps as u32 * (self.delta_bits + self.weight_bits)
            + self.pending_steps() as u32 * 4
            + self.activity_bits()
            + 1
    }

    /// Longest code one sample can take, in bits: the off-grid escape in normal mode.
    pub const fn max_sample_bits(&self) -> u32 {
        let offgrid = MAX_CODE_LEN + crate::grid::SAMPLE_BITS;
        let large = MAX_CODE_LEN + crate::grid::CODE_BITS;
        let normal = MAX_CODE_LEN + self.max_k();
        let raw_mode = 1 + crate::grid::SAMPLE_BITS;
        let mut m = offgrid;
        if large > m {
            m = large;
        }
        if normal > m {
            m = normal;
        }
        if raw_mode > m {
            m = raw_mode;
        }
        m
    }
}

impl Profile {
    /// The profile stored under `id` in a container.
    pub fn by_id(id: u8) -> Option<&'static Profile> {
        named().find(|p| p.id == id)
    }

    /// The profile called `name`.
    pub fn by_name(name: &str) -> Option<&'static Profile> {
        named().find(|p| p.name == name)
    }
}

/// The implant profile: what the RTL implements and `encode` uses.
pub const IMPLANT: Profile = Profile {
    name: "implant",
    id: 1,
    model: Model {
        taps: 4,
        delta_bits: 9,
        weight_bits: 10,
        weight_frac: 10,
        lms_delay: 4,
        activity_shift: 5,
        activity_init: 16,
        k_offset: 5,
    },
    code_lengths: &tables::IMPLANT,
};

/// Plain delta prediction with table-coded quotients: the smallest state.
/// With no taps the delta and weight widths store nothing.
pub const DELTA: Profile = Profile {
    name: "delta",
    id: 2,
    model: Model {
        taps: 0,
        ..IMPLANT.model
    },
    code_lengths: &tables::DELTA,
};

/// Plain delta with classic adaptive Rice codes (unary quotients): the public baseline.
pub const DELTA_RICE: Profile = Profile {
    name: "delta-rice",
    id: 3,
    model: Model {
        k_offset: 3,
        ..DELTA.model
    },
    code_lengths: &tables::UNARY_12,
};

/// The implant predictor with classic adaptive Rice codes.
pub const LMS4_RICE: Profile = Profile {
    name: "lms4-rice",
    id: 4,
    model: Model {
        k_offset: 3,
        ..IMPLANT.model
    },
    code_lengths: &tables::UNARY_12,
};

/// Eight LMS taps: better ratio, about twice the state.
pub const LMS8: Profile = Profile {
    name: "lms8",
    id: 5,
    model: Model {
        taps: 8,
        ..IMPLANT.model
    },
    code_lengths: &tables::LMS8,
};

/// Every profile coded with code tables.
pub const PROFILES: &[Profile] = &[IMPLANT, DELTA, DELTA_RICE, LMS4_RICE, LMS8];

/// The best-ratio profile: the same predictor with 16 taps and finer
/// weights, and instead of code tables (it has none) the adaptive binary
/// arithmetic coder of `crate::ratio`, its contexts shared by all channels.
pub const RATIO: Profile = Profile {
    name: "ratio",
    id: 6,
    model: Model {
        taps: 16,
        weight_bits: 11,
        weight_frac: 11,
        ..IMPLANT.model
    },
    code_lengths: &[],
};

/// The profile `encode` (`container::compress`) uses.
pub const ENCODE: &Profile = &RATIO;

/// Every profile the container can name: the table profiles and `RATIO`.
fn named() -> impl Iterator<Item = &'static Profile> {
    PROFILES.iter().chain([&RATIO])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_is_consistent() {
        for p in PROFILES {
            let (name, m) = (p.name, &p.model);
            assert!(m.taps <= MAX_TAPS, "{name}");
            // The predictor computes in 16-bit lanes, a weight step before saturating.
            assert!(m.delta_bits <= 16 && m.weight_bits < 16, "{name}");
            assert!(
                m.lms_delay >= 1 && m.lms_delay as usize <= MAX_LMS_DELAY,
                "{name}"
            );
            assert!(m.activity_shift >= 3, "{name}");
            assert!(m.k_offset >= 2 && m.k_offset <= 12, "{name}");
            assert_eq!(p.code_lengths.len(), m.tables(), "{name}");
            for row in p.code_lengths {
                assert!(crate::codetable::kraft_is_complete(row), "{name}");
                assert!(
                    row.iter().all(|&l| l >= 1 && l as u32 <= MAX_CODE_LEN),
                    "{name}"
                );
            }
            assert_eq!(named().filter(|q| q.id == p.id).count(), 1);
        }
    }

    #[test]
    fn implant_state_fits_the_budget() {
        assert!(IMPLANT.model.state_bits() < 256);
        assert_eq!(IMPLANT.model.max_sample_bits(), 32);
    }
}
