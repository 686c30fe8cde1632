# Entry points: make setup | build | eval | test | bench
SHELL := bash
.SHELLFLAGS := -euo pipefail -c

# Recordings: DATA=..., else $BRAINWIRE_DATA, else ../shared/data beside the repo.
DATA ?= $(or $(BRAINWIRE_DATA),../shared/data)
CARGO ?= cargo
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)

# Debian packages of the hardware toolchain (see ../shared/TOOLCHAIN.md); python3 runs
# constraints/flow, python3-venv the ECP5 step of `make synth` (yowasp from PyPI).
APT_PACKAGES := g++ make perl python3 python3-venv verilator yosys nextpnr-ice40 fpga-icestorm iverilog opensta qflow-tech-osu018
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

# The executables' tests run on the copies `build` made, the ones eval.sh scores;
# then the CI subset of the hardware flow: iCE40 + ASIC synthesis, STA, and a short
# gate-level power run whose output is checked against the golden payload.
test: build
	@[ -d "$(DATA)" ] || echo "make test: no recordings in $(DATA): the data-driven checks are skipped (set DATA=...; under CI=true they fail)"
	BRAINWIRE_EXE_DIR=$(CURDIR) BRAINWIRE_DATA=$(abspath $(DATA)) $(CARGO) test --workspace --release
	BRAINWIRE_DATA=$(abspath $(DATA)) $(MAKE) -f constraints/hw.mk synth-ci power-ci
	python3 sim/mutants/mutants.py --quick

bench:
	$(CARGO) bench -p brainwire-golden

# Golden vectors (golden/vectors/): rewrite the expected containers after a
# deliberate format change, then commit them.
.PHONY: vectors
vectors:
	BRAINWIRE_DATA=$(abspath $(DATA)) $(CARGO) run -p brainwire-golden --example gen_vectors

# Whole-dataset co-simulation of the verilated RTL against golden, with its figures.
.PHONY: cosim
cosim:
	$(CARGO) run --release -p brainwire-sim --bin cosim -- --data $(DATA)

# Mutation testing (sim/mutants/*.tsv): single changes to the generated Verilog
# and to golden, each applied to a copy of the sources and run against the checks;
# prints `mutants: K killed, S survived, E equivalent of T`. `make test` runs two.
.PHONY: mutants
mutants:
	python3 sim/mutants/mutants.py

# Hardware flow (constraints/hw.mk): synthesis, P&R, timing, area and power.
# `synth`: iCE40 + ECP5 + ASIC + STA + reports; `power`: long gate-level power run + reports;
# `synth-ci power-ci`: the CI subset (iCE40, ASIC, STA, short power run).
.PHONY: synth power synth-ci power-ci
synth synth-ci power power-ci:
	$(MAKE) -f constraints/hw.mk $@
