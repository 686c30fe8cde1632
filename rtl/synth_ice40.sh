#!/bin/sh
# Synthesizes the committed encoder Verilog for an iCE40 UP5K with yosys and
# prints the resource use (LCs, FFs, EBR, DSP). Usage: rtl/synth_ice40.sh [-nodsp]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dsp="-dsp"
[ "${1:-}" = "-nodsp" ] && dsp=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT
yosys -q -l "$log" -p "read_verilog $here/verilog/brainwire_encoder.v; synth_ice40 -top brainwire_encoder -flatten $dsp; stat" >/dev/null
sed -n '/Number of cells/,$p' "$log" | grep -E 'Number of cells|SB_LUT4|SB_DFF|SB_CARRY|SB_RAM|SB_MAC16' | sed 's/^ *//'
luts=$(grep -E '^ +SB_LUT4' "$log" | tail -1 | awk '{print $2}')
echo "UP5K budget: 5280 LCs, 30 EBR (SB_RAM40_4K), 8 DSP (SB_MAC16); LUT4s used: ${luts:-0}"
