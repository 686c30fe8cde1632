"""Toggle-based power of the mapped ASIC netlist.

`tb`: writes an iverilog testbench that drives the mapped netlist with a
real-recording stimulus at the implant's sample rate, counts every net's
transitions and the state-memory accesses, and captures the output words.
`report`: turns those counts into energy with the Liberty tables (internal
energy per transition, 1/2 C V^2 per net transition, leakage) plus the SRAM
macro model, and writes a JSON report.
"""

import argparse
import json
import sys

import hwparams
import liberty
import sram as sram_model


def load_netlist(path, top):
    mod = json.load(open(path))["modules"][top]
    return mod


def net_names(mod):
    """One Verilog reference per net bit id (first name found wins; prefers plain nets)."""
    names = {}
    for name, n in sorted(mod["netnames"].items(), key=lambda kv: (kv[1].get("hide_name", 0), kv[0])):
        bits, off = n["bits"], n.get("offset", 0)
        for i, b in enumerate(bits):
            if isinstance(b, int) and b not in names:
                names[b] = name if len(bits) == 1 else f"{name}[{i + off}]"
    return names


def ram_instance(p, instance=None):
    """Verilog reference to a memory (default the state RAM) in the flattened
    netlist (a nested instance keeps its dotted name, escaped)."""
    inst = instance or p["rtl"]["state_ram_instance"]
    return f"dut.{inst}" if "." not in inst else f"dut.\\{inst} "


# How the report names each memory's line; the channel state's two macros
# (hwparams.STATE_ROLES) are one line.
MEMORY_LABELS = {**{r: "state memory (SRAM macro)" for r in hwparams.STATE_ROLES},
                 "contexts": "context memory (SRAM macro)"}


def memory_label(role):
    return MEMORY_LABELS.get(role, f"{role} memory (SRAM macro)")


def block_of(cell_name):
    """The block of a cell in a netlist flattened after mapping (synthesis with
    `blocks`): its named instance path, at most two deep, e.g. `front.products`
    for `$flatten\\front.\\products.$abc$12$...`; `top` for the top's own cells."""
    path = []
    for part in cell_name.removeprefix("$flatten").split("."):
        if not part.startswith("\\") or len(path) == 2:
            break
        path.append(part[1:])
    return ".".join(path) or "top"


def clock_network(mod, lib):
    """The clock's net bits: the top's clock port, and every net a
    combinational cell of `lib` drives from them: the clock gates of
    clock_gate.py (Nangate45's CLKGATE_X1, whose Liberty model is a
    statetable; OSU's clock inverter and AND). A latch's or a flip-flop's
    output is data, and so is a memory macro's (not in `lib`)."""
    bits = set(mod["ports"]["clock"]["bits"])
    grew = True
    while grew:
        grew = False
        for c in mod["cells"].values():
            cell = lib.cells.get(c["type"])
            if cell is None or cell.sequential:
                continue
            pins = c["connections"]
            if not any(b in bits for pin, bs in pins.items() if cell.pins[pin].direction == "input" for b in bs):
                continue
            for pin, bs in pins.items():
                if cell.pins[pin].direction == "output":
                    new = {b for b in bs if isinstance(b, int)} - bits
                    if new:
                        bits |= new
                        grew = True
    return bits


def toggle_counters(names, ids, clock_bits, settled):
    """Bench lines counting each net's transitions into cnt[k]: every event
    (with cell delays: glitches included), or with `settled` (zero-delay runs,
    where one evaluation can pass through same-time values) only a change of
    the value the net holds at each falling clock edge, once everything has
    settled: the functional transitions (from the first known value on). The
    clock counts every edge."""
    lines = []
    for k, b in enumerate(ids):
        net = f"dut.{names[b]}"
        if settled and b not in clock_bits:
            lines.append(f"  reg v{k}; always @(negedge clock) begin if (counting && v{k} !== 1'bx && {net} !== v{k}) "
                         f"cnt[{k}] = cnt[{k}] + 1; v{k} = {net}; end")
        else:
            lines.append(f"  always @({net}) if (counting) cnt[{k}] = cnt[{k}] + 1;")
    return lines


