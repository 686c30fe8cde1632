#!/bin/sh
# The ratio back end (rtl/verilog/brainwire_arith_coder.v) on an iCE40 UP5K:
# yosys synth_ice40 resources, then nextpnr-ice40's Fmax (default seed). The
# coder has more ports than the sg48 package has pins, so for place and route
# a small wrapper feeds the per-sample inputs from a shift register.
# Usage: rtl/synth_arith_ice40.sh   (about 2 minutes)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/wrap.v" <<'V'
module wrap(input clk, input din, input reset, input in_valid, input flush, input out_ready,
            output in_ready, output [7:0] out_byte, output out_valid, output out_last);
  reg [34:0] sh;
  always @(posedge clk) sh <= {sh[33:0], din};
  brainwire_arith_coder c(.clock(clk), .reset(reset), .in_valid(in_valid), .in_ready(in_ready),
    .raw_mode(sh[0]), .on_grid(sh[1]), .sample(sh[17:2]), .residual(sh[27:18]), .level(sh[31:28]),
    .sign_context(sh[33:32]), .flush(flush), .out_byte(out_byte), .out_valid(out_valid),
    .out_ready(out_ready), .out_last(out_last), .bin_coded());
endmodule
V
v="$here/verilog/brainwire_arith_coder.v"
yosys -q -l "$dir/synth.log" -p "read_verilog $v; synth_ice40 -dsp -top brainwire_arith_coder; stat" >/dev/null
# The statistics' last block (the whole design).
awk '/Number of cells/ {b = ""} {b = b $0 "\n"} END {printf "%s", b}' "$dir/synth.log" > "$dir/stat"
grep -E 'SB_LUT4|SB_CARRY|SB_RAM|SB_MAC16' "$dir/stat" | sed 's/^ *//'
awk '/SB_DFF/ {n += $2} END {print "flip-flops " n}' "$dir/stat"
yosys -q -p "read_verilog $v $dir/wrap.v; synth_ice40 -dsp -top wrap -json $dir/wrap.json" >/dev/null
nextpnr-ice40 --up5k --package sg48 --freq 30 --timing-allow-fail --json "$dir/wrap.json" \
  -l "$dir/pnr.log" >/dev/null 2>&1
grep -E 'ICESTORM_LC:' "$dir/pnr.log" | tail -1 | sed 's/^Info: *//'
grep -E 'Max frequency' "$dir/pnr.log" | tail -1 | sed 's/^[A-Za-z]*: *//'
