"""Collects the flow's results into reports/hw.json, reports/hw.md and two
plots (plots.py). Missing steps are reported as missing, never filled in.
Figures are read from machine-readable outputs: yosys `stat -json`, nextpnr's
`--report` JSON, the gate-level power JSON; OpenSTA (2019) has only text.

usage: report.py build-dir out-dir liberty.lib"""

import json
import os
import re
import sys

import floor
import hwparams
import liberty
import ratio_report
import sram

# Published comparison points (see constraints/README.md for the references).
BIHR_2014 = {"node_nm": 180, "channels": 100, "power_uw": 970.0, "area_mm2": 0.72, "uw_per_channel": 9.7}
CRISPIN_BAILEY_2019 = {"node_nm": 65, "fj_per_input_bit": 250.0}
RADIO_PJ_PER_BIT = 1000.0  # assumption, see README


def load(path):
    return json.load(open(path)) if os.path.exists(path) else None


def cell_counts(stat):
    """Cells by type of the whole design, from yosys `stat -json`."""
    return stat["design"]["num_cells_by_type"]


def fpga(build, arch, lut, ff_prefix, ram_types):
    rep, stat = load(f"{build}/{arch}/report.json"), load(f"{build}/{arch}/stat.json")
    if rep is None or stat is None:
        return None
    counts = cell_counts(stat)
    fmax = min(v["achieved"] for v in rep["fmax"].values())
    return {
        "luts": counts.get(lut, 0),
        "ffs": sum(n for t, n in counts.items() if t.startswith(ff_prefix)),
        "ram_blocks": {t: counts.get(t, 0) for t in ram_types},
        "fmax_mhz": round(fmax, 2),
        "utilization": {k: v for k, v in rep["utilization"].items() if v["used"]},
        "fits": all(v["used"] <= v["available"] for v in rep["utilization"].values()),
    }


def asic(build, params, cfg, lib):
    """Cells and area (yosys `stat -json` counts x Liberty cell areas; each
    memory macro, the state RAM and the ratio encoder's context RAM, from the
    SRAM model) and OpenSTA's timing."""
    sta = f"{build}/asic/sta.txt"
    net, stat = load(f"{build}/asic/net.json"), load(f"{build}/asic/stat.json")
    if stat is None or net is None:
        return None
    counts = cell_counts(stat)
    mems = hwparams.memories(params)
    unknown = [t for t in counts if t not in lib.cells and t not in {m["module"] for m in mems}]
    if unknown:
        sys.exit(f"report: cells not in {lib.name}: {unknown}")
    area = sum(n * lib.cells[t].area for t, n in counts.items() if t in lib.cells)
    top = net["modules"][params["rtl"]["top_module"]]
    macros = {}
    for m in mems:
        ram = next((c for c in top["cells"].values() if c["type"] == m["module"]), None)
        if ram is None:
            return None  # a netlist older than the RTL's memories: not built yet
        word = max(len(b) for p, b in ram["connections"].items() if ram["port_directions"][p] == "output")
        macros[m["role"]] = sram.model(cfg, m["words"], word)
    # The channel state's two macros (state RAM, predictor RAM) as one memory:
    # one read and one write of each per sample.
    sram_state = sram.combined([macros[r] for r in hwparams.STATE_ROLES if r in macros])
    out = {"std_cells": sum(n for t, n in counts.items() if t in lib.cells), "std_cell_area_um2": area,
           "flip_flops": sum(n for t, n in counts.items() if t in lib.cells and lib.cells[t].sequential),
           "sram": sram_state, "memories": macros,
           "total_area_um2": area + sum(x["area_um2"] for x in macros.values())}
    if os.path.exists(sta):
        s = open(sta).read()
        slack = float(re.search(r"([-\d.]+)\s+slack \((?:MET|VIOLATED)\)", s).group(1))
        arrival = float(re.search(r"([-\d.]+)\s+data arrival time", s).group(1))
        period = params["target_period_ns"]
        out.update({"clock_period_ns": period, "critical_path_ns": round(period - slack, 3),
                    "worst_slack_ns": slack, "data_arrival_ns": arrival,
                    "fmax_mhz": round(1e3 / (period - slack), 1)})
    return out


def sta_power_uw(path):
    if not os.path.exists(path):
        return None
    m = re.search(r"^Total\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", open(path).read(), re.M)
    return float(m.group(4)) * 1e6 if m else None