def cmd_tb(a):
    p = hwparams.load(a.params)
    mod = load_netlist(a.netlist, p["rtl"]["top_module"])
    names = net_names(mod)
    ids = sorted(names)
    half = 500.0 / a.clock_mhz
    ram = ram_instance(p)
    clock_hz = int(round(a.clock_mhz * 1e6))
    sample_rate = int(p["samples_per_s"])
    data, nbits = hwparams.output_ports(p)
    images = dict(x.split("=", 1) for x in a.memory_image)
    # Each memory's reads (every clock, or when its `read_enable` is high),
    # writes and idle clocks; the state memory's under the original names.
    count_lines, mems = [], hwparams.memories(p)
    for k, m in enumerate(mems):
        ref = ram_instance(p, m["instance"])
        cell = mod["cells"].get(m["instance"], {"connections": {}})
        re = a.ram_re if (k == 0 and a.ram_re) else ("read_enable" if "read_enable" in cell["connections"] else "")
        read = f"{ref}.{re}" if re else "1'b1"
        r, w, i = ("reads", "writes", "idle") if k == 0 else (f"m{k}_reads", f"m{k}_writes", f"m{k}_idle")
        count_lines += [f"    if ({read}) {r} = {r} + 1;", f"    if ({ref}.{a.ram_we}) {w} = {w} + 1;",
                        f"    if (!({read}) && !{ref}.{a.ram_we}) {i} = {i} + 1;"]
    extra = [(k, m) for k, m in enumerate(mems) if k > 0]
    mem_decl = "".join(f", m{k}_reads = 0, m{k}_writes = 0, m{k}_idle = 0" for k, m in extra)
    mem_out = "".join(f'    $fwrite(fo, "mem {m["role"]} %0d %0d %0d\\n", m{k}_reads, m{k}_writes, m{k}_idle);\n'
                      for k, m in extra)
    # A memory swept after reset besides the channel state's (the ratio
    # coder's contexts) may still be sweeping when in_ready rises: wait its depth.
    sweep = max([m["words"] for k, m in extra if m["role"] in images and m["role"] not in hwparams.STATE_ROLES]
                or [0])
    preload = [f'    $readmemh("{images[m["role"]]}", {ram_instance(p, m["instance"])}.mem);'
               for m in mems[1:] if m["role"] in images]
    if nbits:
        out_fmt = f'    $fwrite(fo, "%08x %0d %0d\\n", {data}, {nbits}, out_last);'
    else:
        out_fmt = f'    $fwrite(fo, "%x {hwparams.bits(p, data)} %0d\\n", {data}, out_last);'
    block = f" block_minus_one = {a.block - 1};" if hwparams.has_port(p, "block_minus_one") else ""
    lines = [
        "`timescale 1ns/10ps",
        "module tb;",
        # The top's ports and the instance `dut`, from the RTL's interface.
        *["  " + x for x in p["rtl"]["testbench_ports"].splitlines()],
        f"  reg [{hwparams.bits(p, 'in_sample') - 1}:0] stim [0:{a.samples - 1}];",
        f"  integer cnt [0:{len(ids) - 1}];",
        f"  integer k, i, fo, cycles = 0, reads = 0, writes = 0, idle = 0, accepted = 0, done = 0{mem_decl};",
        "  reg counting = 0, pending = 0; real t0, t1; reg [63:0] acc = 0;",
        f"  always #{half:.4f} clock = ~clock;",
        "  always @(posedge clock) if (counting) begin",
        "    cycles = cycles + 1;",
        *count_lines,
        "  end",
        "  always @(posedge clock) if (!reset && out_valid && out_ready) begin",
        out_fmt,
        "    if (out_last) done = 1;",
        "  end",
    ]
    lines += toggle_counters(names, ids, clock_network(mod, liberty.Library(a.liberty)), a.settled)
    lines += [
        "  initial begin",
        f'    $readmemh("{a.stimulus}", stim);',
        f'    fo = $fopen("{a.out_words}", "w");',
        f"    reset = 1; out_ready = 1; channels_minus_one = {a.channels - 1};{block}",
        f"    for (k = 0; k < {len(ids)}; k = k + 1) cnt[k] = 0;",
        "    repeat (4) @(negedge clock); reset = 0;",
        # Measure steady operation: skip the state memory's clearing after reset.
        "    while (!in_ready) @(negedge clock);",
        # Steady state: the channels start from the states golden warmed up.
        *([f"    repeat ({sweep}) @(negedge clock);"] if sweep else []),
        *([f'    $readmemh("{a.state_image}", {ram}.mem);'] if a.state_image else []),
        *preload,
        "    counting = 1; t0 = $realtime; i = 0;",
        # Offer samples at the implant's rate: a Bresenham pattern of valid cycles.
        f"    while (i < {a.samples}) begin",
        "      if (!pending) begin",
        f"        acc = acc + {sample_rate};",
        f"        if (acc >= {clock_hz}) begin acc = acc - {clock_hz}; pending = 1; end",
        "      end",
        "      in_valid = pending; in_sample = stim[i];",
        "      @(posedge clock); if (in_valid && in_ready) begin i = i + 1; accepted = accepted + 1; pending = 0; end",
        "      @(negedge clock);",
        "    end",
        "    in_valid = 0; flush = 1; @(negedge clock); flush = 0;",
        "    k = 0; while (!done && k < 10000) begin @(negedge clock); k = k + 1; end",
        "    counting = 0; t1 = $realtime;",
        f'    $fclose(fo); fo = $fopen("{a.counts}", "w");',
        mem_out.rstrip("\n"),
        '    $fwrite(fo, "time_ns %0f\\ncycles %0d\\nsram_reads %0d\\nsram_writes %0d\\nsram_idle %0d\\nsamples %0d\\nflushed %0d\\n", t1 - t0, cycles, reads, writes, idle, accepted, done);',
        f"    for (k = 0; k < {len(ids)}; k = k + 1) $fwrite(fo, \"n %0d %0d\\n\", k, cnt[k]);",
        "    $fclose(fo); $finish;",
        "  end",
        "endmodule",
    ]
    open(a.out, "w").write("\n".join(lines) + "\n")
    json.dump([names[b] for b in ids], open(a.out + ".nets.json", "w"))
    json.dump(ids, open(a.out + ".ids.json", "w"))


