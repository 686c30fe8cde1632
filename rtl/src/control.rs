//! Control: the input handshake, the channel counter (a channel's samples
//! come in blocks of B, the payload layout, golden::payload::Layout), the
//! flush request, the pipeline's valid and flush tokens, and the state
//! RAMs' sweep after reset.
//!
//! The whole pipeline moves together: it advances when the output FIFO has
//! room for the packer's next push (back-pressure stalls every stage alike).
//! The tokens move every clock the pipeline advances; data registers load
//! only with a sample (the front and back ends look at the valid tokens).

use crate::constants::constant;
use crate::fifo::COUNT_BITS;
use crate::layout::{initial_word, predictor_part, state_part, PREDICTOR_RAM_BITS, STATE_RAM_BITS};
use crate::params::{BLOCK_BITS, CHANNEL_BITS, FIFO_ROOM, PIPELINE_STAGES};
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct Control {
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: empties the pipeline, then sweeps the state RAM.
    pub reset: Signal<In, bool>,
    /// Channels minus one (stable; takes effect at reset).
    pub channels_minus_one: Signal<In, Bits<CHANNEL_BITS>>,
    /// Samples per block minus one (stable; takes effect at reset).
    pub block_minus_one: Signal<In, Bits<BLOCK_BITS>>,
    /// A sample is offered.
    pub in_valid: Signal<In, bool>,
    /// A sample would be accepted (depends on registers only).
    pub in_ready: Signal<Out, bool>,
    /// One-clock flush pulse.
    pub flush: Signal<In, bool>,
    /// Entries in the output FIFO.
    pub fifo_count: Signal<In, Bits<COUNT_BITS>>,
    /// The pipeline moves this clock.
    pub advance: Signal<Out, bool>,
    /// A sample is accepted this clock.
    pub accept: Signal<Out, bool>,
    /// Channel of the sample accepted this clock.
    pub channel: Signal<Out, Bits<CHANNEL_BITS>>,
    /// Stage k + 1 holds a sample (index k).
    pub valid: [Signal<Out, bool>; PIPELINE_STAGES],
    /// The last stage holds the flush token.
    pub flushing: Signal<Out, bool>,
    /// The write-backs the pipeline asks for: the predictor RAM's (s4) and
    /// the state RAM's (s7).
    pub write_predictor_enable: Signal<In, bool>,
    pub write_predictor_address: Signal<In, Bits<CHANNEL_BITS>>,
    pub write_predictor_data: Signal<In, Bits<PREDICTOR_RAM_BITS>>,
    pub write_enable: Signal<In, bool>,
    pub write_address: Signal<In, Bits<CHANNEL_BITS>>,
    pub write_data: Signal<In, Bits<STATE_RAM_BITS>>,
    /// The RAMs' write ports: the sweep, else the write-back.
    pub predictor_write_enable: Signal<Out, bool>,
    pub predictor_write_address: Signal<Out, Bits<CHANNEL_BITS>>,
    pub predictor_write_data: Signal<Out, Bits<PREDICTOR_RAM_BITS>>,
    pub ram_write_enable: Signal<Out, bool>,
    pub ram_write_address: Signal<Out, Bits<CHANNEL_BITS>>,
    pub ram_write_data: Signal<Out, Bits<STATE_RAM_BITS>>,
    /// The RAM sweep after reset is running.
    clearing: DFF<bool>,
    /// Channel the sweep writes.
    clear_ptr: DFF<Bits<CHANNEL_BITS>>,
    /// Channel of the next accepted sample.
    next_channel: DFF<Bits<CHANNEL_BITS>>,
    /// Samples of the current block accepted so far.
    in_block: DFF<Bits<BLOCK_BITS>>,
    /// A flush waits for room.
    flush_req: DFF<bool>,
    /// Stage k + 1 holds a sample / the flush token (index k).
    valid_token: [DFF<bool>; PIPELINE_STAGES],
    flush_token: [DFF<bool>; PIPELINE_STAGES],
    /// A flush is asked for (now or earlier).
    flush_any: Signal<Local, bool>,
    /// The flush token enters s1 this clock.
    inject: Signal<Local, bool>,
    /// The initial state word's parts.
    initial_predictor: Constant<Bits<PREDICTOR_RAM_BITS>>,
    initial_state: Constant<Bits<STATE_RAM_BITS>>,
    fifo_room: Constant<Bits<COUNT_BITS>>,
}

