"""gatepower.py's energy report on a netlist of two inverters and a state
memory, with every figure worked out by hand from fixtures.TINY_LIB."""

import argparse
import json
import shutil
import subprocess
import tempfile
import unittest

import fixtures
import gatepower

# Port a (net 2) -> u1 -> net 3 -> u2 -> port y (net 4); net 3 also feeds the
# memory's write data; the clock (net 5) reaches nothing.
NETLIST = {"modules": {"t": {
    "ports": {"clock": {"direction": "input", "bits": [5]}, "a": {"direction": "input", "bits": [2]},
              "y": {"direction": "output", "bits": [4]}},
    "cells": {
        "u1": {"type": "INV", "connections": {"A": [2], "Y": [3]}},
        "u2": {"type": "INV", "connections": {"A": [3], "Y": [4]}},
        "mem": {"type": "t$state_ram", "port_directions": {"write_data": "input", "read_data": "output"},
                "connections": {"write_data": [3], "read_data": [6]}},
    },
    "netnames": {"a": {"bits": [2]}, "m": {"bits": [3]}, "y": {"bits": [4]}, "clock": {"bits": [5]},
                 "q": {"bits": [6]}},
}}}
PARAMS = {"max_channels": 8, "samples_per_s": 1000, "code_bits": 3,
          "rtl": {"top_module": "t", "state_ram_instance": "mem"}}
# 1000 ns; nets 2, 3, 4 toggle 10 times each; 4 reads, 2 writes, 1 idle clock.
COUNTS = ("time_ns 1000\ncycles 7\nsram_reads 4\nsram_writes 2\nsram_idle 1\nsamples 5\nflushed 1\n"
          "n 0 10\nn 1 10\nn 2 10\nn 3 0\nn 4 0\n")
IDS = [2, 3, 4, 5, 6]


def report_args(d, netlist, params, counts):
    """`gatepower.py report`'s arguments on these inputs, written into Dir `d`."""
    d.json("tb.v.ids.json", IDS)
    return argparse.Namespace(
        netlist=d.json("net.json", netlist), liberty=d.text("tiny.lib", fixtures.TINY_LIB),
        asic=d.json("asic.json", fixtures.sram_cfg({"unit": fixtures.UNIT_SOURCE}, "unit")),
        params=d.json("params.json", params), tb=d.text("tb.v", ""), counts=d.text("counts.txt", counts),
        out=f"{d.path}/power.json", stimulus_label="hand-made", channels=8, warm_samples=1000, node="",
        by_block=False, block=1)


