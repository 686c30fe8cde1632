//! Functional coverage of the ratio encoder's co-simulation: what the checked
//! streams made its binarisation and range coder do, from golden's model of
//! them (the RTL matched it byte for byte). As for the implant, every bin is
//! declared up front and one that no stream hits fails `make cosim-ratio`.
//!
//! Bins: each activity level; each bucket at each level (the unary bins'
//! contexts, the escape included); each value of a bucket's context-coded
//! suffix bits (the suffix tree's nodes) and bypass suffix bits; each sign
//! context with each sign, and the magnitudes without a sign bin; raw mode
//! entered, kept and left; each adaptation shift of a context bin; the
//! range coder's renormalisations by 0 and 1 byte, carries into the
//! cached byte and through pending 0xFF bytes, pending runs of 1 and of 2 or
//! more; each class of channel count.

use crate::coverage::{n_class, Coverage, N_CLASSES};
use golden::profile::RATIO;
use golden::ratio::arith::{narrow, BinCoder, Context, RANGE_MIN, RATE_MAX, RATE_MIN};
use golden::ratio::binarize::{
    bucket_of, code_sample, Coded, Contexts, ACTIVITY_CONTEXTS, ESCAPE_BUCKET, MAX_MAGNITUDE,
    SUFFIX_CONTEXT_BITS,
};
use golden::ratio::trace::bin_inputs;

/// Samples of the directed stream `streams::jumps` the ratio co-simulation
/// runs at one channel: enough to hit every bucket at every level (tested).
pub const JUMPS_LEN: usize = 200_000;

/// Suffix bits of bucket `b` that are context-coded (the rest are bypass).
fn coded_suffix_bits(b: usize) -> u32 {
    (b as u32).min(SUFFIX_CONTEXT_BITS)
}

/// The largest value of the context-coded suffix bits in bucket `b`: the
/// bucket's top one (9: magnitudes 511 and 512) holds only part of its range.
fn top_coded_suffix(b: usize) -> u32 {
    let largest = ((1u32 << b) - 1).min(MAX_MAGNITUDE + 1 - (1 << b));
    largest >> (b as u32 - coded_suffix_bits(b))
}

/// The range coder's interval, followed only to see what it does: the
/// events of `arith::Encoder` (carries, pending 0xFF runs, renormalisation
/// lengths), not its bytes (golden's encoder and the RTL write those).
struct IntervalEvents {
    low: u64,
    range: u32,
    /// 0xFF bytes shifted out and not yet resolved.
    pending: u64,
    /// Hits per bin name.
    hits: Vec<(&'static str, u64)>,
}

impl IntervalEvents {
    fn new() -> Self {
        IntervalEvents {
            low: 0,
            range: u32::MAX,
            pending: 0,
            hits: Vec::new(),
        }
    }

    fn hit(&mut self, bin: &'static str) {
        match self.hits.iter_mut().find(|h| h.0 == bin) {
            Some(h) => h.1 += 1,
            None => self.hits.push((bin, 1)),
        }
    }

    fn normalize(&mut self) {
        let mut bytes = 0;
        while self.range < RANGE_MIN {
            self.range <<= 8;
            self.shift_low();
            bytes += 1;
        }
        self.hit(
            [
                "renormalised by 0 bytes",
                "renormalised by 1 byte",
                "renormalised by 2 bytes",
            ][bytes.min(2)],
        );
    }

    /// arith::Encoder's rule: a byte below 0xFF, or any byte with a carry,
    /// resolves the pending run; a 0xFF without a carry joins it.
    fn shift_low(&mut self) {
        let carry = self.low >> 32 != 0;
        if self.low < 0xFF00_0000 || carry {
            if carry {
                self.hit(if self.pending == 0 {
                    "carry into the cached byte"
                } else {
                    "carry through pending 0xFF bytes"
                });
            }
            match self.pending {
                0 => {}
                1 => self.hit("pending run of 1 byte"),
                _ => self.hit("pending run of 2 or more bytes"),
            }
            self.pending = 0;
        } else {
            self.pending += 1;
        }
        self.low = (self.low & 0x00FF_FFFF) << 8;
    }
}

impl BinCoder for IntervalEvents {
    fn context(&mut self, ctx: &mut Context, bin: u32) -> u32 {
        (self.low, self.range) = narrow(self.low, self.range, *ctx, bin);
        self.hit(SHIFT_BINS[(ctx.shift() - RATE_MIN) as usize]);
        ctx.update(bin);
        self.normalize();
        bin
    }

