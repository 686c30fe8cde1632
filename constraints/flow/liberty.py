"""Minimal Liberty reader: cells, pin directions and capacitances, leakage,
area and internal-energy tables, enough for toggle-based power."""

import bisect
import re

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[A-Za-z0-9_.+\-!\[\]]+|[{}();:,]')


class Group:
    def __init__(self, kind, args):
        self.kind, self.args = kind, args
        self.attrs, self.groups = {}, []

    def all(self, kind):
        return [g for g in self.groups if g.kind == kind]


def _parse(tokens):
    root = Group("root", [])
    stack, i = [root], 0
    while i < len(tokens):
        t = tokens[i]
        if t == "}":
            stack.pop()
            i += 1
        elif i + 1 < len(tokens) and tokens[i + 1] == ":":
            stack[-1].attrs[t] = tokens[i + 2].strip('"')
            i += 4 if i + 3 < len(tokens) and tokens[i + 3] == ";" else 3
        elif i + 1 < len(tokens) and tokens[i + 1] == "(":
            j = tokens.index(")", i)
            args = [a.strip('"') for a in tokens[i + 2:j] if a != ","]
            if j + 1 < len(tokens) and tokens[j + 1] == "{":
                g = Group(t, args)
                stack[-1].groups.append(g)
                stack.append(g)
                i = j + 2
            else:
                stack[-1].attrs[t] = args
                i = j + 2 if j + 1 < len(tokens) and tokens[j + 1] == ";" else j + 1
        else:
            i += 1
    return root


def _floats(s):
    return [float(x) for x in s.replace("\\", " ").replace('"', " ").replace(",", " ").split()]


class Table:
    """A 1-D or 2-D lookup table, interpolated (clamped at the edges)."""

    def __init__(self, g):
        self.i1 = _floats(" ".join(g.attrs["index_1"]))
        self.i2 = _floats(" ".join(g.attrs["index_2"])) if "index_2" in g.attrs else None
        v = _floats(" ".join(g.attrs["values"]))
        n2 = len(self.i2) if self.i2 else 1
        self.v = [v[k * n2:(k + 1) * n2] for k in range(len(self.i1))]

    @staticmethod
    def _w(axis, x):
        if len(axis) == 1:
            return 0, 0, 0.0
        x = min(max(x, axis[0]), axis[-1])
        k = min(max(bisect.bisect_right(axis, x) - 1, 0), len(axis) - 2)
        return k, k + 1, (x - axis[k]) / (axis[k + 1] - axis[k])

    def at(self, x1, x2=0.0):
        a, b, f = self._w(self.i1, x1)
        if not self.i2:
            return self.v[a][0] * (1 - f) + self.v[b][0] * f
        c, d, g = self._w(self.i2, x2)
        row = lambda r: self.v[r][c] * (1 - g) + self.v[r][d] * g
        return row(a) * (1 - f) + row(b) * f


class Pin:
    def __init__(self, g):
        self.name = g.args[0]
        self.direction = g.attrs.get("direction", "input")
        self.cap = float(g.attrs.get("capacitance", 0.0))
        # Energy tables: related pin (None for a pin's own, passive energy) -> (rise, fall).
        self.energy = {}
        for ip in g.all("internal_power"):
            rise = [Table(t) for t in ip.all("rise_power")]
            fall = [Table(t) for t in ip.all("fall_power")]
            if rise and fall:
                self.energy[ip.attrs.get("related_pin")] = (rise[0], fall[0])


class Cell:
    def __init__(self, g):
        self.name = g.args[0]
        self.area = float(g.attrs.get("area", 0.0))
        self.leakage = float(g.attrs.get("cell_leakage_power", 0.0))
        self.pins = {p.name: p for p in (Pin(x) for x in g.all("pin"))}
        self.sequential = bool(g.all("ff") or g.all("latch"))


class Library:
    def __init__(self, path):
        with open(path) as f:
            text = re.sub(r"/\*.*?\*/", " ", f.read(), flags=re.S)
        text = text.replace("\\\n", " ")
        root = _parse(_TOKEN.findall(text))
        lib = root.all("library")[0]
        self.name = lib.args[0]
        self.voltage = float(lib.attrs.get("nom_voltage", 0.0))
        self.leakage_unit = lib.attrs.get("leakage_power_unit", "1nW")
        self.cells = {c.name: c for c in (Cell(x) for x in lib.all("cell"))}
