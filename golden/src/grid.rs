//! The ADC grid: the exact map between a 16-bit sample and its 10-bit ADC code.
//!
//! The recordings hold 10-bit codes spread over the 16-bit range. Code `c` in
//! 512..=1023 (the upper half) sits at `64*c' + 31 + floor((63*c' + 543) / 1023)`
//! with `c' = c - 512`; the lower half mirrors it under bitwise NOT:
//! `sample(c) = !sample(1023 - c)` for `c < 512`. The inverse is
//! `code(v) = ((v + 32768) * 1023 + 32768) >> 16`, exact on every grid value.
//! Both directions use only shifts and adds in hardware (`x * 1023 = (x << 10) - x`,
//! and `floor(n / 1023) = (n + (n >> 10) + 1) >> 10` for `n < 2^16`).

/// Bits of an ADC code.
pub const CODE_BITS: u32 = 10;
/// Number of ADC codes.
pub const CODES: u32 = 1 << CODE_BITS;
/// Bits of a sample as stored in the recordings.
pub const SAMPLE_BITS: u32 = 16;

/// `floor(n / 1023)` for `n < 2^16`, the way the hardware computes it.
#[inline]
pub const fn div1023(n: u32) -> u32 {
    (n + (n >> 10) + 1) >> 10
}

/// The sample value of ADC code `code` (0..1024).
#[inline]
pub const fn code_to_sample(code: u32) -> i16 {
    let upper = code >= 512;
    // Offset within the upper half; the lower half is the mirror image.
    let c = if upper { code - 512 } else { 1023 - code - 512 };
    let v = 64 * c + 31 + div1023(63 * c + 543);
    if upper {
        v as i16
    } else {
        !(v as i16)
    }
}

/// The ADC code nearest to `sample` (exact for grid values).
#[inline]
pub const fn sample_to_code(sample: i16) -> u32 {
    let u = (sample as i32 + 32768) as u32;
    ((u << 10) - u + 32768) >> 16
}

/// The sample of every code, for software speed (`code_to_sample` is the definition).
pub static GRID: [i16; CODES as usize] = {
    let mut t = [0i16; CODES as usize];
    let mut c = 0;
    while c < CODES {
        t[c as usize] = code_to_sample(c);
        c += 1;
    }
    t
};

/// Whether `sample` lies on the ADC grid, i.e. round-trips through its code.
#[inline]
pub fn on_grid(sample: i16) -> bool {
    GRID[sample_to_code(sample) as usize] == sample
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_is_monotone_and_spans_the_range() {
        assert_eq!(code_to_sample(0), i16::MIN);
        assert_eq!(code_to_sample(CODES - 1), i16::MAX);
        for c in 1..CODES {
            let step = code_to_sample(c) as i32 - code_to_sample(c - 1) as i32;
            assert!((63..=65).contains(&step), "step {step} at code {c}");
        }
    }

    #[test]
    fn codes_roundtrip_and_exactly_1024_samples_are_on_grid() {
        for c in 0..CODES {
            assert_eq!(sample_to_code(code_to_sample(c)), c);
        }
        let on = (i16::MIN..=i16::MAX).filter(|&v| on_grid(v)).count();
        assert_eq!(on, CODES as usize);
    }

    #[test]
    fn lower_half_mirrors_upper_half() {
        for c in 0..512 {
            assert_eq!(code_to_sample(c), !code_to_sample(1023 - c));
        }
    }

    #[test]
    fn div1023_is_exact_below_2_16() {
        for n in 0..(1u32 << 16) {
            assert_eq!(div1023(n), n / 1023);
        }
    }

    #[test]
    fn every_sample_maps_to_a_valid_code() {
        for v in i16::MIN..=i16::MAX {
            assert!(sample_to_code(v) < CODES);
        }
    }
}
