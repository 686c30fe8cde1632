//! The top level (`brainwire_encoder`): the control block, the front end
//! (s1..s7, with the forwarding), the back end (s8..s12, coder, packer and
//! output FIFO) and the state RAM between them. A sample sits in register sK
//! during cycle K after its accept; see rtl/README.md for the pipeline.

use crate::back::{BackEnd, BACK_STAGES};
use crate::control::Control;
#[cfg(feature = "profile-delta")]
use crate::delta_front::{DeltaFront as FrontEnd, FRONT_STAGES};
/// Stages ahead of s1 where a sample finds its channel's state in flight
/// instead of in the state RAM (`STATE_REACH`) and the predictor RAM
/// (`PREDICTOR_REACH`): within them it skips the read, and a sample writes
/// back only with none of its channel that many stages behind.
#[cfg(feature = "profile-delta")]
pub use crate::delta_front::{REACH as STATE_REACH, REACH as PREDICTOR_REACH};
#[cfg(not(feature = "profile-delta"))]
pub use crate::forward::{PREDICTOR_REACH, REACH as STATE_REACH};
#[cfg(not(feature = "profile-delta"))]
use crate::front::{FrontEnd, FRONT_STAGES};
use crate::layout::{PREDICTOR_RAM_BITS, STATE_RAM_BITS};
use crate::params::*;
use crate::state_ram::StateRam;
use rust_hdl::prelude::*;

/// The implant encoder.
#[derive(LogicBlock, Default)]
pub struct Encoder {
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: empties the pipeline, then sweeps the state RAM.
    pub reset: Signal<In, bool>,
    /// Channels minus one (stable; takes effect at reset).
    pub channels_minus_one: Signal<In, Bits<CHANNEL_BITS>>,
    /// Samples per block minus one: the payload layout's B - 1 (a channel's
    /// B samples come back to back; stable, takes effect at reset).
    pub block_minus_one: Signal<In, Bits<BLOCK_BITS>>,
    /// Next sample (channel `floor(i / B) mod N`).
    pub in_sample: Signal<In, Bits<SAMPLE_BITS>>,
    pub in_valid: Signal<In, bool>,
    pub in_ready: Signal<Out, bool>,
    /// One-clock pulse after the last sample: emit the pending bits.
    pub flush: Signal<In, bool>,
    /// Output word, MSB first.
    pub out_word: Signal<Out, Bits<WORD_BITS>>,
    /// Valid bits of `out_word` (32 except in the last word).
    pub out_bits: Signal<Out, Bits<WORD_LEN_BITS>>,
    /// The flushed last word.
    pub out_last: Signal<Out, bool>,
    pub out_valid: Signal<Out, bool>,
    pub out_ready: Signal<In, bool>,
    /// Handshake, channel counter, flush, pipeline tokens, RAM sweep.
    control: Control,
    /// s1..s7: grid, state read, prediction, residual, context, write-back.
    front: FrontEnd,
    /// s8..s12: symbol, code ROM, field, packer, FIFO.
    back: BackEnd,
    /// The per-channel state in two RAMs (layout.rs), each its own module and
    /// instance name for the ASIC flow; public so that tests can count their
    /// accesses. The predictor RAM: last code, deltas, weights, old delta signs.
    pub predictor_ram: StateRam<PREDICTOR_RAM_BITS>,
    /// The state RAM: residual signs, activity, raw flag.
    pub state_ram: StateRam<STATE_RAM_BITS>,
}

const _: () = assert!(FRONT_STAGES + BACK_STAGES == PIPELINE_STAGES);

