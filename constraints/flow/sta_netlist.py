"""Rewrites yosys' mapped netlist for the 2019 OpenSTA reader, which accepts
neither concatenations in port connections nor on the left of an assign:
both become one-bit assigns."""

import re
import sys

CONST = r"(\d+)'([bhd])([0-9a-fA-FxXzZ]+)"


def declared_ranges(text):
    """Bus name -> (msb, lsb) from the netlist's declarations."""
    return {m.group(3): (int(m.group(1)), int(m.group(2)))
            for m in re.finditer(r"^\s*(?:input|output|inout|wire|reg)\s+\[(\d+):(\d+)\]\s+(\S+)\s*;", text, re.M)}


def bits(items, ranges=None):
    """Expands a concatenation's items into one-bit terms, MSB first (whole
    buses by their declared ranges)."""
    ranges = ranges or {}
    out = []
    for it in (x.strip() for x in items.split(",")):
        m = re.fullmatch(CONST, it)
        s = re.fullmatch(r"(\S+)\[(\d+):(\d+)\]", it)
        if m:
            # Undriven (x/z) constant bits are tied to 0: no logic reads them as data.
            n, digits = int(m.group(1)), re.sub("[xXzZ]", "0", m.group(3))
            v = int(digits, {"b": 2, "d": 10, "h": 16}[m.group(2)])
            out += [f"1'b{(v >> k) & 1}" for k in reversed(range(n))]
        elif s:
            hi, lo = int(s.group(2)), int(s.group(3))
            out += [f"{s.group(1)}[{k}]" for k in range(hi, lo - 1, -1)]
        elif it in ranges:
            hi, lo = ranges[it]
            out += [f"{it}[{k}]" for k in range(hi, lo - 1, -1 if hi >= lo else 1)]
        else:
            out.append(it)
    return out


def main(src, dst):
    text = open(src).read()
    ranges = declared_ranges(text)
    extra = []

    def connection(m):
        name = f"sta_bus_{len(extra)}"
        b = bits(m.group(2), ranges)
        extra.append(f"  wire [{len(b) - 1}:0] {name};\n")
        extra.extend(f"  assign {t} = {name}[{len(b) - 1 - i}];\n" if not t.startswith("1'b")
                     else f"  assign {name}[{len(b) - 1 - i}] = {t};\n" for i, t in enumerate(b))
        return f".{m.group(1)}({name})"

    def lhs_assign(m):
        b = bits(m.group(1), ranges)
        rhs = m.group(2).strip()
        if rhs.startswith("{"):
            r = bits(rhs[1:-1], ranges)
        elif re.fullmatch(CONST + r"|\S+\[\d+:\d+\]", rhs):
            r = bits(rhs)
        else:
            r = [f"{rhs}[{len(b) - 1 - i}]" for i in range(len(b))]
        if len(r) != len(b):
            sys.exit(f"sta_netlist: cannot split {m.group(0).strip()[:120]}...: {len(b)} bits = {len(r)} bits")
        return "".join(f"  assign {t} = {r[i]};\n" for i, t in enumerate(b))

    text = re.sub(r"\.(\w+)\(\{([^}]*)\}\)", connection, text)
    text = re.sub(r"  assign \{([^}]*)\} = (\{[^}]*\}|[^;{]+);\n", lhs_assign, text)
    idx = text.rindex("endmodule")
    open(dst, "w").write(text[:idx] + "".join(extra) + text[idx:])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
