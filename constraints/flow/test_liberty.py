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


if __name__ == "__main__":
    unittest.main()
