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
    /// Fewest such cycles without back-pressure: the pipeline depth.
    pub best_latency_free: Option<u64>,
    /// Wall time spent in the RTL model, and in golden.
    pub rtl_time: Duration,
    /// CPU time spent in the RTL model (the machine may be shared).
    pub rtl_cpu_time: Duration,
    pub golden_time: Duration,
    /// Elapsed time of a run over parallel models (golden and checks included).
    pub wall: Option<Duration>,
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
        let mut best = None::<u64>;
        // (No sample positions, as for the ratio payload: no latency.)
        for (&accepted, &end) in log.accept_cycles.iter().zip(&reference.sample_end) {
            let last_bit = end.saturating_sub(1);
            if let Some(w) = log.words.get((last_bit / 32) as usize) {
                let latency = w.cycle.saturating_sub(accepted);
                worst = worst.max(latency);
                best = Some(best.map_or(latency, |b| b.min(latency)));
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
            best_latency_free: best.filter(|_| free),
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
        self.best_latency_free = match (self.best_latency_free, o.best_latency_free) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.rtl_time += o.rtl_time;
        self.rtl_cpu_time += o.rtl_cpu_time;
        self.golden_time += o.golden_time;
        self.wall = match (self.wall, o.wall) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
    }

    /// Steady-state throughput without back-pressure.
    pub fn free_samples_per_cycle(&self) -> f64 {
        self.free_samples as f64 / self.free_accept_cycles.max(1) as f64
    }

    /// Samples per CPU second through the verilated model.
    pub fn rtl_samples_per_second(&self) -> f64 {
        self.samples as f64 / self.rtl_cpu_time.as_secs_f64().max(1e-9)
    }
}

impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = |x: u64| x as f64 / 1e6;
        writeln!(
            f,
            "  segments {}, samples {:.2} M, cycles {:.2} M, words (ratio: bytes) {:.2} M",
            self.segments,
            m(self.samples),
            m(self.cycles),
            m(self.words)
        )?;
        let na = |free: bool, v: String| if free { v } else { "n/a".to_string() };
        let free = self.free_samples > 0;
        writeln!(
            f,
            "  samples/cycle: {:.4} overall, {} without back-pressure ({:.2} M samples)",
            self.samples as f64 / self.cycles.max(1) as f64,
            na(free, format!("{:.4}", self.free_samples_per_cycle())),
            m(self.free_samples)
        )?;
        if self.best_latency_free.is_none() && self.worst_latency_pressured == 0 {
            writeln!(f, "  latency: n/a (no sample positions: the ratio payload)")?;
        } else {
            writeln!(
                f,
                "  latency in cycles, sample accepted -> its last bit leaves in a word: without \
                 back-pressure worst {}, best {} (pipeline depth); with back-pressure worst {}",
                na(free, self.worst_latency_free.to_string()),
                self.best_latency_free
                    .map_or("n/a".to_string(), |b| b.to_string()),
                na(
                    self.samples > self.free_samples,
                    self.worst_latency_pressured.to_string()
                )
            )?;
        }
        let per_s = |x: u64, t: Duration| x as f64 / t.as_secs_f64().max(1e-9) / 1e6;
        write!(
            f,
            "  simulation speed: {:.2} M samples/s, {:.2} M cycles/s per CPU second \
             ({:.1} s CPU; wall clock {:.2} M samples/s, {:.1} s; golden {:.1} s)",
            per_s(self.samples, self.rtl_cpu_time),
            per_s(self.cycles, self.rtl_cpu_time),
            self.rtl_cpu_time.as_secs_f64(),
            per_s(self.samples, self.rtl_time),
            self.rtl_time.as_secs_f64(),
            self.golden_time.as_secs_f64()
        )?;
        if let Some(wall) = self.wall {
            write!(
                f,
                "\n  elapsed, all models in parallel: {:.2} M samples/s ({:.1} s)",
                per_s(self.samples, wall),
                wall.as_secs_f64()
            )?;
        }
        Ok(())
    }
}
