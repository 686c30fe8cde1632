//! Functional coverage of the ratio encoder's co-simulation: what the checked
//! streams made its binarisation and range coder do, from golden's model of
//! them (the RTL matched it byte for byte). As for the implant, every bin is
//! declared up front and one that no stream hits fails `make cosim-ratio`.
//!
//! Bins: each activity level; each bucket at each level (the unary bins'
//! contexts, the escape included); each value of a bucket's context-coded
//! suffix bits (the suffix tree's nodes) and bypass suffix bits; the sign
//! bin (bypass) with each sign, and the magnitudes without one; raw mode
//! entered, kept and left; each adaptation shift of a context bin; the
//! range coder's renormalisations by 0 and 1 byte, carries into the
//! cached byte and through pending 0xFF bytes, pending runs of 1 and of 2 or
//! more; each class of channel count.

use crate::coverage::{n_class, Coverage};
use golden::profile::RATIO;
use golden::ratio::arith::{narrow, BinCoder, Context, RANGE_MIN, RATE_MAX, RATE_MIN};
use golden::ratio::binarize::{
    bucket_of, code_sample, Contexts, ACTIVITY_CONTEXTS, ESCAPE_BUCKET, MAX_MAGNITUDE,
    SUFFIX_CONTEXT_BITS,
};
use golden::ratio::trace::{bin_inputs, BinInputs};

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
    /// Context bins per adaptation shift (`RATE_MIN..=RATE_MAX`).
    shifts: [u64; SHIFT_BINS.len()],
    /// Hits per entry of `EVENTS`.
    events: [u64; EVENTS.len()],
}

/// The range coder's events, in `IntervalEvents::events`' order.
const EVENTS: [&str; 7] = [
    "renormalised by 0 bytes",
    "renormalised by 1 byte",
    "renormalised by 2 bytes",
    "carry into the cached byte",
    "carry through pending 0xFF bytes",
    "pending run of 1 byte",
    "pending run of 2 or more bytes",
];
/// Never hit: a context's probability stays at or above 511 / 2^16 (the
/// count-based start, then the rate 2^-10), so a bin keeps at least
/// (2^24 >> 16) * 511 >= 2^16 of the range; a bypass halves it. It is not
/// declared, so a hit fails `Coverage::hit`.
const RENORMALISED_BY_TWO: usize = 2;
#[cfg(test)]
const RENORMALISED_BY_ONE: usize = 1;
const CARRY_INTO_CACHE: usize = 3;
const CARRY_THROUGH_PENDING: usize = 4;
const PENDING_RUN_OF_ONE: usize = 5;
const PENDING_RUN_OF_MORE: usize = 6;

impl IntervalEvents {
    fn new() -> Self {
        IntervalEvents {
            low: 0,
            range: u32::MAX,
            pending: 0,
            shifts: [0; SHIFT_BINS.len()],
            events: [0; EVENTS.len()],
        }
    }

    fn normalize(&mut self) {
        let mut bytes = 0;
        while self.range < RANGE_MIN {
            self.range <<= 8;
            self.shift_low();
            bytes += 1;
        }
        self.events[bytes.min(RENORMALISED_BY_TWO)] += 1;
    }

    /// arith::Encoder's rule: a byte below 0xFF, or any byte with a carry,
    /// resolves the pending run; a 0xFF without a carry joins it.
    fn shift_low(&mut self) {
        let carry = self.low >> 32 != 0;
        if self.low < 0xFF00_0000 || carry {
            if carry {
                self.events[if self.pending == 0 {
                    CARRY_INTO_CACHE
                } else {
                    CARRY_THROUGH_PENDING
                }] += 1;
            }
            match self.pending {
                0 => {}
                1 => self.events[PENDING_RUN_OF_ONE] += 1,
                _ => self.events[PENDING_RUN_OF_MORE] += 1,
            }
            self.pending = 0;
        } else {
            self.pending += 1;
        }
        self.low = (self.low & 0x00FF_FFFF) << 8;
    }

