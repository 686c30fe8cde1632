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
    """A 1-D or 2-D lookup table, interpolated (clamped at the edges).
    `template` (its power_lut_template) names its axes; `scale` converts
    its values to pJ and its capacitance axis to pF."""

    def __init__(self, g, template=None, scale=1.0):
        # Axes and their indices: the table's own, else its template's.
        t = template.attrs if template else {}
        self.vars = [t.get("variable_1", "total_output_net_capacitance"), t.get("variable_2", "input_transition_time")]
        index = lambda k: g.attrs.get(k, t.get(k))
        # A scalar table (no index) is one value.
        i1 = _floats(" ".join(index("index_1"))) if index("index_1") else [0.0]
        i2 = _floats(" ".join(index("index_2"))) if index("index_2") else None
        cap = lambda k, axis: [x * scale for x in axis] if "capacitance" in self.vars[k] else axis
        self.i1 = cap(0, i1)
        self.i2 = cap(1, i2) if i2 else None
        v = [x * scale for x in _floats(" ".join(g.attrs["values"]))]
        n2 = len(self.i2) if self.i2 else 1
        self.v = [v[k * n2:(k + 1) * n2] for k in range(len(self.i1))]

    def energy(self, load_pf, slew_ns):
        """The value at an output load (pF) and input transition (ns), whatever the axis order."""
        by_var = lambda var: load_pf if "capacitance" in var else slew_ns
        if not self.i2:
            return self.at(by_var(self.vars[0]))
        return self.at(by_var(self.vars[0]), by_var(self.vars[1]))

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
    def __init__(self, g, templates=None, scale=1.0):
        self.name = g.args[0]
        self.direction = g.attrs.get("direction", "input")
        self.cap = float(g.attrs.get("capacitance", 0.0)) * scale
        # Energy tables: related pin (None for a pin's own, passive energy) -> (rise, fall).
        self.energy = {}
        table = lambda t: Table(t, (templates or {}).get(t.args[0] if t.args else None), scale)
        for ip in g.all("internal_power"):
            rise = [table(t) for t in ip.all("rise_power")]
            fall = [table(t) for t in ip.all("fall_power")]
            if rise and fall:
                self.energy[ip.attrs.get("related_pin")] = (rise[0], fall[0])


class Cell:
    def __init__(self, g, templates=None, scale=1.0):
        self.name = g.args[0]
        self.area = float(g.attrs.get("area", 0.0))
        self.leakage = float(g.attrs.get("cell_leakage_power", 0.0))
        self.pins = {p.name: p for p in (Pin(x, templates, scale) for x in g.all("pin"))}
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
        # Capacitances in pF and energies (capacitance unit x V^2) in pJ, whatever the file's unit.
        unit = lib.attrs.get("capacitive_load_unit", ["1", "pf"])
        self.cap_scale = float(unit[0]) * {"pf": 1.0, "ff": 1e-3}[unit[1].lower()]
        templates = {t.args[0]: t for t in lib.all("power_lut_template")}
        self.cells = {c.name: c for c in (Cell(x, templates, self.cap_scale) for x in lib.all("cell"))}
