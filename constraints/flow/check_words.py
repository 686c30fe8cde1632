"""Checks the simulated output words against the golden payload: the valid
bits of every word (the top `out_bits` of `out_word`; every bit of the ratio
encoder's `out_byte`), concatenated and zero-padded to a byte, must equal it.

usage: check_words.py params.json words.txt expected.hex
"""

import sys

import hwparams


def payload(words_path, word_bits):
    """The bytes the netlist emitted: the valid bits of each word, MSB first."""
    bits = []
    for line in open(words_path):
        word, n, _last = line.split()
        w, n = int(word, 16), int(n)
        bits += [(w >> (word_bits - 1 - i)) & 1 for i in range(n)]
    bits += [0] * (-len(bits) % 8)
    return bytes(int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits), 8))


def mismatch(params_path, words_path, expected_path):
    """None if the words equal the golden payload, else what differs."""
    p = hwparams.load(params_path)
    got = payload(words_path, hwparams.bits(p, hwparams.output_ports(p)[0]))
    want = bytes(int(x, 16) for x in open(expected_path).read().split())
    if got == want:
        return None
    first = next((i for i in range(min(len(got), len(want))) if got[i] != want[i]), min(len(got), len(want)))
    return f"netlist output differs from golden at byte {first} ({len(got)} vs {len(want)} bytes)"


def main(params_path, words_path, expected_path):
    err = mismatch(params_path, words_path, expected_path)
    if err:
        sys.exit(f"check_words: {err}")
    print("check_words: output equal to the golden payload")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
