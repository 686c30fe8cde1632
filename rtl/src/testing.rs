//! What every block's unit tests share: the synthesizability check, a
//! deterministic random source and random channel states within their widths.

use crate::params::{ACTIVITY_BITS, DELTA_BITS, PENDING, PROFILE, TAPS, WEIGHT_BITS};
use golden::channel::ChannelState;
use rust_hdl::prelude::*;

/// Asserts that block `B`, wired up on its own, passes rust-hdl's
/// `yosys_validate` under `name` (the synthesizability check).
pub fn assert_synthesizes<B: Block + Default>(name: &str) {
    let mut uut = B::default();
    uut.connect_all();
    if let Err(e) = yosys_validate(name, &generate_verilog(&uut)) {
        panic!("{name} does not synthesize: {e:?}");
    }
}

/// Deterministic pseudo-random numbers (reproducible, no dependency).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as u32
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }

    /// A signed `bits`-bit value, the extremes drawn often.
    pub fn signed(&mut self, bits: usize) -> i16 {
        let (lo, hi) = (-(1i32 << (bits - 1)), (1i32 << (bits - 1)) - 1);
        (match self.below(8) {
            0 => lo,
            1 => hi,
            2 => self.below(5) as i32 - 2,
            _ => lo + self.below((hi - lo + 1) as u32) as i32,
        }) as i16
    }

    /// A sign: -1, 0 or 1.
    pub fn sign(&mut self) -> i8 {
        self.below(3) as i8 - 1
    }
}

/// A random channel state: every field anywhere within its stored width
/// (activity up to what a stream of largest residuals reaches).
pub fn random_state(r: &mut Lcg) -> ChannelState {
    let mut s = ChannelState::new(PROFILE);
    s.last = r.below(1024) as u16;
    for i in 0..TAPS {
        s.deltas[i] = r.signed(DELTA_BITS);
        s.weights[i] = r.signed(WEIGHT_BITS);
    }
    for i in 0..PENDING {
        s.residual_signs[i] = r.sign();
        s.old_delta_signs[i] = r.sign();
    }
    let top = (1023u32 << PROFILE.model.activity_shift).min((1 << ACTIVITY_BITS) - 1);
    s.activity = match r.below(4) {
        0 => top,
        1 => r.below(64),
        _ => r.below(top + 1),
    };
    s.raw_mode = r.below(2) == 1;
    s
}

/// One clock edge of a clocked block: inputs set before it, outputs read after.
pub fn tick<B: Block>(uut: &mut B, clock: impl Fn(&mut B) -> &mut Signal<In, Clock>) {
    clock(uut).next = Clock { clk: true };
    assert!(simulate(uut, 100), "simulation did not converge");
    clock(uut).next = Clock { clk: false };
    assert!(simulate(uut, 100), "simulation did not converge");
}
