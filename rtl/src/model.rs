//! Cycle model of the encoder pipeline: one field per Verilog register of
//! `core_verilog`, one `step` per clock edge. The rust-hdl simulation runs it;
//! the combinational functions are the golden model's own.

use crate::layout::{pack, unpack};
use crate::params::{FIFO_DEPTH, PIPELINE_STAGES, PROFILE, WORD_BITS};
use golden::channel::{wrap_residual, zigzag, ChannelState};
use golden::codetable::EncodeTable;
use golden::grid::{on_grid, sample_to_code, CODE_BITS, SAMPLE_BITS};
use golden::profile::{ESC_LARGE, ESC_OFFGRID, QUOTIENTS};

/// Inputs of the core sampled at a clock edge.
#[derive(Clone, Copy, Debug, Default)]
pub struct Inputs {
    pub reset: bool,
    pub channels_minus_one: u32,
    pub in_sample: u16,
    pub in_valid: bool,
    pub flush: bool,
    pub out_ready: bool,
    pub ram_read_data: u128,
}

/// Combinational outputs of the core.
#[derive(Clone, Copy, Debug, Default)]
pub struct Outputs {
    pub in_ready: bool,
    pub out_word: u32,
    pub out_bits: u32,
    pub out_last: bool,
    pub out_valid: bool,
    pub ram_read_address: u32,
    pub ram_write_address: u32,
    pub ram_write_data: u128,
    pub ram_write_enable: bool,
}

/// One output FIFO entry: word, valid bits, last flag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub word: u32,
    pub bits: u32,
    pub last: bool,
}

/// The registers of the pipeline.
#[derive(Clone, Debug, Default)]
pub struct Regs {
    // Control.
    ch: u32,
    clearing: bool,
    clear_ptr: u32,
    flush_req: bool,
    // Stage A: sample accepted, its channel state being read.
    a_valid: bool,
    a_flush: bool,
    a_ch: u32,
    a_sample: u16,
    a_code: u32,
    a_on: bool,
    // Bypass: the state stage B wrote on the previous clock.
    byp_valid: bool,
    byp_ch: u32,
    byp_state: u128,
    // Stage C: residual known, to be coded.
    c_valid: bool,
    c_flush: bool,
    c_sample: u16,
    c_on: bool,
    c_raw: bool,
    c_m: u32,
    c_act: u32,
    // Stage D: one code field, to be packed.
    d_valid: bool,
    d_flush: bool,
    d_field: u32,
    d_len: u32,
    // Packer: pending bits, left-aligned.
    pend: u32,
    fill: u32,
    // Output FIFO.
    fifo: [Word; FIFO_DEPTH],
    head: u32,
    tail: u32,
    count: u32,
}

/// What stage B computes: the channel's next state and the residual.
struct Recurrence {
    state_in: ChannelState,
    state_out: u128,
    m: u32,
}

/// The pipeline model with its code tables.
pub struct Model {
    tables: Vec<EncodeTable>,
    pub regs: Regs,
}

impl Default for Model {
    fn default() -> Self {
        Model {
            tables: PROFILE.code_lengths.iter().map(EncodeTable::new).collect(),
            regs: Regs::default(),
        }
    }
}

impl Model {
    fn room(&self) -> bool {
        self.regs.count as usize <= FIFO_DEPTH - PIPELINE_STAGES
    }

    fn recurrence(&self, i: &Inputs) -> Recurrence {
        let r = &self.regs;
        let word = if r.byp_valid && r.byp_ch == r.a_ch {
            r.byp_state
        } else {
            i.ram_read_data
        };
        let state_in = unpack(word);
        let mut s = state_in;
        let x = s.expect(PROFILE);
        let m = zigzag(wrap_residual(r.a_code, x.prediction));
        s.update(PROFILE, &x, r.a_code, r.a_on);
        Recurrence {
            state_in,
            state_out: pack(&s),
            m,
        }
    }

