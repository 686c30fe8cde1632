"""Power floor of the architecture at the node: what one state read + write
per sample and the flip-flops clocked every sample cost at least, from the
Liberty and the SRAM model, against the 1 mW bar; and how batching samples
per channel would change the state-memory traffic.

usage: floor.py params.json asic.json liberty.lib net.json power.json out.json
(power.json: a gate-level power run, for the measured logic and the
flip-flops' change fraction). report.py calls compute() directly.
"""

import json
import sys

import liberty
import sram

BAR_UW = 1000.0  # issue 5: all channels, state memory included, under 1 mW
LATENCY_BUDGET_S = 1e-3
BATCHES = [1, 2, 4, 8, 16]


def clock_pin_pj(lib, cell, slew):
    """Energy one clock cycle costs a flip-flop: its clock pin's internal
    energy (rise + fall) plus charging and discharging the pin (C V^2)."""
    pin = next(p for p in cell.pins.values() if None in p.energy and p.direction == "input" and p.name in ("CLK", "C"))
    r, f = pin.energy[None]
    return r.energy(0.0, slew) + f.energy(0.0, slew) + pin.cap * lib.voltage ** 2


def compute(p, cfg, lib, mod, pw):
    """p: params.json (hw-params); cfg: asic.json; lib: liberty.Library; mod: the mapped
    top module (yosys JSON); pw: a gatepower report."""
    rate = p["samples_per_s"]
    slew = cfg["input_transition_ns"]

    ffs = [lib.cells[c["type"]] for c in mod["cells"].values() if c["type"] in lib.cells and lib.cells[c["type"]].sequential]
    e_clk = [clock_pin_pj(lib, c, slew) for c in ffs]
    word = pw["sram_word_bits"]
    macro = sram.model(cfg, p["max_channels"], word)
    per_sample = {  # pJ per sample, at one sample per clock
        "state memory (1 read + 1 write)": macro["read_pj"] + macro["write_pj"],
        "flip-flop clock pins (every FF, every clock)": sum(e_clk),
    }
    floor_pj = sum(per_sample.values())
    sim_rate = pw["sample_rate_in_sim"]
    measured_logic_pj = sum(v for k, v in pw["blocks_uw"].items() if not k.startswith("state memory")) * 1e-6 / sim_rate * 1e12
    bar_pj = BAR_UW * 1e-6 / rate * 1e12
    range_pj = {n: s["read_pj"] + s["write_pj"] for n, s in macro["sources"].items()}
    # The golden state word may be wider than the RTL synthesized here (RTL lagging golden).
    golden = sram.model(cfg, p["max_channels"], p["implant_state_bits"])

    # Batching: buffer B samples per channel as codes, then run the channel B
    # times with its state held in registers: one state read + write per B samples.
    per_bit = macro["energy_per_bit_access_pj"]
    code = p["code_bits"]
    batches = []
    for b in BATCHES:
        state_bits = 2 * word / b
        buffer_bits = 0 if b == 1 else 2 * code  # each sample written once, read once
        latency = (2 * b if b > 1 else 1) / p["sample_rate_hz"]  # fill one batch, drain it while the next fills
        batches.append({
            "batch": b,
            "memory_bits_per_sample": state_bits + buffer_bits,
            "buffer_bits": 0 if b == 1 else 2 * b * p["max_channels"] * code,  # double-buffered
            "latency_ms": latency * 1e3,
            "within_latency_budget": latency <= LATENCY_BUDGET_S,
            "memory_pj_per_sample": (state_bits + buffer_bits) * per_bit,
            "memory_uw": (state_bits + buffer_bits) * per_bit * rate * 1e-6,
        })

    out = {
        "node": "OSU 0.18 um (osu018_stdcells, typical, 25 C)", "voltage_v": lib.voltage,
        "samples_per_s": rate, "clock_mhz": rate / 1e6,
        "bar_uw": BAR_UW, "bar_pj_per_sample": bar_pj,
        "flip_flops": len(ffs), "ff_clock_pj_mean": sum(e_clk) / max(len(ffs), 1),
        "ff_change_fraction_measured": pw.get("ff_change_fraction"),
        "sram_word_bits": word, "sram_source": macro["source"],
        "sram_read_pj": macro["read_pj"], "sram_write_pj": macro["write_pj"],
        "sram_pj_per_sample_by_source": range_pj,
        "golden_state_bits": p["implant_state_bits"],
        "sram_pj_per_sample_at_golden_state_bits": golden["read_pj"] + golden["write_pj"],
        "floor_pj_per_sample": per_sample, "floor_total_pj_per_sample": floor_pj,
        "floor_uw": {k: v * rate * 1e-6 for k, v in per_sample.items()},
        "floor_total_uw": floor_pj * rate * 1e-6,
        "measured_logic_pj_per_sample": measured_logic_pj,
        "measured_stimulus": pw["stimulus"], "measured_clock_mhz": pw["clock_mhz"],
        "batching": batches,
    }
    return out


def main(params_path, asic_path, lib_path, net_path, power_path, out_path):
    mod = json.load(open(net_path))["modules"]["brainwire_encoder"]
    out = compute(json.load(open(params_path)), json.load(open(asic_path)), liberty.Library(lib_path),
                  mod, json.load(open(power_path)))
    json.dump(out, open(out_path, "w"), indent=2)


if __name__ == "__main__":
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    main(*sys.argv[1:7])
