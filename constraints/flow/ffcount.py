"""Flip-flops of a mapped netlist counted by the RTL instance that holds them.

yosys keeps on every cell a `src` attribute: the Verilog locations the cell
came from, one per level of the hierarchy it was flattened out of, joined by
`|`. The generated Verilog instantiates each block on a line of its own
(`module_name instance(`), so the lines named in a flip-flop's `src` spell its
instance path (`front.st5`, `back.entries$2`, ...), outermost first.

usage: ffcount.py net.json design.v [--depth N] [--top MODULE] [--ff-prefix P]

Prints one line per instance path cut to N levels (default 2): the number of
flip-flops (cells whose type starts with P, default `DFF`), most first, then
the total. docs/POWER.md's count of the flip-flops that hold only the
predictor comes from `make -f constraints/hw.mk asic` and this script.
"""

import argparse
import collections
import json
import re
import sys

INSTANCE_LINE = re.compile(r"\s*(\S+)\s+(\S+)\($")
SRC_LINE = re.compile(r".*:(\d+)\.\d+")


def instance_path(src, verilog_lines):
    """The instances named by the Verilog lines in `src`, outermost first."""
    path = []
    for part in src.split("|"):
        m = SRC_LINE.match(part)
        if not m:
            continue
        line = int(m.group(1))
        if 1 <= line <= len(verilog_lines):
            inst = INSTANCE_LINE.match(verilog_lines[line - 1])
            if inst:
                path.append(inst.group(2))
    return path


def count(net, verilog_lines, top, depth, ff_prefix="DFF"):
    """Flip-flops of module `top` in yosys JSON `net`, by instance path cut to `depth` levels."""
    cells = net["modules"][top]["cells"]
    counts = collections.Counter()
    for cell in cells.values():
        if not cell["type"].startswith(ff_prefix):
            continue
        path = instance_path(cell.get("attributes", {}).get("src", ""), verilog_lines)
        counts[".".join(path[:depth]) or "(top)"] += 1
    return counts


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("net")
    ap.add_argument("verilog")
    ap.add_argument("--depth", type=int, default=2)
    ap.add_argument("--top", default="brainwire_encoder")
    ap.add_argument("--ff-prefix", default="DFF")
    a = ap.parse_args(argv)
    with open(a.net) as f:
        net = json.load(f)
    with open(a.verilog) as f:
        lines = f.read().split("\n")
    if a.top not in net.get("modules", {}):
        print(f"ffcount: no module {a.top} in {a.net}", file=sys.stderr)
        return 1
    counts = count(net, lines, a.top, a.depth, a.ff_prefix)
    for path, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{n:6d} {path}")
    print(f"{sum(counts.values()):6d} total")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
