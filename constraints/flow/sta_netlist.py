"""Rewrites yosys' mapped netlist for the 2019 OpenSTA reader, which accepts
neither concatenations in port connections nor on the left of an assign:
both become one-bit assigns."""

import re
import sys


def bits(items):
    """Expands a concatenation's items into one-bit terms, MSB first."""
    out = []
    for it in (x.strip() for x in items.split(",")):
        m = re.fullmatch(r"(\d+)'([bh])([0-9a-fA-F]+)", it)
        s = re.fullmatch(r"(\S+)\[(\d+):(\d+)\]", it)
        if m:
            n, v = int(m.group(1)), int(m.group(3), 2 if m.group(2) == "b" else 16)
            out += [f"1'b{(v >> k) & 1}" for k in reversed(range(n))]
        elif s:
            hi, lo = int(s.group(2)), int(s.group(3))
            out += [f"{s.group(1)}[{k}]" for k in range(hi, lo - 1, -1)]
        else:
            out.append(it)
    return out


def main(src, dst):
    text = open(src).read()
    extra = []

    def connection(m):
        name = f"sta_bus_{len(extra)}"
        b = bits(m.group(2))
        extra.append(f"  wire [{len(b) - 1}:0] {name};\n")
        extra.extend(f"  assign {t} = {name}[{len(b) - 1 - i}];\n" if not t.startswith("1'b")
                     else f"  assign {name}[{len(b) - 1 - i}] = {t};\n" for i, t in enumerate(b))
        return f".{m.group(1)}({name})"

    def lhs_assign(m):
        b = bits(m.group(1))
        rhs = m.group(2).strip()
        if rhs.startswith("{"):
            r = bits(rhs[1:-1])
        elif re.fullmatch(r"\d+'[bh][0-9a-fA-F]+|\S+\[\d+:\d+\]", rhs):
            r = bits(rhs)
        else:
            r = [f"{rhs}[{len(b) - 1 - i}]" for i in range(len(b))]
        return "".join(f"  assign {t} = {r[i]};\n" for i, t in enumerate(b))

    text = re.sub(r"\.(\w+)\(\{([^}]*)\}\)", connection, text)
    text = re.sub(r"  assign \{([^}]*)\} = (\{[^}]*\}|[^;{]+);\n", lhs_assign, text)
    idx = text.rindex("endmodule")
    open(dst, "w").write(text[:idx] + "".join(extra) + text[idx:])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