def read_counts(path):
    """The bench's counts: the header figures, each net's toggles, and the
    accesses (reads, writes, idle clocks) of every memory besides the state one."""
    head, toggles, mems = {}, {}, {}
    for line in open(path):
        f = line.split()
        if not f:
            continue
        if f[0] == "n":
            toggles[int(f[1])] = int(f[2])
        elif f[0] == "mem":
            mems[f[1]] = tuple(int(x) for x in f[2:5])
        else:
            head[f[0]] = float(f[1])
    return head, toggles, mems


def cmd_report(a):
    lib = liberty.Library(a.liberty)
    cfg = sram_model.for_node(json.load(open(a.asic)), a.node)
    params = hwparams.load(a.params)
    mod = load_netlist(a.netlist, params["rtl"]["top_module"])
    ids = json.load(open(a.tb + ".ids.json"))
    head, by_index, mem_counts = read_counts(a.counts)
    toggles = {ids[k]: t for k, t in by_index.items()}
    v = lib.voltage
    slew = cfg["input_transition_ns"]
    sram = cfg["sram"]

    # Load of each net: input pins it drives, plus the pad load on top outputs.
    # With --by-block, each net's switching is charged to its driver's block.
    load, driver = {}, {}
    for name, c in mod["cells"].items():
        cell = lib.cells.get(c["type"])
        for pin, bits in c["connections"].items():
            if cell:
                is_input = cell.pins[pin].direction == "input"
                cap = cell.pins[pin].cap
            else:
                is_input = c.get("port_directions", {}).get(pin) == "input"
                cap = sram["input_pin_cap_pf"]
            for b in bits:
                if not isinstance(b, int):
                    continue
                if is_input:
                    load[b] = load.get(b, 0.0) + cap
                else:
                    driver[b] = block_of(name) if cell else "state memory outputs"
    clock_bits = clock_network(mod, lib)
    for name, p in mod["ports"].items():
        if p["direction"] == "output":
            for b in p["bits"]:
                if isinstance(b, int):
                    load[b] = load.get(b, 0.0) + cfg["output_load_pf"]

    pj = {"clock network": 0.0, "registers": 0.0, "combinational logic": 0.0}
    by_block = {"clock network": 0.0}
    leak_by_block = {}
    internal = switching = 0.0
    leak_nw = 0.0
    area = 0.0
    ram_cells = []
    # Flip-flop outputs change at most once per clock: their toggles over the
    # clock events bound what ideal clock gating could save.
    n_ff = ff_changes = 0
    for name, c in mod["cells"].items():
        cell = lib.cells.get(c["type"])
        if cell is None:
            ram_cells.append((name, c))
            continue
        blk = block_of(name)
        leak_by_block[blk] = leak_by_block.get(blk, 0.0) + cell.leakage
        if cell.sequential:
            n_ff += 1
            ff_changes += sum(toggles.get(bits[0], 0) for pin, bits in c["connections"].items()
                              if cell.pins[pin].direction == "output" and isinstance(bits[0], int))
        area += cell.area
        leak_nw += cell.leakage
        block = "registers" if cell.sequential else "combinational logic"
        for pin, bits in c["connections"].items():
            b = bits[0]
            if not isinstance(b, int):
                continue
            p, t = cell.pins[pin], toggles.get(b, 0)
            if p.direction == "input" and None in p.energy:
                r, f = p.energy[None]
                e = t * (r.energy(0.0, slew) + f.energy(0.0, slew)) / 2
                pj["clock network" if b in clock_bits else block] += e
                key = "clock network" if b in clock_bits else blk
                by_block[key] = by_block.get(key, 0.0) + e
                internal += e
            elif p.direction == "output" and p.energy:
                per = [(r.energy(load.get(b, 0.0), slew) + f.energy(load.get(b, 0.0), slew)) / 2
                       for r, f in p.energy.values()]
                e = t * sum(per) / len(per)
                pj["clock network" if b in clock_bits else block] += e
                key = "clock network" if b in clock_bits else blk
                by_block[key] = by_block.get(key, 0.0) + e
                internal += e
    for b, t in toggles.items():
        e = 0.5 * load.get(b, 0.0) * v * v * t
        switching += e
        pj["clock network" if b in clock_bits else "combinational logic"] += e
        key = "clock network" if b in clock_bits else driver.get(b, "top inputs")
        by_block[key] = by_block.get(key, 0.0) + e

    seconds = head["time_ns"] * 1e-9
    uw = lambda e_pj: e_pj * 1e-12 / seconds * 1e6
    blocks = {k: uw(e) for k, e in pj.items()}
    # Each memory macro, sized by its words (params.json) and its word (the
    # widest output of the netlist's macro); the state memory's accesses are
    # the header's, the others' their `mem` lines.
    memories, macro, sram_range = {}, None, {}
    for name, cell in ram_cells:
        m = hwparams.memory_of(params, name) or (len(ram_cells) == 1 and hwparams.memories(params)[0])
        if not m or m["role"] in memories:
            sys.exit(f"gatepower: {name} is not one of the memories in {a.params}")
        bits = max(len(b) for pin, b in cell["connections"].items() if cell["port_directions"].get(pin) == "output")
        model = sram_model.model(cfg, m["words"], bits)
        if m["role"] == "state":
            acc = (head["sram_reads"], head["sram_writes"], head.get("sram_idle", 0))
            macro, word_bits = model, bits
        elif m["role"] in mem_counts:
            acc = mem_counts[m["role"]]
        else:
            sys.exit(f"gatepower: no access counts of the {m['role']} memory in {a.counts}")
        if m["role"] in hwparams.STATE_ROLES:
            for n in model["sources"]:
                sram_range[n] = sram_range.get(n, 0.0) + uw(sram_model.access_energy_pj(model, *acc, source=n))
        mem_uw = uw(sram_model.access_energy_pj(model, *acc))
        blocks[memory_label(m["role"])] = blocks.get(memory_label(m["role"]), 0.0) + mem_uw
        memories[m["role"]] = {"words": m["words"], "word_bits": bits, "reads": acc[0], "writes": acc[1],
                               "idle_cycles": acc[2], "uw": mem_uw,
                               "source": model["source"], "read_pj": model["read_pj"],
                               "write_pj": model["write_pj"], "idle_pj": model["idle_pj"],
                               "area_um2": model["area_um2"]}
    if macro is None:
        sys.exit("gatepower: the netlist has no state memory macro")
    # Blocks of B > 1 need the next block of every channel buffered while this
    # one is coded: 2 x B x N codes. Not in the RTL: modelled with the state
    # memory's SRAM model, one code written and one read per sample.
    buffer = None
    if a.block > 1:
        buffer = sram_model.model(cfg, 2 * a.block * a.channels, params["code_bits"])
        buffer_pj = sram_model.access_energy_pj(buffer, head["samples"], head["samples"], 0)
        blocks["input buffer (SRAM model, not simulated)"] = uw(buffer_pj)
    blocks["leakage (std cells)"] = leak_nw * 1e-3
    total = sum(blocks.values())
    samples = head["samples"]
    rate = params["samples_per_s"]
    # Scale to the implant's rate: energy per sample at the measured activity.
    out = {
        "node": f"{lib.name} (typical, 25 C)",
        "voltage_v": v,
        "clock_mhz": 1e3 * head["cycles"] / head["time_ns"],
        "stimulus": a.stimulus_label,
        "warm_samples_per_channel": a.warm_samples,
        "channels": a.channels,
        "block": a.block,
        "samples": samples,
        "simulated_cycles": int(head["cycles"]),
        "simulated_ns": head["time_ns"],
        "sample_rate_in_sim": samples / seconds,
        "output_flushed": bool(head["flushed"]),
        "sram_reads": int(head["sram_reads"]),
        "sram_writes": int(head["sram_writes"]),
        "sram_idle_cycles": int(head.get("sram_idle", 0)),
        "sram_word_bits": word_bits,
        "sram_model": macro,
        "sram_uw_by_source": sram_range,
        "memories": memories,
        "sram_reads_per_sample": head["sram_reads"] / max(head["samples"], 1),
        "sram_writes_per_sample": head["sram_writes"] / max(head["samples"], 1),
        "input_buffer_model": buffer and {k: buffer[k] for k in ("words", "word_bits", "source", "read_pj", "write_pj", "area_um2")},
        "flip_flops": n_ff,
        "ff_change_fraction": ff_changes / max(n_ff * head["cycles"], 1),
        "toggles_total": sum(toggles.values()),
        "nets": len(toggles),
        "mean_activity_per_cycle": sum(toggles.values()) / max(len(toggles), 1) / head["cycles"],
        "logic_internal_uw": uw(internal),
        "logic_switching_uw": uw(switching),
        "blocks_uw": blocks,
        "total_uw": total,
        "energy_per_sample_pj": total * 1e-6 / (samples / seconds) * 1e12,
        "stdcell_area_um2": area,
    }
    out["total_uw_at_implant_rate"] = out["energy_per_sample_pj"] * 1e-12 * rate * 1e6
    if a.by_block:
        # Each block's dynamic power (its cells' internal energy and the
        # switching of the nets they drive) and its cells' leakage.
        out["by_block_uw"] = {k: {"dynamic": uw(by_block.get(k, 0.0)), "leakage": leak_by_block.get(k, 0.0) * 1e-3}
                              for k in sorted(set(by_block) | set(leak_by_block))}
    json.dump(out, open(a.out, "w"), indent=2)
    print(json.dumps(out, indent=2))


