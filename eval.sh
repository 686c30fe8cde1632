#!/usr/bin/env bash
# The challenge's evaluation: every file of the data folder goes through
# ./encode and ./decode and must come back byte for byte; the score is
#   raw bytes / (compressed bytes + size of ./encode + size of ./decode).
# Usage: ./eval.sh [DATA_DIR]   (default ./data, unzipped from ./data.zip if that exists)
# Needs bash and coreutils only (plus cmp, and unzip when data.zip is used).
set -euo pipefail

fail() {
    echo "eval.sh: FAIL: $*" >&2
    exit 1
}

data=${1:-data}
if [[ $# -eq 0 && -f data.zip ]]; then
    command -v unzip >/dev/null || fail "data.zip present but unzip is not installed"
    unzip -oq data.zip || fail "cannot unzip data.zip"
fi
[[ -d $data ]] || fail "no data folder '$data'"
for exe in ./encode ./decode; do
    [[ -x $exe ]] || fail "$exe missing or not executable (run: make build)"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now_ns() { date +%s%N; }

files=0 raw=0 compressed=0 encode_ns=0 decode_ns=0
for file in "$data"/*; do
    [[ -f $file ]] || continue
    t0=$(now_ns)
    ./encode "$file" "$work/compressed" || fail "encode failed on $file"
    t1=$(now_ns)
    ./decode "$work/compressed" "$work/decoded" || fail "decode failed on $file"
    t2=$(now_ns)
    cmp -s "$file" "$work/decoded" || fail "$file does not roundtrip"
    encode_ns=$((encode_ns + t1 - t0))
    decode_ns=$((decode_ns + t2 - t1))
    files=$((files + 1))
    raw=$((raw + $(wc -c <"$file")))
    compressed=$((compressed + $(wc -c <"$work/compressed")))
    rm -f "$work/compressed" "$work/decoded"
done
((files > 0)) || fail "no files in '$data'"

encode_size=$(wc -c <./encode)
decode_size=$(wc -c <./decode)

# Fixed-point division, bash has integers only: n / d with `places` decimals.
ratio() {
    local n=$1 d=$2 places=$3 scale=1 i
    for ((i = 0; i < places; i++)); do scale=$((scale * 10)); done
    local q=$((n * scale / d))
    printf '%d.%0*d' $((q / scale)) "$places" $((q % scale))
}

echo "files:             $files (all roundtrip byte for byte)"
echo "raw bytes:         $raw"
echo "compressed bytes:  $compressed"
echo "encode size:       $encode_size bytes"
echo "decode size:       $decode_size bytes"
echo "ratio:             $(ratio "$raw" $((compressed + encode_size + decode_size)) 4)  (raw / (compressed + encode + decode))"
echo "data-only ratio:   $(ratio "$raw" "$compressed" 4)  (raw / compressed)"
echo "encode wall time:  $(ratio "$encode_ns" 1000000000 3) s"
echo "decode wall time:  $(ratio "$decode_ns" 1000000000 3) s"
