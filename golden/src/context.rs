//! The coding context: the activity accumulator, and the Rice parameter and
//! code table it selects (mirrors `rtl/src/activity.rs`).

use crate::grid::CODES;
use crate::profile::{Profile, FRAC_BITS};
use alloc::vec::Vec;

/// Code table of the first quiet context (`k = 0`): tables below it belong
/// to the contexts with `k > 0`, one per fraction.
pub const QUIET_FIRST_TABLE: usize = 1 << FRAC_BITS;
/// Quiet contexts `(lg << FRAC_BITS) + frac` below this (the two lowest
/// octaves) share the first quiet table.
pub const QUIET_SKIPPED: u32 = 2 << FRAC_BITS;

/// The activity after a sample of zigzag residual `m`: `A + m - (A >> activity_shift)`.
#[inline(always)]
pub const fn next_activity(p: &Profile, activity: u32, m: u32) -> u32 {
    activity + m - (activity >> p.model.activity_shift)
}

/// Rice parameter and code table for activity `a`.
///
/// `v = a >> context_shift` (`Model::context_shift`) is eight times the mean zigzag residual.
/// With `lg = floor(log2 v)` and `frac` the `FRAC_BITS` bits below its leading
/// one, `k = lg - k_offset` when positive, and the table is `frac` (the shape
/// repeats every octave). Quieter contexts have `k = 0` and a table of their
/// own for each quarter octave above the two lowest octaves.
#[inline]
pub const fn context(p: &Profile, a: u32) -> (u32, usize) {
    let v = a >> p.model.context_shift();
    let lg = if v == 0 { 0 } else { 31 - v.leading_zeros() };
    let frac = if lg >= FRAC_BITS {
        (v >> (lg - FRAC_BITS)) & ((1 << FRAC_BITS) - 1)
    } else {
        0
    };
    if lg > p.model.k_offset {
        (lg - p.model.k_offset, frac as usize)
    } else {
        let ctx = (lg << FRAC_BITS) + frac;
        (
            0,
            QUIET_FIRST_TABLE + ctx.saturating_sub(QUIET_SKIPPED) as usize,
        )
    }
}

/// A coding context in one word: Rice parameter `k`, code table, and the
/// context's number among those of its profile (which indexes per-context
/// tables).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Context(u32);

impl Context {
    /// `k` is at most 12 and `table` below 4096 (see `Profile`).
    const fn new(k: u32, table: usize, index: usize) -> Self {
        Context((index as u32) << 16 | (table as u32) << 4 | k)
    }

    pub const fn k(self) -> u32 {
        self.0 & 0xF
    }

    pub const fn table(self) -> usize {
        (self.0 >> 4 & 0xFFF) as usize
    }

    /// The context's number, below `ContextTable::count`.
    pub const fn index(self) -> usize {
        (self.0 >> 16) as usize
    }
}

/// Most contexts a profile has: at most 4 per octave of `8 * mean`, which is
/// below `2^13`.
pub const MAX_CONTEXTS: usize = 64;

/// Entries of a `ContextTable`: `a >> context_shift` is below this.
const ACTIVITY_STEPS: usize = 8 * CODES as usize;

/// `context` of every activity, for software speed (`context` is the
/// definition), with the contexts numbered in order of activity.
pub struct ContextTable {
    /// Indexed by `a >> context_shift`, which is below `8 * CODES`.
    contexts: alloc::boxed::Box<[Context; ACTIVITY_STEPS]>,
    count: usize,
}

impl ContextTable {
    pub fn new(p: &Profile) -> Self {
        let shift = p.model.context_shift();
        let mut contexts: Vec<Context> = Vec::with_capacity(ACTIVITY_STEPS);
        let mut count = 0;
        for v in 0..ACTIVITY_STEPS as u32 {
            let (k, table) = context(p, v << shift);
            // Each change of context starts a new number (a context recurring
            // later would get a second number: harmless, it never does).
            match contexts.last() {
                Some(&c) if (c.k(), c.table()) == (k, table) => contexts.push(c),
                _ => {
                    contexts.push(Context::new(k, table, count));
                    count += 1;
                }
            }
        }
        assert!(count <= MAX_CONTEXTS);
        ContextTable {
            contexts: contexts.into_boxed_slice().try_into().unwrap(),
            count,
        }
    }

    /// How many contexts there are.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Every context once, in the order of their numbers.
    pub fn distinct(&self) -> impl Iterator<Item = Context> + '_ {
        // Numbered in order of first occurrence: each number first appears
        // right after the one before it.
        let mut next = 0;
        self.contexts.iter().copied().filter(move |c| {
            let first = c.index() == next;
            next += first as usize;
            first
        })
    }

    /// The context of activity `a` (which is below `CODES << activity_shift`)
    /// in profile `p`, the one the table was built for. Given the profile
    /// rather than holding its shift, so that a constant profile's shift is
    /// an immediate.
    #[inline(always)]
    pub fn get(&self, p: &Profile, a: u32) -> Context {
        // The mask keeps every index in bounds without a check; it changes
        // nothing for a valid activity.
        self.contexts[(a >> p.model.context_shift()) as usize % ACTIVITY_STEPS]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::PROFILES;

    #[test]
    fn context_stays_in_range_for_every_activity() {
        for p in PROFILES {
            let top = 1023u32 << p.model.activity_shift;
            for a in 0..=top {
                let (k, t) = context(p, a);
                assert!(
                    k <= p.model.max_k() && t < p.model.tables(),
                    "{} a={a}",
                    p.name
                );
            }
        }
    }

    #[test]
    fn context_table_is_context_for_every_activity() {
        for p in PROFILES {
            let table = ContextTable::new(p);
            let mut numbers = std::collections::BTreeMap::new();
            for a in 0..=1023u32 << p.model.activity_shift {
                let c = table.get(p, a);
                assert_eq!((c.k(), c.table()), context(p, a), "{} a={a}", p.name);
                assert!(c.index() < table.count());
                // One number per context, one context per number.
                assert_eq!(*numbers.entry(c.index()).or_insert(c), c, "{}", p.name);
            }
            assert_eq!(numbers.len(), table.count(), "{}", p.name);
            let distinct: Vec<Context> = table.distinct().collect();
            assert_eq!(
                distinct,
                numbers.into_values().collect::<Vec<_>>(),
                "{}",
                p.name
            );
        }
    }
}