def power(build, name, params):
    p = load(f"{build}/power/{name}/power.json")
    if p is None:
        return None
    rate = params["samples_per_s"]
    scale = rate / p["sample_rate_in_sim"]
    blocks = {k: v * (scale if not k.startswith("leakage") else 1.0) for k, v in p["blocks_uw"].items()}
    total = sum(blocks.values())
    # The memories (the state, the ratio coder's contexts, and the modelled
    # input buffer of blocked runs) apart.
    logic = total - sum(v for k, v in blocks.items() if k.endswith("(SRAM macro)") or k.startswith("input buffer"))
    sta_uw = sta_power_uw(f"{build}/power/{name}/sta.txt")
    sram_range = {k: v * scale for k, v in p["sram_uw_by_source"].items()}
    return {
        "stimulus": p["stimulus"], "warm_samples_per_channel": p.get("warm_samples_per_channel", 0),
        "block": p.get("block", 1),
        "node": p["node"], "voltage_v": p["voltage_v"],
        "clock_mhz": round(p["clock_mhz"], 3), "samples_per_s": rate,
        "simulated_cycles": p["simulated_cycles"], "mean_activity_per_cycle": p["mean_activity_per_cycle"],
        "netlist_output_equals_golden": True,
        "blocks_uw": blocks, "total_uw": total, "logic_uw": logic,
        "opensta_logic_uw_same_activity": sta_uw * scale if sta_uw else None,
        "uw_per_channel": total / params["max_channels"],
        "pj_per_input_bit": total * 1e-6 / params["input_bits_per_s"] * 1e12,
        "pj_per_sample": total * 1e-6 / rate * 1e12,
        "sram_accesses": {"reads": p["sram_reads"], "writes": p["sram_writes"], "idle_cycles": p["sram_idle_cycles"],
                          "reads_per_sample": p["sram_reads"] / p["samples"],
                          "writes_per_sample": p["sram_writes"] / p["samples"]},
        "sram_source": p["sram_model"]["source"], "sram_uw_by_source": sram_range,
        "total_uw_by_sram_source": {k: logic + v for k, v in sram_range.items()},
        "flip_flops": p["flip_flops"], "ff_change_fraction": p["ff_change_fraction"],
    }


# The roles the breakdown reports, each the block instances (or instance
# prefixes) of the RTL that do it; an instance in none of them is a stage's
# registers or glue.
ROLES = [
    ("grid: sample to ADC code", ["front.grid_check", "front.grid_compare", "front.grid_code"]),
    ("forwarding of loop fields", ["front.tags", "front.history_in", "front.weights_in", "front.activity_in",
                                   "front.signs_in", "front.queue_in"]),
    ("history and LMS weights", ["front.history", "front.lms", "front.pending_sign", "front.sign_queue",
                                 "front.hb3", "front.wb3"]),
    ("multipliers", ["front.products"]),
    ("prediction sum and residual", ["front.predict_sum", "front.residual_stage", "front.acc5"]),
    ("activity and context", ["front.activity", "front.octave", "front.coding_context"]),
    ("symbol, code ROM and field", ["back.symbol_coder", "back.code_rom", "back.code_field"]),
    ("packer and FIFO", ["back.packer", "back.fifo"]),
    ("control: handshake, channel counter, flush, RAM sweep", ["control"]),
]
OTHER_ROLE = "pipeline registers and stage glue"


def role_of(instance):
    for role, prefixes in ROLES:
        if any(instance == x or instance.startswith(x + ".") for x in prefixes):
            return role
    return instance if instance in ("clock network", "state memory outputs", "top inputs") else OTHER_ROLE


def power_by_block(build, params):
    """The short run on the netlist synthesized by block (hw.mk power-blocks):
    power by instance and by role, scaled to the implant's rate like power()."""
    p = load(f"{build}/power/blocks/power.json")
    if p is None or "by_block_uw" not in p:
        return None
    scale = params["samples_per_s"] / p["sample_rate_in_sim"]
    inst = {k: v["dynamic"] * scale + v["leakage"] for k, v in p["by_block_uw"].items()}
    sram_uw = p["blocks_uw"]["state memory (SRAM macro)"] * scale
    roles = {}
    for k, v in inst.items():
        roles[role_of(k)] = roles.get(role_of(k), 0.0) + v
    roles["state memory (SRAM macro)"] = sram_uw
    total = sum(roles.values())
    order = lambda d: dict(sorted(d.items(), key=lambda kv: -kv[1]))
    return {"stimulus": p["stimulus"], "node": p["node"], "voltage_v": p["voltage_v"],
            "warm_samples_per_channel": p.get("warm_samples_per_channel", 0),
            "stdcell_area_um2": p["stdcell_area_um2"], "total_uw": total,
            "by_role_uw": order(roles), "by_instance_uw": order(inst)}