    fn bypass(&mut self, bin: u32) -> u32 {
        self.range >>= 1;
        if bin != 0 {
            self.low += self.range as u64;
        }
        self.normalize();
        bin
    }
}

/// One bin per adaptation shift, `RATE_MIN..=RATE_MAX`.
const SHIFT_BINS: [&str; (RATE_MAX - RATE_MIN + 1) as usize] = [
    "context bin at shift 2",
    "context bin at shift 3",
    "context bin at shift 4",
    "context bin at shift 5",
    "context bin at shift 6",
    "context bin at shift 7",
    "context bin at shift 8",
    "context bin at shift 9",
    "context bin at shift 10",
];

/// The range coder's event bins (besides the shifts).
const CODER_BINS: [&str; 6] = [
    "renormalised by 0 bytes",
    "renormalised by 1 byte",
    "carry into the cached byte",
    "carry through pending 0xFF bytes",
    "pending run of 1 byte",
    "pending run of 2 or more bytes",
];

impl Coverage {
    /// Every bin of the ratio encoder, at 0.
    pub fn ratio() -> Coverage {
        let mut c = Coverage::empty();
        for level in 0..ACTIVITY_CONTEXTS {
            for b in 0..=ESCAPE_BUCKET {
                c.declare("bucket", format!("level {level:2} bucket {b:2}"));
            }
        }
        for b in 1..ESCAPE_BUCKET {
            for v in 0..=top_coded_suffix(b) {
                c.declare("suffix", format!("bucket {b} coded suffix bits {v}"));
            }
            if b as u32 > SUFFIX_CONTEXT_BITS {
                c.declare("suffix", format!("bucket {b} bypass suffix bits"));
            }
        }
        for previous in ["-", "0", "+"] {
            for sign in ["-", "+"] {
                c.declare("sign", format!("previous {previous}, residual {sign}"));
            }
        }
        c.declare("sign", "magnitude 0 (no sign bin)".into());
        c.declare("sign", format!("magnitude {MAX_MAGNITUDE} (no sign bin)"));
        for what in ["entered", "kept", "left"] {
            c.declare("raw mode", what.into());
        }
        for bin in SHIFT_BINS.iter().chain(&CODER_BINS) {
            c.declare("range coder", bin.to_string());
        }
        for n in N_CLASSES {
            c.declare("channel count", n_class(n).into());
        }
        c
    }

    /// Golden's view of a checked stream of `n` channels through the ratio
    /// encoder: its bins from `ratio::trace::bin_inputs`, coded in order.
    pub fn ratio_stream(&mut self, samples: &[i16], n: usize) {
        let mut coder = IntervalEvents::new();
        let mut contexts = Contexts::new();
        for s in bin_inputs(&RATIO, samples, n) {
            let raw = s.at.raw_mode;
            match (raw, s.on_grid) {
                (false, false) => self.hit("raw mode", "entered", 1),
                (true, false) => self.hit("raw mode", "kept", 1),
                (true, true) => self.hit("raw mode", "left", 1),
                _ => {}
            }
            // In raw mode an off-grid sample is a raw flag and 16 bypass bins.
            if !(raw && !s.on_grid) {
                let u = s.residual.unsigned_abs();
                let b = if s.on_grid {
                    bucket_of(u)
                } else {
                    ESCAPE_BUCKET
                };
                self.hit("bucket", &format!("level {:2} bucket {b:2}", s.at.level), 1);
                if s.on_grid {
                    self.suffix(b, u);
                    self.sign(s.at.previous_sign, s.residual);
                }
            }
            let coded = if s.on_grid {
                Coded::Residual(s.residual)
            } else {
                Coded::Verbatim(s.sample)
            };
            code_sample(&mut coder, &mut contexts, s.at, coded)
                .expect("golden codes every sample it traced");
        }
        for (bin, k) in coder.hits {
            self.hit("range coder", bin, k);
        }
        self.hit("channel count", n_class(n), 1);
    }

    /// The suffix of magnitude `u` in bucket `b` (`1..ESCAPE_BUCKET`).
    fn suffix(&mut self, b: usize, u: u32) {
        if b == 0 {
            return;
        }
        let suffix = u + 1 - (1 << b);
        let coded = coded_suffix_bits(b);
        let top = suffix >> (b as u32 - coded);
        self.hit("suffix", &format!("bucket {b} coded suffix bits {top}"), 1);
        if b as u32 > coded {
            self.hit("suffix", &format!("bucket {b} bypass suffix bits"), 1);
        }
    }

