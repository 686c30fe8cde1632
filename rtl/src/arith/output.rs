//! The byte output of the range coder (FORMAT.md 14.5, `shift_low`): takes
//! the raw bytes `low` shifts out into a register (handled the next clock),
//! holds the last one (`cache`) and the 0xFF
//! bytes after it (`pending`) while a carry may still reach them, and writes
//! them out once a byte below 0xFF (or a carry) makes them final: the cache
//! plus the carry on the clock that resolves them, then the pending bytes
//! (0xFF, or 0x00 after a carry) one a clock, during which the raw byte
//! waits. Bytes leave through a two-entry queue (`out_*`, valid/ready), so a
//! byte a clock flows while `out_ready` stays high.

use super::params::{BYTE, PENDING_BITS};
use crate::constants::constant;
use rust_hdl::prelude::*;

/// Bits of a queue entry: `{last, byte}`.
const ENTRY_BITS: usize = BYTE + 1;
/// Bits of the queue's count (0..=2).
const QUEUE_COUNT_BITS: usize = 2;

#[derive(LogicBlock)]
pub struct ByteOutput {
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: no cache byte, nothing pending, the queue empty.
    pub reset: Signal<In, bool>,
    /// A raw byte comes this clock (only when `byte_ready`).
    pub byte_valid: Signal<In, bool>,
    /// `low`'s top byte, its carry, and whether it is the flush's last.
    pub raw_byte: Signal<In, Bits<BYTE>>,
    pub carry: Signal<In, bool>,
    pub byte_last: Signal<In, bool>,
    /// A raw byte is taken this clock if one comes (depends on registers only).
    pub byte_ready: Signal<Out, bool>,
    /// The stream's bytes, valid/ready; `out_last` with the final byte of a flush.
    pub out_byte: Signal<Out, Bits<BYTE>>,
    pub out_valid: Signal<Out, bool>,
    pub out_ready: Signal<In, bool>,
    pub out_last: Signal<Out, bool>,
    /// The raw byte taken (registered, so that the range coder's carry
    /// chain ends at a register), and whether one waits.
    raw_valid: DFF<bool>,
    raw_top: DFF<Bits<BYTE>>,
    raw_carry: DFF<bool>,
    raw_last: DFF<bool>,
    /// The last raw byte not yet written (a carry may add one), and whether there is one.
    cache: DFF<Bits<BYTE>>,
    started: DFF<bool>,
    /// 0xFF bytes after the cache, not yet written.
    pending: DFF<Bits<PENDING_BITS>>,
    /// Resolved pending bytes still to write, their value, and whether the final one ends the stream.
    emit_left: DFF<Bits<PENDING_BITS>>,
    emit_byte: DFF<Bits<BYTE>>,
    emit_last: DFF<bool>,
    /// The queue: head (offered), second, entries held.
    head: DFF<Bits<ENTRY_BITS>>,
    second: DFF<Bits<ENTRY_BITS>>,
    count: DFF<Bits<QUEUE_COUNT_BITS>>,
    /// The queue has room for a push this clock.
    room: Signal<Local, bool>,
    /// The waiting raw byte is handled this clock.
    handle: Signal<Local, bool>,
    /// An entry enters / leaves the queue this clock.
    push: Signal<Local, bool>,
    pop: Signal<Local, bool>,
    /// The entry pushed.
    entry: Signal<Local, Bits<ENTRY_BITS>>,
    /// The raw byte makes the cache and the pending bytes final.
    resolve: Signal<Local, bool>,
    /// The carry as a byte (0 or 1).
    carry_byte: Signal<Local, Bits<BYTE>>,
    ff: Constant<Bits<BYTE>>,
    two: Constant<Bits<QUEUE_COUNT_BITS>>,
    last_at: Constant<Bits<8>>,
    one_count: Constant<Bits<QUEUE_COUNT_BITS>>,
    /// The entry's last flag.
    last_flag: Constant<Bits<ENTRY_BITS>>,
    one_left: Constant<Bits<PENDING_BITS>>,
}