def asic_nangate45(build, params, cfg):
    """asic() of the Nangate45 build (its Liberty fetched into build/nangate45)."""
    lib = f"{build}/nangate45/stdcells.lib"
    if not os.path.exists(lib):
        return None
    return asic(f"{build}/nangate45", params, sram.for_node(cfg, "nangate45"), liberty.Library(lib))


def glitch_share(delayed, zero_delay):
    """The share of the logic's dynamic power that glitches cost: the same
    stimulus with cell delays (every transition) against zero delay (settled
    changes only). Clock network, leakage and state memory are left out."""
    if not delayed or not zero_delay:
        return None
    dyn = lambda pw: pw["blocks_uw"]["combinational logic"] + pw["blocks_uw"]["registers"]
    return {"stimulus": delayed["stimulus"], "with_delays_uw": dyn(delayed), "zero_delay_uw": dyn(zero_delay),
            "combinational_with_delays_uw": delayed["blocks_uw"]["combinational logic"],
            "combinational_zero_delay_uw": zero_delay["blocks_uw"]["combinational logic"],
            "share": 1 - dyn(zero_delay) / dyn(delayed)}


def ratio_encoder(build, params, cfg, lib):
    """The ratio profile's encoder (hw.mk `asic-ratio`, `power-ratio`, in
    build/ratio with its own params.json): synthesis and power at both nodes."""
    rb = f"{build}/ratio"
    rp = load(f"{rb}/params.json")
    if rp is None:
        return {}
    ng45 = f"{build}/nangate45/stdcells.lib"
    return {"asic_ratio_osu018": asic(rb, rp, cfg, lib),
            "asic_ratio_nangate45": asic(f"{rb}/nangate45", rp, sram.for_node(cfg, "nangate45"), liberty.Library(ng45))
            if os.path.exists(ng45) else None,
            **{f"power_ratio_{node}": ratio_report.measured(power(rb, node, rp), load(f"{rb}/power/{node}/power.json"))
               for node in ("osu018", "nangate45")}}


def delta_build(build, cfg, lib):
    """The low-energy build (hw.mk `power-delta*`, in build/delta with its own
    params.json): the delta profile's RTL (no LMS taps, a three-stage front
    end), synthesis and the short and long power runs at both nodes."""
    db = f"{build}/delta"
    dp = load(f"{db}/params.json")
    if dp is None:
        return {}
    ng45 = f"{build}/nangate45/stdcells.lib"
    out = {"asic_delta_osu018": asic(db, dp, cfg, lib),
           "asic_delta_nangate45": asic(f"{db}/nangate45", dp, sram.for_node(cfg, "nangate45"), liberty.Library(ng45))
           if os.path.exists(ng45) else None}
    for run in ("short", "long"):
        out[f"power_delta_{run}"] = power(db, run, dp)
        out[f"power_delta_{run}_nangate45"] = power(f"{db}/nangate45", run, dp)
    # Blocks of B samples a channel (the state RAMs read and written once a block).
    out["power_delta_short_blocked"] = power(db, "short-blocked", dp)
    out["delta_rtl"] = {k: dp["rtl"][k] for k in ("pipeline_stages", "latency_clocks")}
    out["delta_rtl"]["state_bits"] = next(q["state_bits"] for q in dp["profiles"] if q["name"] == "delta")
    return out


def keep_missing(rep, old):
    """Fills each missing (None or absent) piece of `rep` from `old`."""
    for k, v in (old or {}).items():
        if rep.get(k) is None and v is not None:
            rep[k] = v


def ice40(build):
    return fpga(build, "ice40", "SB_LUT4", "SB_DFF", ["SB_RAM40_4K", "SB_SPRAM256KA"])


