"""The hardware interface and golden figures the flow is sized by: the JSON that
`cargo run -p brainwire-rtl --bin hw-params` prints (constraints/build/params.json).
Port names and widths, the top and state-RAM names and the pipeline depth are
read from here, never written out in the flow.

usage: hwparams.py params.json get KEY[.KEY...]   (prints one value)
       hwparams.py params.json ram-model design.v [asic.json [node]]
                                                   (prints every memory's module; with
                                                   asic.json, reads arrive after the node's
                                                   access time, as from a macro)
       hwparams.py params.json memory-modules      (their names, space-separated)
"""

import json
import sys

import sram


def load(path):
    return json.load(open(path))


def port(p, name):
    """The top port `name` as {name, direction, bits}."""
    return next(x for x in p["rtl"]["ports"] if x["name"] == name)


def bits(p, name):
    return port(p, name)["bits"]


# The roles of the channel state's memories (rtl/src/layout.rs splits it
# between a state RAM and a predictor RAM): swept together after reset,
# before in_ready rises, and counted together as the state memory.
STATE_ROLES = ("state", "predictor")


def memories(p):
    """The design's memories (ASIC synthesis makes each an SRAM macro): role,
    instance, module, words, word_bits. The state RAM first; params.json
    files from before the list have only the state RAM."""
    r = p["rtl"]
    return r.get("memories") or [{"role": "state", "instance": r["state_ram_instance"],
                                  "module": r.get("state_ram_module"), "words": p["max_channels"],
                                  "word_bits": r.get("state_bits")}]


def memory_of(p, instance):
    """The memory whose instance (as the flattened netlist names it) is `instance`."""
    return next((m for m in memories(p) if m["instance"] == instance), None)


def output_ports(p):
    """The output data port and its valid-bits port: (`out_word`, `out_bits`)
    for the table-coded encoder, (`out_byte`, None) for the ratio one (every
    byte whole)."""
    names = {x["name"] for x in p["rtl"]["ports"]}
    return ("out_word", "out_bits") if "out_bits" in names else ("out_byte", None)


def has_port(p, name):
    return any(x["name"] == name for x in p["rtl"]["ports"])


def get(p, dotted):
    for k in dotted.split("."):
        p = p[k]
    return p


def module_text(verilog, name):
    """The text of module `name` in a Verilog file, `module` to `endmodule`."""
    start = verilog.index(f"module {name}(")
    return verilog[start:verilog.index("endmodule", start) + len("endmodule")] + "\n"


def access_time_ns(asic_json, node):
    """The state memory's clock-to-read-data time at `node` (constraints/asic.json)."""
    return sram.for_node(json.load(open(asic_json)), node)["sram"]["access_time_ns"]


def with_access_time(models, ns):
    """The memories' behavioural text with every read arriving `ns` after its
    clock edge, as from a macro, instead of in the same instant: a gate-level
    bench whose clock gates delay some flip-flops' clocks (clock_gate.py)
    would otherwise race the word against them."""
    if "<= mem[" not in models:
        raise ValueError("no `<= mem[` read in the memory models")
    return models.replace("<= mem[", f"<= #{ns} mem[")


def main(argv):
    p = load(argv[1])
    if argv[2] == "get":
        print(get(p, argv[3]))
    elif argv[2] == "ram-model":
        text = open(argv[3]).read()
        models = "".join(module_text(text, m["module"]) for m in memories(p))
        if len(argv) > 4:
            models = with_access_time(models, access_time_ns(argv[4], argv[5] if len(argv) > 5 else ""))
        sys.stdout.write(models)
    elif argv[2] == "memory-modules":
        print(" ".join(m["module"] for m in memories(p)))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
