//! Functional coverage of the co-simulation: what the checked streams made
//! the design do. Every bin is declared up front, so a bin no stimulus hits
//! shows as 0 and fails `make cosim`.
//!
//! Bins from golden's model of the checked streams (the RTL matched it bit
//! for bit): every symbol of every reachable code table (both escapes
//! included), raw mode entered, kept and left, each LMS weight saturated at
//! each bound. From the interface driver (csrc/driver.cpp): each forwarding
//! distance of each loop field, FIFO full, empty and stalled, reset and flush
//! in each pipeline and FIFO state. From the segments: each class of N.

use crate::bridge::Model;
use golden::channel::ChannelState;
use golden::codetable::EncodeTable;
use golden::payload::{encode_sample, SymbolCounts};
use golden::profile::{MAX_CHANNELS, SYMBOLS};
use golden::IMPLANT;
use std::fmt;

/// Pipeline distances over which each loop field is forwarded (rtl/README.md,
/// "Forwarding"): history and weights from s3..s8, the residual-sign queue
/// from s6..s8 into s5, activity from s7, s8 into s6. Farther: the state RAM.
/// The bin groups only the interface driver hits (`declare_interface`
/// declares them, with the classes of N, which every stream hits).
pub const DRIVER_GROUPS: [&str; 4] = ["forwarding", "FIFO", "reset in state", "flush in state"];
const FORWARDING: [(&str, u64); 4] = [
    ("history", 6),
    ("weights", 6),
    ("residual signs", 3),
    ("activity", 2),
];
/// Pipeline depth, in stages (rtl/README.md).
const DEPTH: usize = 13;

/// Names of the driver's pipeline/FIFO state classes (csrc/driver.cpp, state_of).
pub fn state_name(i: usize) -> String {
    match i {
        0 => "RAM sweep".into(),
        1 => "flush pending".into(),
        2 => "after out_last".into(),
        3 => "FIFO full".into(),
        4..=16 => format!("newest sample in s{}", i - 3),
        _ => "pipeline empty".into(),
    }
}

/// The classes of channel count the sweeps must cover.
pub fn n_class(n: usize) -> &'static str {
    match n {
        1 => "N = 1",
        2..=6 => "N 2..6 (same channel within the forwarding reach)",
        7..=DEPTH => "N 7..13 (within the pipeline)",
        MAX_CHANNELS => "N = 1024",
        _ if n.is_power_of_two() => "N a power of two",
        _ if (n - 1).is_power_of_two() => "N a power of two + 1",
        _ if (n + 1).is_power_of_two() => "N a power of two - 1",
        _ if n % 16 == 1 => "N = 16k + 1",
        _ => "N other",
    }
}

/// One channel count of each class of `n_class`.
pub(crate) const N_CLASSES: [usize; 9] = [1, 3, 8, 1024, 64, 65, 63, 49, 100];

#[derive(Clone, Debug)]
pub struct Coverage {
    /// (group, bin, hits), in declaration order.
    bins: Vec<(&'static str, String, u64)>,
}

impl Default for Coverage {
    fn default() -> Self {
        Self::new()
    }
}

impl Coverage {
    /// Every bin, at 0.
    pub fn new() -> Coverage {
        let mut c = Coverage::empty();
        let reach = golden::cover::reachable_tables(&IMPLANT);
        for (t, _) in reach.iter().enumerate().filter(|r| *r.1) {
            for s in 0..SYMBOLS {
                c.declare("code table", format!("table {t} symbol {s}"));
            }
        }
        for what in ["entered", "kept", "left"] {
            c.declare("raw mode", what.into());
        }
        for i in 0..IMPLANT.model.taps {
            for bound in ["high", "low"] {
                c.declare("weight saturation", format!("weight {i} {bound}"));
            }
        }
        c.declare_interface();
        c
    }

    /// Every bin of `model`'s encoder, at 0.
    pub fn of(model: Model) -> Coverage {
        match model {
            Model::Implant => Coverage::new(),
            Model::Ratio => Coverage::ratio(),
        }
    }

    /// Golden's view of a checked stream of `n` channels through `model`'s encoder.
    pub fn stream_of(&mut self, model: Model, samples: &[i16], n: usize) {
        match model {
            Model::Implant => self.stream(samples, n),
            Model::Ratio => self.ratio_stream(samples, n),
        }
    }

    /// The bins both encoders share (the same control and front end): the
    /// front end's forwarding distances, the FIFO, the channel counts and
    /// the interface driver's resets and flushes.
    pub(crate) fn declare_interface(&mut self) {
        for (field, reach) in FORWARDING {
            for d in 1..=reach {
                self.declare("forwarding", format!("{field} from {d} ahead"));
            }
        }
        self.declare("forwarding", "state from the RAM".into());
        for what in ["full", "empty", "word held (out_ready low)"] {
            self.declare("FIFO", what.into());
        }
        for n in N_CLASSES {
            self.declare("channel count", n_class(n).into());
        }
        for i in 0..18 {
            self.declare("reset in state", state_name(i));
        }
        // Flush comes on a clock without a sample, never while one is pending.
        for i in (0..18).filter(|&i| i != 1 && i != 2) {
            self.declare("flush in state", state_name(i));
        }
    }