def main(build, outdir, lib_path):
    params = load(f"{build}/params.json")
    cfg = load("constraints/asic.json")
    ratios = load(f"{build}/ratios.json")
    lib = liberty.Library(lib_path)
    rep = {"params": params,
           "ice40_up5k": ice40(build),
           "ecp5_25k": fpga(build, "ecp5", "LUT4", "TRELLIS_FF", ["DP16KD", "TRELLIS_DPR16X4"]),
           "asic_osu018": asic(build, params, cfg, lib),
           "power_short": power(build, "short", params),
           "power_long": power(build, "long", params),
           "power_target_clock": power(build, "target", params),
           "asic_nangate45": asic_nangate45(build, params, cfg),
           "power_short_nangate45": power(f"{build}/nangate45", "short", params),
           "power_long_nangate45": power(f"{build}/nangate45", "long", params),
           # Blocks of B samples a channel (the low-energy layout; `block` in each run).
           "power_short_blocked": power(build, "short-blocked", params),
           "power_short_blocked_nangate45": power(f"{build}/nangate45", "short-blocked", params)}
    rep.update(ratio_encoder(build, params, cfg, lib))
    rep.update(delta_build(build, cfg, lib))
    rep["glitch_share"] = glitch_share(rep["power_short"], power(build, "short-zd", params))
    rep["power_by_block"] = power_by_block(build, params)
    pw = rep["power_long"] or rep["power_short"]
    a = rep["asic_osu018"]
    run = "long" if rep["power_long"] else "short"
    if pw and os.path.exists(f"{build}/asic/net.json"):
        mod = load(f"{build}/asic/net.json")["modules"][params["rtl"]["top_module"]]
        rep["floor"] = floor.compute(params, cfg, lib, mod, load(f"{build}/power/{run}/power.json"))
    if pw and a:
        ratio = next((r["ratio"] for r in (ratios or {}).get("profiles", []) if r["name"] == params["implant_profile"]), None)
        rep["per_channel"] = {"uw": pw["uw_per_channel"], "um2": a["total_area_um2"] / params["max_channels"],
                              "pj_per_input_bit": pw["pj_per_input_bit"]}
        rep["comparison"] = {"bihr_newcas_2014": BIHR_2014, "crispin_bailey_tbiocas_2019": CRISPIN_BAILEY_2019}
        if ratio:
            saved = params["input_bits_per_s"] * (1 - 1 / ratio) * RADIO_PJ_PER_BIT * 1e-12 * 1e6
            rep["radio"] = {"assumed_pj_per_bit": RADIO_PJ_PER_BIT, "payload_ratio": ratio, "saved_uw": saved,
                            "net_saving_uw": saved - pw["total_uw"]}
        # Trade-off. Profiles with RTL (the implant's, constraints/build/NAME for the
        # others) carry their own synthesis and short-run power: same stimulus and
        # clock for all, so the short run is compared even when a long one exists.
        # The others: state memory scaled from the implant's by the state word.
        if ratios:
            rows = []
            short = rep["power_short"]
            # The ratio profile (its own encoder and coder) has its own table: ratio_report.
            for r in (x for x in ratios["profiles"] if x["name"] != "ratio"):
                prof = next(q for q in params["profiles"] if q["name"] == r["name"])
                word = prof["state_bits"]  # one word of golden state per channel
                m = sram.model(cfg, params["max_channels"], round(word))
                # Same access counts per sample; energy per access scales with the word.
                sram_uw = (short or pw)["blocks_uw"]["state memory (SRAM macro)"] * (m["read_pj"] + m["write_pj"]) / (a["sram"]["read_pj"] + a["sram"]["write_pj"])
                row = {"profile": r["name"], "ratio": r["ratio"], "state_bits": prof["state_bits"],
                       "sram_word_bits": round(word), "sram_uw": sram_uw, "sram_area_um2": m["area_um2"],
                       "logic_measured": False}
                base = build if r["name"] == params["implant_profile"] else f"{build}/{r['name']}"
                hw_a, hw_p = asic(base, params, cfg, lib), (short if base == build else power(base, "short", params))
                if hw_a and hw_p:
                    sram_measured = hw_p["blocks_uw"]["state memory (SRAM macro)"]
                    row.update({"logic_measured": True, "run": "short", "stimulus": hw_p["stimulus"],
                                "clock_mhz": hw_p["clock_mhz"], "std_cells": hw_a["std_cells"],
                                "std_cell_area_um2": hw_a["std_cell_area_um2"], "logic_uw": hw_p["logic_uw"],
                                "sram_uw": sram_measured, "sram_word_bits": hw_a["sram"]["word_bits"],
                                "sram_area_um2": hw_a["sram"]["area_um2"], "total_uw": hw_p["total_uw"],
                                "total_area_um2": hw_a["total_area_um2"]})
                rows.append(row)
            rep["tradeoff"] = rows
    # A piece this build did not make (e.g. the implant's 18-minute long run
    # when only the ratio targets ran) keeps its figures from the last report.
    keep_missing(rep, load(f"{outdir}/hw.json"))
    rep["ratio_vs_implant"] = ratio_report.compare(rep, ratios, RADIO_PJ_PER_BIT) or rep.get("ratio_vs_implant")
    os.makedirs(outdir, exist_ok=True)
    json.dump(rep, open(f"{outdir}/hw.json", "w"), indent=2)
    write_md(rep, f"{outdir}/hw.md")
    import plots  # matplotlib: only the report draws, check.py does not need it
    plots.draw(rep, outdir)


