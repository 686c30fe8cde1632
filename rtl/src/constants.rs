//! Elaboration-time constants for the hdl_gen blocks (rust-hdl emits them as
//! `localparam`s; a Rust `const` cannot be read inside an `#[hdl_gen]` body).

use rust_hdl::prelude::*;

/// A constant of `N` bits holding the low bits of `v`.
pub fn constant<const N: usize>(v: u128) -> Constant<Bits<N>> {
    Constant::new(to_bits::<N>(v))
}

/// The low `N` bits of `v` as rust-hdl bits.
pub fn to_bits<const N: usize>(v: u128) -> Bits<N> {
    let mut b = Bits::<N>::default();
    for i in 0..N.min(128) {
        if (v >> i) & 1 == 1 {
            b = b | (bits::<N>(1) << (i as u64));
        }
    }
    b
}

/// A bit offset or shift amount (offsets stay below 256 here).
pub fn offset(v: usize) -> Constant<Bits<8>> {
    constant::<8>(v as u128)
}
