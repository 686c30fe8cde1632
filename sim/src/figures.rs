//! The figures a co-simulation run reports.

use crate::bridge::{Pressure, RunLog};
use crate::reference::Reference;
use std::fmt;
use std::time::Duration;

#[derive(Clone, Debug, Default)]
pub struct Figures {
    pub segments: u64,
    pub samples: u64,
    /// Cycles from each reset's release to the segment's last transfer.
    pub cycles: u64,
    pub words: u64,
    /// Samples fed without back-pressure, and the cycles from their first to last acceptance.
    pub free_samples: u64,
    pub free_accept_cycles: u64,
    /// Worst cycles from a sample's acceptance to the word holding its last bit leaving,
    /// without and with back-pressure.
    pub worst_latency_free: u64,
    pub worst_latency_pressured: u64,
    /// Wall time spent in the RTL model, and in golden.
    pub rtl_time: Duration,
    pub golden_time: Duration,
}

impl Figures {
    /// Figures of one segment: `log` against `reference`, starting at cycle `start`.
    pub fn segment(
        reference: &Reference,
        log: &RunLog,
        pressure: Pressure,
        start: u64,
        end: u64,
    ) -> Figures {
        let mut worst = 0;
        for (i, &accepted) in log.accept_cycles.iter().enumerate() {
            let last_bit = reference.sample_end[i].saturating_sub(1);
            if let Some(w) = log.words.get((last_bit / 32) as usize) {
                worst = worst.max(w.cycle.saturating_sub(accepted));
            }
        }
        let free = pressure == Pressure::NONE;
        let span = match (log.accept_cycles.first(), log.accept_cycles.last()) {
            (Some(a), Some(b)) if free => b - a + 1,
            _ => 0,
        };
        Figures {
            segments: 1,
            samples: log.accept_cycles.len() as u64,
            cycles: end - start,
            words: log.words.len() as u64,
            free_samples: if free {
                log.accept_cycles.len() as u64
            } else {
                0
            },
            free_accept_cycles: span,
            worst_latency_free: if free { worst } else { 0 },
            worst_latency_pressured: if free { 0 } else { worst },
            ..Figures::default()
        }
    }

    pub fn add(&mut self, o: &Figures) {
        self.segments += o.segments;
        self.samples += o.samples;
        self.cycles += o.cycles;
        self.words += o.words;
        self.free_samples += o.free_samples;
        self.free_accept_cycles += o.free_accept_cycles;
        self.worst_latency_free = self.worst_latency_free.max(o.worst_latency_free);
        self.worst_latency_pressured = self.worst_latency_pressured.max(o.worst_latency_pressured);
        self.rtl_time += o.rtl_time;
        self.golden_time += o.golden_time;
    }

    /// Steady-state throughput without back-pressure.
    pub fn free_samples_per_cycle(&self) -> f64 {
        self.free_samples as f64 / self.free_accept_cycles.max(1) as f64
    }

    /// Samples per second through the verilated model.
    pub fn rtl_samples_per_second(&self) -> f64 {
        self.samples as f64 / self.rtl_time.as_secs_f64().max(1e-9)
    }
}

impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = |x: u64| x as f64 / 1e6;
        writeln!(
            f,
            "  segments {}, samples {:.2} M, cycles {:.2} M, words {:.2} M",
            self.segments,
            m(self.samples),
            m(self.cycles),
            m(self.words)
        )?;
        writeln!(
            f,
            "  samples/cycle: {:.4} overall, {:.4} without back-pressure ({:.2} M samples)",
            self.samples as f64 / self.cycles.max(1) as f64,
            self.free_samples_per_cycle(),
            m(self.free_samples)
        )?;
        writeln!(
            f,
            "  worst latency (sample accepted -> its last bit leaves in a word): {} cycles without \
             back-pressure, {} with",
            self.worst_latency_free, self.worst_latency_pressured
        )?;
        write!(
            f,
            "  simulation speed: {:.2} M samples/s, {:.2} M cycles/s ({:.1} s in the RTL model, \
             {:.1} s in golden)",
            self.rtl_samples_per_second() / 1e6,
            self.cycles as f64 / self.rtl_time.as_secs_f64().max(1e-9) / 1e6,
            self.rtl_time.as_secs_f64(),
            self.golden_time.as_secs_f64()
        )
    }
}
