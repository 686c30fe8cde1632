//! What every block's unit tests share.

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
