//! Verilog of the encoder pipeline, generated from the golden profile: the
//! state recurrence, the context function and the code-table ROM are all
//! evaluated from golden code at elaboration time. `model.rs` mirrors it
//! register for register.

use crate::layout::{delta_at, pack, weight_at, ACTIVITY_AT, RAW_AT};
use crate::params::*;
use golden::channel::{context, ChannelState};
use golden::codetable::EncodeTable;
use golden::profile::{ESC_LARGE, ESC_OFFGRID, FRAC_BITS, QUOTIENTS, SYMBOLS};
use std::fmt::Write;

/// Verilog expression saturating the signed `from`-bit value `x` to `to` bits.
fn saturate(x: &str, from: usize, to: usize) -> String {
    if to == from {
        return x.to_string();
    }
    if to > from {
        return format!("{{{{{}{{{x}[{}]}}}}, {x}}}", to - from, from - 1);
    }
    let top = format!("{x}[{}:{}]", from - 1, to - 1);
    format!(
        "((&{top}) | ~(|{top})) ? {x}[{}:0] : ({x}[{}] ? {{1'b1, {}'d0}} : {{1'b0, {{{}{{1'b1}}}}}})",
        to - 1,
        from - 1,
        to - 1,
        to - 1
    )
}

/// The grid map, sample -> (code, on_grid), in shifts and adds (see golden::grid).
fn grid(v: &mut String) {
    let (s, c) = (SAMPLE_BITS, CODE);
    let half = c - 1; // bits of an offset within one half of the grid
    writeln!(
        v,
        "// Stage A: the ADC grid map of the incoming sample (golden::grid).
wire [{s1}:0] g_u = {{~in_sample[{s1}], in_sample[{s2}:0]}};
/* verilator lint_off UNUSEDSIGNAL */ // only the integer part is the code
wire [{w1}:0] g_scaled = {{g_u, {c}'d0}} - {{{c}'d0, g_u}} + {w}'d{round};
/* verilator lint_on UNUSEDSIGNAL */
wire [{c1}:0] g_code = g_scaled[{w1}:{s}];
wire g_upper = g_code[{c1}];
wire [{h1}:0] g_off = g_upper ? g_code[{h1}:0] : ~g_code[{h1}:0];
wire [{s1}:0] g_n = ({{{s}'d0, g_off}} << 6) - {{{s}'d0, g_off}} + {s}'d543;
wire [{s1}:0] g_div = ({{1'b0, g_n}} + {{{c}'d0, g_n[{s1}:{c}]}} + {s}'d1) >> {c};
wire [{s1}:0] g_v = {{g_off, 6'd0}} + {s}'d31 + g_div;
wire [{s1}:0] g_back = g_upper ? g_v : ~g_v;
wire g_on = g_back == in_sample;
",
        s1 = s - 1,
        s2 = s - 2,
        w = s + c,
        w1 = s + c - 1,
        round = 1u32 << (s - 1),
        c1 = c - 1,
        h1 = half - 1,
    )
    .unwrap();
}

/// Stage B: the whole state recurrence (golden ChannelState::expect + update).
fn recurrence(v: &mut String) {
    let p = PROFILE;
    let (db, wb, c) = (p.delta_bits as usize, p.weight_bits as usize, CODE);
    let ab = p.activity_bits() as usize;
    let acc = db + wb + clog2(p.taps) + 1;
    writeln!(
        v,
        "// Stage B: the state recurrence, expect() and update() in one clock.
// The bypass forwards the state written on the previous clock to the next
// sample of the same channel (N = 1), which the RAM cannot return yet.
wire [{sb1}:0] b_state = (byp_valid && byp_ch == a_ch) ? byp_state : ram_read_data;
wire [{c1}:0] b_last = b_state[{c1}:0];
wire [{ab1}:0] b_act = b_state[{act_hi}:{ACTIVITY_AT}];
wire b_raw = b_state[{RAW_AT}];",
        sb1 = STATE_BITS - 1,
        c1 = c - 1,
        ab1 = ab - 1,
        act_hi = ACTIVITY_AT + ab - 1,
    )
    .unwrap();
    for i in 0..p.taps {
        writeln!(
            v,
            "wire signed [{db1}:0] b_d{i} = b_state[{dhi}:{dlo}];
wire signed [{wb1}:0] b_w{i} = b_state[{whi}:{wlo}];
wire signed [{acc1}:0] b_p{i} = b_w{i} * b_d{i};",
            db1 = db - 1,
            wb1 = wb - 1,
            acc1 = acc - 1,
            dlo = delta_at(i),
            dhi = delta_at(i) + db - 1,
            wlo = weight_at(i),
            whi = weight_at(i) + wb - 1,
        )
        .unwrap();
    }
    let sum: Vec<String> = (0..p.taps).map(|i| format!("b_p{i}")).collect();
    let wf = p.weight_frac as usize;
    writeln!(
        v,
        "wire [{acc1}:0] b_acc = {sum};
/* verilator lint_off UNUSEDSIGNAL */ // the fraction bits are dropped
wire [{acc1}:0] b_rounded = b_acc + {acc}'d{round};
/* verilator lint_on UNUSEDSIGNAL */
wire [{acc}:0] b_pred_s = {{{{{ext}{{b_rounded[{acc1}]}}}}, b_rounded[{acc1}:{wf}]}} + {{{zc}'d0, b_last}};
wire b_pred_neg = b_pred_s[{acc}];
wire b_pred_over = ~b_pred_neg & (|b_pred_s[{acc1}:{c}]);
wire [{c1}:0] b_pred = b_pred_neg ? {c}'d0 : (b_pred_over ? {{{c}{{1'b1}}}} : b_pred_s[{c1}:0]);
wire [{c1}:0] b_e = a_code - b_pred;
wire [{c1}:0] b_m = {{b_e[{c2}:0], 1'b0}} ^ {{{c}{{b_e[{c1}]}}}};
wire b_e_zero = b_e == {c}'d0;
wire [{c}:0] b_diff = {{1'b0, a_code}} - {{1'b0, b_last}};
wire [{db1}:0] b_new_delta = {sat};
wire [{ab1}:0] b_new_act = b_act + {{{za}'d0, b_m}} - (b_act >> {shift});",
        acc1 = acc - 1,
        sum = sum.join(" + "),
        round = 1u64 << (wf - 1),
        ext = wf + 1,
        zc = acc + 1 - c,
        c1 = c - 1,
        c2 = c - 2,
        db1 = db - 1,
        sat = saturate("b_diff", c + 1, db),
        ab1 = ab - 1,
        za = ab - c,
        shift = p.activity_shift,
    )
    .unwrap();
    // Sign-sign LMS: step toward sign(e) * sign(d), saturating.
    for i in 0..p.taps {
        writeln!(
            v,
            "wire b_up{i} = ~b_e_zero & (b_d{i} != 0) & (b_e[{c1}] == b_d{i}[{db1}]);
wire b_dn{i} = ~b_e_zero & (b_d{i} != 0) & (b_e[{c1}] != b_d{i}[{db1}]);
wire [{wb1}:0] b_nw{i} = (b_up{i} && b_w{i} != {{1'b0, {{{wb2}{{1'b1}}}}}}) ? b_w{i} + {wb}'d1 :
    (b_dn{i} && b_w{i} != {{1'b1, {wb2}'d0}}) ? b_w{i} - {wb}'d1 : b_w{i};",
            c1 = c - 1,
            db1 = db - 1,
            wb = wb,
            wb1 = wb - 1,
            wb2 = wb - 1,
        )
        .unwrap();
    }
    let mut fields: Vec<String> = vec!["~a_on".into(), "b_new_act".into()];
    for i in (0..p.taps).rev() {
        fields.push(format!("b_nw{i}"));
    }
    for i in (1..p.taps).rev() {
        fields.push(format!("b_d{}", i - 1));
    }
    fields.push("b_new_delta".into());
    fields.push("a_code".into());
    writeln!(
        v,
        "wire [{}:0] b_new_state = {{{}}};\n",
        STATE_BITS - 1,
        fields.join(", ")
    )
    .unwrap();
}

/// Stage C: context, symbol, table ROM and the code field of one sample.
fn emission(v: &mut String) {
    let p = PROFILE;
    let c = CODE;
    let ab = p.activity_bits() as usize;
    let shift = p.activity_shift as usize - 3;
    let vb = ab - shift; // bits of v = 8 * mean
    let lgb = clog2(vb);
    let kb = clog2(p.max_k() as usize + 1);
    let f = FRAC_BITS as usize;
    writeln!(
        v,
        "// Stage C: context (golden channel::context; c_v is the activity >> (shift - 3)),
// table symbol and code field.
reg [{lg1}:0] c_lg;
reg [{f1}:0] c_frac;
always @(*) begin
    c_lg = {lgb}'d0;
    c_frac = {f}'d0;",
        lg1 = lgb - 1,
        f1 = f - 1,
    )
    .unwrap();
    // Leading one, lowest first so the highest set bit wins.
    for l in 1..vb {
        let frac = if l >= f {
            format!("c_v[{}:{}]", l - 1, l - f)
        } else {
            format!("{f}'d0")
        };
        writeln!(
            v,
            "    if (c_v[{l}]) begin c_lg = {lgb}'d{l}; c_frac = {frac}; end"
        )
        .unwrap();
    }
    writeln!(
        v,
        "end\nreg [{}:0] c_k;\nreg [{}:0] c_table;\nalways @(*) begin\n    case ({{c_lg, c_frac}})",
        kb - 1,
        TABLE_BITS - 1
    )
    .unwrap();
    for l in 0..vb {
        for fr in 0..(1usize << f) {
            if l < f && fr > 0 {
                continue;
            }
            // A representative activity of this leading-one position and fraction.
            let v8 = if l >= f {
                ((1 << f) + fr) << (l - f)
            } else {
                1 << l
            };
            let (k, t) = context(p, (v8 as u32) << shift);
            writeln!(
                v,
                "        {w}'d{idx}: begin c_k = {kb}'d{k}; c_table = {tb}'d{t}; end",
                w = lgb + f,
                idx = (l << f) | fr,
                tb = TABLE_BITS,
            )
            .unwrap();
        }
    }
    writeln!(
        v,
        "        default: begin c_k = {kb}'d0; c_table = {}'d0; end\n    endcase\nend",
        TABLE_BITS
    )
    .unwrap();
    let (sb, s) = (SYMBOL_BITS, SAMPLE_BITS);
    writeln!(
        v,
        "wire c_off = ~c_on;
wire [{c1}:0] c_q = c_m >> c_k;
wire c_big = c_q >= {c}'d{quot};
wire [{sb1}:0] c_sym = c_off ? {sb}'d{offgrid} : (c_big ? {sb}'d{large} : c_q[{sb1}:0]);
wire c_has_sym = ~(c_raw & c_off);
wire [{c1}:0] c_kmask = ~({{{c}{{1'b1}}}} << c_k);
wire [{c1}:0] c_m_low = c_m & c_kmask;
wire [{s1}:0] c_raw_val = c_off ? c_sample : {{{zs}'d0, c_big ? c_m : c_m_low}};
wire [{lb1}:0] c_raw_len = c_off ? {lb}'d{s} : (c_big ? {lb}'d{c} : {{{zk}'d0, c_k}});",
        c1 = c - 1,
        quot = QUOTIENTS,
        sb1 = sb - 1,
        offgrid = ESC_OFFGRID,
        large = ESC_LARGE,
        s1 = s - 1,
        zs = s - c,
        lb = WORD_LEN_BITS,
        lb1 = WORD_LEN_BITS - 1,
        zk = WORD_LEN_BITS - kb,
    )
    .unwrap();
    // The code-table ROM, from golden::codetable::EncodeTable (in LUTs).
    let ml = golden::profile::MAX_CODE_LEN as usize;
    let lenb = clog2(ml + 1);
    writeln!(
        v,
        "reg [{ml1}:0] c_rom_code;
reg [{lenb1}:0] c_rom_len;
always @(*) begin
    case ({{c_table, c_sym}})",
        ml1 = ml - 1,
        lenb1 = lenb - 1
    )
    .unwrap();
    for (t, row) in p.code_lengths.iter().enumerate() {
        let table = EncodeTable::new(row);
        for sym in 0..SYMBOLS {
            writeln!(
                v,
                "        {w}'d{idx}: begin c_rom_code = {ml}'d{code}; c_rom_len = {lenb}'d{len}; end",
                w = TABLE_BITS + sb,
                idx = (t << sb) | sym,
                code = table.code[sym],
                len = table.len[sym],
            )
            .unwrap();
        }
    }
    writeln!(
        v,
        "        default: begin c_rom_code = {ml}'d0; c_rom_len = {lenb}'d0; end
    endcase
end
wire [{ml1}:0] c_code = c_has_sym ? c_rom_code : {ml}'d0;
wire [{lb1}:0] c_code_len = c_has_sym ? {{{zl}'d0, c_rom_len}} : {lb}'d0;
wire [{wd1}:0] c_head = ({{{wd1}'d0, c_raw & c_off}} << c_code_len) | {{{zw}'d0, c_code}};
wire [{wd1}:0] c_field = (c_head << c_raw_len) | {{{zr}'d0, c_raw_val}};
wire [{lb1}:0] c_len = {{{lb1}'d0, c_raw}} + c_code_len + c_raw_len;
",
        ml1 = ml - 1,
        lb1 = WORD_LEN_BITS - 1,
        lb = WORD_LEN_BITS,
        zl = WORD_LEN_BITS - lenb,
        wd1 = WORD_BITS - 1,
        zw = WORD_BITS - ml,
        zr = WORD_BITS - s,
    )
    .unwrap();
}

/// Stage D: the packer, and the output FIFO in registers.
fn packer(v: &mut String) {
    let (wd, lb) = (WORD_BITS, WORD_LEN_BITS);
    writeln!(
        v,
        "// Stage D: the packer appends the field behind the pending bits, MSB first.
wire [{lb1}:0] d_total = {{1'b0, fill}} + d_len;
wire [{wd1}:0] d_aligned = d_field << ({lb}'d{wd} - d_len);
wire [{ww1}:0] d_merged = {{pend, {wd}'d0}} | ({{d_aligned, {wd}'d0}} >> fill);
wire d_full = d_total >= {lb}'d{wd};
wire push = d_valid ? d_full : d_flush;
wire [{e1}:0] push_entry = d_valid ? {{d_merged[{ww1}:{wd}], {lb}'d{wd}, 1'b0}} : {{pend, 1'b0, fill, 1'b1}};
wire pop = (count != 0) && out_ready;
wire room = count <= {cb}'d{room};
wire accept = in_valid && in_ready;
wire flush_any = flush || flush_req;
wire inject_flush = flush_any && room && !clearing && !accept;
",
        lb1 = lb - 1,
        lb = lb,
        wd = wd,
        wd1 = wd - 1,
        ww1 = 2 * wd - 1,
        e1 = wd + lb,
        cb = clog2(FIFO_DEPTH) + 1,
        room = FIFO_DEPTH - PIPELINE_STAGES,
    )
    .unwrap();
}

/// Declarations of every register.
fn registers(v: &mut String) {
    let p = PROFILE;
    let ch = CHANNEL_BITS;
    let e = WORD_BITS + WORD_LEN_BITS + 1;
    let fp = clog2(FIFO_DEPTH);
    let regs = [
        (ch, "ch"),
        (1, "clearing"),
        (ch, "clear_ptr"),
        (1, "flush_req"),
        (1, "a_valid"),
        (1, "a_flush"),
        (ch, "a_ch"),
        (SAMPLE_BITS, "a_sample"),
        (CODE, "a_code"),
        (1, "a_on"),
        (1, "byp_valid"),
        (ch, "byp_ch"),
        (STATE_BITS, "byp_state"),
        (1, "c_valid"),
        (1, "c_flush"),
        (SAMPLE_BITS, "c_sample"),
        (1, "c_on"),
        (1, "c_raw"),
        (CODE, "c_m"),
        (
            p.activity_bits() as usize - (p.activity_shift as usize - 3),
            "c_v",
        ),
        (1, "d_valid"),
        (1, "d_flush"),
        (WORD_BITS, "d_field"),
        (WORD_LEN_BITS, "d_len"),
        (WORD_BITS, "pend"),
        (clog2(WORD_BITS), "fill"),
        (fp, "head"),
        (fp, "tail"),
        (fp + 1, "count"),
    ];
    for (w, name) in regs {
        if w == 1 {
            writeln!(v, "reg {name};").unwrap();
        } else {
            writeln!(v, "reg [{}:0] {name};", w - 1).unwrap();
        }
    }
    for i in 0..FIFO_DEPTH {
        writeln!(v, "reg [{}:0] fifo{i};", e - 1).unwrap();
    }
    writeln!(v).unwrap();
}

/// The clocked process: reset, stage registers, packer, FIFO, control.
fn clocked(v: &mut String) {
    let ch = CHANNEL_BITS;
    let fp = clog2(FIFO_DEPTH);
    let init = pack(&ChannelState::new(PROFILE));
    writeln!(
        v,
        "always @(*) begin
    in_ready = room && !clearing && !flush_req;
    out_valid = count != 0;
    ram_read_address = ch;
    ram_write_enable = clearing || a_valid;
    ram_write_address = clearing ? clear_ptr : a_ch;
    ram_write_data = clearing ? {sb}'h{init:x} : b_new_state;
    case (head)",
        sb = STATE_BITS,
    )
    .unwrap();
    for i in 0..FIFO_DEPTH {
        writeln!(
            v,
            "        {fp}'d{i}: {{out_word, out_bits, out_last}} = fifo{i};"
        )
        .unwrap();
    }
    writeln!(
        v,
        "        default: {{out_word, out_bits, out_last}} = fifo0;
    endcase
end

always @(posedge clock) begin
    if (reset) begin
        ch <= {ch}'d0; clearing <= 1'b1; clear_ptr <= {ch}'d0; flush_req <= 1'b0;
        a_valid <= 1'b0; a_flush <= 1'b0; byp_valid <= 1'b0;
        c_valid <= 1'b0; c_flush <= 1'b0; d_valid <= 1'b0; d_flush <= 1'b0;
        pend <= {wd}'d0; fill <= {fb}'d0;
        head <= {fp}'d0; tail <= {fp}'d0; count <= {fp1}'d0;
    end else begin
        // Packer (stage D) and FIFO.
        if (d_valid) begin
            pend <= d_full ? d_merged[{wd1}:0] : d_merged[{ww1}:{wd}];
            fill <= d_full ? d_total - {lb}'d{wd} : d_total;
        end else if (d_flush) begin
            pend <= {wd}'d0;
            fill <= {fb}'d0;
        end
        if (pop) head <= head + {fp}'d1;
        if (push) tail <= tail + {fp}'d1;
        count <= count + {{{fp}'d0, push}} - {{{fp}'d0, pop}};
        // Stage C -> D.
        d_valid <= c_valid; d_flush <= c_flush; d_field <= c_field; d_len <= c_len;
        // Stage B -> C and the bypass.
        c_valid <= a_valid; c_flush <= a_flush; c_sample <= a_sample; c_on <= a_on;
        c_raw <= b_raw; c_m <= b_m; c_v <= b_act[{ab1}:{vshift}];
        byp_valid <= a_valid; byp_ch <= a_ch; byp_state <= b_new_state;
        // Stage A: accept a sample.
        a_valid <= accept; a_flush <= inject_flush; a_ch <= ch;
        a_sample <= in_sample; a_code <= g_code; a_on <= g_on;
        if (accept) ch <= (ch == channels_minus_one) ? {ch}'d0 : ch + {ch}'d1;
        if (clearing) begin
            if (clear_ptr == channels_minus_one) clearing <= 1'b0;
            else clear_ptr <= clear_ptr + {ch}'d1;
        end
        flush_req <= flush_any && !inject_flush;
    end
end
always @(posedge clock) begin
    if (!reset && push) begin
        case (tail)",
        wd = WORD_BITS,
        wd1 = WORD_BITS - 1,
        ww1 = 2 * WORD_BITS - 1,
        fb = clog2(WORD_BITS),
        fp1 = fp + 1,
        lb = WORD_LEN_BITS,
        ab1 = PROFILE.activity_bits() - 1,
        vshift = PROFILE.activity_shift - 3,
    )
    .unwrap();
    for i in 0..FIFO_DEPTH {
        writeln!(v, "            {fp}'d{i}: fifo{i} <= push_entry;").unwrap();
    }
    writeln!(
        v,
        "            default: fifo0 <= push_entry;\n        endcase\n    end\nend"
    )
    .unwrap();
}

/// The body of the pipeline module (ports are declared by rust-hdl).
pub fn core_body() -> String {
    let mut v = String::new();
    registers(&mut v);
    grid(&mut v);
    recurrence(&mut v);
    emission(&mut v);
    packer(&mut v);
    clocked(&mut v);
    v
}