    /// Bytes shifted out of the interval so far.
    #[cfg(test)]
    fn bytes_shifted(&self) -> u64 {
        self.events[RENORMALISED_BY_ONE] + 2 * self.events[RENORMALISED_BY_TWO]
    }
}

impl BinCoder for IntervalEvents {
    fn context(&mut self, ctx: &mut Context, bin: u32) -> u32 {
        (self.low, self.range) = narrow(self.low, self.range, *ctx, bin);
        self.shifts[(ctx.shift() - RATE_MIN) as usize] += 1;
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

const RAW_MODE: [&str; 3] = ["entered", "kept", "left"];

fn bucket_bin(level: usize, b: usize) -> String {
    format!("level {level:2} bucket {b:2}")
}

fn suffix_bin(b: usize, v: u32) -> String {
    format!("bucket {b} coded suffix bits {v}")
}

fn suffix_bypass_bin(b: usize) -> String {
    format!("bucket {b} bypass suffix bits")
}

fn sign_bin(negative: bool) -> String {
    let sign = if negative { "-" } else { "+" };
    format!("residual {sign}")
}

fn no_sign_bin(u: u32) -> String {
    format!("magnitude {u} (no sign bin)")
}

/// One stream's hits of the model's bins, tallied before they go into a
/// `Coverage` (a lookup by name per sample would cost more than the model).
struct ModelTally {
    /// By activity level and bucket (the escape last).
    bucket: [[u64; ESCAPE_BUCKET + 1]; ACTIVITY_CONTEXTS],
    /// By bucket and the value of its context-coded suffix bits.
    suffix: [[u64; 1 << SUFFIX_CONTEXT_BITS]; ESCAPE_BUCKET],
    /// By bucket: bypass suffix bits coded.
    suffix_bypass: [u64; ESCAPE_BUCKET],
    /// Sign bins, by whether the residual is negative.
    sign: [u64; 2],
    /// Magnitudes 0 and `MAX_MAGNITUDE`.
    no_sign: [u64; 2],
    /// In `RAW_MODE`'s order.
    raw: [u64; 3],
}

impl ModelTally {
    fn new() -> Self {
        ModelTally {
            bucket: [[0; ESCAPE_BUCKET + 1]; ACTIVITY_CONTEXTS],
            suffix: [[0; 1 << SUFFIX_CONTEXT_BITS]; ESCAPE_BUCKET],
            suffix_bypass: [0; ESCAPE_BUCKET],
            sign: [0; 2],
            no_sign: [0; 2],
            raw: [0; 3],
        }
    }

    fn sample(&mut self, s: &BinInputs) {
        let raw = s.at.raw_mode;
        match (raw, s.on_grid) {
            (false, false) => self.raw[0] += 1,
            (true, false) => self.raw[1] += 1,
            (true, true) => self.raw[2] += 1,
            _ => {}
        }
        // In raw mode an off-grid sample is a raw flag and 16 bypass bins.
        if raw && !s.on_grid {
            return;
        }
        if !s.on_grid {
            self.bucket[s.at.level][ESCAPE_BUCKET] += 1;
            return;
        }
        let u = s.residual.unsigned_abs();
        let b = bucket_of(u);
        self.bucket[s.at.level][b] += 1;
        if b > 0 {
            let coded = coded_suffix_bits(b);
            self.suffix[b][((u + 1 - (1 << b)) >> (b as u32 - coded)) as usize] += 1;
            if b as u32 > coded {
                self.suffix_bypass[b] += 1;
            }
        }
        if u == 0 || u == MAX_MAGNITUDE {
            self.no_sign[(u != 0) as usize] += 1;
        } else {
            self.sign[(s.residual < 0) as usize] += 1;
        }
    }
}

impl Coverage {
    /// Every bin of the ratio encoder, at 0.
    pub fn ratio() -> Coverage {
        let mut c = Coverage::empty();
        for level in 0..ACTIVITY_CONTEXTS {
            for b in 0..=ESCAPE_BUCKET {
                c.declare("bucket", bucket_bin(level, b));
            }
        }
        for b in 1..ESCAPE_BUCKET {
            for v in 0..=top_coded_suffix(b) {
                c.declare("suffix", suffix_bin(b, v));
            }
            if b as u32 > SUFFIX_CONTEXT_BITS {
                c.declare("suffix", suffix_bypass_bin(b));
            }
        }
        for negative in [true, false] {
            c.declare("sign", sign_bin(negative));
        }
        c.declare("sign", no_sign_bin(0));
        c.declare("sign", no_sign_bin(MAX_MAGNITUDE));
        for what in RAW_MODE {
            c.declare("raw mode", what.into());
        }
        let events = EVENTS
            .iter()
            .enumerate()
            .filter(|e| e.0 != RENORMALISED_BY_TWO);
        for bin in SHIFT_BINS.iter().chain(events.map(|e| e.1)) {
            c.declare("range coder", bin.to_string());
        }
        c.declare_interface();
        c
    }

    /// Golden's view of a checked stream of `n` channels through the ratio
    /// encoder: its bins from `ratio::trace::bin_inputs`, coded in order.
    pub fn ratio_stream(&mut self, samples: &[i16], n: usize) {
        let mut coder = IntervalEvents::new();
        let mut contexts = Contexts::new();
        let mut tally = ModelTally::new();
        for s in bin_inputs(&RATIO, samples, n) {
            tally.sample(&s);
            code_sample(&mut coder, &mut contexts, s.at, s.coded())
                .expect("golden codes every sample it traced");
        }
        // Only bins hit: one never declared (unreachable) fails here.
        let mut hit = |group: &str, bin: String, k: u64| {
            if k > 0 {
                self.hit(group, &bin, k);
            }
        };
        for (level, row) in tally.bucket.iter().enumerate() {
            for (b, &k) in row.iter().enumerate() {
                hit("bucket", bucket_bin(level, b), k);
            }
        }
        for b in 1..ESCAPE_BUCKET {
            for (v, &k) in tally.suffix[b].iter().enumerate() {
                hit("suffix", suffix_bin(b, v as u32), k);
            }
            hit("suffix", suffix_bypass_bin(b), tally.suffix_bypass[b]);
        }
        hit("sign", sign_bin(true), tally.sign[1]);
        hit("sign", sign_bin(false), tally.sign[0]);
        hit("sign", no_sign_bin(0), tally.no_sign[0]);
        hit("sign", no_sign_bin(MAX_MAGNITUDE), tally.no_sign[1]);
        for (what, &k) in RAW_MODE.iter().zip(&tally.raw) {
            hit("raw mode", what.to_string(), k);
        }
        let names = SHIFT_BINS.iter().chain(&EVENTS);
        for (name, &k) in names.zip(coder.shifts.iter().chain(&coder.events)) {
            hit("range coder", name.to_string(), k);
        }
        hit("channel count", n_class(n).into(), 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::DRIVER_GROUPS;

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
        // The interface bins (forwarding, FIFO, resets, flushes) are the
        // driver's to hit; a stream hits the model's and its N's class.
        let model_bins = |c: &Coverage| -> Vec<String> {
            let missing = c.missing().into_iter();
            missing
                .filter(|m| !DRIVER_GROUPS.iter().any(|g| m.starts_with(g)))
                .collect()
        };
        let before = model_bins(&c).len();
        c.ratio_stream(&walk(20_000), 3);
        let missing = model_bins(&c);
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
            code_sample(&mut coder, &mut contexts, s.at, s.coded()).unwrap();
        }
        let shifted = coder.bytes_shifted();
        let payload = golden::ratio::encode(&RATIO, &samples, 1);
        // The first byte shifted out is the one above the initial interval,
        // never written; `finish` shifts FLUSH_BYTES + 1 more.
        let flushed = golden::ratio::arith::FLUSH_BYTES as u64 + 1;
        assert_eq!(shifted + flushed - 1, payload.len() as u64);
    }
}