def nodes_md(r):
    """Both nodes side by side (same RTL, stimulus and clock), and the glitch share."""
    runs = [("OSU 0.18 um, 1.8 V", "power_short", "power_long", "power_short_blocked"),
            ("Nangate45, 1.1 V", "power_short_nangate45", "power_long_nangate45", "power_short_blocked_nangate45")]
    L = ["", "## Two nodes, steady state", "",
         "| node | run | B | warm-up samples/ch | logic uW | state memory uW | input buffer uW (model) | total uW | "
         "uW/channel | pJ/sample |",
         "|---|---|---|---|---|---|---|---|---|---|"]
    for node, *keys in runs:
        for key in keys:
            pw = r.get(key)
            if pw:
                buffer = pw["blocks_uw"].get("input buffer (SRAM model, not simulated)", 0.0)
                L.append(f"| {node} | {pw['stimulus'].split(' of ')[0]} | {pw.get('block', 1)} | "
                         f"{pw['warm_samples_per_channel']} | {pw['logic_uw']:.0f} | "
                         f"{pw['blocks_uw']['state memory (SRAM macro)']:.0f} | {buffer:.0f} | "
                         f"{pw['total_uw']:.0f} | {pw['uw_per_channel']:.2f} | {pw['pj_per_sample']:.1f} |")
    L += ["", "| node | std cells | flip-flops | std-cell area | state SRAM model | critical path at "
          f"{r['params']['target_period_ns']} ns |", "|---|---|---|---|---|---|"]
    for node, key in [("OSU 0.18 um", "asic_osu018"), ("Nangate45", "asic_nangate45")]:
        a = r.get(key)
        if a:
            L.append(f"| {node} | {a['std_cells']} | {a['flip_flops']} | {a['std_cell_area_um2']:.0f} um2 | "
                     f"{a['sram']['area_um2'] / 1e6:.3f} mm2, read {a['sram']['read_pj']:.1f} pJ, write "
                     f"{a['sram']['write_pj']:.1f} pJ ({a['sram']['source']}) | {a.get('critical_path_ns')} ns |")
    g = r.get("glitch_share")
    if g:
        L += ["", f"Glitch share (OSU 0.18 um, {g['stimulus']}): combinational logic and register outputs "
                  f"{g['with_delays_uw']:.0f} uW with cell delays against {g['zero_delay_uw']:.0f} uW at zero delay "
                  f"(settled changes only): {100 * g['share']:.1f} % of that power is glitching "
                  f"(combinational logic alone {g['combinational_with_delays_uw']:.0f} vs {g['combinational_zero_delay_uw']:.0f} uW)."]
    return L + blocks_md(r.get("power_by_block"), r.get("power_short"))