impl Default for ByteOutput {
    fn default() -> Self {
        Self {
            clock: Default::default(),
            reset: Default::default(),
            byte_valid: Default::default(),
            raw_byte: Default::default(),
            carry: Default::default(),
            byte_last: Default::default(),
            byte_ready: Default::default(),
            out_byte: Default::default(),
            out_valid: Default::default(),
            out_ready: Default::default(),
            out_last: Default::default(),
            raw_valid: Default::default(),
            raw_top: Default::default(),
            raw_carry: Default::default(),
            raw_last: Default::default(),
            cache: Default::default(),
            started: Default::default(),
            pending: Default::default(),
            emit_left: Default::default(),
            emit_byte: Default::default(),
            emit_last: Default::default(),
            head: Default::default(),
            second: Default::default(),
            count: Default::default(),
            room: Default::default(),
            handle: Default::default(),
            push: Default::default(),
            pop: Default::default(),
            entry: Default::default(),
            resolve: Default::default(),
            carry_byte: Default::default(),
            ff: constant(0xFF),
            two: constant(2),
            last_at: constant(BYTE as u128),
            one_count: constant(1),
            last_flag: constant(1 << BYTE),
            one_left: constant(1),
        }
    }
}

impl Logic for ByteOutput {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self, clock, raw_valid, raw_top, raw_carry, raw_last, cache, started, pending,
            emit_left, emit_byte, emit_last, head, second, count
        );
        self.room.next = self.count.q.val() != self.two.val();
        self.handle.next =
            self.raw_valid.q.val() && self.room.val() && !self.emit_left.q.val().any();
        self.byte_ready.next = !self.raw_valid.q.val() || self.handle.val();
        if self.byte_valid.val() {
            self.raw_valid.d.next = true;
            self.raw_top.d.next = self.raw_byte.val();
            self.raw_carry.d.next = self.carry.val();
            self.raw_last.d.next = self.byte_last.val();
        } else if self.handle.val() {
            self.raw_valid.d.next = false;
        }
        self.carry_byte.next = bit_cast::<BYTE, 1>(self.raw_carry.q.val().into());
        self.resolve.next = self.raw_carry.q.val() || (self.raw_top.q.val() != self.ff.val());

        // What enters the queue: a resolved pending byte, else the cache.
        self.push.next = false;
        self.entry.next = 0.into();
        if self.emit_left.q.val().any() {
            if self.room.val() {
                self.push.next = true;
                self.entry.next = bit_cast::<ENTRY_BITS, BYTE>(self.emit_byte.q.val());
                if self.emit_last.q.val() && (self.emit_left.q.val() == self.one_left.val()) {
                    self.entry.next =
                        bit_cast::<ENTRY_BITS, BYTE>(self.emit_byte.q.val()) | self.last_flag.val();
                }
                self.emit_left.d.next = self.emit_left.q.val() - 1;
            }
        } else if self.handle.val() && self.resolve.val() {
            // shift_low with a final top byte: the cache (plus carry), then the pending run.
            self.push.next = self.started.q.val();
            self.entry.next =
                bit_cast::<ENTRY_BITS, BYTE>(self.cache.q.val() + self.carry_byte.val());
            if self.raw_last.q.val() && !self.pending.q.val().any() {
                self.entry.next =
                    bit_cast::<ENTRY_BITS, BYTE>(self.cache.q.val() + self.carry_byte.val())
                        | self.last_flag.val();
            }
            self.emit_left.d.next = self.pending.q.val();
            self.emit_byte.d.next = self.ff.val() + self.carry_byte.val();
            self.emit_last.d.next = self.raw_last.q.val();
            self.pending.d.next = 0.into();
            self.cache.d.next = self.raw_top.q.val();
            // After the flush's last shift the stream is over: start afresh.
            self.started.d.next = !self.raw_last.q.val();
        } else if self.handle.val() {
            // A top byte 0xFF: a later carry may still reach it.
            self.pending.d.next = self.pending.q.val() + 1;
        }

        // The queue.
        self.pop.next = self.out_ready.val() && self.count.q.val().any();
        self.out_valid.next = self.count.q.val().any();
        self.out_byte.next = self.head.q.val().get_bits::<BYTE>(0);
        self.out_last.next = self.head.q.val().get_bit(self.last_at.val().index());
        if self.pop.val() {
            self.head.d.next = self.second.q.val();
            if self.push.val() && (self.count.q.val() == self.one_count.val()) {
                self.head.d.next = self.entry.val();
            }
        } else if self.push.val() && !self.count.q.val().any() {
            self.head.d.next = self.entry.val();
        }
        if self.push.val() && !self.pop.val() && (self.count.q.val() == self.one_count.val()) {
            self.second.d.next = self.entry.val();
        }
        if self.push.val() && !self.pop.val() {
            self.count.d.next = self.count.q.val() + 1;
        }
        if !self.push.val() && self.pop.val() {
            self.count.d.next = self.count.q.val() - 1;
        }
        if self.reset.val() {
            self.raw_valid.d.next = false;
            self.started.d.next = false;
            self.pending.d.next = 0.into();
            self.emit_left.d.next = 0.into();
            self.count.d.next = 0.into();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_synthesizes, tick, Lcg};

    #[test]
    fn byte_output_synthesizes() {
        assert_synthesizes::<ByteOutput>("byte_output");
    }

    /// FORMAT.md 14.5's `shift_low` output rule over raw bytes `(top, carry)`,
    /// the last one the flush's: the bytes written.
    fn written(raw: &[(u8, bool)]) -> Vec<u8> {
        let (mut out, mut cache, mut started, mut pending) = (Vec::new(), 0u8, false, 0);
        for &(top, carry) in raw {
            if carry || top != 0xFF {
                if started {
                    out.push(cache.wrapping_add(carry as u8));
                }
                out.extend(std::iter::repeat_n(
                    0xFFu8.wrapping_add(carry as u8),
                    pending,
                ));
                (pending, cache, started) = (0, top, true);
            } else {
                pending += 1;
            }
        }
        out
    }

    /// Raw bytes with long 0xFF runs, carries after some of them, offered
    /// and drained at random clocks: the bytes of the rule, `out_last` on
    /// the final one (also when the flush resolves a pending run).
    #[test]
    fn bytes_follow_the_shift_low_rule() {
        let mut uut = ByteOutput::default();
        uut.connect_all();
        let mut r = Lcg(37);
        for round in 0..6 {
            uut.reset.next = true;
            tick(&mut uut, |u| &mut u.clock);
            uut.reset.next = false;
            let mut raw: Vec<(u8, bool)> = (0..400)
                .map(|_| match r.below(4) {
                    0 | 1 => (0xFF, false),
                    2 => (r.next() as u8, r.below(3) == 0),
                    _ => (r.next() as u8, false),
                })
                .collect();
            if round % 2 == 1 {
                raw.extend([(0xFF, false); 5]);
            }
            raw.push((0, false));
            let want = written(&raw);
            let (mut next, mut got) = (0, Vec::new());
            loop {
                let offer = next < raw.len() && r.below(3) != 0;
                let (top, carry) = raw[next.min(raw.len() - 1)];
                uut.raw_byte.next = bits(top as u64);
                uut.carry.next = carry;
                uut.byte_last.next = next == raw.len() - 1;
                uut.out_ready.next = r.below(4) != 0;
                uut.byte_valid.next = false;
                assert!(simulate(&mut uut, 100));
                uut.byte_valid.next = offer && uut.byte_ready.val();
                assert!(simulate(&mut uut, 100));
                next += uut.byte_valid.val() as usize;
                let take = uut.out_valid.val() && uut.out_ready.val();
                if take {
                    got.push(uut.out_byte.val().index() as u8);
                }
                let last = take && uut.out_last.val();
                tick(&mut uut, |u| &mut u.clock);
                if last {
                    break;
                }
                assert!(got.len() <= want.len(), "round {round}: no out_last");
            }
            assert_eq!(got, want, "round {round}");
        }
    }
}