class GatePowerTest(unittest.TestCase):
    def setUp(self):
        self.d = fixtures.Dir()
        self.args = report_args(self.d, NETLIST, PARAMS, COUNTS)

    def tearDown(self):
        self.d.cleanup()

    def report(self):
        gatepower.cmd_report(self.args)
        return json.load(open(self.args.out))

    def test_energy_by_hand(self):
        r = self.report()
        b = r["blocks_uw"]
        # 1000 ns, so 1 pJ is 1 uW. Internal: each inverter output toggles 10 x (0.5 + 0.3) / 2 = 4 pJ.
        # Switching, 1/2 C V^2 at 2 V per toggle: net 2 C = 0.01 (u1.A), net 3 C = 0.01 (u2.A) + 0.02
        # (memory pin), net 4 C = 0.1 (output load): 10 x 2 x (0.01 + 0.03 + 0.1) = 2.8 pJ.
        self.assertAlmostEqual(r["logic_internal_uw"], 8.0)
        self.assertAlmostEqual(r["logic_switching_uw"], 2.8)
        self.assertAlmostEqual(b["combinational logic"], 10.8)
        self.assertAlmostEqual(b["clock network"], 0.0)
        self.assertAlmostEqual(b["registers"], 0.0)
        # Two cells of 5 nW.
        self.assertAlmostEqual(b["leakage (std cells)"], 0.01)
        # Memory word 1 bit (read_data): 4 reads x 1 + 2 writes x 2 + 1 idle x 0.5 pJ.
        self.assertAlmostEqual(b["state memory (SRAM macro)"], 8.5)
        self.assertAlmostEqual(r["total_uw"], 10.8 + 0.01 + 8.5)
        self.assertEqual(r["sram_word_bits"], 1)
        self.assertAlmostEqual(r["stdcell_area_um2"], 20.0)
        self.assertAlmostEqual(r["energy_per_sample_pj"], r["total_uw"] * 1e-6 / 5e6 * 1e12)
        self.assertAlmostEqual(r["mean_activity_per_cycle"], 30 / 5 / 7)
        self.assertEqual(r["warm_samples_per_channel"], 1000)
        self.assertEqual(r["block"], 1)
        self.assertNotIn("input buffer (SRAM model, not simulated)", b)
        self.assertAlmostEqual(r["sram_reads_per_sample"], 4 / 5)
        self.assertAlmostEqual(r["sram_writes_per_sample"], 2 / 5)

    def test_blocked_layout_adds_the_modelled_input_buffer(self):
        self.args.block = 2
        r = self.report()
        # 2 x B x N = 32 words of code_bits = 3 bits: per access 3 x the unit
        # bit's energy; one write (2 pJ) and one read (1 pJ) per sample, 5 samples.
        buffer = r["blocks_uw"]["input buffer (SRAM model, not simulated)"]
        self.assertAlmostEqual(buffer, 5 * 3 * (1.0 + 2.0))
        self.assertEqual(r["input_buffer_model"]["words"], 32)
        self.assertEqual(r["block"], 2)
        self.assertAlmostEqual(r["total_uw"], 10.8 + 0.01 + 8.5 + buffer)

    def test_power_by_block(self):
        # u1 in block front.grid_code, u2 in front's own logic (names as yosys's
        # flatten after mapping gives them).
        net = json.loads(json.dumps(NETLIST))
        cells = net["modules"]["t"]["cells"]
        cells["$flatten\\front.\\grid_code.$abc$1$x.cc:3$9"] = cells.pop("u1")
        cells["$flatten\\front.$abc$2$y"] = cells.pop("u2")
        self.args.netlist = self.d.json("net3.json", net)
        self.args.by_block = True
        b = self.report()["by_block_uw"]
        # u1: internal 4 pJ + net 3's switching 10 x 2 x 0.03 = 0.6; u2: 4 + net 4's 2.0;
        # net 2 is driven by a top input: 10 x 2 x 0.01 = 0.2. Leakage 5 nW a cell.
        self.assertAlmostEqual(b["front.grid_code"]["dynamic"], 4.6)
        self.assertAlmostEqual(b["front"]["dynamic"], 6.0)
        self.assertAlmostEqual(b["top inputs"]["dynamic"], 0.2)
        self.assertAlmostEqual(b["front.grid_code"]["leakage"], 0.005)
        self.assertAlmostEqual(b["clock network"]["dynamic"], 0.0)
        self.assertAlmostEqual(sum(v["dynamic"] for v in b.values()), 10.8)

    def test_block_of_cell_names(self):
        self.assertEqual(gatepower.block_of("$flatten\\back.\\code_rom.\\inner.$abc$1$a.cc:1$2"), "back.code_rom")
        self.assertEqual(gatepower.block_of("$flatten\\control.$auto$ff.cc:266$9"), "control")
        self.assertEqual(gatepower.block_of("$abc$1$auto$blifparse.cc:396$7"), "top")

    def test_two_memories_are_an_error(self):
        net = json.loads(json.dumps(NETLIST))
        cells = net["modules"]["t"]["cells"]
        cells["mem2"] = dict(cells["mem"])
        self.args.netlist = self.d.json("net2.json", net)
        with self.assertRaises(SystemExit):
            self.report()

    def test_net_names_prefer_plain_names(self):
        mod = {"netnames": {"_hidden": {"bits": [7], "hide_name": 1}, "bus": {"bits": [7, 8], "offset": 2}}}
        self.assertEqual(gatepower.net_names(mod), {7: "bus[2]", 8: "bus[3]"})

    def test_ram_instance_reference(self):
        self.assertEqual(gatepower.ram_instance(PARAMS), "dut.mem")
        nested = {"rtl": {"state_ram_instance": "control.state_ram"}}
        self.assertEqual(gatepower.ram_instance(nested), "dut.\\control.state_ram ")


# A 1 ns glitch on y each time a rises (y = a & ~a, the inverter 1 ns slow),
# and a register q that follows a: the counters run over 4 clocks of 10 ns.
GLITCH_BENCH = """`timescale 1ns/10ps
module g(input clock, input a, output y, output reg q);
  wire na; not #1 (na, a); and (y, a, na);
  always @(posedge clock) q <= a;
endmodule
module tb;
  reg clock = 0, a = 0, counting = 0; wire y, q;
  integer cnt [0:2]; integer k, fo;
  g dut(.clock(clock), .a(a), .y(y), .q(q));
  always #5 clock = ~clock;
%s
  initial begin
    for (k = 0; k < 3; k = k + 1) cnt[k] = 0;
    @(negedge clock); counting = 1;
    #2 a = 1; @(negedge clock); #2 a = 0; @(negedge clock); #2 a = 1; @(negedge clock); @(negedge clock);
    counting = 0; $display("%%0d %%0d %%0d", cnt[0], cnt[1], cnt[2]); $finish;
  end
endmodule
"""


@unittest.skipUnless(shutil.which("iverilog"), "iverilog not installed")
class ToggleCounterTest(unittest.TestCase):
    """The bench's toggle counters, run in iverilog: with cell delays every
    event counts (the glitches too), settled counting sees functional changes."""

    def counts(self, settled):
        names, ids = {1: "y", 2: "q", 3: "clock"}, [1, 2, 3]
        lines = gatepower.toggle_counters(names, ids, {3}, settled)
        with tempfile.TemporaryDirectory() as d:
            open(f"{d}/tb.v", "w").write(GLITCH_BENCH % "\n".join(lines))
            subprocess.run(["iverilog", "-o", f"{d}/sim", f"{d}/tb.v"], check=True)
            out = subprocess.run(["vvp", "-n", f"{d}/sim"], check=True, capture_output=True, text=True).stdout
        return [int(x) for x in out.split()[:3]]

    def test_events_count_glitches(self):
        # y: two rising edges of a, each a 1 ns pulse (2 events); q: 1, 0, 1; clock: 8 edges.
        self.assertEqual(self.counts(settled=False), [4, 3, 8])

    def test_settled_counts_only_functional_changes(self):
        # y is 0 at every falling edge: no functional transition; q changes 3 times.
        self.assertEqual(self.counts(settled=True), [0, 3, 8])


if __name__ == "__main__":
    unittest.main()
