"""booth_mul.v, the ASIC flow's map of `$mul`, against Verilog's `*`: yosys maps
a multiplier of the given widths and signedness, iverilog simulates the mapped
module beside the operator, on every pair of operands (or on random pairs for
wide ones). Skipped where yosys or iverilog is missing."""

import os
import shutil
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
MAP = os.path.join(HERE, "booth_mul.v")

# (A width, B width, signed, Y width): the implant's and the ratio's products
# (weight x delta), operands of odd and even width, 1-bit ones, a result
# narrower than the product, unsigned ones (the range coder's 16 x 16).
CASES = [
    (10, 9, True, 19), (11, 9, True, 22), (9, 10, True, 19), (8, 8, True, 16),
    (1, 1, True, 2), (6, 1, True, 7), (1, 6, True, 7), (7, 5, True, 6),
    (8, 7, False, 15), (5, 6, False, 11), (1, 4, False, 5),
    (16, 16, False, 32), (16, 16, True, 32),
]
EXHAUSTIVE_MAX = 1 << 19
RANDOM_PAIRS = 20000


def mapped_and_bench(a_bits, b_bits, signed, y_bits):
    """The mapped module's Verilog and a testbench that prints `errors=N pairs=M`."""
    s = "signed " if signed else ""
    design = f"""module mul(input {s}[{a_bits-1}:0] a, input {s}[{b_bits-1}:0] b, output [{y_bits-1}:0] y);
  assign y = a * b;
endmodule
"""
    pairs = 1 << (a_bits + b_bits)
    if pairs <= EXHAUSTIVE_MAX:
        loop = f"""for (i = 0; i < {1 << a_bits}; i = i + 1) for (j = 0; j < {1 << b_bits}; j = j + 1) begin
      a = i; b = j; #1; check; end"""
    else:
        loop = f"""for (i = 0; i < {RANDOM_PAIRS}; i = i + 1) begin
      a = $random(seed); b = $random(seed); if (i < 4) begin a = i[0] ? -1 : 0; b = i[1] ? -1 : 0; end #1; check; end"""
    bench = f"""module bench;
  reg {s}[{a_bits-1}:0] a; reg {s}[{b_bits-1}:0] b; wire [{y_bits-1}:0] y;
  wire [{y_bits-1}:0] want = a * b;
  integer i, j, errors = 0, pairs = 0, seed = 7;
  mul dut(.a(a), .b(b), .y(y));
  task check; begin pairs = pairs + 1; if (y !== want) errors = errors + 1; end endtask
  initial begin
    {loop}
    $display("errors=%0d pairs=%0d", errors, pairs);
  end
endmodule
"""
    return design, bench


@unittest.skipUnless(shutil.which("yosys") and shutil.which("iverilog"), "needs yosys and iverilog")
class BoothTest(unittest.TestCase):
    def run_case(self, a_bits, b_bits, signed, y_bits):
        design, bench = mapped_and_bench(a_bits, b_bits, signed, y_bits)
        with tempfile.TemporaryDirectory() as d:
            src, net, tb, sim = (os.path.join(d, n) for n in ("mul.v", "net.v", "bench.v", "sim"))
            with open(src, "w") as f:
                f.write(design)
            with open(tb, "w") as f:
                f.write(bench)
            log = subprocess.run(
                ["yosys", "-q", "-p", f"read_verilog {src}; proc; opt -full; wreduce; "
                 f"techmap -autoproc -map {MAP}; opt; stat; write_verilog -noattr {net}"],
                capture_output=True, text=True, check=True)
            # The map took the `$mul`: none is left for the default mapping.
            with open(net) as f:
                self.assertNotIn("*", f.read().split("module mul", 1)[1], log.stdout)
            subprocess.run(["iverilog", "-o", sim, tb, net], check=True)
            out = subprocess.run(["vvp", "-n", sim], capture_output=True, text=True, check=True).stdout
        self.assertIn("errors=0 ", out, (a_bits, b_bits, signed, y_bits))
        pairs = int(out.split("pairs=")[1].split()[0])
        every = 1 << (a_bits + b_bits)
        self.assertEqual(pairs, RANDOM_PAIRS if every > EXHAUSTIVE_MAX else every)

    def test_products_equal_the_operator(self):
        for case in CASES:
            with self.subTest(case=case):
                self.run_case(*case)


if __name__ == "__main__":
    unittest.main()