def cmd_ram_port(a):
    """Prints the state memory's port named `--port` if the netlist's macro has it."""
    p = hwparams.load(a.params)
    mod = load_netlist(a.netlist, p["rtl"]["top_module"])
    inst = p["rtl"]["state_ram_instance"]
    ram = mod["cells"].get(inst)
    if ram is None:
        sys.exit(f"gatepower: no instance {inst} in {a.netlist}")
    if a.port in ram["connections"]:
        print(a.port)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    q = sub.add_parser("ram-port")
    q.add_argument("--netlist", required=True)
    q.add_argument("--params", required=True)
    q.add_argument("--port", required=True)
    t = sub.add_parser("tb")
    t.add_argument("--netlist", required=True)
    t.add_argument("--liberty", required=True, help="the cells' Liberty (which of them pass the clock)")
    t.add_argument("--params", required=True)
    t.add_argument("--ram-we", required=True)
    t.add_argument("--ram-re", default="")
    t.add_argument("--stimulus", required=True)
    t.add_argument("--samples", type=int, required=True)
    t.add_argument("--channels", type=int, required=True)
    t.add_argument("--block", type=int, default=1, help="samples per block of a channel (the payload layout)")
    t.add_argument("--clock-mhz", type=float, required=True)
    t.add_argument("--state-image", default="", help="$readmemh file of the state RAM's words after warm-up")
    t.add_argument("--memory-image", action="append", default=[], metavar="ROLE=FILE",
                   help="$readmemh file of another memory (by its role in params.json), e.g. contexts=ctx.hex")
    t.add_argument("--settled", action="store_true", help="count settled value changes only (zero-delay runs)")
    t.add_argument("--out-words", required=True)
    t.add_argument("--counts", required=True)
    t.add_argument("--out", required=True)
    r = sub.add_parser("report")
    for o in ["--netlist", "--liberty", "--asic", "--params", "--tb", "--counts", "--out", "--stimulus-label"]:
        r.add_argument(o, required=True)
    r.add_argument("--channels", type=int, required=True)
    r.add_argument("--block", type=int, default=1, help="samples per block; > 1 adds the modelled input buffer")
    r.add_argument("--node", default="", help="a key of asic.json's nodes (its SRAM scaling), default the OSU one")
    r.add_argument("--warm-samples", type=int, default=0, help="golden warm-up samples per channel behind the start states")
    r.add_argument("--by-block", action="store_true", help="add by_block_uw: power by instance path (a netlist synthesized with blocks)")
    a = ap.parse_args()
    if a.cmd == "tb":
        cmd_tb(a)
    elif a.cmd == "ram-port":
        cmd_ram_port(a)
    else:
        cmd_report(a)


if __name__ == "__main__":
    main()
