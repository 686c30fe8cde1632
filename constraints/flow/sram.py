"""The state memory as an SRAM macro: energy per access and area, derived
from the published figures in constraints/asic.json (see README.md)."""

import math


def model(cfg, words, word_bits):
    """Energy and area of a `words` x `word_bits` single-port SRAM at the target node."""
    s = cfg["sram"]
    kib = words * word_bits / 8 / 1024
    pts = s["source_points_kib_pj"]
    # Log-log interpolation between the published capacities (clamped).
    lo = max([p for p in pts if p[0] <= kib] or [pts[0]], key=lambda p: p[0])
    hi = min([p for p in pts if p[0] >= kib] or [pts[-1]], key=lambda p: p[0])
    if hi[0] == lo[0]:
        pj_src = lo[1]
    else:
        f = math.log(kib / lo[0]) / math.log(hi[0] / lo[0])
        pj_src = lo[1] * (hi[1] / lo[1]) ** f
    # Dynamic energy ~ C V^2, with C proportional to feature size.
    scale = (s["target_node_nm"] / s["source_node_nm"]) * (s["target_voltage_v"] / s["source_voltage_v"]) ** 2
    per_bit = pj_src / s["source_access_bits"] * scale
    area_per_bit = s["cell_area_um2"] / s["array_efficiency"]
    return {
        "words": words,
        "word_bits": word_bits,
        "capacity_kib": kib,
        "source_pj_per_64b_access": pj_src,
        "scale_factor": scale,
        "energy_per_bit_access_pj": per_bit,
        "energy_per_access_pj": per_bit * word_bits,
        "area_per_bit_um2": area_per_bit,
        "area_um2": area_per_bit * words * word_bits,
    }