impl Logic for Encoder {
    #[hdl_gen]
    fn update(&mut self) {
        self.control.clock.next = self.clock.val();
        self.front.clock.next = self.clock.val();
        self.back.clock.next = self.clock.val();
        self.predictor_ram.read_clock.next = self.clock.val();
        self.predictor_ram.write_clock.next = self.clock.val();
        self.state_ram.read_clock.next = self.clock.val();
        self.state_ram.write_clock.next = self.clock.val();

        // Control: handshake, tokens, the RAM sweep.
        self.control.reset.next = self.reset.val();
        self.control.channels_minus_one.next = self.channels_minus_one.val();
        self.control.block_minus_one.next = self.block_minus_one.val();
        self.control.in_valid.next = self.in_valid.val();
        self.control.flush.next = self.flush.val();
        self.control.fifo_count.next = self.back.fifo_count.val();
        self.in_ready.next = self.control.in_ready.val();

        // Front end and the state RAM.
        self.front.advance.next = self.control.advance.val();
        self.front.accept.next = self.control.accept.val();
        self.front.channel.next = self.control.channel.val();
        self.front.sample.next = self.in_sample.val();
        for i in 0..FRONT_STAGES {
            self.front.valid[i].next = self.control.valid[i].val();
        }
        self.predictor_ram.read_enable.next = self.front.read_predictor_enable.val();
        self.predictor_ram.read_address.next = self.front.read_address.val();
        self.front.read_predictor_data.next = self.predictor_ram.read_data.val();
        self.state_ram.read_enable.next = self.front.read_enable.val();
        self.state_ram.read_address.next = self.front.read_address.val();
        self.front.read_data.next = self.state_ram.read_data.val();
        self.control.write_predictor_enable.next = self.front.write_predictor_enable.val();
        self.control.write_predictor_address.next = self.front.write_predictor_address.val();
        self.control.write_predictor_data.next = self.front.write_predictor_data.val();
        self.control.write_enable.next = self.front.write_enable.val();
        self.control.write_address.next = self.front.write_address.val();
        self.control.write_data.next = self.front.write_data.val();
        self.predictor_ram.write_enable.next = self.control.predictor_write_enable.val();
        self.predictor_ram.write_address.next = self.control.predictor_write_address.val();
        self.predictor_ram.write_data.next = self.control.predictor_write_data.val();
        self.state_ram.write_enable.next = self.control.ram_write_enable.val();
        self.state_ram.write_address.next = self.control.ram_write_address.val();
        self.state_ram.write_data.next = self.control.ram_write_data.val();

        // Back end.
        self.back.reset.next = self.reset.val();
        self.back.advance.next = self.control.advance.val();
        // The back end's tokens follow the front end's. (An index in an
        // hdl_gen body names loop variables only, so the offset is one.)
        for first in FRONT_STAGES..(FRONT_STAGES + 1) {
            for i in 0..BACK_STAGES {
                self.back.valid[i].next = self.control.valid[i + first].val();
            }
        }
        self.back.flushing.next = self.control.flushing.val();
        self.back.sample.next = self.front.coded_sample.val();
        self.back.on_grid.next = self.front.on_grid.val();
        self.back.raw_mode.next = self.front.raw_mode.val();
        self.back.zigzag.next = self.front.zigzag.val();
        self.back.k.next = self.front.k.val();
        self.back.code_table.next = self.front.code_table.val();
        self.back.out_ready.next = self.out_ready.val();
        self.out_word.next = self.back.out_word.val();
        self.out_bits.next = self.back.out_bits.val();
        self.out_last.next = self.back.out_last.val();
        self.out_valid.next = self.back.out_valid.val();
    }
}

/// Name of the generated top module.
pub const TOP_MODULE: &str = "brainwire_encoder";

/// The Verilog of the encoder, top module renamed from rust-hdl's fixed `top`.
pub fn verilog() -> String {
    let mut uut = Encoder::default();
    uut.connect_all();
    named_verilog(&uut, TOP_MODULE)
}

/// The Verilog of top block `uut` with its module named `top_module` (rust-hdl
/// always names it `top`), headed by where it came from.
pub fn named_verilog(uut: &impl Block, top_module: &str) -> String {
    let v = generate_verilog(uut);
    let v = v
        .replace("module top(", &format!("module {top_module}("))
        .replace("top$", &format!("{top_module}$"));
    format!(
        "// Generated by `cargo run -p brainwire-rtl --bin gen-verilog` from the golden\n\
         // profile {}: do not edit. See rtl/README.md.\n{v}",
        PROFILE.name
    )
}
