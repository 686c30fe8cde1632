//! The ratio profile's encoder (`brainwire_ratio_encoder`): `Control`, the
//! front end (`RatioFront`: s1..s7 and the coder inputs at s8), the state RAM,
//! the sample FIFO and the arithmetic coder (`crate::arith::ArithCoder`).
//! The bytes on `out_byte` are exactly `golden::ratio::encode(&RATIO,
//! samples, N)` (the payload; the container stays in software).
//!
//! The front end moves one sample a clock; the coder takes about one bin a
//! clock (about five a sample on the recordings), so the FIFO fills and the
//! whole front end holds (`Control`'s `fifo_count`) until the coder takes
//! the head. The flush token, when it leaves the pipeline, enters the FIFO
//! behind the last sample as a marker; at the head it becomes the coder's
//! flush pulse. After `flush`, the next stream starts with `reset` (the
//! coder's contexts are per stream).

use super::fifo::SampleFifo;
use super::front::RatioFront;
use crate::arith::coder::{isolate_handshakes, ArithCoder};
use crate::control::Control;
use crate::encoder::named_verilog;
use crate::front::FRONT_STAGES;
use crate::layout::{PREDICTOR_RAM_BITS, STATE_RAM_BITS};
use crate::params::*;
use crate::state_ram::StateRam;
use rust_hdl::prelude::*;

/// Bits of an output byte.
pub const BYTE_BITS: usize = 8;

#[derive(LogicBlock, Default)]
pub struct RatioEncoder {
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: a new stream (pipeline, FIFO and coder emptied,
    /// state RAM and contexts swept to their start).
    pub reset: Signal<In, bool>,
    /// Channels minus one (stable; takes effect at reset).
    pub channels_minus_one: Signal<In, Bits<CHANNEL_BITS>>,
    /// Next interleaved sample.
    pub in_sample: Signal<In, Bits<SAMPLE_BITS>>,
    pub in_valid: Signal<In, bool>,
    pub in_ready: Signal<Out, bool>,
    /// One-clock pulse after the last sample: end the payload.
    pub flush: Signal<In, bool>,
    /// Payload bytes, in order.
    pub out_byte: Signal<Out, Bits<BYTE_BITS>>,
    pub out_valid: Signal<Out, bool>,
    pub out_ready: Signal<In, bool>,
    /// The payload's last byte.
    pub out_last: Signal<Out, bool>,
    /// Handshake, channel counter, flush, pipeline tokens, RAM sweep.
    control: Control,
    /// s1..s7 and the coder inputs at s8.
    front: RatioFront,
    /// The per-channel state in two RAMs (layout.rs).
    predictor_ram: StateRam<PREDICTOR_RAM_BITS>,
    state_ram: StateRam<STATE_RAM_BITS>,
    /// Coder inputs and the flush marker, waiting for the coder (its pushes
    /// are the front end's output: the tests read them).
    pub(super) fifo: SampleFifo,
    /// Bins, contexts, range coder, bytes.
    coder: ArithCoder,
}

/// `Control`'s token of s8 (index 7), where a sample leaves the front end.
const _: () = assert!(FRONT_STAGES == 7 && PIPELINE_STAGES > FRONT_STAGES);

impl Logic for RatioEncoder {
    #[hdl_gen]
    fn update(&mut self) {
        self.control.clock.next = self.clock.val();
        self.front.clock.next = self.clock.val();
        self.fifo.clock.next = self.clock.val();
        self.coder.clock.next = self.clock.val();
        self.predictor_ram.read_clock.next = self.clock.val();
        self.predictor_ram.write_clock.next = self.clock.val();
        self.state_ram.read_clock.next = self.clock.val();
        self.state_ram.write_clock.next = self.clock.val();

        // Control: handshake, tokens, the RAM sweep; stalls on the FIFO.
        self.control.reset.next = self.reset.val();
        self.control.channels_minus_one.next = self.channels_minus_one.val();
        // The ratio profile's layout is interleaved (B = 1, FORMAT.md section 9).
        self.control.block_minus_one.next = 0.into();
        self.control.in_valid.next = self.in_valid.val();
        self.control.flush.next = self.flush.val();
        self.control.fifo_count.next = self.fifo.count.val();
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

        // s8 -> FIFO: a sample's coder inputs, or the flush marker when the
        // flush token leaves the pipeline (behind every sample).
        self.fifo.reset.next = self.reset.val();
        self.fifo.push.next = self.control.advance.val()
            && (self.control.valid[7].val() || self.control.flushing.val());
        self.fifo.push_input.next = self.front.coded.val();
        self.fifo.push_flush.next = self.control.flushing.val();

        // FIFO -> coder.
        self.coder.reset.next = self.reset.val();
        self.coder.in_valid.next = self.fifo.valid.val() && !self.fifo.head_flush.val();
        self.coder.raw_mode.next = self.fifo.head_input.val().raw_mode;
        self.coder.on_grid.next = self.fifo.head_input.val().on_grid;
        self.coder.sample.next = self.fifo.head_input.val().sample;
        self.coder.residual.next = self.fifo.head_input.val().residual;
        self.coder.level.next = self.fifo.head_input.val().level;
        self.coder.flush.next = self.fifo.valid.val() && self.fifo.head_flush.val();
        self.fifo.pop.next =
            self.coder.flush.val() || (self.coder.in_valid.val() && self.coder.in_ready.val());
        self.coder.out_ready.next = self.out_ready.val();
        self.out_byte.next = self.coder.out_byte.val();
        self.out_valid.next = self.coder.out_valid.val();
        self.out_last.next = self.coder.out_last.val();
    }
}

/// Name of the generated top module.
pub const TOP_MODULE: &str = "brainwire_ratio_encoder";

/// The Verilog of the ratio encoder (the coder's handshakes isolated for
/// Verilator, as in the coder's own Verilog).
pub fn verilog() -> String {
    let mut uut = RatioEncoder::default();
    uut.connect_all();
    isolate_handshakes(&named_verilog(&uut, TOP_MODULE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_synthesizes;

    /// (Its behaviour against golden: `ratio::bench`.)
    #[test]
    fn ratio_encoder_synthesizes() {
        assert_synthesizes::<RatioEncoder>("ratio_encoder");
    }
}
