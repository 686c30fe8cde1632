"""sram.py's three scaling rules, each worked out by hand."""

import unittest

import fixtures
import sram


class SramTest(unittest.TestCase):
    def test_per_bit_scales_by_node_and_voltage(self):
        # 90 nm, 1.0 V -> 180 nm, 2.0 V: energy x (180/90) x (2/1)^2 = 8, area x (180/90)^2 = 4.
        src = {"node_nm": 90, "voltage_v": 1.0, "macro_words": 100, "macro_bits": 10, "read_pj": [1.0, 2.0],
               "write_pj": [4.0], "idle_pj": [0.5, 0.5], "macro_area_um2": 1000.0, "scaling": "per_bit"}
        m = sram.model(fixtures.sram_cfg({"s": src}, "s"), 100, 5)
        self.assertAlmostEqual(m["read_pj"], 8 * 5 / 10 * 3.0)   # rise + fall, per bit x 5 bits
        self.assertAlmostEqual(m["write_pj"], 8 * 5 / 10 * 4.0)
        self.assertAlmostEqual(m["idle_pj"], 8 * 5 / 10 * 1.0)
        self.assertAlmostEqual(m["area_per_bit_um2"], 4 * 1000.0 / (100 * 10))
        self.assertAlmostEqual(m["area_um2"], 4.0 * 100 * 5)
        self.assertAlmostEqual(m["energy_per_bit_access_pj"], (12.0 + 16.0) / 2 / 5)

    def test_tile_counts_macros(self):
        # 20-bit words of 100 entries from 8-bit x 50-entry macros: 3 wide, 2 deep.
        src = {"node_nm": 180, "voltage_v": 2.0, "macro_words": 50, "macro_bits": 8, "read_pj": [10.0],
               "write_pj": [20.0], "idle_pj": [1.0], "macro_area_um2": 7.0, "scaling": "tile"}
        m = sram.model(fixtures.sram_cfg({"t": src}, "t"), 100, 20)
        self.assertEqual(m["sources"]["t"]["macros"], 6)
        self.assertAlmostEqual(m["read_pj"], 30.0)    # one row of 3 macros
        self.assertAlmostEqual(m["write_pj"], 60.0)
        self.assertAlmostEqual(m["idle_pj"], 6.0)     # every macro is clocked
        self.assertAlmostEqual(m["area_um2"], 42.0)

    def test_capacity_loglog_interpolates(self):
        # 1024 x 16 bits = 2 KiB, halfway (log) between 1 KiB (10 pJ) and 4 KiB (40 pJ): 20 pJ per 64 bits.
        src = {"node_nm": 180, "voltage_v": 2.0, "macro_bits": 64, "points_kib_pj": [[1, 10.0], [4, 40.0]],
               "scaling": "capacity_loglog"}
        m = sram.model(fixtures.sram_cfg({"h": src}, "h"), 1024, 16)
        self.assertAlmostEqual(m["read_pj"], 20.0 / 64 * 16)
        self.assertIsNone(m["area_um2"])

    def test_range_and_access_energy(self):
        cfg = fixtures.sram_cfg({"unit": fixtures.UNIT_SOURCE, "tile": dict(fixtures.UNIT_SOURCE, scaling="tile")}, "unit")
        m = sram.model(cfg, 8, 3)
        self.assertEqual(m["source"], "unit")
        self.assertAlmostEqual(m["read_pj"], 3.0)
        self.assertAlmostEqual(sram.access_energy_pj(m, 4, 2, 1), 4 * 3.0 + 2 * 6.0 + 1 * 1.5)
        # The tile source: 3 macros of 1 bit, 2 deep (8 words of 4): idle clocks every macro.
        self.assertAlmostEqual(sram.access_energy_pj(m, 0, 0, 1, source="tile"), 0.5 * 3 * 2)
        self.assertEqual(m["read_pj_range"], [3.0, 3.0])

    def test_combined_macros_add_up(self):
        # The channel state's two RAMs (92 + 22 bits) as one memory: per-bit
        # sources add to the one-macro figures of 114 bits; a source with no
        # area keeps none.
        src = {"node_nm": 180, "voltage_v": 2.0, "macro_words": 1024, "macro_bits": 32, "read_pj": [16.0],
               "write_pj": [32.0], "idle_pj": [8.0], "macro_area_um2": 3200.0, "scaling": "per_bit"}
        loglog = {"node_nm": 180, "voltage_v": 2.0, "macro_bits": 64, "points_kib_pj": [[1, 10.0], [64, 40.0]],
                  "scaling": "capacity_loglog"}
        cfg = fixtures.sram_cfg({"p": src, "h": loglog}, "p")
        both = sram.combined([sram.model(cfg, 1024, 92), sram.model(cfg, 1024, 22)])
        one = sram.model(cfg, 1024, 114)
        for k in ("read_pj", "write_pj", "idle_pj", "area_um2", "word_bits", "energy_per_bit_access_pj"):
            self.assertAlmostEqual(both[k], one[k], msg=k)
        self.assertEqual(both["macros"], 2)
        self.assertAlmostEqual(both["sources"]["p"]["read_pj"], one["sources"]["p"]["read_pj"])
        self.assertIsNone(both["sources"]["h"]["area_um2"])
        self.assertAlmostEqual(sram.access_energy_pj(both, 3, 2, 1, source="p"),
                               sram.access_energy_pj(one, 3, 2, 1, source="p"))

    def test_unknown_rule_is_an_error(self):
        with self.assertRaises(ValueError):
            sram.model(fixtures.sram_cfg({"x": dict(fixtures.UNIT_SOURCE, scaling="magic")}, "x"), 8, 3)


class ForNodeTest(unittest.TestCase):
    def test_node_overrides_merge_into_the_defaults(self):
        cfg = {"output_load_pf": 0.02, "sram": {"model": "m", "target_node_nm": 180, "target_voltage_v": 1.8},
               "nodes": {"n45": {"output_load_pf": 0.01, "sram": {"target_node_nm": 45, "target_voltage_v": 1.1}}}}
        n = sram.for_node(cfg, "n45")
        self.assertEqual(n["output_load_pf"], 0.01)
        self.assertEqual(n["sram"], {"model": "m", "target_node_nm": 45, "target_voltage_v": 1.1})
        self.assertEqual(cfg["sram"]["target_node_nm"], 180)  # the default is left alone
        self.assertIs(sram.for_node(cfg, ""), cfg)


if __name__ == "__main__":
    unittest.main()
