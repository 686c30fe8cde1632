//! The constrained-random interface driver (csrc/driver.cpp): random
//! in_valid, out_ready, flush and reset, a new channel count at every reset,
//! the protocol checked on every cycle in C++; here every segment's words
//! (the implant's) or bytes (the ratio encoder's) are checked against golden
//! and the coverage is counted.

use crate::bridge::{Rtl, Word};
use crate::check::{compare, Ending};
use crate::cosim::compared_words;
use crate::coverage::{n_class, state_name, Coverage};
use crate::error::SimError;
use crate::reference::Reference;
use golden::payload::Layout;

#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct BwSegment {
    n_channels: u32,
    flushed: u32,
    first_sample: u64,
    n_samples: u64,
    first_word: u64,
    n_words: u64,
}

const STATES: usize = 18;

#[repr(C)]
pub struct BwDrive {
    samples: *const i16,
    n_samples: u64,
    channel_choices: *const u16,
    n_choices: u32,
    strict: u32,
    cycles: u64,
    seed: u64,
    segments: *mut BwSegment,
    segments_cap: u64,
    segments_done: u64,
    words: *mut Word,
    words_cap: u64,
    words_done: u64,
    accept_advance: *mut u64,
    reset_in: [u64; STATES],
    flush_in: [u64; STATES],
    fifo_full_cycles: u64,
    fifo_empty_cycles: u64,
    stall_cycles: u64,
    violation_cycle: u64,
    violation: [u8; 160],
}

/// One driver run: `cycles` cycles over `samples` (consumed in order across
/// segments), each segment's N drawn from `channels`.
pub struct Drive<'a> {
    pub samples: &'a [i16],
    pub channels: &'a [u16],
    pub cycles: u64,
    pub seed: u64,
    /// Evaluate both clock edges and require registered outputs (slower).
    pub strict: bool,
}

/// What a run did: segments checked, and how many were flushed.
#[derive(Clone, Copy, Debug, Default)]
pub struct DriveStats {
    pub segments: u64,
    pub flushed: u64,
    pub samples: u64,
    pub words: u64,
}

/// Runs the driver on `rtl`, checks every segment against golden and adds
/// the coverage to `cov`.
pub fn drive(rtl: &mut Rtl, run: &Drive, cov: &mut Coverage) -> Result<DriveStats, SimError> {
    let context = |k: usize, n: u32| format!("driver seed {}, segment {k}, {n} channels", run.seed);
    let mut segments = vec![BwSegment::default(); (run.cycles / 8 + 16) as usize];
    let mut words = vec![Word::default(); run.cycles as usize + 16];
    let mut advance = vec![0u64; run.samples.len()];
    let mut d = BwDrive {
        samples: run.samples.as_ptr(),
        n_samples: run.samples.len() as u64,
        channel_choices: run.channels.as_ptr(),
        n_choices: run.channels.len() as u32,
        strict: run.strict as u32,
        cycles: run.cycles,
        seed: run.seed,
        segments: segments.as_mut_ptr(),
        segments_cap: segments.len() as u64,
        segments_done: 0,
        words: words.as_mut_ptr(),
        words_cap: words.len() as u64,
        words_done: 0,
        accept_advance: advance.as_mut_ptr(),
        reset_in: [0; STATES],
        flush_in: [0; STATES],
        fifo_full_cycles: 0,
        fifo_empty_cycles: 0,
        stall_cycles: 0,
        violation_cycle: 0,
        violation: [0; 160],
    };
    assert!(!run.channels.is_empty() && run.channels.iter().all(|&n| (1..=1024).contains(&n)));
    let status = rtl.drive_raw(&mut d);
    let done = &segments[..d.segments_done as usize];
    if status != 0 {
        let what = String::from_utf8_lossy(&d.violation);
        let k = done.len().saturating_sub(1);
        return Err(SimError::Protocol {
            context: context(k, done.last().map_or(0, |s| s.n_channels)),
            cycle: d.violation_cycle,
            what: what.trim_end_matches('\0').to_string(),
        });
    }
    let mut stats = DriveStats::default();
    for (k, seg) in done.iter().enumerate() {
        let n = seg.n_channels as usize;
        let first = seg.first_sample as usize;
        let samples = &run.samples[first..first + seg.n_samples as usize];
        let w0 = seg.first_word as usize;
        let seg_words = &words[w0..w0 + seg.n_words as usize];
        let ending = if seg.flushed != 0 {
            Ending::Flush
        } else {
            Ending::Reset
        };
        let reference = Reference::of(rtl.model(), samples, Layout::interleaved(n));
        let seg_words = compared_words(rtl.model(), seg_words);
        if let Err(mut m) = compare(&reference, &seg_words, ending) {
            m.context = context(k, seg.n_channels);
            return Err(SimError::Mismatch(m));
        }
        cov.hit("channel count", n_class(n), 1);
        cov.forwarding(&advance[first..first + samples.len()], n);
        if seg.flushed != 0 {
            cov.stream_of(rtl.model(), samples, n);
            stats.flushed += 1;
        }
        stats.segments += 1;
        stats.samples += samples.len() as u64;
        stats.words += seg_words.len() as u64;
    }
    for i in 0..STATES {
        cov.hit("reset in state", &state_name(i), d.reset_in[i]);
        if i != 1 && i != 2 {
            cov.hit("flush in state", &state_name(i), d.flush_in[i]);
        }
    }
    cov.hit("FIFO", "full", d.fifo_full_cycles);
    cov.hit("FIFO", "empty", d.fifo_empty_cycles);
    cov.hit("FIFO", "word held (out_ready low)", d.stall_cycles);
    Ok(stats)
}