impl Default for Control {
    fn default() -> Self {
        Self {
            clock: Default::default(),
            reset: Default::default(),
            channels_minus_one: Default::default(),
            block_minus_one: Default::default(),
            in_valid: Default::default(),
            in_ready: Default::default(),
            flush: Default::default(),
            fifo_count: Default::default(),
            advance: Default::default(),
            accept: Default::default(),
            channel: Default::default(),
            valid: Default::default(),
            flushing: Default::default(),
            write_predictor_enable: Default::default(),
            write_predictor_address: Default::default(),
            write_predictor_data: Default::default(),
            write_enable: Default::default(),
            write_address: Default::default(),
            write_data: Default::default(),
            predictor_write_enable: Default::default(),
            predictor_write_address: Default::default(),
            predictor_write_data: Default::default(),
            ram_write_enable: Default::default(),
            ram_write_address: Default::default(),
            ram_write_data: Default::default(),
            clearing: Default::default(),
            clear_ptr: Default::default(),
            next_channel: Default::default(),
            in_block: Default::default(),
            flush_req: Default::default(),
            valid_token: Default::default(),
            flush_token: Default::default(),
            flush_any: Default::default(),
            inject: Default::default(),
            initial_predictor: Constant::new(predictor_part(initial_word())),
            initial_state: Constant::new(state_part(initial_word())),
            fifo_room: constant(FIFO_ROOM as u128),
        }
    }
}

