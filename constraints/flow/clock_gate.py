"""Clock gating for the ASIC flow (constraints/hw.mk, `asic_synth`): the
flip-flops that share a clock and an enable get one integrated clock gate
(ICG), and lose the enable's feedback mux.

Reads yosys JSON written after `synth` (generic cells: `$_DFFE_PP_` is a
flip-flop on the rising edge with an active-high enable) and writes it back
with, for every group of at least `--min-group` such flip-flops on the same
clock and enable:
- the gate: Nangate45's `CLKGATE_X1` (CK, E -> GCK: a latch open while the
  clock is low, ANDed with the clock); OSU 0.18 um has no ICG cell, so the
  same circuit from its cells: `LATCH` (transparent while CLK is high) on the
  inverted clock (one `INVX1` a clock), then `AND2X1` with the clock;
- each flip-flop of the group as a plain `$_DFF_P_` on the gated clock.
`dfflibmap` and `abc` then map what is left. Flip-flops with a synchronous
reset or clear (`$_SDFF*`) keep their enable.

The gated clock still ticks on every cycle the enable is high, so in steady
state (every stage moving every clock) a gate saves only the enable's mux;
a group that mostly holds (a FIFO entry, an idle front end) saves its clock
pins too. The gate-level runs count the gates' own toggles and energy
(gatepower.py charges every net driven from the clock to the clock network).
"""

import argparse
import json
from collections import defaultdict

# Per node: the cells of one gate, and the cell that inverts the clock (if any).
GATES = {
    "osu018": {"latch": ("LATCH", "CLK", "D", "Q"), "and": ("AND2X1", "A", "B", "Y"),
               "inverter": ("INVX1", "A", "Y")},
    "nangate45": {"icg": ("CLKGATE_X1", "CK", "E", "GCK")},
}


class Netlist:
    """One module of the JSON netlist, with fresh net bits on demand."""

    def __init__(self, module, first_free_bit):
        self.mod = module
        self.next_bit = first_free_bit

    def net(self, name):
        bit = self.next_bit
        self.next_bit += 1
        self.mod["netnames"][name] = {"hide_name": 0, "bits": [bit], "attributes": {}}
        return bit

    def cell(self, name, cell_type, inputs, outputs):
        self.mod["cells"][name] = {
            "hide_name": 0,
            "type": cell_type,
            "parameters": {},
            "attributes": {},
            "port_directions": {**{p: "input" for p in inputs}, **{p: "output" for p in outputs}},
            "connections": {**{p: [b] for p, b in inputs.items()}, **{p: [b] for p, b in outputs.items()}},
        }


def max_bit(design):
    bits = [0]
    for mod in design["modules"].values():
        for n in mod.get("netnames", {}).values():
            bits += [b for b in n["bits"] if isinstance(b, int)]
        for p in mod.get("ports", {}).values():
            bits += [b for b in p["bits"] if isinstance(b, int)]
    return max(bits)


def gate_module(net, node, min_group):
    """Gates every group of `$_DFFE_PP_` of `net`'s module; returns (groups, flip-flops) gated."""
    cells = net.mod["cells"]
    groups = defaultdict(list)
    for name, c in cells.items():
        if c["type"] == "$_DFFE_PP_":
            clk, en = c["connections"]["C"][0], c["connections"]["E"][0]
            if isinstance(clk, int) and isinstance(en, int):
                groups[(clk, en)].append(name)
    inverted = {}
    gated = flops = 0
    for (clk, en), members in sorted(groups.items()):
        if len(members) < min_group:
            continue
        k = gated
        gck = net.net(f"clock_gate{k}_gck")
        spec = GATES[node]
        if "icg" in spec:
            t, ck, e, out = spec["icg"]
            net.cell(f"clock_gate{k}", t, {ck: clk, e: en}, {out: gck})
        else:
            if clk not in inverted:
                t, a, y = spec["inverter"]
                inverted[clk] = net.net(f"clock_gate_clock{len(inverted)}_n")
                net.cell(f"clock_gate_clock{len(inverted) - 1}_inverter", t, {a: clk}, {y: inverted[clk]})
            t, lclk, d, q = spec["latch"]
            held = net.net(f"clock_gate{k}_enable")
            net.cell(f"clock_gate{k}_latch", t, {lclk: inverted[clk], d: en}, {q: held})
            t, a, b, y = spec["and"]
            net.cell(f"clock_gate{k}_and", t, {a: clk, b: held}, {y: gck})
        for name in members:
            c = cells[name]
            conn = c["connections"]
            c["type"] = "$_DFF_P_"
            c["connections"] = {"C": [gck], "D": conn["D"], "Q": conn["Q"]}
            c["port_directions"] = {"C": "input", "D": "input", "Q": "output"}
        gated += 1
        flops += len(members)
    return gated, flops


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--node", choices=sorted(GATES), required=True)
    ap.add_argument("--min-group", type=int, default=4,
                    help="the fewest flip-flops worth a gate (a gate costs about two cells)")
    ap.add_argument("netlist_in")
    ap.add_argument("netlist_out")
    a = ap.parse_args()
    with open(a.netlist_in) as f:
        design = json.load(f)
    free = max_bit(design) + 1
    total_groups = total_flops = 0
    for mod in design["modules"].values():
        if mod.get("attributes", {}).get("blackbox") or not mod.get("cells"):
            continue
        net = Netlist(mod, free)
        g, n = gate_module(net, a.node, a.min_group)
        free = net.next_bit
        total_groups += g
        total_flops += n
    with open(a.netlist_out, "w") as f:
        json.dump(design, f)
    print(f"clock_gate: {total_flops} flip-flops behind {total_groups} gates ({a.node})")


if __name__ == "__main__":
    main()
