#!/usr/bin/env python3
"""Mutation testing of the design and of golden (`make mutants`).

Each line of rtl.tsv and golden.tsv is one single change a real bug could make:
    id <TAB> file <TAB> pattern <TAB> replacement <TAB> block <TAB> reason
(`\\n` and `\\t` in pattern and replacement stand for newline and tab). The
pattern must occur exactly once in the file, else the run stops loudly: the
source changed and the list needs updating. A reason starting with
"equivalent:" says why the change cannot be observed; such a mutant is run
too and must survive.

Each mutant is applied to a copy of the repository (target/mutants/tree),
then the checks run there: for the Verilog, the co-simulation tests built
quick (BRAINWIRE_SIM_QUICK: one model, C++ -O1) against the mutated file; for
golden, golden's own tests (vectors included). A failing check kills it.

    python3 sim/mutants/mutants.py            # every mutant
    python3 sim/mutants/mutants.py --quick    # every pattern checked, two run, no baseline
    python3 sim/mutants/mutants.py --only ID[,ID...]
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORK = os.path.join(ROOT, "target", "mutants")
TREE = os.path.join(WORK, "tree")
# `make test`'s subset: the two single changes the issue found the checks missing.
QUICK = ["rtl-flush-req-reset", "golden-table-swap"]

# The checks, run in the copy. Recordings are not needed (synthetic streams,
# golden's every-symbol stream, the interface driver).
SIM_CHECK = [
    "cargo", "test", "--release", "-p", "brainwire-sim", "--test", "interface", "--test", "cosim",
    "--", "--skip", "every_recording", "--skip", "interleaved", "--skip", "rtl_container",
    "--skip", "rtl_payload", "--skip", "waveform",
]
GOLDEN_CHECK = ["cargo", "test", "--release", "-p", "brainwire-golden"]


class Mutant:
    def __init__(self, fields, source):
        if len(fields) != 6:
            sys.exit(f"mutants: {source}: want 6 tab-separated fields, got {len(fields)}")
        unescape = lambda s: s.replace("\\n", "\n").replace("\\t", "\t")
        self.id, self.file, pattern, replacement, self.block, self.reason = fields
        self.pattern, self.replacement = unescape(pattern), unescape(replacement)
        self.equivalent = self.reason.startswith("equivalent:")
        self.rtl = self.file.startswith("rtl/")


def load():
    mutants = []
    for name in ["rtl.tsv", "golden.tsv"]:
        with open(os.path.join(HERE, name)) as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if line and not line.startswith("#"):
                    mutants.append(Mutant(line.split("\t"), f"{name}:{n}"))
    ids = [m.id for m in mutants]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        sys.exit(f"mutants: duplicate ids {sorted(dup)}")
    return mutants


def check_patterns(mutants):
    """Every pattern occurs exactly once in today's source, or the run stops."""
    bad = []
    for m in mutants:
        with open(os.path.join(ROOT, m.file)) as f:
            count = f.read().count(m.pattern)
        if count != 1:
            bad.append(f"  {m.id}: {m.file}: pattern {m.pattern!r} occurs {count} times (want 1)")
    if bad:
        print("mutants: patterns that no longer match the source (update sim/mutants/*.tsv):", file=sys.stderr)
        print("\n".join(bad), file=sys.stderr)
        sys.exit(2)


def copy_tree():
    """A copy of the sources (no target/, no .git) to mutate."""
    if os.path.exists(TREE):
        shutil.rmtree(TREE)
    # Fresh modification times (shutil.copy, not copy2): with the sources' own
    # times, cargo would take a file restored after the last run's mutant as
    # older than the mutated build and reuse it (a failing baseline).
    ignore = shutil.ignore_patterns("target", ".git", "*.vcd")
    shutil.copytree(ROOT, TREE, ignore=ignore, copy_function=shutil.copy)


def run_check(m, log):
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(WORK, "target"), BRAINWIRE_SIM_QUICK="1",
               BRAINWIRE_SIM_JOBS="1")
    env.pop("CI", None)
    cmd = SIM_CHECK if m.rtl else GOLDEN_CHECK
    with open(log, "w") as out:
        try:
            r = subprocess.run(cmd, cwd=TREE, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=1800)
            return r.returncode
        except subprocess.TimeoutExpired:
            return -1


def apply(m):
    path = os.path.join(TREE, m.file)
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(text.replace(m.pattern, m.replacement, 1))
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="check every pattern, run a few mutants")
    ap.add_argument("--only", help="comma-separated ids")
    ap.add_argument("--list", action="store_true", help="print the mutants and exit")
    a = ap.parse_args()
    mutants = load()
    check_patterns(mutants)
    if a.list:
        for m in mutants:
            print(f"{m.id}\t{m.block}\t{m.reason}")
        return 0
    # Round robin over the blocks, so that a run cut short has tried every block.
    by_block = {}
    for m in mutants:
        by_block.setdefault(m.block, []).append(m)
    chosen = [m for i in range(len(mutants)) for ms in by_block.values() if i < len(ms) for m in [ms[i]]]
    if a.quick:
        chosen = [m for m in mutants if m.id in QUICK]
    if a.only:
        want = a.only.split(",")
        chosen = [m for m in mutants if m.id in want]
        if len(chosen) != len(want):
            sys.exit(f"mutants: unknown ids in {want}")
    os.makedirs(WORK, exist_ok=True)
    copy_tree()
    # The unmutated checks must pass, or every mutant would look killed
    # (--quick leaves that to the `cargo test` that `make test` ran before).
    if not a.quick:
        print("mutants: baseline checks on the unmutated sources ...", flush=True)
    for kind in [] if a.quick else sorted({m.rtl for m in chosen}):
        base = Mutant(["baseline", "rtl/x" if kind else "golden/x", "", "", "", ""], "baseline")
        if run_check(base, os.path.join(WORK, f"baseline-{'rtl' if kind else 'golden'}.log")) != 0:
            sys.exit(f"mutants: the checks fail without any mutant (see {WORK}/baseline-*.log)")
    killed = survived = equivalent = 0
    unexplained = []
    for m in chosen:
        t = time.time()
        original = apply(m)
        try:
            code = run_check(m, os.path.join(WORK, f"{m.id}.log"))
        finally:
            with open(os.path.join(TREE, m.file), "w") as f:
                f.write(original)
        if code != 0:
            killed += 1
            verdict = "killed" + (" (listed as equivalent: fix the list)" if m.equivalent else "")
        elif m.equivalent:
            equivalent += 1
            verdict = "equivalent"
        else:
            survived += 1
            unexplained.append(m.id)
            verdict = "SURVIVED"
        print(f"{verdict:>10}  {m.id:<32} {m.block:<12} {time.time() - t:5.0f} s  {m.reason}", flush=True)
    total = len(chosen)
    print(f"mutants: {killed} killed, {survived} survived, {equivalent} equivalent of {total}")
    if unexplained:
        print(f"mutants: unexplained survivors: {', '.join(unexplained)} (logs in {WORK})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