    /// No bins (the ratio encoder's are declared in coverage_ratio.rs).
    pub(crate) fn empty() -> Coverage {
        Coverage { bins: Vec::new() }
    }

    pub(crate) fn declare(&mut self, group: &'static str, bin: String) {
        self.bins.push((group, bin, 0));
    }

    /// Adds `n` hits to a declared bin (an undeclared one is a bug here).
    pub fn hit(&mut self, group: &str, bin: &str, n: u64) {
        match self.bins.iter_mut().find(|b| b.0 == group && b.1 == bin) {
            Some(b) => b.2 += n,
            None => panic!("coverage bin {group}: {bin} was never declared"),
        }
    }

    pub fn add(&mut self, o: &Coverage) {
        for (mine, theirs) in self.bins.iter_mut().zip(&o.bins) {
            mine.2 += theirs.2;
        }
    }

    /// The bins never hit, as "group: bin".
    pub fn missing(&self) -> Vec<String> {
        self.bins
            .iter()
            .filter(|b| b.2 == 0)
            .map(|b| format!("{}: {}", b.0, b.1))
            .collect()
    }

    /// Golden's view of a checked stream of `n` channels.
    pub fn stream(&mut self, samples: &[i16], n: usize) {
        let p = &IMPLANT;
        let tables: Vec<EncodeTable> = p.code_lengths.iter().map(EncodeTable::new).collect();
        let mut states = vec![ChannelState::new(p); n];
        let mut used = SymbolCounts::new(p);
        let limit = (1i16 << (p.model.weight_bits - 1)) - 1;
        let (mut entered, mut kept, mut left) = (0, 0, 0);
        let mut high = [0u64; 16];
        let mut low = [0u64; 16];
        for (i, &s) in samples.iter().enumerate() {
            let st = &mut states[i % n];
            let was_raw = st.raw_mode;
            encode_sample(p, &tables, st, s, &mut used);
            match (was_raw, st.raw_mode) {
                (false, true) => entered += 1,
                (true, true) => kept += 1,
                (true, false) => left += 1,
                _ => {}
            }
            for w in 0..p.model.taps {
                high[w] += (st.weights[w] == limit) as u64;
                low[w] += (st.weights[w] == -limit - 1) as u64;
            }
        }
        for (t, row) in used.counts.iter().enumerate() {
            for (s, &k) in row.iter().enumerate().filter(|x| *x.1 > 0) {
                self.hit("code table", &format!("table {t} symbol {s}"), k);
            }
        }
        self.hit("raw mode", "entered", entered);
        self.hit("raw mode", "kept", kept);
        self.hit("raw mode", "left", left);
        for w in 0..p.model.taps {
            self.hit("weight saturation", &format!("weight {w} high"), high[w]);
            self.hit("weight saturation", &format!("weight {w} low"), low[w]);
        }
    }

    /// Forwarding distances of a segment of `n` channels: `advance[i]` is the
    /// number of pipeline advances before sample i was taken.
    pub fn forwarding(&mut self, advance: &[u64], n: usize) {
        for i in n..advance.len() {
            let d = advance[i] - advance[i - n];
            let mut from_ram = true;
            for (field, reach) in FORWARDING {
                if (1..=reach).contains(&d) {
                    self.hit("forwarding", &format!("{field} from {d} ahead"), 1);
                    from_ram = false;
                }
            }
            if from_ram {
                self.hit("forwarding", "state from the RAM", 1);
            }
        }
    }
}

impl fmt::Display for Coverage {
    /// One line per group (bins hit / declared, fewest hits), then every
    /// non-table bin with its count; code tables as one line per table.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut groups: Vec<&str> = self.bins.iter().map(|b| b.0).collect();
        groups.dedup();
        writeln!(f, "coverage:")?;
        for g in groups {
            let bins: Vec<_> = self.bins.iter().filter(|b| b.0 == g).collect();
            let hit = bins.iter().filter(|b| b.2 > 0).count();
            writeln!(f, "  {g}: {hit}/{} bins hit", bins.len())?;
            if g == "code table" {
                for chunk in bins.chunks(SYMBOLS) {
                    let name = chunk[0].1.split(" symbol").next().unwrap_or("");
                    let h = chunk.iter().filter(|b| b.2 > 0).count();
                    let least = chunk.iter().map(|b| b.2).min().unwrap_or(0);
                    writeln!(
                        f,
                        "    {name}: {h}/{} symbols, fewest hits {least}",
                        chunk.len()
                    )?;
                }
            } else {
                for b in bins {
                    writeln!(f, "    {:<52} {}", b.1, b.2)?;
                }
            }
        }
        Ok(())
    }
}
