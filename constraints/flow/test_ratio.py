"""The flow's generalisation to the ratio encoder: two memories (the state
RAM and the coder's context RAM), byte output, the bench's preload and
access counts, the SRAM Liberty view with two cells, and ratio_report's
figures, each against values worked out by hand."""

import argparse
import json
import unittest

import fixtures
import gatepower
import gen_constraints
import hwparams
import ratio_report
import report
import test_gatepower as tg

# test_gatepower's netlist with a second memory, the contexts, whose write
# data is net 3 too.
NETLIST = json.loads(json.dumps(tg.NETLIST))
NETLIST["modules"]["t"]["cells"]["coder.contexts.ram"] = {
    "type": "t$coder$contexts$ram", "port_directions": {"write_data": "input", "read_data": "output"},
    "connections": {"write_data": [3], "read_data": [7, 8]}}
NETLIST["modules"]["t"]["netnames"]["r"] = {"bits": [7, 8]}
MEMORIES = [{"role": "state", "instance": "mem", "module": "t$state_ram", "words": 8, "word_bits": 1},
            {"role": "contexts", "instance": "coder.contexts.ram", "module": "t$coder$contexts$ram",
             "words": 4, "word_bits": 2}]
PORTS = [("clock", "input", 1), ("reset", "input", 1), ("channels_minus_one", "input", 3), ("in_sample", "input", 16),
         ("in_valid", "input", 1), ("in_ready", "output", 1), ("flush", "input", 1), ("out_byte", "output", 8),
         ("out_valid", "output", 1), ("out_ready", "input", 1), ("out_last", "output", 1)]
PARAMS = {**tg.PARAMS, "rtl": {"top_module": "t", "state_ram_instance": "mem", "memories": MEMORIES,
                               "testbench_ports": "reg clock = 0;\nt dut(.clock(clock));",
                               "ports": [{"name": n, "direction": d, "bits": b} for n, d, b in PORTS]}}
# The contexts: 6 reads, 3 writes, 0 idle clocks.
COUNTS = "mem contexts 6 3 0\n" + tg.COUNTS


class MemoriesTest(unittest.TestCase):
    def setUp(self):
        self.d = fixtures.Dir()
        self.args = tg.report_args(self.d, NETLIST, PARAMS, COUNTS)

    def tearDown(self):
        self.d.cleanup()

    def test_each_memory_is_charged_its_own_accesses(self):
        gatepower.cmd_report(self.args)
        r = json.load(open(self.args.out))
        b = r["blocks_uw"]
        # State: as in test_gatepower (1-bit word): 4 x 1 + 2 x 2 + 1 x 0.5 pJ.
        self.assertAlmostEqual(b["state memory (SRAM macro)"], 8.5)
        # Contexts, a 2-bit word (read_data): 6 reads x 2 + 3 writes x 4 pJ.
        self.assertAlmostEqual(b["context memory (SRAM macro)"], 24.0)
        m = r["memories"]["contexts"]
        self.assertEqual((m["words"], m["word_bits"], m["reads"], m["writes"]), (4, 2, 6, 3))
        # Area per bit 2 um2 (8 um2 / 4 bits): 4 x 2 bits.
        self.assertAlmostEqual(m["area_um2"], 16.0)
        # Net 3 also drives the second memory's pin: 10 x 2 x 0.02 more switching.
        self.assertAlmostEqual(r["logic_switching_uw"], 2.8 + 0.4)

    def test_missing_counts_of_a_memory_are_an_error(self):
        self.args.counts = self.d.text("c2.txt", tg.COUNTS)
        with self.assertRaises(SystemExit):
            gatepower.cmd_report(self.args)

    def test_bench_preloads_both_memories_and_writes_bytes(self):
        a = argparse.Namespace(netlist=self.args.netlist, liberty=self.args.liberty, params=self.args.params,
                               ram_we="write_enable", ram_re="",
                               stimulus="s.hex", samples=3, channels=2, block=1, clock_mhz=20.0,
                               state_image="st.hex", memory_image=["contexts=ctx.hex"], settled=False,
                               out_words="w.txt", counts="c.txt", out=f"{self.d.path}/tb.v")
        gatepower.cmd_tb(a)
        tb = open(a.out).read()
        self.assertIn('$fwrite(fo, "%x 8 %0d\\n", out_byte, out_last);', tb)
        self.assertNotIn("block_minus_one", tb)
        # The context sweep (4 words) is over before both images load.
        self.assertIn("repeat (4) @(negedge clock);\n    $readmemh(\"st.hex\", dut.mem.mem);\n"
                      "    $readmemh(\"ctx.hex\", dut.\\coder.contexts.ram .mem);", tb)
        # No read enable on the contexts: a read every clock.
        self.assertIn("if (1'b1) m1_reads = m1_reads + 1;", tb)
        self.assertIn('"mem contexts %0d %0d %0d\\n", m1_reads, m1_writes, m1_idle', tb)

    def test_sram_view_has_a_cell_per_memory(self):
        cfg = fixtures.sram_cfg({"unit": fixtures.UNIT_SOURCE}, "unit")
        ports = {"read_clock": ("input", 1), "read_data": ("output", 2), "write_data": ("input", 2)}
        path = f"{self.d.path}/m.lib"
        gen_constraints.write_sram_lib(cfg, [{"name": "a", "words": 8, "ports": ports},
                                             {"name": "b", "words": 4, "ports": ports}], path)
        lib = open(path).read()
        self.assertEqual(lib.count("type (bus_2)"), 1)
        self.assertIn('cell ("a") {\n    area : 32.0;', lib)
        self.assertIn('cell ("b") {\n    area : 16.0;', lib)


