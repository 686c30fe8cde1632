"""ffcount.py on a two-level design written out by hand."""

import unittest

import ffcount

# Line numbers matter: `src` attributes point at them.
VERILOG = """module top(
    top$front front(
        .clock(clock)
    );
endmodule
module top$front(
    top$front$st5 st5(
        .d(d)
    );
    always @(posedge clock) begin
       q <= d;
    end
endmodule""".split("\n")


def cell(kind, src):
    return {"type": kind, "attributes": {"src": src}}


NET = {"modules": {"top": {"cells": {
    # Two flip-flops inside front.st5, one in front itself, one at the top,
    # and a gate in st5 that is not a flip-flop.
    "a": cell("DFFPOSX1", "d.v:2.5-4.6|d.v:7.5-9.6|d.v:10.5-12.8"),
    "b": cell("DFFPOSX1", "d.v:2.5-4.6|d.v:7.5-9.6|d.v:10.5-12.8"),
    "c": cell("DFFPOSX1", "d.v:2.5-4.6|d.v:10.5-12.8"),
    "d": cell("DFFPOSX1", "d.v:10.5-12.8"),
    "e": cell("NAND2X1", "d.v:2.5-4.6|d.v:7.5-9.6"),
}}}}


class FfCountTest(unittest.TestCase):
    def test_paths_follow_the_instantiation_lines(self):
        self.assertEqual(ffcount.instance_path("d.v:2.5-4.6|d.v:7.5-9.6|d.v:10.5-12.8", VERILOG),
                         ["front", "st5"])
        self.assertEqual(ffcount.instance_path("", VERILOG), [])

    def test_counts_only_flip_flops_by_cut_path(self):
        self.assertEqual(ffcount.count(NET, VERILOG, "top", 2),
                         {"front.st5": 2, "front": 1, "(top)": 1})
        self.assertEqual(ffcount.count(NET, VERILOG, "top", 1), {"front": 3, "(top)": 1})


if __name__ == "__main__":
    unittest.main()
