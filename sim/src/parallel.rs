//! Scenarios spread over several verilated models, one per thread: the
//! co-simulation's speed on a machine with more than one core.

use crate::bridge::{Model, Rtl};
use crate::cosim::{run, Scenario, Waves};
use crate::error::SimError;
use crate::figures::Figures;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Worker threads: $BRAINWIRE_SIM_JOBS, else the number of cores.
pub fn jobs() -> usize {
    std::env::var("BRAINWIRE_SIM_JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&j| j >= 1)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Runs every scenario on `jobs` threads, each with its own model, longest
/// first so that no thread is left with a long one at the end; returns each
/// scenario's figures (in the order given) and the wall-clock time of the
/// whole run. On a mismatch the other workers stop and the failing scenario
/// of lowest index is reported.
pub fn run_all(
    scenarios: &[&Scenario],
    waves: &Waves,
    jobs: usize,
) -> Result<(Vec<Figures>, Duration), SimError> {
    run_all_on(Model::Implant, scenarios, waves, jobs)
}

/// `run_all` on models of `model`.
pub fn run_all_on(
    model: Model,
    scenarios: &[&Scenario],
    waves: &Waves,
    jobs: usize,
) -> Result<(Vec<Figures>, Duration), SimError> {
    let start = Instant::now();
    let mut order: Vec<usize> = (0..scenarios.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(cost(scenarios[i])));
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let figures = Mutex::new(vec![Figures::default(); scenarios.len()]);
    let first_error = Mutex::new(None::<(usize, SimError)>);
    std::thread::scope(|s| {
        for _ in 0..jobs.clamp(1, scenarios.len().max(1)) {
            s.spawn(|| {
                let mut rtl = match Rtl::of(model) {
                    Ok(r) => r,
                    Err(e) => return record(&first_error, &stop, 0, e),
                };
                while !stop.load(Ordering::Relaxed) {
                    let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) else {
                        break;
                    };
                    match run(&mut rtl, scenarios[i], waves) {
                        Ok(f) => figures.lock().unwrap()[i] = f,
                        Err(e) => return record(&first_error, &stop, i, e),
                    }
                }
            });
        }
    });
    match first_error.into_inner().unwrap() {
        Some((_, e)) => Err(e),
        None => Ok((figures.into_inner().unwrap(), start.elapsed())),
    }
}

/// A scenario's expected cost in cycles: its samples, and the state RAM sweep
/// after each reset.
fn cost(sc: &Scenario) -> usize {
    let sweep = golden::profile::MAX_CHANNELS;
    sc.segments
        .iter()
        .map(|seg| seg.samples.len() + sweep)
        .sum()
}

fn record(slot: &Mutex<Option<(usize, SimError)>>, stop: &AtomicBool, i: usize, e: SimError) {
    stop.store(true, Ordering::Relaxed);
    let mut slot = slot.lock().unwrap();
    if slot.as_ref().is_none_or(|(j, _)| i < *j) {
        *slot = Some((i, e));
    }
}
