"""The hardware figure tables of README.md, rtl/README.md and
constraints/README.md, generated from reports/hw.json. Each table sits between
`<!-- figures:NAME -->` and `<!-- /figures:NAME -->`; `write` regenerates them
(make hw-report does), `check` fails if a document disagrees with hw.json
(the python tests of `make test` run it).

usage: docs.py write|check reports/hw.json
"""

import json
import re
import sys

BAR_UW = 1000.0  # the 1 mW bar for all channels (issue 5)


def readme_hardware(r):
    p, ice, a, ecp = r["params"], r["ice40_up5k"], r["asic_osu018"], r["ecp5_25k"]
    u = ice["utilization"]
    use = lambda k: f"{u[k]['used']} / {u[k]['available']}"
    rows = [
        ("iCE40 UP5K (yosys `synth_ice40 -dsp`, nextpnr)",
         f"{ice['luts']} LUT4, {ice['ffs']} FF, {use('ICESTORM_LC')} logic cells, {use('ICESTORM_RAM')} EBR, "
         f"{use('ICESTORM_DSP')} DSP; **Fmax {ice['fmax_mhz']:.1f} MHz** (bar {p['target_clock_mhz']:g}; the DSP's internal "
         "multiply, between its input pins and its output register, is not timed by nextpnr 0.4)", "`make synth-ci`"),
        ("ASIC, OSU 0.18 um (yosys + OpenSTA, pre-layout)",
         f"{a['std_cells']:,} cells, {a['std_cell_area_um2'] / 1e6:.3f} mm2 std cells + state SRAM macro model "
         f"({a['total_area_um2'] / 1e6:.3f} mm2 in all); critical path {a['critical_path_ns']:.1f} ns "
         f"({p['target_clock_mhz']:g} MHz target)", "`make synth-ci`"),
    ]
    if ecp:
        rows.append(("ECP5 LFE5U-25F (yosys, nextpnr via yowasp)",
                     f"{ecp['luts']} LUT, {ecp['ffs']} FF, {ecp['ram_blocks']['DP16KD']} DP16KD; Fmax {ecp['fmax_mhz']:.1f} MHz",
                     "`make synth`"))
    pw = r.get("power_long")
    if pw:
        b = pw["blocks_uw"]
        c = r["per_channel"]
        rows.append((f"ASIC power, OSU 0.18 um, {pw['voltage_v']} V, typical, {pw['clock_mhz']:.1f} MHz (one sample per clock), "
                     f"{pw['stimulus']}, gate-level toggles with cell delays",
                     f"**{pw['total_uw'] / 1e3:.1f} mW**: clock network {b['clock network'] / 1e3:.2f}, registers "
                     f"{b['registers'] / 1e3:.2f}, combinational {b['combinational logic'] / 1e3:.2f}, state SRAM "
                     f"{b['state memory (SRAM macro)'] / 1e3:.2f} (sky130 OpenRAM macro scaled to 180 nm; "
                     f"{pw['sram_uw_by_source']['gf180mcu_512x8'] / 1e3:.1f} mW with a GF180MCU foundry macro instead); "
                     f"{c['uw']:.1f} uW and {c['um2']:.0f} um2 per channel, {c['pj_per_input_bit']:.1f} pJ per input bit; "
                     "the netlist's output equals the golden payload", "`make power` (18 min)"))
    dl, dn = r.get("power_delta_long"), r.get("power_delta_long_nangate45")
    if dl:
        ratio = {t["profile"]: t["ratio"] for t in r.get("tradeoff", [])}
        at45 = f", **{dn['total_uw']:.0f} uW** at Nangate45 ({dn['pj_per_sample']:.1f} pJ per sample)" if dn else ""
        rows.append(("ASIC power, the low-energy build (the delta profile's RTL, feature `profile-delta`: three-stage "
                     f"front end without LMS taps), {dl['stimulus']}",
                     f"**{dl['total_uw'] / 1e3:.2f} mW** at OSU 0.18 um ({dl['uw_per_channel']:.2f} uW per channel, "
                     f"{dl['pj_per_sample']:.0f} pJ per sample, {dl['flip_flops']} flip-flops){at45}; payload ratio "
                     f"{ratio.get('delta', float('nan')):.4f} against the implant's "
                     f"{ratio.get(p['implant_profile'], float('nan')):.4f}; the netlist's output equals golden's delta payload",
                     "`make power` (`power-delta-long`, `power-delta-long-nangate45`)"))
    pb = r.get("power_by_block")
    if pb:
        top = list(pb["by_role_uw"].items())[:4]
        rows.append(("ASIC power by block, OSU 0.18 um (short run on a netlist synthesized block by block)",
                     ", ".join(f"{k} {100 * v / pb['total_uw']:.0f} %" for k, v in top)
                     + " of its " + f"{pb['total_uw'] / 1e3:.1f} mW (reports/hw.md)", "`make power-blocks`"))
    if r.get("radio"):
        rows.append(("comparison", "Bihr et al. 2014, 180 nm: 9.7 uW per channel; Crispin-Bailey et al. 2019, 65 nm: "
                     f"250 fJ per input bit; the 1 mW bar: {BAR_UW / p['max_channels']:.2f} uW per channel; radio energy "
                     f"saved by the ratio at an assumed 1 nJ/bit: {r['radio']['saved_uw'] / 1e3:.0f} mW", "`make power`"))
    measured = [t for t in r.get("tradeoff", []) if t["logic_measured"]]
    # The implant against the same predictor with classic Rice codes: what its tables cost.
    alt = next((t for t in measured if t["profile"] == "lms4-rice"), None)
    if measured and alt:
        imp = measured[0]
        fig = lambda t: f"{t['ratio']:.4f}, {t['state_bits']} state bits, {t['total_uw'] / 1e3:.2f} mW, {t['total_area_um2'] / 1e6:.3f} mm2"
        radio = p["input_bits_per_s"] * (1 / alt["ratio"] - 1 / imp["ratio"]) / 1e6
        rows.append(("trade-off (short run)",
                     f"{imp['profile']}: ratio {fig(imp)}; {alt['profile']}: {fig(alt)}: the {imp['profile']} profile's "
                     f"tables cost {(imp['logic_uw'] - alt['logic_uw']) / 1e3:.2f} mW of logic and save {radio:.1f} Mbit/s of radio",
                     "`make power`"))
    return "\n".join(["| what | figure | command |", "|---|---|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in rows])


def rtl_ice40(r):
    p, ice = r["params"], r["ice40_up5k"]
    u = ice["utilization"]
    use = lambda k: f"{u[k]['used']} / {u[k]['available']}"
    return "\n".join([
        "| iCE40 UP5K, `make synth-ci` | this design |", "|---|---|",
        f"| SB_LUT4 | {ice['luts']} |",
        f"| flip-flops (fabric) | {ice['ffs']} |",
        f"| ICESTORM_LC (placed) | {use('ICESTORM_LC')} |",
        f"| EBR | {use('ICESTORM_RAM')} (" + " + ".join(f"{m['words']} x {m['word_bits']}" for m in p["rtl"]["memories"]) + ") |",
        f"| DSP | {use('ICESTORM_DSP')} |",
        f"| nextpnr Fmax (default seed) | **{ice['fmax_mhz']:.2f} MHz** |",
        f"| latency (accept -> word offered) | {p['rtl']['latency_clocks']} clocks ({p['rtl']['pipeline_stages']} stages) |"])


def rtl_asic(r):
    a = r["asic_osu018"]
    return (f"ASIC (`make synth-ci`, `constraints/build/asic/stat.json`, OSU018): {a['std_cells']} cells, "
            f"{a['std_cell_area_um2']:.0f} um^2, {a['flip_flops']} flip-flops; OpenSTA critical path "
            f"{a['critical_path_ns']:.1f} ns (slack {a['worst_slack_ns']:.1f} ns at {r['params']['target_clock_mhz']:g} MHz).")


def constraints_sram(r):
    m = r["asic_osu018"]["sram"]
    rows = [f"State word of the committed RTL (read from the netlist): W = {m['word_bits']} bits, "
            f"{m['words']} words. Per access at 180 nm, 1.8 V (`flow/sram.py`):", "",
            "| source (rule) | read pJ | write pJ | idle clock pJ | area |", "|---|---|---|---|---|"]
    for name, s in m["sources"].items():
        area = "-" if s["area_um2"] is None else f"{s['area_um2'] / 1e6:.2f} mm2 ({s['area_per_bit_um2']:.1f} um2/bit)"
        model = " (the model)" if name == m["source"] else ""
        rows.append(f"| {name}{model} | {s['read_pj']:.1f} | {s['write_pj']:.1f} | {s['idle_pj']:.1f} | {area} |")
    return "\n".join(rows)


REGIONS = {
    "README.md": {"hardware": readme_hardware},
    "rtl/README.md": {"ice40": rtl_ice40, "asic": rtl_asic},
    "constraints/README.md": {"sram": constraints_sram},
}


def render(text, regions, r):
    """`text` with every region's body replaced; raises KeyError if a marker is missing."""
    for name, fn in regions.items():
        pat = re.compile(rf"(<!-- figures:{name} [^\n]*-->\n)(?:.*?\n)?(<!-- /figures:{name} -->)", re.S)
        if not pat.search(text):
            raise KeyError(f"no region figures:{name}")
        text = pat.sub(lambda m: m.group(1) + fn(r) + "\n" + m.group(2), text)
    return text


def stale(r, root="."):
    """Documents whose figure regions differ from what `r` (hw.json) gives."""
    out = []
    for path, regions in REGIONS.items():
        text = open(f"{root}/{path}").read()
        if render(text, regions, r) != text:
            out.append(path)
    return out


def main(cmd, hw_json, root="."):
    r = json.load(open(hw_json))
    if cmd == "write":
        for path, regions in REGIONS.items():
            text = open(f"{root}/{path}").read()
            open(f"{root}/{path}", "w").write(render(text, regions, r))
    elif cmd == "check":
        bad = stale(r, root)
        if bad:
            sys.exit(f"docs: figures in {', '.join(bad)} differ from {hw_json}: run `make synth power` "
                     f"or `python3 constraints/flow/docs.py write {hw_json}`")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])