def delta_md(r):
    """The low-energy build beside the implant's: both nodes, short and long
    runs, with the comparisons of issue 11."""
    runs = [(node, run, r.get(f"power_delta_{run}{suffix}"), r.get(key))
            for node, suffix, key in [("OSU 0.18 um, 1.8 V", "", "asic_delta_osu018"),
                                      ("Nangate45, 1.1 V", "_nangate45", "asic_delta_nangate45")]
            for run in ("short", "long", "short_blocked")]
    if not any(pw for _, _, pw, _ in runs):
        return []
    p = r["params"]
    ratio = {t["profile"]: t["ratio"] for t in r.get("tradeoff", [])}
    L = ["", "## The low-energy build: the delta profile's RTL (`make power-delta power-delta-long "
             "power-delta-blocked power-delta-nangate45 power-delta-long-nangate45`)", "",
         "The implant's encoder built with the cargo feature `profile-delta` (rtl/src/delta_front.rs): the "
         "prediction is the channel's last code, so the front end has no LMS taps, products or history and takes "
         "3 stages instead of 7 (pipeline 8 stages and the FIFO); the back end, control and state RAMs are the "
         "implant's. Same stimulus, clock and steady state as the implant's runs; the netlist's output equals "
         "golden's delta payload.", "",
         "| node | run | B | warm-up samples/ch | flip-flops | logic uW | state memory uW | total uW | uW/channel | "
         "pJ/sample | pJ/input bit | area/channel |",
         "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for node, run, pw, a in runs:
        if pw:
            area = f"{a['total_area_um2'] / p['max_channels']:.0f} um2" if a else "-"
            memory = pw["blocks_uw"]["state memory (SRAM macro)"] + pw["blocks_uw"].get(
                "input buffer (SRAM model, not simulated)", 0.0)
            L.append(f"| {node} | {pw['stimulus'].split(' of ')[0]} | {pw.get('block', 1)} | "
                     f"{pw['warm_samples_per_channel']} | "
                     f"{pw['flip_flops']} | {pw['logic_uw']:.0f} | {memory:.0f} | "
                     f"**{pw['total_uw']:.0f}** | {pw['uw_per_channel']:.2f} | {pw['pj_per_sample']:.1f} | "
                     f"{pw['pj_per_input_bit']:.2f} | {area} |")
    d = r.get("delta_rtl")
    if d:
        L += ["", f"State {d['state_bits']} bits a channel (the implant's 114); pipeline {d['pipeline_stages']} stages "
                  f"(the implant's 12), latency {d['latency_clocks']} clocks from a sample accepted to its word "
                  f"offered; with blocks of B samples a channel the latency grows by the buffering, 2B sample "
                  f"periods (0.82 ms for B = 8, docs/POWER.md). State memory of the blocked run: the state RAMs "
                  f"and the modelled input buffer."]
    imp, dl = r.get("power_long"), r.get("power_delta_long")
    if imp and dl:
        L += ["", f"Against the implant's build (long runs, OSU 0.18 um): {imp['total_uw']:.0f} uW, {imp['flip_flops']} "
                  f"flip-flops. Bihr et al. (NEWCAS 2014, 180 nm, delta compression): 9.7 uW per channel; this build "
                  f"{dl['uw_per_channel']:.2f}. Crispin-Bailey et al. (TBioCAS 2019, 65 nm): 250 fJ per input bit; this "
                  f"build {1e3 * dl['pj_per_input_bit']:.0f} fJ at 180 nm"
                  + (f", {1e3 * r['power_long_nangate45']['pj_per_input_bit']:.0f} fJ for the implant's and "
                     f"{1e3 * r['power_delta_long_nangate45']['pj_per_input_bit']:.0f} fJ for this build at 45 nm"
                     if r.get("power_long_nangate45") and r.get("power_delta_long_nangate45") else "") + "."]
    if "delta" in ratio and p["implant_profile"] in ratio:
        bits = p["input_bits_per_s"]
        saved = lambda q: bits * (1 - 1 / q) * RADIO_PJ_PER_BIT * 1e-12 * 1e6
        L += ["", f"Radio at an assumed {RADIO_PJ_PER_BIT:.0f} pJ/bit: the delta payload ratio {ratio['delta']:.4f} saves "
                  f"{saved(ratio['delta']) / 1e3:.1f} mW of transmit energy for 1024 channels, the implant's "
                  f"{ratio[p['implant_profile']]:.4f} {saved(ratio[p['implant_profile']]) / 1e3:.1f} mW: "
                  f"{(saved(ratio[p['implant_profile']]) - saved(ratio['delta'])) / 1e3:.2f} mW more radio for this build."]
    return L


def blocks_md(b, flat):
    """Where the power goes: by role, then the ten costliest block instances;
    `flat` is the short run on the flat netlist, for comparison."""
    if not b:
        return []
    L = ["", f"## Where the power goes ({b['node']}, {b['voltage_v']} V, {b['stimulus']})", "",
         "`make power-blocks`: the same RTL synthesized block by block (each instance of the top and of its "
         "blocks mapped apart, then flattened with the instance path kept in every cell's name: "
         f"{b['stdcell_area_um2']:.0f} um2 of cells, no optimisation across block boundaries), run on the short "
         "stimulus. A block's power is its cells' internal energy, the switching of the nets they drive and their "
         "leakage; the clock pins of every flip-flop form the clock network.", "",
         "| role | uW | share |", "|---|---|---|"]
    L += [f"| {k} | {v:.0f} | {100 * v / b['total_uw']:.1f} % |" for k, v in b["by_role_uw"].items()]
    L += [f"| **total** | **{b['total_uw']:.0f}** | |"]
    if flat:
        L += ["", f"The flat netlist costs {flat['total_uw']:.0f} uW on the same stimulus: this build's total is "
                  f"{100 * (b['total_uw'] / flat['total_uw'] - 1):.0f} % higher, the price of its block boundaries; "
                  "the shares are what the breakdown is for."]
    L += ["", "| block instance | uW |", "|---|---|"]
    L += [f"| {k} | {v:.0f} |" for k, v in list(b["by_instance_uw"].items())[:10]]
    return L


def f(v, fmt="{:.1f}"):
    return "missing" if v is None else fmt.format(v)


def write_md(r, path):
    p = r["params"]
    L = [f"# Hardware report (generated by `make synth power`)", "",
         f"Target clock {p['target_clock_mhz']} MHz = {p['max_channels']} channels x {p['sample_rate_hz']} Hz "
         f"x margin {p['clock_margin']} (from golden::profile via brainwire-rtl's `hw-params`).", "",
         "| FPGA | LUTs | FFs | RAM blocks | Fmax (MHz) |", "|---|---|---|---|---|"]
    for name, k in [("iCE40 UP5K (SG48)", "ice40_up5k"), ("ECP5 LFE5U-25F", "ecp5_25k")]:
        x = r[k]
        L.append(f"| {name} | {x['luts']} | {x['ffs']} | {x['ram_blocks']} | {x['fmax_mhz']} |" if x else f"| {name} | missing | | | |")
    a = r["asic_osu018"]
    if a:
        L += ["", "| ASIC OSU 0.18 um | value |", "|---|---|",
              f"| standard cells | {a['std_cells']} |", f"| std-cell area | {a['std_cell_area_um2']:.0f} um2 |",
              f"| state SRAM macro ({a['sram']['words']} x {a['sram']['word_bits']}) | {a['sram']['area_um2']:.0f} um2 (model) |",
              f"| total area | {a['total_area_um2'] / 1e6:.3f} mm2 |",
              f"| critical path / slack at {a.get('clock_period_ns')} ns | {a.get('critical_path_ns')} ns / {a.get('worst_slack_ns')} ns |",
              f"| Fmax (ideal clock, no wires) | {a.get('fmax_mhz')} MHz |"]
    titles = {"power_short": "short run, implant clock", "power_long": "long run, implant clock",
              "power_target_clock": "short run, timing clock (for comparison)",
              "power_short_nangate45": "Nangate45, short run, implant clock",
              "power_long_nangate45": "Nangate45, long run, implant clock",
              "power_short_blocked": "blocks of B samples a channel, implant clock",
              "power_short_blocked_nangate45": "Nangate45, blocks of B samples a channel, implant clock"}
    L += nodes_md(r)
    L += delta_md(r)
    for key in titles:
        pw = r.get(key)
        if not pw:
            continue
        L += ["", f"## Power ({titles[key]}): {pw['stimulus']}", "",
              f"{pw['node']}, {pw['voltage_v']} V, clock {pw['clock_mhz']} MHz, input at {pw['samples_per_s'] / 1e6:.2f} M samples/s "
              f"(figures scaled to exactly this rate by energy per sample); "
              f"{pw['simulated_cycles']} cycles simulated; the netlist's output equals the golden payload. "
              f"State memory: {pw['sram_accesses']['reads']} reads, {pw['sram_accesses']['writes']} writes, "
              f"{pw['sram_accesses']['idle_cycles']} idle cycles, energies from `{pw['sram_source']}` (constraints/README.md).", "",
              "| block | uW |", "|---|---|"]
        L += [f"| {k} | {v:.1f} |" for k, v in pw["blocks_uw"].items()]
        L += [f"| **total** | **{pw['total_uw']:.1f}** |", "",
              f"Steady state: every channel starts from the state golden left after "
              f"{pw['warm_samples_per_channel']} warm-up samples of its recording (the bench preloads the state memory).",
              f"Logic only: {pw['logic_uw']:.1f} uW (toggle count); OpenSTA vectorless at the same mean activity: {f(pw['opensta_logic_uw_same_activity'])} uW.",
              f"Per channel {pw['uw_per_channel']:.2f} uW; {pw['pj_per_input_bit']:.1f} pJ per input bit; {pw['pj_per_sample']:.0f} pJ per sample.",
              "State memory by SRAM source (range): " + "; ".join(
                  f"{k} {v:.0f} uW (total {pw['total_uw_by_sram_source'][k] / 1e3:.2f} mW)" for k, v in pw["sram_uw_by_source"].items()) + ".",
              f"{pw['flip_flops']} flip-flops; a flip-flop's output changes on {100 * pw['ff_change_fraction']:.1f}% of its clock edges."]
    if r.get("floor"):
        fl = r["floor"]
        L += ["", "## Floor of this architecture vs the 1 mW bar (docs/POWER.md)", "",
              f"{fl['node']}, {fl['voltage_v']} V, one sample per clock at {fl['clock_mhz']:.3f} MHz. "
              f"Bar: {fl['bar_uw']:.0f} uW = {fl['bar_pj_per_sample']:.1f} pJ per sample.", "",
              "| floor component | pJ/sample | uW |", "|---|---|---|"]
        L += [f"| {k} | {v:.1f} | {fl['floor_uw'][k]:.0f} |" for k, v in fl["floor_pj_per_sample"].items()]
        L += [f"| **floor total** | **{fl['floor_total_pj_per_sample']:.1f}** | **{fl['floor_total_uw']:.0f}** |",
              f"| logic as measured (not a floor; {fl['measured_stimulus']}) | {fl['measured_logic_pj_per_sample']:.1f} | "
              f"{fl['measured_logic_pj_per_sample'] * fl['samples_per_s'] * 1e-6:.0f} |", "",
              f"{fl['flip_flops']} flip-flops at {fl['ff_clock_pj_mean']:.3f} pJ per clock each (Liberty clock-pin energy + C V^2); "
              f"state word {fl['sram_word_bits']} bits in the netlist ({fl['golden_state_bits']} in golden: "
              f"{fl['sram_pj_per_sample_at_golden_state_bits']:.1f} pJ per sample). "
              "State memory per sample by source: " + "; ".join(f"{k} {v:.0f} pJ" for k, v in fl["sram_pj_per_sample_by_source"].items()) + ".",
              "", "Batching B samples per channel (state read + written once per B samples, samples buffered as codes, double-buffered):", "",
              "| B | memory bits/sample | buffer bits | latency (ms) | memory pJ/sample | memory uW |", "|---|---|---|---|---|---|"]
        L += [f"| {b['batch']} | {b['memory_bits_per_sample']:.1f} | {b['buffer_bits']} | {b['latency_ms']:.2f}"
              f"{'' if b['within_latency_budget'] else ' (over 1 ms)'} | {b['memory_pj_per_sample']:.1f} | {b['memory_uw']:.0f} |" for b in fl["batching"]]
    if r.get("per_channel"):
        c = r["per_channel"]
        L += ["", "## Comparison", "", "| design | node | uW/channel | area/channel | energy/input bit |", "|---|---|---|---|---|",
              f"| this (implant profile) | 180 nm (OSU) | {c['uw']:.2f} | {c['um2']:.0f} um2 | {c['pj_per_input_bit'] * 1e3:.0f} fJ |",
              f"| Bihr et al., NEWCAS 2014 | 180 nm | 9.7 | {0.72e6 / 100:.0f} um2 | - (sample rate not in the abstract) |",
              f"| the 1 mW bar | - | {1e3 / p['max_channels']:.2f} | - | {1e3 / p['input_bits_per_s'] * 1e9:.0f} fJ |",
              f"| Crispin-Bailey et al., TBioCAS 2019 | 65 nm | - | - | 250 fJ |"]
    if r.get("radio"):
        x = r["radio"]
        L += ["", f"Radio: at an assumed {x['assumed_pj_per_bit']:.0f} pJ/bit, the payload ratio {x['payload_ratio']:.3f} saves "
                  f"{x['saved_uw'] / 1e3:.1f} mW of transmit energy for 1024 channels; net of the encoder: {x['net_saving_uw'] / 1e3:.1f} mW."]
    if r.get("tradeoff"):
        t0 = next((t for t in r["tradeoff"] if t["logic_measured"]), None)
        L += ["", "## Profiles", "",
              "Profiles with RTL (`make power`: the implant's, and each of `PROFILE_VARIANTS` in constraints/hw.mk "
              "built with the cargo feature `profile-NAME`) are synthesized alike and measured on the same short run"
              + (f" ({t0['stimulus']}, {t0['clock_mhz']} MHz, the netlist's output equal to that profile's golden payload)" if t0 else "")
              + "; for the others the SRAM is the implant run's scaled by the state word, and their logic is not generated. "
              "Ratio: payload over all recordings, each coded as one channel.", "",
              "| profile | payload ratio | state bits/ch | std cells | std-cell area um2 | logic uW | SRAM uW | total uW | total area mm2 |",
              "|---|---|---|---|---|---|---|---|---|"]
        for t in r["tradeoff"]:
            if t["logic_measured"]:
                L.append(f"| {t['profile']} | {t['ratio']:.4f} | {t['state_bits']} | {t['std_cells']} | {t['std_cell_area_um2']:.0f} | "
                         f"{t['logic_uw']:.0f} | {t['sram_uw']:.0f} | {t['total_uw']:.0f} | {t['total_area_um2'] / 1e6:.3f} |")
            else:
                L.append(f"| {t['profile']} | {t['ratio']:.4f} | {t['state_bits']} | logic not generated | | | "
                         f"{t['sram_uw']:.0f} (scaled) | | SRAM {t['sram_area_um2'] / 1e6:.3f} |")
    L += ratio_report.markdown(r.get("ratio_vs_implant"))
    open(path, "w").write("\n".join(L) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
