"""liberty.py on a two-cell library whose values are known."""

import unittest

import fixtures
import liberty


class LibertyTest(unittest.TestCase):
    def setUp(self):
        self.d = fixtures.Dir()
        self.lib = liberty.Library(self.d.text("tiny.lib", fixtures.TINY_LIB))

    def tearDown(self):
        self.d.cleanup()

    def test_library_and_cells(self):
        self.assertEqual(self.lib.name, "tiny")
        self.assertEqual(self.lib.voltage, 2.0)
        self.assertEqual(sorted(self.lib.cells), ["DFF", "INV"])
        inv, dff = self.lib.cells["INV"], self.lib.cells["DFF"]
        self.assertEqual((inv.area, inv.leakage, dff.area, dff.leakage), (10.0, 5.0, 20.0, 0.0))
        self.assertFalse(inv.sequential)
        self.assertTrue(dff.sequential)

    def test_pins(self):
        inv = self.lib.cells["INV"]
        self.assertEqual(inv.pins["A"].direction, "input")
        self.assertAlmostEqual(inv.pins["A"].cap, 0.01)
        self.assertEqual(inv.pins["Y"].direction, "output")
        self.assertEqual(list(inv.pins["Y"].energy), ["A"])
        # A clock pin's own (passive) energy has no related pin.
        self.assertEqual(list(self.lib.cells["DFF"].pins["CLK"].energy), [None])

    def test_tables_interpolate_and_clamp(self):
        rise, fall = self.lib.cells["DFF"].pins["CLK"].energy[None]
        self.assertAlmostEqual(rise.at(0.15), 1.5)
        self.assertAlmostEqual(fall.at(0.125), 3.25)
        self.assertAlmostEqual(rise.at(5.0), 2.0)   # clamped above
        self.assertAlmostEqual(fall.at(-1.0), 3.0)  # and below
        t = liberty.Table(liberty._parse(liberty._TOKEN.findall(
            'g () { index_1 ("0, 1"); index_2 ("0, 2"); values ("1, 3", "5, 7"); }')).groups[0])
        self.assertAlmostEqual(t.at(0.5, 1.0), 4.0)  # bilinear: rows give 2 and 6
        self.assertAlmostEqual(t.at(1.0, 2.0), 7.0)

    def test_femtofarad_units_and_template_axis_order(self):
        # Nangate45's way: capacitance in fF (so energies in fJ), transition first in the template.
        text = """library (ff) { nom_voltage : 1.1; capacitive_load_unit (1,ff);
          power_lut_template (P) { variable_1 : input_transition_time; variable_2 : total_output_net_capacitance;
            index_1 ("0.0, 1.0"); index_2 ("0.0, 10.0"); }
          cell (INV) { pin (A) { direction : input; capacitance : 2.0; }
            pin (ZN) { direction : output; internal_power () { related_pin : "A";
              rise_power (P) { index_1 ("0.0, 1.0"); index_2 ("0.0, 10.0"); values ("1, 3", "5, 7"); }
              fall_power (P) { index_1 ("0.0, 1.0"); index_2 ("0.0, 10.0"); values ("1, 3", "5, 7"); } } } } }"""
        inv = liberty.Library(self.d.text("ff.lib", text)).cells["INV"]
        self.assertAlmostEqual(inv.pins["A"].cap, 0.002)  # pF
        rise, _ = inv.pins["ZN"].energy["A"]
        # Slew 1.0 ns, load 5 fF = 0.005 pF: row 1 between 5 and 7 -> 6 fJ = 0.006 pJ.
        self.assertAlmostEqual(rise.energy(0.005, 1.0), 0.006)
        self.assertAlmostEqual(rise.energy(0.0, 0.5), 0.003)
        # The default (OSU) order is load first.
        self.assertAlmostEqual(self.lib.cells["INV"].pins["Y"].energy["A"][0].energy(1.0, 0.0), 0.5)


if __name__ == "__main__":
    unittest.main()
