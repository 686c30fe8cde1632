"""The flow's outputs that people read or the build trusts: the figure
tables in the documents (docs.py) against reports/hw.json, the regression
bars (check.py), and the generated iCE40 pin wrapper (gen_ice40_top.py)."""

import json
import os
import unittest

import check
import docs
import gen_ice40_top

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def hw_json():
    with open(os.path.join(ROOT, "reports", "hw.json")) as f:
        return json.load(f)


class DocsTest(unittest.TestCase):
    def test_documents_agree_with_hw_json(self):
        self.assertEqual(docs.stale(hw_json(), ROOT), [],
                         "run `python3 constraints/flow/docs.py write reports/hw.json` after a hardware run")

    def test_render_replaces_only_the_region(self):
        r = hw_json()
        text = "before\n<!-- figures:asic x -->\nold figures\n<!-- /figures:asic -->\nafter\n"
        out = docs.render(text, {"asic": docs.rtl_asic}, r)
        self.assertEqual(out, text.replace("old figures", docs.rtl_asic(r)))
        self.assertIn(f"{r['asic_osu018']['std_cells']} cells", out)
        with self.assertRaises(KeyError):
            docs.render("no markers\n", {"asic": docs.rtl_asic}, r)


def params(word=32, length=6):
    ports = [("clock", "input", 1), ("reset", "input", 1), ("channels_minus_one", "input", 10),
             ("block_minus_one", "input", 3), ("in_sample", "input", 16), ("in_valid", "input", 1), ("in_ready", "output", 1),
             ("flush", "input", 1), ("out_word", "output", word), ("out_bits", "output", length),
             ("out_last", "output", 1), ("out_valid", "output", 1), ("out_ready", "input", 1)]
    return {"max_channels": 1024, "rtl": {"top_module": "enc_top", "ports": [
        {"name": n, "direction": d, "bits": b} for n, d, b in ports]}}


class Ice40WrapperTest(unittest.TestCase):
    def test_lanes_follow_the_word_width(self):
        text, ports = gen_ice40_top.wrapper(params(word=24))
        self.assertIn("2'd0: lane_data = out_word[23:16];", text)
        self.assertIn("2'd2: lane_data = out_word[7:0];", text)
        self.assertIn("default: lane_data = {out_last, 1'b0, out_bits};", text)
        self.assertIn(".channels_minus_one(10'd1023)", text)
        self.assertIn(".block_minus_one(3'd0)", text)
        self.assertNotIn("block_minus_one", [n for n, _ in ports])
        self.assertIn(("lane", 2), ports)
        self.assertIn(("in_sample", 16), ports)
        self.assertNotIn("out_word", [n for n, _ in ports])

    def test_every_port_bit_needs_a_pin(self):
        _, ports = gen_ice40_top.wrapper(params())
        with open(os.path.join(ROOT, "constraints", "ice40_up5k_sg48.pcf")) as f:
            pcf = f.read()
        self.assertEqual(gen_ice40_top.unplaced(ports, pcf), [])
        self.assertEqual(gen_ice40_top.unplaced(ports, pcf.replace("set_io in_sample[3] ", "# ")), ["in_sample[3]"])


class CheckTest(unittest.TestCase):
    """check.py's bars with the report's gatherers replaced by fixed figures."""

    def setUp(self):
        with open(os.path.join(ROOT, "constraints", "thresholds.json")) as f:
            self.t = json.load(f)
        self.saved = check.report.ice40, check.report.asic
        self.ice = {"fits": True, "fmax_mhz": 33.0}
        self.asic = {"std_cells": 100, "std_cell_area_um2": 1000.0, "total_area_um2": 1e6, "worst_slack_ns": 1.0}
        check.report.ice40 = lambda build: self.ice
        check.report.asic = lambda build, p, cfg, lib: self.asic

    def tearDown(self):
        check.report.ice40, check.report.asic = self.saved

    def failed(self):
        return [b[0] for b in check.bars_synth("unused", self.t, {}, None) if not b[3]]

    def test_passes_within_the_bars(self):
        self.assertEqual(self.failed(), [])

    def test_fails_each_missed_bar(self):
        self.ice["fmax_mhz"] = self.t["ice40_up5k"]["fmax_mhz_min"] - 0.01
        self.asic["worst_slack_ns"] = -0.1
        self.assertEqual(self.failed(), ["iCE40 Fmax (MHz)", "ASIC worst slack (ns)"])
        self.ice["fits"] = False
        self.assertIn("iCE40 fits the UP5K", self.failed())

    def test_missing_results_fail(self):
        check.report.ice40 = lambda build: None
        self.assertEqual(self.failed(), ["iCE40, ASIC and STA results"])


class PowerCheckTest(unittest.TestCase):
    """check.py's power bars and per-node lines, one short run per node."""

    def setUp(self):
        with open(os.path.join(ROOT, "constraints", "thresholds.json")) as f:
            self.t = json.load(f)
        self.saved = check.report.power, check.check_words.mismatch, check.report.load
        # The implant's build and the low-energy delta build (its own params.json), each at both nodes.
        self.runs = {"b": {"total_uw": 100.0, "logic_uw": 50.0}, "b/nangate45": {"total_uw": 10.0, "logic_uw": 5.0},
                     "b/delta": {"total_uw": 40.0, "logic_uw": 20.0},
                     "b/delta/nangate45": {"total_uw": 4.0, "logic_uw": 2.0}}
        check.report.power = lambda base, name, p: self.runs.get(base)
        check.check_words.mismatch = lambda params, words, expected: None
        check.report.load = lambda path: {} if path == "b/delta/params.json" else None

    def tearDown(self):
        check.report.power, check.check_words.mismatch, check.report.load = self.saved

    def failed(self):
        return [b[0] for b in check.bars_power("b", self.t, {}, None) if not b[3]]

    def test_both_nodes_checked_and_printed(self):
        self.assertEqual(self.failed(), [])
        self.assertEqual(check.node_totals("b", {}),
                         ["power-ci osu018: total_uw=100.0", "power-ci nangate45: total_uw=10.0",
                          "power-ci delta osu018: total_uw=40.0", "power-ci delta nangate45: total_uw=4.0"])

    def test_each_node_fails_alone(self):
        self.runs["b/nangate45"]["total_uw"] = self.t["power_short_nangate45"]["total_uw_max"] + 1
        self.assertEqual(self.failed(), ["nangate45: power, short run (uW)"])
        del self.runs["b/nangate45"]
        self.assertEqual(self.failed(), ["nangate45: short power run"])

    def test_the_delta_build_has_its_own_bar(self):
        self.runs["b/delta"]["total_uw"] = self.t["power_delta_short"]["total_uw_max"] + 1
        self.assertEqual(self.failed(), ["delta osu018: power, short run (uW)"])
        check.report.load = lambda path: None
        self.assertIn("delta nangate45: short power run", self.failed())


if __name__ == "__main__":
    unittest.main()
