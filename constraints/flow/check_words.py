"""Checks the simulated output words against the golden payload: the valid
bits of every word, concatenated and zero-padded to a byte, must equal it."""

import sys


def main(words_path, expected_path):
    bits = []
    for line in open(words_path):
        word, n, _last = line.split()
        w, n = int(word, 16), int(n)
        bits += [(w >> (31 - i)) & 1 for i in range(n)]
    bits += [0] * (-len(bits) % 8)
    got = bytes(int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits), 8))
    want = bytes(int(x, 16) for x in open(expected_path).read().split())
    if got != want:
        first = next((i for i in range(min(len(got), len(want))) if got[i] != want[i]), min(len(got), len(want)))
        sys.exit(f"check_words: netlist output differs from golden at byte {first} ({len(got)} vs {len(want)} bytes)")
    print(f"check_words: {len(got)} bytes equal to the golden payload")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
