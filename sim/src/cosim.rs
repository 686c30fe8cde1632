//! Running scenarios through the RTL and checking them against golden.

use crate::bridge::{thread_cpu_time, Model, Pressure, Rtl, RunLog, Word};
use crate::check::{compare, Ending};
use crate::error::SimError;
use crate::figures::Figures;
use crate::reference::Reference;
use golden::payload::Layout;
use std::borrow::Cow;
use std::path::PathBuf;
use std::time::Instant;

/// A stream fed after a reset, ended by a flush or cut short by the next reset.
pub struct Segment {
    pub n_channels: usize,
    /// Samples per block of a channel (golden::payload::Layout; 1: interleaved).
    pub block: usize,
    pub samples: Vec<i16>,
    pub ending: Ending,
}

/// Segments run back to back on one encoder, each after a reset.
pub struct Scenario {
    pub name: String,
    pub segments: Vec<Segment>,
    pub pressure: Pressure,
}

impl Scenario {
    /// One flushed stream.
    pub fn stream(
        name: impl Into<String>,
        n_channels: usize,
        samples: Vec<i16>,
        pressure: Pressure,
    ) -> Self {
        Scenario {
            name: name.into(),
            segments: vec![Segment {
                n_channels,
                block: 1,
                samples,
                ending: Ending::Flush,
            }],
            pressure,
        }
    }

    /// `samples` reset after `cut` of them and fed afresh from there, with
    /// `n_after` channels: the RTL must encode the rest as a new stream.
    pub fn reset_midway(
        name: impl Into<String>,
        n_channels: usize,
        samples: &[i16],
        cut: usize,
        n_after: usize,
        pressure: Pressure,
    ) -> Self {
        let (a, b) = samples.split_at(cut.min(samples.len()));
        Scenario {
            name: name.into(),
            segments: vec![
                Segment {
                    n_channels,
                    block: 1,
                    samples: a.to_vec(),
                    ending: Ending::Reset,
                },
                Segment {
                    n_channels: n_after,
                    block: 1,
                    samples: b.to_vec(),
                    ending: Ending::Flush,
                },
            ],
            pressure,
        }
    }

    /// The same scenario with every segment's samples in blocks of `block`.
    pub fn blocked(mut self, block: usize) -> Self {
        for seg in &mut self.segments {
            seg.block = block;
        }
        self
    }
}

impl Segment {
    pub fn layout(&self) -> Layout {
        Layout::new(self.n_channels, self.block).expect("a segment's layout within bounds")
    }
}

/// Where waveforms go.
#[derive(Clone, Debug, Default)]
pub struct Waves {
    /// Dump a window around the first mismatch into this directory.
    pub on_mismatch: Option<PathBuf>,
    /// Dump cycles `.1` of the first scenario run into the file `.0`.
    pub always: Option<(PathBuf, std::ops::Range<u64>)>,
}

/// Cycles of waveform before and after a mismatching word.
const WINDOW_BEFORE: u64 = 400;
const WINDOW_AFTER: u64 = 100;

/// Runs `sc` on `rtl`, checks every word, and returns the figures.
pub fn run(rtl: &mut Rtl, sc: &Scenario, waves: &Waves) -> Result<Figures, SimError> {
    let origin = rtl.cycle();
    if let Some((path, window)) = &waves.always {
        rtl.trace(
            path,
            origin + window.start,
            origin + window.end.saturating_sub(1),
        )?;
    }
    let mut figures = Figures::default();
    for (index, seg) in sc.segments.iter().enumerate() {
        let seed = sc.pressure.seed.wrapping_add(index as u64);
        rtl.reset_layout(seg.layout(), seed);
        let start = rtl.cycle();
        let t = Instant::now();
        let cpu = thread_cpu_time();
        let mut log = RunLog::default();
        rtl.run(
            &seg.samples,
            sc.pressure,
            seg.ending == Ending::Flush,
            &mut log,
        )?;
        let rtl_time = t.elapsed();
        let rtl_cpu_time = thread_cpu_time() - cpu;
        let t = Instant::now();
        let reference = Reference::of(rtl.model(), &seg.samples, seg.layout());
        let golden_time = t.elapsed();
        let words = compared_words(rtl.model(), &log.words);
        if let Err(mut m) = compare(&reference, &words, seg.ending) {
            m.context = format!(
                "{}, segment {index}, {} channels, blocks of {}",
                sc.name, seg.n_channels, seg.block
            );
            // (The ratio model is built without tracing.)
            if let (Some(dir), Model::Implant) = (&waves.on_mismatch, rtl.model()) {
                let at = m.cycle().or(words.last().map(|w| w.cycle)).unwrap_or(start) - origin;
                // A model built without tracing (BRAINWIRE_SIM_QUICK) cannot
                // dump one: the mismatch is reported all the same.
                m.waveform = dump_window(sc, index, dir, at).ok();
            }
            return Err(SimError::Mismatch(m));
        }
        let mut f = Figures::segment(&reference, &log, sc.pressure, start, rtl.cycle());
        f.rtl_time = rtl_time;
        f.rtl_cpu_time = rtl_cpu_time;
        f.golden_time = golden_time;
        figures.add(&f);
    }
    Ok(figures)
}

/// `model`'s output as the words `check::compare` reads: the implant's
/// words as they are, the ratio encoder's bytes packed by `bytes_to_words`.
pub fn compared_words(model: Model, out: &[Word]) -> Cow<'_, [Word]> {
    match model {
        Model::Implant => Cow::Borrowed(out),
        Model::Ratio => Cow::Owned(bytes_to_words(out)),
    }
}

/// The ratio encoder's bytes (one a `Word`, MSB-aligned in 8 bits) as the
/// implant's 32-bit words, so that one comparison checks both: four bytes a
/// word, most significant first; a byte with `out_last` closes the word it is
/// in, which then carries the bits it holds and the mark. A partial word
/// without the mark (a stream cut by a reset) is left out.
pub fn bytes_to_words(bytes: &[Word]) -> Vec<Word> {
    let mut words = Vec::with_capacity(bytes.len() / 4 + 1);
    let mut open: Option<Word> = None;
    for b in bytes {
        let w = open.get_or_insert(Word::new(0, 0, false, b.cycle));
        w.word |= (b.word & 0xFF) << (24 - w.bits as u32);
        w.bits += 8;
        w.cycle = b.cycle;
        if b.last != 0 || w.bits == 32 {
            w.last = b.last;
            words.extend(open.take());
        }
    }
    words
}

/// Replays `sc` up to segment `last` on a fresh, traced model, dumping the
/// cycles around `at` (counted from the scenario's start).
fn dump_window(
    sc: &Scenario,
    last: usize,
    dir: &std::path::Path,
    at: u64,
) -> Result<PathBuf, SimError> {
    std::fs::create_dir_all(dir).map_err(|_| SimError::Trace(dir.into()))?;
    let slug: String = sc
        .name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let path = dir.join(format!("mismatch-{slug}.vcd"));
    let mut rtl = Rtl::new(true)?;
    rtl.trace(&path, at.saturating_sub(WINDOW_BEFORE), at + WINDOW_AFTER)?;
    for (index, seg) in sc.segments.iter().enumerate().take(last + 1) {
        rtl.reset_layout(seg.layout(), sc.pressure.seed.wrapping_add(index as u64));
        // The replay may well fail the same way; only the waveform matters here.
        let _ = rtl.run(
            &seg.samples,
            sc.pressure,
            seg.ending == Ending::Flush,
            &mut RunLog::default(),
        );
    }
    Ok(path)
}