    /// The sign bin (or its absence) of residual `e` after `previous`.
    fn sign(&mut self, previous: i32, e: i32) {
        let u = e.unsigned_abs();
        if u == 0 || u == MAX_MAGNITUDE {
            self.hit("sign", &format!("magnitude {u} (no sign bin)"), 1);
        } else {
            let p = ["-", "0", "+"][(previous + 1) as usize];
            let s = if e < 0 { "-" } else { "+" };
            self.hit("sign", &format!("previous {p}, residual {s}"), 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A walk with jumps, off-grid samples and long runs of them: most bins.
    fn walk(len: usize) -> Vec<i16> {
        let mut x: u64 = 7;
        let mut code: i32 = 512;
        (0..len)
            .map(|t| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                if (t / 500) % 7 == 6 {
                    return (x >> 20) as i16 | 1;
                }
                code = (code + (x >> 8) as i32 % 61 - 30).clamp(0, 1023);
                golden::grid::code_to_sample(code as u32)
            })
            .collect()
    }

    #[test]
    fn a_stream_hits_its_bins_and_only_declared_ones() {
        let mut c = Coverage::ratio();
        let before = c.missing().len();
        c.ratio_stream(&walk(20_000), 3);
        let missing = c.missing();
        assert!(missing.len() < before / 2, "{missing:?}");
        for hit in [
            "raw mode: entered",
            "raw mode: kept",
            "raw mode: left",
            "range coder: renormalised by 1 byte",
            "channel count: N 2..6 (same channel within the forwarding reach)",
        ] {
            assert!(!missing.iter().any(|m| m == hit), "{hit} not hit");
        }
    }

    /// The directed stream `jumps` alone, at one channel, puts every bucket
    /// but the escape at every activity level, and every suffix value (the co-simulation's
    /// bins; `make cosim-ratio` runs the same stream).
    #[test]
    fn the_jumps_hit_every_bucket_at_every_level() {
        let mut c = Coverage::ratio();
        c.ratio_stream(&crate::streams::jumps(JUMPS_LEN, 1), 1);
        let missing: Vec<_> = c
            .missing()
            .into_iter()
            .filter(|m| m.starts_with("bucket") || m.starts_with("suffix"))
            .collect();
        // The escape (bucket 10) is for off-grid samples: other streams.
        let escapes = missing.iter().filter(|m| m.ends_with("bucket 10")).count();
        assert_eq!(escapes, ACTIVITY_CONTEXTS, "{missing:?}");
        assert_eq!(missing.len(), escapes, "{missing:?}");
    }

    /// Why no bin renormalises by two bytes: however long a run of one
    /// bin, a context keeps at least 511 / 2^16 for the other.
    #[test]
    fn a_context_never_leaves_the_other_bin_below_511() {
        for bin in [0, 1] {
            let mut ctx = Context::NEW;
            let mut least = u32::MAX;
            for _ in 0..100_000 {
                ctx.update(bin);
                let other = if bin == 1 {
                    ctx.p0 as u32
                } else {
                    65536 - ctx.p0 as u32
                };
                least = least.min(other);
            }
            assert_eq!(least, 511);
            assert!((RANGE_MIN >> 16) * least >= 1 << 16);
        }
    }

    /// The interval followed by `IntervalEvents` is golden's: it takes as
    /// many bytes to settle as golden's payload has (4 flushed after them).
    #[test]
    fn the_followed_interval_shifts_as_many_bytes_as_golden_writes() {
        let samples = walk(5000);
        let mut coder = IntervalEvents::new();
        let mut contexts = Contexts::new();
        for s in bin_inputs(&RATIO, &samples, 1) {
            let coded = if s.on_grid {
                Coded::Residual(s.residual)
            } else {
                Coded::Verbatim(s.sample)
            };
            code_sample(&mut coder, &mut contexts, s.at, coded).unwrap();
        }
        let shifted: u64 = coder
            .hits
            .iter()
            .map(|&(bin, k)| match bin {
                "renormalised by 1 byte" => k,
                "renormalised by 2 bytes" => 2 * k,
                _ => 0,
            })
            .sum();
        let payload = golden::ratio::encode(&RATIO, &samples, 1);
        // The first byte shifted out is the one above the initial interval,
        // never written; `finish` shifts FLUSH_BYTES + 1 more.
        let flushed = golden::ratio::arith::FLUSH_BYTES as u64 + 1;
        assert_eq!(shifted + flushed - 1, payload.len() as u64);
    }
}
