//! A per-channel state memory of `W`-bit words (the predictor RAM and the
//! state RAM, layout.rs): a primitive leaf (Verilog text), 2^CHANNEL_BITS
//! words, synchronous read with a read enable (the read data holds when not
//! reading, so idle clocks do not access the memory), one write port. A read
//! of the address written on the same edge is undefined (`no_rw_check` for
//! synthesis, poisoned in the rust-hdl model): the encoder never uses such a
//! word (it forwards the written one instead, front.rs). Its own module, so
//! ASIC synthesis can swap in an SRAM macro.

use crate::params::CHANNEL_BITS;
use rust_hdl::prelude::*;
use std::collections::BTreeMap;

#[derive(LogicBlock, Default)]
pub struct StateRam<const W: usize> {
    pub read_clock: Signal<In, Clock>,
    /// Read on this edge (an accepted sample needs its channel's state).
    pub read_enable: Signal<In, bool>,
    pub read_address: Signal<In, Bits<CHANNEL_BITS>>,
    pub read_data: Signal<Out, Bits<W>>,
    pub write_clock: Signal<In, Clock>,
    pub write_enable: Signal<In, bool>,
    pub write_address: Signal<In, Bits<CHANNEL_BITS>>,
    pub write_data: Signal<In, Bits<W>>,
    /// Simulation contents.
    _mem: Box<BTreeMap<Bits<CHANNEL_BITS>, Bits<W>>>,
}

impl<const W: usize> Logic for StateRam<W> {
    fn update(&mut self) {
        if self.read_clock.pos_edge() && self.read_enable.val() {
            self.read_data.next = self
                ._mem
                .get(&self.read_address.val())
                .copied()
                .unwrap_or_default();
            // A read that collides with a write is undefined in the block RAM
            // (`no_rw_check`): poison it, so the tests fail if the encoder used it.
            if self.write_enable.val() && self.write_address.val() == self.read_address.val() {
                self.read_data.next = !Bits::<W>::default();
            }
        }
        if self.write_clock.pos_edge() && self.write_enable.val() {
            self._mem
                .insert(self.write_address.val(), self.write_data.val());
        }
    }

    fn connect(&mut self) {
        self.read_data.connect();
    }

    fn hdl(&self) -> Verilog {
        Verilog::Custom(format!(
            "// no_rw_check: the encoder never uses the word read on the clock that writes
// the same channel (it forwards the written word instead), so synthesis
// need not emulate read-before-write with registers around the block RAM.
(* no_rw_check *)
reg[{d}:0] mem[{a}:0];

always @(posedge read_clock) begin
   if (read_enable) begin
      read_data <= mem[read_address];
   end
end

always @(posedge write_clock) begin
   if (write_enable) begin
      mem[write_address] <= write_data;
   end
end",
            d = W - 1,
            a = (1usize << CHANNEL_BITS) - 1
        ))
    }

    fn timing(&self) -> Vec<TimingInfo> {
        vec![
            TimingInfo {
                name: "ram_read".into(),
                clock: "read_clock".into(),
                inputs: vec!["read_address".into(), "read_enable".into()],
                outputs: vec!["read_data".into()],
            },
            TimingInfo {
                name: "ram_write".into(),
                clock: "write_clock".into(),
                inputs: vec![
                    "write_address".into(),
                    "write_data".into(),
                    "write_enable".into(),
                ],
                outputs: vec![],
            },
        ]
    }
}
