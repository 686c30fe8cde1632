//! The rust-hdl blocks: the pipeline core (generated Verilog + cycle model)
//! and the top level, which wires the core to the per-channel state RAM.

use crate::core_verilog::core_body;
use crate::model::{Inputs, Model};
use crate::params::*;
use rust_hdl::prelude::*;

fn to_bits(v: u128) -> Bits<STATE_BITS> {
    let mut b = Bits::<STATE_BITS>::default();
    b.set_bits::<64>(0, bits::<64>(v as u64));
    b.set_bits::<{ STATE_BITS - 64 }>(64, bits::<{ STATE_BITS - 64 }>((v >> 64) as u64));
    b
}

fn from_bits(b: Bits<STATE_BITS>) -> u128 {
    b.to_u128()
}

/// The encoder pipeline: grid map, state recurrence, coder, packer, output FIFO.
#[derive(LogicBlock, Default)]
pub struct Pipeline {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, bool>,
    pub channels_minus_one: Signal<In, Bits<CHANNEL_BITS>>,
    pub in_sample: Signal<In, Bits<SAMPLE_BITS>>,
    pub in_valid: Signal<In, bool>,
    pub in_ready: Signal<Out, bool>,
    pub flush: Signal<In, bool>,
    pub out_word: Signal<Out, Bits<WORD_BITS>>,
    pub out_bits: Signal<Out, Bits<WORD_LEN_BITS>>,
    pub out_last: Signal<Out, bool>,
    pub out_valid: Signal<Out, bool>,
    pub out_ready: Signal<In, bool>,
    pub ram_read_address: Signal<Out, Bits<CHANNEL_BITS>>,
    pub ram_read_data: Signal<In, Bits<STATE_BITS>>,
    pub ram_write_address: Signal<Out, Bits<CHANNEL_BITS>>,
    pub ram_write_data: Signal<Out, Bits<STATE_BITS>>,
    pub ram_write_enable: Signal<Out, bool>,
    _model: Box<Model>,
}

impl Pipeline {
    fn inputs(&self) -> Inputs {
        Inputs {
            reset: self.reset.val(),
            channels_minus_one: self.channels_minus_one.val().index() as u32,
            in_sample: self.in_sample.val().index() as u16,
            in_valid: self.in_valid.val(),
            flush: self.flush.val(),
            out_ready: self.out_ready.val(),
            ram_read_data: from_bits(self.ram_read_data.val()),
        }
    }
}

impl Logic for Pipeline {
    fn update(&mut self) {
        let i = self.inputs();
        if self.clock.pos_edge() {
            self._model.step(&i);
        }
        let o = self._model.outputs(&i);
        self.in_ready.next = o.in_ready;
        self.out_word.next = bits(o.out_word as u64);
        self.out_bits.next = bits(o.out_bits as u64);
        self.out_last.next = o.out_last;
        self.out_valid.next = o.out_valid;
        self.ram_read_address.next = bits(o.ram_read_address as u64);
        self.ram_write_address.next = bits(o.ram_write_address as u64);
        self.ram_write_data.next = to_bits(o.ram_write_data);
        self.ram_write_enable.next = o.ram_write_enable;
    }

    fn connect(&mut self) {
        self.in_ready.connect();
        self.out_word.connect();
        self.out_bits.connect();
        self.out_last.connect();
        self.out_valid.connect();
        self.ram_read_address.connect();
        self.ram_write_address.connect();
        self.ram_write_data.connect();
        self.ram_write_enable.connect();
    }

    fn hdl(&self) -> Verilog {
        Verilog::Custom(core_body())
    }
}

/// The implant encoder: pipeline plus the per-channel state RAM.
#[derive(LogicBlock, Default)]
pub struct Encoder {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, bool>,
    pub channels_minus_one: Signal<In, Bits<CHANNEL_BITS>>,
    pub in_sample: Signal<In, Bits<SAMPLE_BITS>>,
    pub in_valid: Signal<In, bool>,
    pub in_ready: Signal<Out, bool>,
    pub flush: Signal<In, bool>,
    pub out_word: Signal<Out, Bits<WORD_BITS>>,
    pub out_bits: Signal<Out, Bits<WORD_LEN_BITS>>,
    pub out_last: Signal<Out, bool>,
    pub out_valid: Signal<Out, bool>,
    pub out_ready: Signal<In, bool>,
    pipeline: Pipeline,
    state_ram: RAM<Bits<STATE_BITS>, CHANNEL_BITS>,
}

impl Logic for Encoder {
    #[hdl_gen]
    fn update(&mut self) {
        self.pipeline.clock.next = self.clock.val();
        self.pipeline.reset.next = self.reset.val();
        self.pipeline.channels_minus_one.next = self.channels_minus_one.val();
        self.pipeline.in_sample.next = self.in_sample.val();
        self.pipeline.in_valid.next = self.in_valid.val();
        self.in_ready.next = self.pipeline.in_ready.val();
        self.pipeline.flush.next = self.flush.val();
        self.out_word.next = self.pipeline.out_word.val();
        self.out_bits.next = self.pipeline.out_bits.val();
        self.out_last.next = self.pipeline.out_last.val();
        self.out_valid.next = self.pipeline.out_valid.val();
        self.pipeline.out_ready.next = self.out_ready.val();
        self.state_ram.read_clock.next = self.clock.val();
        self.state_ram.write_clock.next = self.clock.val();
        self.state_ram.read_address.next = self.pipeline.ram_read_address.val();
        self.pipeline.ram_read_data.next = self.state_ram.read_data.val();
        self.state_ram.write_address.next = self.pipeline.ram_write_address.val();
        self.state_ram.write_data.next = self.pipeline.ram_write_data.val();
        self.state_ram.write_enable.next = self.pipeline.ram_write_enable.val();
    }
}

/// Name of the generated top module.
pub const TOP_MODULE: &str = "brainwire_encoder";

/// The Verilog of the encoder, top module renamed from rust-hdl's fixed `top`.
pub fn verilog() -> String {
    let mut uut = Encoder::default();
    uut.connect_all();
    let v = generate_verilog(&uut);
    let v = v
        .replace("module top(", &format!("module {TOP_MODULE}("))
        .replace("top$", &format!("{TOP_MODULE}$"));
    format!(
        "// Generated by `cargo run -p brainwire-rtl --bin gen-verilog` from the golden\n\
         // profile {}: do not edit. See rtl/README.md.\n{v}",
        PROFILE.name
    )
}