    /// The code field of the sample in stage C: (value, length).
    fn field(&self) -> (u32, u32) {
        let r = &self.regs;
        let (k, t) = golden::channel::context(PROFILE, r.c_act);
        let off = !r.c_on;
        let q = r.c_m >> k;
        let (sym, raw, raw_len) = if off {
            (ESC_OFFGRID, r.c_sample as u64, SAMPLE_BITS)
        } else if (q as usize) < QUOTIENTS {
            (q as usize, (r.c_m & ((1 << k) - 1)) as u64, k)
        } else {
            (ESC_LARGE, r.c_m as u64, CODE_BITS)
        };
        let has_sym = !(r.c_raw && off);
        let (code, len) = if has_sym {
            (
                self.tables[t].code[sym] as u64,
                self.tables[t].len[sym] as u32,
            )
        } else {
            (0, 0)
        };
        let flag = (r.c_raw && off) as u64;
        let value = (((flag << len) | code) << raw_len) | raw;
        (value as u32, r.c_raw as u32 + len + raw_len)
    }

    /// Combinational outputs for the current registers and inputs.
    pub fn outputs(&self, i: &Inputs) -> Outputs {
        let r = &self.regs;
        let rec = self.recurrence(i);
        let head = r.fifo[r.head as usize];
        Outputs {
            in_ready: self.room() && !r.clearing && !r.flush_req,
            out_word: head.word,
            out_bits: head.bits,
            out_last: head.last,
            out_valid: r.count > 0,
            ram_read_address: r.ch,
            ram_write_address: if r.clearing { r.clear_ptr } else { r.a_ch },
            ram_write_data: if r.clearing {
                pack(&ChannelState::new(PROFILE))
            } else {
                rec.state_out
            },
            ram_write_enable: r.clearing || r.a_valid,
        }
    }

    /// One clock edge.
    pub fn step(&mut self, i: &Inputs) {
        if i.reset {
            self.regs = Regs {
                clearing: true,
                ..Regs::default()
            };
            return;
        }
        let o = self.outputs(i);
        let rec = self.recurrence(i);
        let (field, len) = self.field();
        let room = self.room();
        let r = &mut self.regs;
        let last_ch = i.channels_minus_one;

        let accept = i.in_valid && o.in_ready;
        let flush_any = i.flush || r.flush_req;
        let inject_flush = flush_any && room && !r.clearing && !accept;

        // Packer and FIFO (stage D), from the old registers.
        let push = if r.d_valid {
            let total = r.fill + r.d_len;
            let aligned = (r.d_field as u64) << (WORD_BITS as u32 - r.d_len);
            let merged = ((r.pend as u64) << 32) | ((aligned << 32) >> r.fill);
            if total >= 32 {
                r.pend = merged as u32;
                r.fill = total - 32;
                Some(Word {
                    word: (merged >> 32) as u32,
                    bits: 32,
                    last: false,
                })
            } else {
                r.pend = (merged >> 32) as u32;
                r.fill = total;
                None
            }
        } else if r.d_flush {
            let w = Word {
                word: r.pend,
                bits: r.fill,
                last: true,
            };
            r.pend = 0;
            r.fill = 0;
            Some(w)
        } else {
            None
        };
        let mask = FIFO_DEPTH as u32 - 1;
        let pop = r.count > 0 && i.out_ready;
        if pop {
            r.head = (r.head + 1) & mask;
        }
        if let Some(w) = push {
            r.fifo[r.tail as usize] = w;
            r.tail = (r.tail + 1) & mask;
        }
        r.count = r.count + push.is_some() as u32 - pop as u32;

        // Stage C -> D.
        r.d_valid = r.c_valid;
        r.d_flush = r.c_flush;
        r.d_field = field;
        r.d_len = len;

        // Stage B (the state recurrence) -> C, bypass.
        r.c_valid = r.a_valid;
        r.c_flush = r.a_flush;
        r.c_sample = r.a_sample;
        r.c_on = r.a_on;
        r.c_raw = rec.state_in.raw_mode;
        r.c_m = rec.m;
        r.c_act = rec.state_in.activity;
        r.byp_valid = r.a_valid;
        r.byp_ch = r.a_ch;
        r.byp_state = rec.state_out;

        // Stage A: accept.
        r.a_valid = accept;
        r.a_flush = inject_flush;
        r.a_ch = r.ch;
        r.a_sample = i.in_sample;
        r.a_code = sample_to_code(i.in_sample as i16);
        r.a_on = on_grid(i.in_sample as i16);

        // Control.
        if accept {
            r.ch = if r.ch == last_ch { 0 } else { r.ch + 1 };
        }
        if r.clearing {
            if r.clear_ptr == last_ch {
                r.clearing = false;
            } else {
                r.clear_ptr += 1;
            }
        }
        r.flush_req = flush_any && !inject_flush;
    }
}
