//! A one-line progress bar on stderr, drawn only when stderr is a terminal.

use std::io::{IsTerminal, Write};
use std::time::Instant;

pub struct Progress {
    total: usize,
    done: usize,
    start: Instant,
    visible: bool,
}

const WIDTH: usize = 30;

impl Progress {
    pub fn new(total: usize) -> Self {
        Progress {
            total,
            done: 0,
            start: Instant::now(),
            visible: std::io::stderr().is_terminal(),
        }
    }

    /// Marks one more item done, naming it.
    pub fn tick(&mut self, item: &str) {
        self.done += 1;
        if !self.visible {
            return;
        }
        let filled = WIDTH * self.done / self.total.max(1);
        let bar = format!("{}{}", "#".repeat(filled), "-".repeat(WIDTH - filled));
        let secs = self.start.elapsed().as_secs_f64();
        let name: String = item.chars().take(40).collect();
        eprint!(
            "\r[{bar}] {}/{} {secs:.1}s {name:<40}",
            self.done, self.total
        );
        let _ = std::io::stderr().flush();
    }
}

impl Drop for Progress {
    /// Clears the bar, also when a batch stops on an error.
    fn drop(&mut self) {
        if self.visible && self.done > 0 {
            eprint!("\r{}\r", " ".repeat(WIDTH + 70));
        }
    }
}
