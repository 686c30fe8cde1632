"""The state memory as an SRAM macro: energy per read, write and idle clock,
and area, for a `words` x `word_bits` macro at the target node, derived from
the published macros in constraints/asic.json (README.md quotes them).

Each source is scaled with stated rules only:
- per_bit: energy and area per bit of the source macro (same depth class),
  times word_bits; to the target node by C ~ feature size (energy) and
  feature size squared (area); by V^2 if the voltage differs.
- tile: the target built from copies of the source macro: ceil(bits/macro_bits)
  macros side by side, ceil(words/macro_words) deep; one row of macros is
  active per access.
- capacity_loglog: energy per 64-bit access interpolated log-log at the
  target's capacity, then per bit; no area figure.
"""

import math


def _node_scale(src, s):
    return (s["target_node_nm"] / src["node_nm"]) * (s["target_voltage_v"] / src["voltage_v"]) ** 2


def _one(src, s, words, word_bits):
    # A Liberty clock-pin entry holds rise and fall energies; a cycle costs both.
    if src["scaling"] == "per_bit":
        e = _node_scale(src, s) * word_bits / src["macro_bits"]
        a = (s["target_node_nm"] / src["node_nm"]) ** 2 * src["macro_area_um2"] / (src["macro_words"] * src["macro_bits"])
        return {"read_pj": e * sum(src["read_pj"]), "write_pj": e * sum(src["write_pj"]),
                "idle_pj": e * sum(src["idle_pj"]), "area_per_bit_um2": a, "area_um2": a * words * word_bits}
    if src["scaling"] == "tile":
        wide = math.ceil(word_bits / src["macro_bits"])
        deep = math.ceil(words / src["macro_words"])
        e = _node_scale(src, s) * wide
        area = wide * deep * src["macro_area_um2"]
        return {"read_pj": e * sum(src["read_pj"]), "write_pj": e * sum(src["write_pj"]),
                "idle_pj": e * sum(src["idle_pj"]) * deep, "macros": wide * deep,
                "area_per_bit_um2": area / (words * word_bits), "area_um2": area}
    if src["scaling"] == "capacity_loglog":
        kib = words * word_bits / 8 / 1024
        pts = src["points_kib_pj"]
        lo = max([p for p in pts if p[0] <= kib] or [pts[0]], key=lambda p: p[0])
        hi = min([p for p in pts if p[0] >= kib] or [pts[-1]], key=lambda p: p[0])
        f = 0.0 if hi[0] == lo[0] else math.log(kib / lo[0]) / math.log(hi[0] / lo[0])
        per_access = lo[1] * (hi[1] / lo[1]) ** f
        e = _node_scale(src, s) * per_access / src["macro_bits"] * word_bits
        return {"read_pj": e, "write_pj": e, "idle_pj": 0.0, "area_per_bit_um2": None, "area_um2": None}
    raise ValueError(f"sram: unknown scaling rule {src['scaling']!r}")


def for_node(cfg, node=None):
    """The ASIC settings for `node` (a key of cfg['nodes']): its overrides on top
    of the default node's settings, the state memory's merged key by key."""
    if not node:
        return cfg
    over = cfg["nodes"][node]
    out = {**cfg, **{k: v for k, v in over.items() if k != "sram"}}
    out["sram"] = {**cfg["sram"], **over.get("sram", {})}
    return out


def model(cfg, words, word_bits):
    """The model's figures (cfg['sram']['model']) plus every source's, for the range."""
    s = cfg["sram"]
    by_source = {name: _one(src, s, words, word_bits) for name, src in s["sources"].items()}
    m = by_source[s["model"]]
    reads = [v["read_pj"] for v in by_source.values()]
    return {
        "words": words,
        "word_bits": word_bits,
        "source": s["model"],
        "read_pj": m["read_pj"],
        "write_pj": m["write_pj"],
        "idle_pj": m["idle_pj"],
        "energy_per_bit_access_pj": (m["read_pj"] + m["write_pj"]) / 2 / word_bits,
        "area_per_bit_um2": m["area_per_bit_um2"],
        "area_um2": m["area_um2"],
        "read_pj_range": [min(reads), max(reads)],
        "sources": by_source,
    }


def combined(models):
    """Several macros accessed together as one memory (the channel state's two
    RAMs: one read and one write of each a sample): energies, areas and word
    bits summed, every source's likewise."""
    first = models[0]
    # A source without a figure (None: no area) has none for the sum either.
    add = lambda key, ms: None if any(m[key] is None for m in ms) else sum(m[key] for m in ms)
    keys = ("read_pj", "write_pj", "idle_pj", "area_um2")
    sources = {n: dict(first["sources"][n], **{k: add(k, [m["sources"][n] for m in models])
                                              for k in keys + ("macros",) if k in first["sources"][n]})
               for n in first["sources"]}
    out = dict(first, **{k: add(k, models) for k in keys}, word_bits=add("word_bits", models),
               macros=len(models), sources=sources)
    out["energy_per_bit_access_pj"] = (out["read_pj"] + out["write_pj"]) / 2 / out["word_bits"]
    out["read_pj_range"] = [min(v["read_pj"] for v in sources.values()), max(v["read_pj"] for v in sources.values())]
    return out


def access_energy_pj(macro, reads, writes, idle, source=None):
    """Energy of counted accesses with the model's (or a named source's) figures."""
    f = macro["sources"][source] if source else macro
    return reads * f["read_pj"] + writes * f["write_pj"] + idle * f["idle_pj"]
