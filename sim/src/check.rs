//! Bit-exact comparison of the RTL's output words with golden's bit stream,
//! in order and valid-gated (so pipeline depth does not matter).

use crate::bridge::Word;
use crate::reference::Reference;
use std::fmt;
use std::path::PathBuf;

/// How a segment of a stream ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Flushed: the words must be exactly golden's bits, the last one marked.
    Flush,
    /// Cut short by a reset: the words must be a prefix of golden's bits.
    Reset,
}

/// The first place where the RTL departs from golden.
#[derive(Debug, Clone)]
pub struct Mismatch {
    /// Scenario and segment, filled in by the runner.
    pub context: String,
    pub what: &'static str,
    /// First differing bit of the stream.
    pub bit: u64,
    /// Sample whose code holds that bit (none past the end of the stream).
    pub sample: Option<usize>,
    pub n_channels: usize,
    /// Samples per block of a channel (the payload layout).
    pub block: usize,
    pub word_index: u64,
    pub expected: u32,
    pub expected_bits: u64,
    pub actual: Option<Word>,
    /// Waveform of a window around the mismatch, when one was dumped.
    pub waveform: Option<PathBuf>,
}

impl Mismatch {
    /// Cycle of the offending word, or of the last word before it went missing.
    pub fn cycle(&self) -> Option<u64> {
        self.actual.map(|w| w.cycle)
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "RTL != golden ({}): {} at bit {}",
            self.context, self.what, self.bit
        )?;
        match self.sample {
            Some(i) => write!(
                f,
                " = sample {i} (channel {}, its sample {})",
                (i / self.block) % self.n_channels,
                i / (self.n_channels * self.block) * self.block + i % self.block
            )?,
            None => write!(f, " (past the last sample)")?,
        }
        write!(
            f,
            "; word {}: expected {:08x} ({} bits)",
            self.word_index, self.expected, self.expected_bits
        )?;
        match self.actual {
            Some(w) => write!(
                f,
                ", got {:08x} ({} bits{}) at cycle {}",
                w.word,
                w.bits,
                if w.last != 0 { ", last" } else { "" },
                w.cycle
            )?,
            None => write!(f, ", got nothing")?,
        }
        if let Some(p) = &self.waveform {
            write!(f, "; waveform {}", p.display())?;
        }
        Ok(())
    }
}

/// Checks `words` against `reference`.
pub fn compare(reference: &Reference, words: &[Word], ending: Ending) -> Result<(), Box<Mismatch>> {
    let fail = |what, bit: u64, k: u64, actual: Option<Word>| {
        let word = crate::ports::PORT_OUT_WORD_BITS as u64;
        let expected_bits = reference.n_bits.saturating_sub(word * k).min(word);
        Err(Box::new(Mismatch {
            context: String::new(),
            what,
            bit,
            sample: Some(reference.sample_at(bit)).filter(|&i| i < reference.sample_end.len()),
            n_channels: reference.n_channels,
            block: reference.layout.block(),
            word_index: k,
            expected: reference.word(k),
            expected_bits,
            actual,
            waveform: None,
        }))
    };
    for (k, w) in words.iter().enumerate() {
        let k = k as u64;
        let start = 32 * k;
        let expected = reference.word(k);
        let remaining = reference.n_bits.saturating_sub(start);
        let is_final = k as usize + 1 == words.len();
        if w.last != 0 && (ending == Ending::Reset || !is_final) {
            return fail("unexpected out_last", start, k, Some(*w));
        }
        let bits = w.bits as u64;
        let want_bits = if w.last != 0 { remaining } else { 32 };
        if bits != want_bits || bits > remaining {
            return fail(
                "wrong bit count",
                start + bits.min(want_bits).min(remaining),
                k,
                Some(*w),
            );
        }
        // Unused low bits must be 0, and golden's bits past its end are 0 too.
        if w.word != expected {
            let bit = start + (w.word ^ expected).leading_zeros() as u64;
            return fail("wrong bits", bit, k, Some(*w));
        }
    }
    if ending == Ending::Flush {
        match words.last() {
            Some(w) if w.last != 0 => {}
            last => {
                return fail(
                    "no out_last word",
                    32 * words.len() as u64,
                    words.len() as u64,
                    last.copied(),
                )
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(r: &Reference) -> Vec<Word> {
        let full = r.n_bits / 32;
        let mut v: Vec<Word> = (0..full)
            .map(|k| Word::new(r.word(k), 32, false, k))
            .collect();
        v.push(Word::new(r.word(full), (r.n_bits % 32) as u8, true, full));
        v
    }

    fn reference() -> Reference {
        let s: Vec<i16> = (0..500u32)
            .map(|i| golden::grid::code_to_sample((i * 91) % 1024))
            .collect();
        Reference::new(&s, 2)
    }

    #[test]
    fn golden_words_pass_and_a_flipped_bit_is_located() {
        let r = reference();
        let mut w = words_of(&r);
        assert!(compare(&r, &w, Ending::Flush).is_ok());
        assert!(compare(&r, &w[..w.len() / 2], Ending::Reset).is_ok());
        w[7].word ^= 1 << 20;
        let m = compare(&r, &w, Ending::Flush).unwrap_err();
        assert_eq!(m.bit, 7 * 32 + 11);
        assert_eq!(m.sample, Some(r.sample_at(7 * 32 + 11)));
        assert_eq!(m.actual.unwrap().cycle, 7);
    }

    #[test]
    fn missing_last_word_and_wrong_counts_fail() {
        let r = reference();
        let w = words_of(&r);
        assert_eq!(
            compare(&r, &w[..w.len() - 1], Ending::Flush)
                .unwrap_err()
                .what,
            "no out_last word"
        );
        let mut short = w.clone();
        short[3].bits = 31;
        assert_eq!(
            compare(&r, &short, Ending::Flush).unwrap_err().what,
            "wrong bit count"
        );
        assert_eq!(
            compare(&r, &w, Ending::Reset).unwrap_err().what,
            "unexpected out_last"
        );
    }
}
