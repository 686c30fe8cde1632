"""The hardware interface and golden figures the flow is sized by: the JSON that
`cargo run -p brainwire-rtl --bin hw-params` prints (constraints/build/params.json).
Port names and widths, the top and state-RAM names and the pipeline depth are
read from here, never written out in the flow.

usage: hwparams.py params.json get KEY[.KEY...]   (prints one value)
       hwparams.py params.json ram-model design.v  (prints the state RAM's module)
"""

import json
import sys


def load(path):
    return json.load(open(path))


def port(p, name):
    """The top port `name` as {name, direction, bits}."""
    return next(x for x in p["rtl"]["ports"] if x["name"] == name)


def bits(p, name):
    return port(p, name)["bits"]


def get(p, dotted):
    for k in dotted.split("."):
        p = p[k]
    return p


def module_text(verilog, name):
    """The text of module `name` in a Verilog file, `module` to `endmodule`."""
    start = verilog.index(f"module {name}(")
    return verilog[start:verilog.index("endmodule", start) + len("endmodule")] + "\n"


def main(argv):
    p = load(argv[1])
    if argv[2] == "get":
        print(get(p, argv[3]))
    elif argv[2] == "ram-model":
        sys.stdout.write(module_text(open(argv[3]).read(), p["rtl"]["state_ram_module"]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
