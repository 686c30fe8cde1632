"""clock_gate.py on a small design: yosys synthesizes registers with and
without an enable, clock_gate.py gates the enabled group, yosys maps it to
the OSU 0.18 um cells, and iverilog runs the mapped netlist (the cells'
Verilog models, with their delays) beside the RTL on random stimulus. Also
gatepower.clock_network on the result. Skipped where the tools or the
library are missing."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gatepower  # noqa: E402
import liberty  # noqa: E402

LIB = "/usr/share/qflow/tech/osu018/osu018_stdcells.lib"
CELLS_V = "/usr/share/qflow/tech/osu018/osu018_stdcells.v"

DESIGN = """module t(input clock, input en, input [7:0] d, output reg [7:0] held, output reg [7:0] free,
         output reg [1:0] few);
  always @(posedge clock) begin
    if (en) held <= d;          // 8 flip-flops, one enable: gated
    if (en & d[0]) few <= d[2:1]; // 2 flip-flops: below the group size, keep their mux
    free <= d ^ held;           // no enable
  end
endmodule
"""

BENCH = """`timescale 1ns/10ps
module bench;
  reg clock = 0, en = 0; reg [7:0] d = 0;
  wire [7:0] h1, f1, h2, f2; wire [1:0] w1, w2;
  integer i, errors = 0, seed = 3;
  t rtl(.clock(clock), .en(en), .d(d), .held(h1), .free(f1), .few(w1));
  gated net(.clock(clock), .en(en), .d(d), .held(h2), .free(f2), .few(w2));
  always #10 clock = ~clock;
  initial begin
    for (i = 0; i < 400; i = i + 1) begin
      @(negedge clock); en = $random(seed); d = $random(seed);
      if (i > 2 && {h1, f1, w1} !== {h2, f2, w2}) errors = errors + 1;
    end
    $display("errors=%0d", errors); $finish;
  end
endmodule
"""


@unittest.skipUnless(shutil.which("yosys") and shutil.which("iverilog") and os.path.exists(LIB),
                     "needs yosys, iverilog and the OSU 0.18 um library")
class ClockGateTest(unittest.TestCase):
    def test_gated_netlist_equals_rtl_and_its_gate_is_clock(self):
        with tempfile.TemporaryDirectory() as d:
            path = lambda n: os.path.join(d, n)  # noqa: E731
            with open(path("t.v"), "w") as f:
                f.write(DESIGN)
            subprocess.run(["yosys", "-q", "-p", f"read_verilog {path('t.v')}; synth -flatten -top t; "
                            f"write_json {path('generic.json')}"], check=True)
            out = subprocess.run([sys.executable, os.path.join(HERE, "clock_gate.py"), "--node", "osu018",
                                  "--min-group", "4", path("generic.json"), path("gated.json")],
                                 check=True, capture_output=True, text=True).stdout
            self.assertIn("8 flip-flops behind 1 gates", out)
            gated = json.load(open(path("gated.json")))["modules"]["t"]["cells"]
            types = [c["type"] for c in gated.values()]
            self.assertEqual(sorted(t for t in types if not t.startswith("$")), ["AND2X1", "INVX1", "LATCH"])
            self.assertEqual(types.count("$_DFFE_PP_"), 2)  # `few`: too small a group
            subprocess.run(["yosys", "-q", "-p", f"read_liberty -lib {LIB}; read_json {path('gated.json')}; "
                            f"hierarchy -top t; dfflibmap -liberty {LIB}; abc -liberty {LIB}; opt_clean; "
                            f"rename t gated; write_verilog -noattr {path('net.v')}; write_json {path('net.json')}"],
                           check=True)
            with open(path("bench.v"), "w") as f:
                f.write(BENCH)
            subprocess.run(["iverilog", "-gspecify", "-o", path("sim"), path("bench.v"), path("t.v"), path("net.v"),
                            CELLS_V], check=True, capture_output=True)
            sim = subprocess.run(["vvp", "-n", path("sim")], check=True, capture_output=True, text=True).stdout
            self.assertIn("errors=0", sim)
            # The gated clock counts as clock network, the latch's output does not.
            mod = json.load(open(path("net.json")))["modules"]["gated"]
            clock = gatepower.clock_network(mod, liberty.Library(LIB))
            drivers = {b: c["type"] for c in mod["cells"].values() for p, bs in c["connections"].items()
                       if c["port_directions"].get(p) == "output" for b in bs}
            self.assertEqual(sorted(drivers[b] for b in clock if b in drivers), ["AND2X1", "INVX1"])


if __name__ == "__main__":
    unittest.main()