impl Logic for Control {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            clearing,
            clear_ptr,
            next_channel,
            in_block,
            flush_req
        );
        for i in 0..PIPELINE_STAGES {
            self.valid_token[i].clock.next = self.clock.val();
            self.valid_token[i].d.next = self.valid_token[i].q.val();
            self.flush_token[i].clock.next = self.clock.val();
            self.flush_token[i].d.next = self.flush_token[i].q.val();
            self.valid[i].next = self.valid_token[i].q.val();
        }
        // (An index in an hdl_gen body names loop variables only: `last`
        // takes one value, the last stage.)
        for last in (PIPELINE_STAGES - 1)..PIPELINE_STAGES {
            self.flushing.next = self.flush_token[last].q.val();
        }

        // Handshake and flush.
        self.advance.next = self.fifo_count.val() <= self.fifo_room.val();
        self.in_ready.next =
            !self.clearing.q.val() && !self.flush_req.q.val() && self.advance.val();
        self.accept.next = self.in_valid.val() && self.in_ready.val();
        self.channel.next = self.next_channel.q.val();
        self.flush_any.next = self.flush.val() || self.flush_req.q.val();
        self.inject.next = self.flush_any.val()
            && self.advance.val()
            && !self.clearing.q.val()
            && !self.accept.val();
        self.flush_req.d.next = self.flush_any.val() && !self.inject.val();
        // The channel moves on after a block of B samples.
        if self.accept.val() {
            self.in_block.d.next = self.in_block.q.val() + 1;
            if self.in_block.q.val() == self.block_minus_one.val() {
                self.in_block.d.next = 0.into();
                if self.next_channel.q.val() == self.channels_minus_one.val() {
                    self.next_channel.d.next = 0.into();
                } else {
                    self.next_channel.d.next = self.next_channel.q.val() + 1;
                }
            }
        }

        // The tokens move every clock the pipeline does.
        if self.advance.val() {
            self.valid_token[0].d.next = self.accept.val();
            self.flush_token[0].d.next = self.inject.val();
            for i in 1..PIPELINE_STAGES {
                self.valid_token[i].d.next = self.valid_token[i - 1].q.val();
                self.flush_token[i].d.next = self.flush_token[i - 1].q.val();
            }
        }

        // The RAM sweep: every channel back to its initial state.
        self.predictor_write_enable.next = self.write_predictor_enable.val();
        self.predictor_write_address.next = self.write_predictor_address.val();
        self.predictor_write_data.next = self.write_predictor_data.val();
        self.ram_write_enable.next = self.write_enable.val();
        self.ram_write_address.next = self.write_address.val();
        self.ram_write_data.next = self.write_data.val();
        if self.clearing.q.val() {
            self.predictor_write_enable.next = true;
            self.predictor_write_address.next = self.clear_ptr.q.val();
            self.predictor_write_data.next = self.initial_predictor.val();
            self.ram_write_enable.next = true;
            self.ram_write_address.next = self.clear_ptr.q.val();
            self.ram_write_data.next = self.initial_state.val();
            if self.clear_ptr.q.val() == self.channels_minus_one.val() {
                self.clearing.d.next = false;
            } else {
                self.clear_ptr.d.next = self.clear_ptr.q.val() + 1;
            }
        }

        if self.reset.val() {
            self.clearing.d.next = true;
            self.clear_ptr.d.next = 0.into();
            self.next_channel.d.next = 0.into();
            self.in_block.d.next = 0.into();
            self.flush_req.d.next = false;
            for i in 0..PIPELINE_STAGES {
                self.valid_token[i].d.next = false;
                self.flush_token[i].d.next = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_synthesizes;

    #[test]
    fn control_synthesizes() {
        assert_synthesizes::<Control>("control");
    }

    /// Reset sweeps channels 0..N-1 with the initial word while `in_ready` is
    /// low; then samples get channels round robin in blocks of B, each valid token reaches
    /// stage k k clocks after its accept, a full FIFO holds everything, and the
    /// flush token reaches the last stage after PIPELINE_STAGES moves.
    #[test]
    fn sweep_channels_tokens_and_stall() {
        use crate::testing::tick;
        let (n, b) = (5, 3);
        let mut uut = Control::default();
        uut.connect_all();
        uut.channels_minus_one.next = bits(n - 1);
        uut.block_minus_one.next = bits(b - 1);
        uut.reset.next = true;
        tick(&mut uut, |u| &mut u.clock);
        uut.reset.next = false;
        uut.in_valid.next = true;
        for c in 0..n {
            assert!(simulate(&mut uut, 100));
            assert!(!uut.in_ready.val() && !uut.accept.val());
            assert!(uut.ram_write_enable.val() && uut.predictor_write_enable.val());
            assert_eq!(uut.ram_write_address.val().index() as u64, c);
            assert_eq!(uut.predictor_write_address.val().index() as u64, c);
            assert_eq!(uut.ram_write_data.val(), state_part(initial_word()));
            assert_eq!(
                uut.predictor_write_data.val(),
                predictor_part(initial_word())
            );
            tick(&mut uut, |u| &mut u.clock);
        }
        // Streaming: every clock a sample, channels round robin in blocks.
        for t in 0..3 * n * b {
            assert!(simulate(&mut uut, 100));
            assert!(uut.in_ready.val() && uut.accept.val() && !uut.ram_write_enable.val());
            assert!(!uut.predictor_write_enable.val());
            assert_eq!(uut.channel.val().index() as u64, (t / b) % n);
            for k in 0..PIPELINE_STAGES {
                assert_eq!(uut.valid[k].val(), (k as u64) < t, "stage {k} at clock {t}");
            }
            tick(&mut uut, |u| &mut u.clock);
        }
        // A full FIFO holds the pipeline: no accept, tokens stay.
        uut.fifo_count.next = bits(FIFO_ROOM as u64 + 1);
        let held: Vec<bool> = (0..PIPELINE_STAGES).map(|k| uut.valid[k].val()).collect();
        for _ in 0..3 {
            assert!(simulate(&mut uut, 100));
            assert!(!uut.advance.val() && !uut.in_ready.val() && !uut.accept.val());
            tick(&mut uut, |u| &mut u.clock);
            let now: Vec<bool> = (0..PIPELINE_STAGES).map(|k| uut.valid[k].val()).collect();
            assert_eq!(now, held);
        }
        // Then a flush: it waits for room, enters s1 and reaches the last stage.
        uut.in_valid.next = false;
        uut.flush.next = true;
        tick(&mut uut, |u| &mut u.clock);
        uut.flush.next = false;
        uut.fifo_count.next = bits(0);
        for _ in 0..PIPELINE_STAGES {
            assert!(simulate(&mut uut, 100));
            assert!(!uut.flushing.val());
            tick(&mut uut, |u| &mut u.clock);
        }
        assert!(simulate(&mut uut, 100));
        assert!(uut.flushing.val());
    }
}
