"""Fails the build on a hardware regression: the figures of a flow run
(gathered as report.py gathers them) against constraints/thresholds.json.
Prints one line per bar; exits non-zero if any bar is missed or a figure is
missing.

usage: check.py synth|power build-dir thresholds.json liberty.lib
"""

import json
import sys

import check_words
import liberty
import report


def bars_synth(build, t, params, lib):
    """(what, measured, bar, ok) for the iCE40 and ASIC steps."""
    ice, a = report.ice40(build), report.asic(build, params, report.load("constraints/asic.json"), lib)
    ti, ta = t["ice40_up5k"], t["asic_osu018"]
    if ice is None or a is None or "worst_slack_ns" not in a:
        return [("iCE40, ASIC and STA results", "missing", "present", False)]
    return [
        ("iCE40 fits the UP5K", ice["fits"], ti["must_fit"], ice["fits"] or not ti["must_fit"]),
        ("iCE40 Fmax (MHz)", ice["fmax_mhz"], f">= {ti['fmax_mhz_min']}", ice["fmax_mhz"] >= ti["fmax_mhz_min"]),
        ("ASIC std cells", a["std_cells"], f"<= {ta['std_cells_max']}", a["std_cells"] <= ta["std_cells_max"]),
        ("ASIC std-cell area (um2)", round(a["std_cell_area_um2"]), f"<= {ta['std_cell_area_um2_max']}",
         a["std_cell_area_um2"] <= ta["std_cell_area_um2_max"]),
        ("ASIC area with SRAM model (mm2)", round(a["total_area_um2"] / 1e6, 3), f"<= {ta['total_area_mm2_max']}",
         a["total_area_um2"] / 1e6 <= ta["total_area_mm2_max"]),
        ("ASIC worst slack (ns)", a["worst_slack_ns"], f">= {ta['worst_slack_ns_min']}",
         a["worst_slack_ns"] >= ta["worst_slack_ns_min"]),
    ]


# The short power run of each build and node: (label, dir under the build
# dir, thresholds key, the build's dir under the build dir: its params.json).
# The implant's build, then the low-energy delta build (hw.mk, `power-delta`).
NODES = [("osu018", "", "power_short", ""), ("nangate45", "nangate45", "power_short_nangate45", ""),
         ("delta osu018", "delta", "power_delta_short", "delta"),
         ("delta nangate45", "delta/nangate45", "power_delta_short_nangate45", "delta")]


def params_path(build, sub):
    """Where the params.json of the build in `sub` is (the implant's: the build dir's)."""
    return f"{build}/{sub}/params.json" if sub else f"{build}/params.json"


def build_params(build, params, sub):
    """The params.json of the build in `sub` (the implant's: `params`)."""
    return report.load(params_path(build, sub)) if sub else params


def bars_power(build, t, params, lib):
    """(what, measured, bar, ok) for the short gate-level power run of each node."""
    bars = []
    for node, sub, key, params_sub in NODES:
        tp, base = t[key], f"{build}/{sub}".rstrip("/")
        run = f"{base}/power/short"
        bp = build_params(build, params, params_sub)
        pw = report.power(base, "short", bp) if bp is not None else None
        if pw is None:
            bars.append((f"{node}: short power run", "missing", "present", False))
            continue
        diff = check_words.mismatch(params_path(build, params_sub), f"{run}/words.txt", f"{run}/expected.hex")
        bars += [
            (f"{node}: netlist output equals golden", diff or True, tp["netlist_output_equals_golden"],
             diff is None or not tp["netlist_output_equals_golden"]),
            (f"{node}: power, short run (uW)", round(pw["total_uw"]), f"<= {tp['total_uw_max']}",
             pw["total_uw"] <= tp["total_uw_max"]),
            (f"{node}: logic power, short run (uW)", round(pw["logic_uw"]), f"<= {tp['logic_uw_max']}",
             pw["logic_uw"] <= tp["logic_uw_max"]),
        ]
    return bars


def node_totals(build, params):
    """One `power-ci <node>: total_uw=<figure>` line per node (the short run)."""
    return [f"power-ci {node}: total_uw="
            f"{report.power(f'{build}/{sub}'.rstrip('/'), 'short', build_params(build, params, ps))['total_uw']:.1f}"
            for node, sub, _, ps in NODES]


def main(step, build, thresholds_path, lib_path):
    t = json.load(open(thresholds_path))
    params = report.load(f"{build}/params.json")
    bars = {"synth": bars_synth, "power": bars_power}[step](build, t, params, liberty.Library(lib_path))
    for what, got, bar, ok in bars:
        print(f"check: {'ok  ' if ok else 'FAIL'} {what}: {got} (bar {bar})")
    failed = [b for b in bars if not b[3]]
    if failed:
        sys.exit(f"check: {len(failed)} of {len(bars)} bars missed ({thresholds_path})")
    if step == "power":
        print("\n".join(node_totals(build, params)))


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in ("synth", "power"):
        sys.exit(__doc__)
    main(*sys.argv[1:])
