"""The ratio profile's encoder beside the implant's (issue 13, item 4):
reports/hw.json's `power_ratio_*` figures and the side-by-side table of
reports/hw.md, from report.py's gatherers.

The ratio encoder's coder takes several clocks a sample (one a bin), so its
power run offers a sample on every clock and measures how many it takes
(`samples_per_clock`); 1024 channels in real time then need
samples_per_s / samples_per_clock of clock. Its power there is scaled from
the run by energy per sample like every run of report.py (dynamic energy per
sample x samples_per_s, plus the standard cells' leakage unscaled): a
scaled figure, stated as such."""

# The runs each node compares: (label, implant asic, implant power runs in
# order of preference, ratio asic, ratio power).
NODES = [("OSU 0.18 um, 1.8 V", "asic_osu018", ["power_long", "power_short"], "asic_ratio_osu018", "power_ratio_osu018"),
         ("Nangate45, 1.1 V", "asic_nangate45", ["power_long_nangate45", "power_short_nangate45"],
          "asic_ratio_nangate45", "power_ratio_nangate45")]


def measured(scaled, raw):
    """report.power()'s figures of a ratio run (`scaled`), plus what the run
    itself measured (`raw`, its power.json): the clock and channels, the
    samples the encoder took a clock, and the clock real time would need."""
    if scaled is None or raw is None:
        return None
    per_clock = raw["samples"] / raw["simulated_cycles"]
    return {**scaled, "measured": {
        "clock_mhz": round(raw["clock_mhz"], 3), "channels": raw["channels"], "samples": raw["samples"],
        "simulated_cycles": raw["simulated_cycles"], "samples_per_clock": per_clock,
        "clocks_per_sample": 1 / per_clock, "sample_rate_in_sim": raw["sample_rate_in_sim"],
        "total_uw": raw["total_uw"], "memories": raw.get("memories", {})},
        "realtime_clock_mhz": scaled["samples_per_s"] / per_clock / 1e6,
        "scaled_to_realtime": True}


def radio_saved_uw(params, ratio, pj_per_bit):
    """Transmit power the payload ratio saves on the raw input bit rate."""
    return params["input_bits_per_s"] * (1 - 1 / ratio) * pj_per_bit * 1e-12 * 1e6


def compare(rep, ratios, pj_per_bit):
    """One column per profile and node: area, cells, timing, power, energy,
    the compression ratio over all recordings and the radio power it saves."""
    params = rep["params"]
    by_name = {r["name"]: r["ratio"] for r in (ratios or {}).get("profiles", [])}
    cols = []
    for node, ia, ips, ra, rp in NODES:
        for profile, a_key, p_keys in [(params["implant_profile"], ia, ips), ("ratio", ra, [rp])]:
            a = rep.get(a_key)
            key = next((k for k in p_keys if rep.get(k)), None)
            pw = rep.get(key) if key else None
            if not a and not pw:
                continue
            ratio = by_name.get(profile)
            col = {"profile": profile, "node": node, "asic": a_key, "power": key, "ratio": ratio}
            if a:
                col.update({"std_cells": a["std_cells"], "flip_flops": a["flip_flops"],
                            "std_cell_area_um2": a["std_cell_area_um2"],
                            "sram_area_um2": a["total_area_um2"] - a["std_cell_area_um2"],
                            "total_area_um2": a["total_area_um2"],
                            "area_per_channel_um2": a["total_area_um2"] / params["max_channels"],
                            "critical_path_ns": a.get("critical_path_ns"), "fmax_mhz": a.get("fmax_mhz")})
            if pw:
                col.update({"stimulus": pw["stimulus"], "total_uw": pw["total_uw"], "pj_per_sample": pw["pj_per_sample"],
                            "pj_per_input_bit": pw["pj_per_input_bit"], "uw_per_channel": pw["uw_per_channel"],
                            "samples_per_clock": pw.get("measured", {}).get("samples_per_clock", 1.0),
                            "realtime_clock_mhz": pw.get("realtime_clock_mhz", pw["clock_mhz"]),
                            "measured_clock_mhz": pw.get("measured", {}).get("clock_mhz", pw["clock_mhz"]),
                            "measured_uw": pw.get("measured", {}).get("total_uw")})
            if ratio:
                col["radio_saved_uw"] = radio_saved_uw(params, ratio, pj_per_bit)
                if pw:
                    col["net_saving_uw"] = col["radio_saved_uw"] - pw["total_uw"]
            cols.append(col)
    return {"assumed_radio_pj_per_bit": pj_per_bit, "columns": cols} if cols else None


def fmt(v, f="{:.0f}"):
    return "-" if v is None else f.format(v)


ROWS = [("standard cells", "std_cells", "{}"), ("flip-flops", "flip_flops", "{}"),
        ("std-cell area (mm2)", "std_cell_area_um2", "{:.3e}"), ("SRAM macros, model (mm2)", "sram_area_um2", "{:.3e}"),
        ("total area (mm2)", "total_area_um2", "{:.3e}"), ("area per channel (um2)", "area_per_channel_um2", "{:.0f}"),
        ("critical path (ns, OpenSTA, pre-layout)", "critical_path_ns", "{:.2f}"), ("Fmax (MHz)", "fmax_mhz", "{:.1f}"),
        ("samples per clock (measured)", "samples_per_clock", "{:.3f}"),
        ("clock for 1024 channels in real time (MHz)", "realtime_clock_mhz", "{:.1f}"),
        ("power as simulated (uW, at the run's clock)", "measured_uw", "{:.0f}"),
        ("power, 1024 channels in real time (uW)", "total_uw", "{:.0f}"),
        ("uW per channel", "uw_per_channel", "{:.2f}"), ("pJ per sample", "pj_per_sample", "{:.1f}"),
        ("pJ per input bit", "pj_per_input_bit", "{:.2f}"), ("compression ratio (all recordings)", "ratio", "{:.4f}"),
        ("radio power saved (uW)", "radio_saved_uw", "{:.0f}"), ("saved net of the encoder (uW)", "net_saving_uw", "{:.0f}")]


def markdown(c):
    """reports/hw.md's section: the table, then what each run was."""
    if not c:
        return []
    cols = c["columns"]
    mm2 = lambda v: v / 1e6
    L = ["", "## Ratio profile beside the implant (issue 13)", "",
         "`make -f constraints/hw.mk asic-ratio sta-ratio power-ratio`: the ratio encoder "
         "(rtl/verilog/brainwire_ratio_encoder.v) through the implant's flow, its state RAM and the coder's context RAM "
         "SRAM macros of the same model. Power of 1024 channels in real time is **scaled** from each run by energy per "
         "sample (leakage unscaled); the ratio encoder needs the clock in its row for it. Radio: "
         f"**assumed {c['assumed_radio_pj_per_bit']:.0f} pJ per transmitted bit** (constraints/README.md: an order of "
         "magnitude for implant transmitters, not one cited source), on 1024 x 19531 Hz x 16 bits.", "",
         "| | " + " | ".join(f"{x['profile']}, {x['node']}" for x in cols) + " |",
         "|---|" + "---|" * len(cols)]
    for label, key, f in ROWS:
        vals = [x.get(key) for x in cols]
        if all(v is None for v in vals):
            continue
        if "(mm2)" in label:
            vals, f = [None if v is None else mm2(v) for v in vals], "{:.3f}"
        L.append(f"| {label} | " + " | ".join(fmt(v, f) for v in vals) + " |")
    L += [""] + [f"- {x['profile']}, {x['node']}: {x['stimulus']}, simulated at {x['measured_clock_mhz']} MHz."
                 for x in cols if x.get("stimulus")]
    return L
