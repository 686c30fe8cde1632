#!/usr/bin/env bash
# Peak memory (maximum resident set size, /usr/bin/time -v) of the encoders and
# decoders on one long recording: the recordings of DATA_DIR tiled into one
# mono canonical WAV of about SIZE_MB megabytes under TMPDIR (deleted at the
# end), then `brainwire encode`/`decode` (streaming) and ./encode, ./decode
# (the scored executables, whole files), each output compared with cmp.
# Then a synthetic recording of 1024 channels through the tool, and crafted
# containers (a header claiming the largest sample count, then zero or random
# bytes) through both decoders: peak and seconds.
# Usage: scripts/memory.sh [DATA_DIR]   (make memory; SIZE_MB=2048 CRAFTED_MB=67 WIDE_SECONDS=5 CRAFTED_ONLY=1)
# Needs python3, /usr/bin/time (apt: time), about 3 * SIZE_MB of free space
# under TMPDIR, and for ./encode on the long recording about 3.5 times its size of memory.
set -euo pipefail
data=${1:-${BRAINWIRE_DATA:-../shared/data}}
size_mb=${SIZE_MB:-2048}
crafted_mb=${CRAFTED_MB:-67}
brainwire=${BRAINWIRE:-target/release/brainwire}
[[ -d $data ]] || { echo "memory.sh: no recordings in $data" >&2; exit 1; }
for exe in "$brainwire" ./encode ./decode /usr/bin/time; do
    [[ -x $exe ]] || { echo "memory.sh: $exe missing (make build; cargo build --release -p brainwire-cli)" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/bw-memory.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Runs a command under /usr/bin/time -v; prints its peak RSS (MB), seconds and status.
measure() {
    local label=$1; shift
    local status=0
    /usr/bin/time -v "$@" 2>"$work/time" >/dev/null || status=$?
    local kb secs
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time")
    printf '%-34s peak %8.1f MB  elapsed %s  exit %s\n' "$label" "$(awk -v kb="$kb" 'BEGIN { print kb / 1000 }')" "$secs" "$status"
    [[ $status -eq 0 ]] || grep -v -e '^\s' -e '^Command' "$work/time" | head -1 || true
}

# CRAFTED_ONLY=1: only the crafted containers at the end.
if [[ ${CRAFTED_ONLY:-0} != 1 ]]; then
# Tiles the recordings' samples, in name order and over again, into one WAV.
python3 - "$data" "$work/long.wav" "$size_mb" <<'PY'
import pathlib, sys, wave
data, out, size_mb = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
files = sorted(p for p in data.iterdir() if p.suffix == ".wav")
with wave.open(out, "wb") as w:
    first = wave.open(str(files[0]))
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(first.getframerate())
    written, target = 0, size_mb * 1000_000
    while written < target:
        for f in files:
            with wave.open(str(f)) as r:
                if (r.getnchannels(), r.getsampwidth()) != (1, 2):
                    continue
                frames = r.readframes(r.getnframes())[: target - written]
                w.writeframes(frames)
                written += len(frames)
            if written >= target:
                break
PY

in_bytes=$(stat -c %s "$work/long.wav")
echo "input: $in_bytes bytes ($(( in_bytes / 2 )) samples, mono, tiled from $data)"
measure "brainwire encode (implant)" "$brainwire" encode "$work/long.wav" "$work/a.bw"
measure "brainwire decode (implant)" "$brainwire" decode "$work/a.bw" "$work/a.wav"
cmp "$work/long.wav" "$work/a.wav" && echo "brainwire (implant): roundtrip equal, $(stat -c %s "$work/a.bw") bytes"
rm -f "$work/a.wav" "$work/a.bw"
measure "brainwire encode --profile ratio" "$brainwire" encode --profile ratio "$work/long.wav" "$work/r.bw"
measure "brainwire decode (ratio)" "$brainwire" decode "$work/r.bw" "$work/r.wav"
cmp "$work/long.wav" "$work/r.wav" && echo "brainwire (ratio): roundtrip equal, $(stat -c %s "$work/r.bw") bytes"
rm -f "$work/r.wav"
measure "./encode (ratio, whole files)" ./encode "$work/long.wav" "$work/e.bw"
cmp "$work/e.bw" "$work/r.bw" && echo "./encode: the same container as brainwire encode --profile ratio"
rm -f "$work/r.bw"
measure "./decode (whole files)" ./decode "$work/e.bw" "$work/e.wav"
cmp "$work/long.wav" "$work/e.wav" && echo "./decode: roundtrip equal"
rm -f "$work/e.wav" "$work/e.bw" "$work/long.wav"

# Many channels: a synthetic recording of 1024 channels and WIDE_SECONDS seconds.
"$brainwire" synth "$work/wide.wav" --seconds "${WIDE_SECONDS:-5}" --channels 1024 >/dev/null
echo "1024-channel input: $(stat -c %s "$work/wide.wav") bytes"
measure "brainwire encode --profile ratio" "$brainwire" encode --profile ratio "$work/wide.wav" "$work/w.bw"
measure "brainwire decode (ratio)" "$brainwire" decode "$work/w.bw" "$work/w.wav"
cmp "$work/wide.wav" "$work/w.wav" && echo "1024 channels: roundtrip equal, $(stat -c %s "$work/w.bw") bytes"
rm -f "$work/wide.wav" "$work/w.wav" "$work/w.bw"
fi

# Crafted generic containers of CRAFTED_MB megabytes whose header claims the
# most samples the payload can hold (8 a byte in every profile, the ratio
# profile's payload padded with zero bytes up to that; FORMAT.md section 9):
# an implant payload of zero bytes, which decodes (one short code a sample)
# until it runs out ("truncated"), a ratio payload of random bytes, which
# turns corrupt within a few samples, and a ratio payload of zero bytes,
# which decodes as near-silence (as a valid container of it does) up to the
# claimed count; then one MB of zero bytes claiming 2^19 samples a byte
# (what the format allowed before the rule), which now fails at once.
craft() {  # craft OUT PROFILE_ID SAMPLES_PER_BYTE zero|random
    python3 - "$@" "$crafted_mb" <<'PY'
import random, struct, sys
out, profile, per_byte, fill, mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
size = mb * 1000_000 - 32
payload = bytes(size) if fill == "zero" else random.Random(1).randbytes(size)
def varint(v):
    b = bytearray()
    while v >= 0x80:
        b.append(v & 0x7F | 0x80); v >>= 7
    b.append(v); return bytes(b)
head = b"BW" + bytes([2, 3]) + struct.pack("<I", 0) + bytes([profile]) + varint(size * per_byte) + varint(0)
open(out, "wb").write(head + payload)
PY
}
craft "$work/zero.bw" 1 8 zero
craft "$work/random.bw" 6 8 random
craft "$work/ratio-zero.bw" 6 8 zero
crafted_mb=1 craft "$work/ratio-zero-1mb.bw" 6 8 zero
crafted_mb=1 craft "$work/ratio-zero-1mb-over.bw" 6 $((1 << 19)) zero
for c in zero random ratio-zero ratio-zero-1mb ratio-zero-1mb-over; do
    echo "crafted container ($c payload): $(stat -c %s "$work/$c.bw") bytes"
    measure "./decode (crafted, $c)" ./decode "$work/$c.bw" "$work/c.out"
    measure "brainwire decode (crafted, $c)" "$brainwire" decode "$work/$c.bw" "$work/c.out"
done