class ParamsTest(unittest.TestCase):
    def test_output_ports_and_memories(self):
        self.assertEqual(hwparams.output_ports(PARAMS), ("out_byte", None))
        words = {**PARAMS, "rtl": {**PARAMS["rtl"], "ports": [{"name": "out_word", "bits": 32},
                                                              {"name": "out_bits", "bits": 6}]}}
        self.assertEqual(hwparams.output_ports(words), ("out_word", "out_bits"))
        self.assertEqual(hwparams.memory_of(PARAMS, "coder.contexts.ram")["words"], 4)
        # A params.json from before the list: the state RAM alone.
        old = {"max_channels": 8, "rtl": {"state_ram_instance": "s", "state_ram_module": "t$s", "state_bits": 5}}
        self.assertEqual(hwparams.memories(old), [{"role": "state", "instance": "s", "module": "t$s",
                                                   "words": 8, "word_bits": 5}])


class RatioReportTest(unittest.TestCase):
    P = {"max_channels": 1024, "samples_per_s": 20e6, "input_bits_per_s": 320e6, "implant_profile": "implant"}

    def test_measured_gives_the_realtime_clock(self):
        raw = {"samples": 100, "simulated_cycles": 550, "clock_mhz": 20.0, "channels": 100,
               "sample_rate_in_sim": 20e6 / 5.5, "total_uw": 500.0}
        m = ratio_report.measured({"samples_per_s": 20e6}, raw)
        self.assertAlmostEqual(m["measured"]["clocks_per_sample"], 5.5)
        self.assertAlmostEqual(m["realtime_clock_mhz"], 110.0)
        self.assertIsNone(ratio_report.measured(None, raw))

    def test_compare_puts_profiles_side_by_side(self):
        a = {"std_cells": 10, "flip_flops": 2, "std_cell_area_um2": 100.0, "total_area_um2": 1124.0,
             "critical_path_ns": 5.0, "fmax_mhz": 200.0}
        pw = {"stimulus": "s", "total_uw": 1000.0, "pj_per_sample": 50.0, "pj_per_input_bit": 3.125,
              "uw_per_channel": 0.98, "clock_mhz": 20.0}
        rep = {"params": self.P, "asic_osu018": a, "power_short": pw, "asic_ratio_osu018": a,
               "power_ratio_osu018": {**pw, "measured": {"samples_per_clock": 0.2, "clock_mhz": 20.0,
                                                          "total_uw": 300.0},
                                      "realtime_clock_mhz": 100.0}}
        ratios = {"profiles": [{"name": "implant", "ratio": 2.0}, {"name": "ratio", "ratio": 4.0}]}
        c = ratio_report.compare(rep, ratios, 1000.0)["columns"]
        self.assertEqual([(x["profile"], x["power"]) for x in c], [("implant", "power_short"),
                                                                   ("ratio", "power_ratio_osu018")])
        # 320 Mbit/s x (1 - 1/2) x 1 nJ = 160 mW; x (1 - 1/4) = 240 mW.
        self.assertAlmostEqual(c[0]["radio_saved_uw"], 160e3)
        self.assertAlmostEqual(c[1]["net_saving_uw"], 240e3 - 1000.0)
        self.assertAlmostEqual(c[1]["area_per_channel_um2"], 1124.0 / 1024)
        self.assertEqual((c[0]["samples_per_clock"], c[1]["realtime_clock_mhz"]), (1.0, 100.0))
        self.assertIn("| pJ per sample | 50.0 | 50.0 |", ratio_report.markdown({"assumed_radio_pj_per_bit": 1e3,
                                                                              "columns": c}))

    def test_missing_pieces_keep_the_last_report(self):
        rep = {"a": None, "b": 2}
        report.keep_missing(rep, {"a": 1, "b": 3, "c": 4, "d": None})
        self.assertEqual(rep, {"a": 1, "b": 2, "c": 4})


if __name__ == "__main__":
    unittest.main()
