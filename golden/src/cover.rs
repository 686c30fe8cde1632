//! A one-channel stream whose coding uses every symbol of every code table:
//! each quotient and both escapes, in every table's context. Golden vectors
//! and the RTL co-simulation use it, so that a changed code length or code
//! word of any table changes a committed vector and is seen by co-simulation.
//!
//! The stream steers the channel: the activity update `A += m - (A >> s)`
//! is solved for the zigzag residual `m` that moves `A` into the wanted
//! table's context, the sample is the grid code `prediction + unzigzag(m)`,
//! then the wanted symbol is written with `m = quotient << k` (the off-grid
//! escape with a sample off the grid).

use crate::channel::{context, next_activity, unzigzag, ChannelState};
use crate::codetable::EncodeTable;
use crate::grid::{code_to_sample, on_grid, CODES};
use crate::payload::{encode_sample, SymbolCounts};
use crate::profile::{Profile, ESC_LARGE, ESC_OFFGRID, QUOTIENTS, SYMBOLS};
use alloc::vec::Vec;

/// Largest zigzag residual.
const M_MAX: u32 = CODES - 1;
/// Steering samples allowed per target before giving up on it.
const STEPS: usize = 4096;

/// The activities a channel can reach: from the initial one, zero residuals
/// decay it only down to the value where `A >> s` is 0, and the largest
/// residual raises it up to `M_MAX << s`. Below the floor lie contexts (and
/// tables) no stream ever uses.
pub fn reachable_activities(p: &Profile) -> core::ops::RangeInclusive<u32> {
    let mut floor = ChannelState::new(p).activity;
    while next_activity(p, floor, 0) < floor {
        floor = next_activity(p, floor, 0);
    }
    floor..=M_MAX << p.model.activity_shift
}

/// The tables some reachable activity selects.
pub fn reachable_tables(p: &Profile) -> Vec<bool> {
    let mut reach = alloc::vec![false; p.model.tables()];
    for a in reachable_activities(p) {
        reach[context(p, a).1] = true;
    }
    reach
}

/// Where a table is coded with its smallest Rice parameter: (k, an activity
/// in the middle of the first run of reachable activities with that table and k).
fn host(p: &Profile, table: usize) -> Option<(u32, u32)> {
    let (mut a, top) = reachable_activities(p).into_inner();
    let mut best: Option<(u32, u32, u32)> = None; // (k, first, last)
    while a <= top {
        let (k, t) = context(p, a);
        if t == table && best.is_none_or(|(bk, _, _)| k < bk) {
            let first = a;
            while a < top && context(p, a + 1) == (k, t) {
                a += 1;
            }
            best = Some((k, first, a));
        }
        a += 1;
    }
    best.map(|(k, first, last)| (k, first + (last - first) / 2))
}

/// The sample whose grid code has zigzag residual `m` against `state`'s prediction.
fn sample_with_residual(p: &Profile, state: &ChannelState, m: u32) -> i16 {
    let prediction = state.predict(p) as i32;
    let code = (prediction + unzigzag(m)).rem_euclid(CODES as i32) as u32;
    code_to_sample(code)
}

/// A sample off the grid near `state`'s prediction.
fn off_grid_sample(p: &Profile, state: &ChannelState) -> i16 {
    let near = code_to_sample(state.predict(p));
    (1..)
        .map(|d| near.wrapping_add(d))
        .find(|&s| !on_grid(s))
        .expect("the grid is not every value")
}

/// The stream, and how often it used each symbol of each table.
pub fn every_symbol_stream(p: &Profile) -> (Vec<i16>, SymbolCounts) {
    let tables: Vec<EncodeTable> = p.code_lengths.iter().map(EncodeTable::new).collect();
    let mut state = ChannelState::new(p);
    let mut used = SymbolCounts::new(p);
    let mut out = Vec::new();
    let mut push = |state: &mut ChannelState, used: &mut SymbolCounts, s: i16| {
        encode_sample(p, &tables, state, s, used);
        out.push(s);
    };
    for table in 0..p.model.tables() {
        let Some((k, target)) = host(p, table) else {
            continue;
        };
        for symbol in 0..SYMBOLS {
            let m = match symbol {
                ESC_OFFGRID => 0,
                ESC_LARGE => QUOTIENTS as u32 + 1,
                q => q as u32,
            } << k;
            if m > M_MAX || used.counts[table][symbol] > 0 {
                continue;
            }
            for _ in 0..STEPS {
                let (ck, ct) = context(p, state.activity);
                if (ck, ct) == (k, table) && !state.raw_mode {
                    break;
                }
                // Steer: the residual that lands the activity on the target.
                let a = state.activity;
                let m = (target + (a >> p.model.activity_shift))
                    .saturating_sub(a)
                    .min(M_MAX);
                let s = sample_with_residual(p, &state, m);
                push(&mut state, &mut used, s);
            }
            let s = if symbol == ESC_OFFGRID {
                off_grid_sample(p, &state)
            } else {
                sample_with_residual(p, &state, m)
            };
            push(&mut state, &mut used, s);
        }
    }
    // Raw mode kept over several off-grid samples, then left.
    for _ in 0..4 {
        let s = off_grid_sample(p, &state);
        push(&mut state, &mut used, s);
    }
    let s = sample_with_residual(p, &state, 0);
    push(&mut state, &mut used, s);
    (out, used)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::IMPLANT;

    #[test]
    fn activity_never_decays_below_the_floor() {
        let r = reachable_activities(&IMPLANT);
        assert_eq!(next_activity(&IMPLANT, *r.start(), 0), *r.start());
        assert!(next_activity(&IMPLANT, *r.start() + 1, 0) <= *r.start() + 1);
        // The implant's three quietest k = 0 tables lie below the floor.
        let reach = reachable_tables(&IMPLANT);
        assert_eq!(reach.iter().filter(|&&r| !r).count(), 3, "{reach:?}");
    }

    #[test]
    fn the_stream_uses_every_symbol_of_every_reachable_implant_table() {
        let (stream, used) = every_symbol_stream(&IMPLANT);
        let reach = reachable_tables(&IMPLANT);
        for (t, row) in used.counts.iter().enumerate() {
            for (s, &n) in row.iter().enumerate() {
                assert_eq!(n > 0, reach[t], "table {t} symbol {s} used {n} times");
            }
        }
        assert!(stream.len() < 200_000, "{} samples", stream.len());
    }
}
