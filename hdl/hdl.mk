# Hardware targets (included by the Makefile):
#   sim        build/libsoftprop_sim.so: the Verilated sp_top + bindings/c/softprop_sim.cpp, and
#              build/bench_native, the native harness over it
#   hdl-lint   verilator --lint-only -Wall on every module
#   hdl-tb     every self-checking test bench under hdl/tb (iverilog)
#   hdl-sweep  exhaustive Q1.15 product / OR check of the lane unit (Verilated, many lanes)
#   bitstream  yosys synth_ice40 (UP5K, -dsp) + nextpnr-ice40 + icepack -> build/softprop.bin
#              (pins placed by nextpnr); with BOARD=icebreaker|upduino the board's top and
#              hdl/boards/BOARD.pcf -> build/softprop-BOARD.bin and build/bitstream-report-BOARD.*, clock constraint 12 MHz;
#              the host link LINK=uart (default) or LINK=spi (then -spi in the names)
#   prog       BOARD=…: the board's bitstream written to the attached board with iceprog
#   bench-native build/bench_native: native C harness over the same shared library
#   pty-serve  build/sp_pty_serve: the Verilated FPGA top (sp_ice40, simulation parameters, UART at
#              PTY_CLKS_PER_BIT cycles per bit) served on a pseudo-terminal (hdl/SPEC.md 7.7)
# Every target rebuilds only when its sources change.
.PHONY: sim hdl-lint hdl-tb hdl-sweep bitstream prog pty-serve

HDL_BUILD := build/hdl
HDL_RTL := $(sort $(wildcard hdl/rtl/*.v))
HDL_TBS := $(sort $(wildcard hdl/tb/tb_*.v))
HDL_INC := -Ihdl/rtl
VERILATOR ?= verilator
IVERILOG ?= iverilog

ICE40_FREQ ?= 18

# The one source of the shared constants is hdl/spec-constants.json. The generated files are
# committed (a fresh clone type-checks and reads without a build step; test/hdl checks they are up
# to date) and regenerated here whenever the JSON or the generator is newer, before anything uses
# them (sp_top.v only for the register map in its banner). hdl/params.mk holds the build
# parameters (hdl/SPEC.md 6.1): SIM_PARAMS, ICE40_PARAMS.
HDL_VH := hdl/rtl/spec_constants.vh
# Every header the RTL includes (the generated one and hand-written ones such as sp_lane_ops.vh):
# a prerequisite of everything built from the RTL.
HDL_INCS := $(sort $(wildcard hdl/rtl/*.vh))
SPEC_H := bindings/c/softprop_spec.h
SPEC_OUT := $(HDL_VH) $(SPEC_H) bindings/spec-constants.ts hdl/params.mk hdl/SPEC.md hdl/rtl/sp_top.v
.PHONY: spec-constants
spec-constants: $(SPEC_OUT)
$(SPEC_OUT) &: hdl/spec-constants.json hdl/gen-spec-constants.mjs
	node hdl/gen-spec-constants.mjs --touch
include hdl/params.mk

# ---------------------------------------------------------------- simulator library
SIM_OBJ := $(HDL_BUILD)/obj_sim
SIM_LIB := build/libsoftprop_sim.so
BENCH_NATIVE := build/bench_native
sim: $(SIM_LIB) $(BENCH_NATIVE)
$(SIM_LIB): $(HDL_RTL) $(HDL_VH) $(HDL_INCS) bindings/c/softprop_sim.cpp bindings/c/softprop_sim.h $(SPEC_H) hdl/hdl.mk hdl/params.mk
	@mkdir -p $(HDL_BUILD)
	$(VERILATOR) --cc --exe --build -j 2 -O3 --x-initial 0 --top-module sp_top $(SIM_PARAMS) $(HDL_INC) \
	  -Mdir $(SIM_OBJ) -MAKEFLAGS "OPT_FAST=-O2 OPT_SLOW=-O2 OPT_GLOBAL=-O2" \
	  -CFLAGS "-fPIC -fvisibility=hidden -O2 -I$(CURDIR)/bindings/c" \
	  -LDFLAGS "-shared -Wl,--exclude-libs,ALL" \
	  -o libsoftprop_sim.so $(HDL_RTL) $(CURDIR)/bindings/c/softprop_sim.cpp
	cp $(SIM_OBJ)/libsoftprop_sim.so $@.tmp && mv $@.tmp $@

bench-native: $(BENCH_NATIVE)
$(BENCH_NATIVE): bindings/c/bench_native.cpp bindings/c/softprop_sim.h $(SPEC_H) $(SIM_LIB)
	g++ -O2 -o $@ $< -Ibindings/c -Lbuild -lsoftprop_sim -Wl,-rpath,'$$ORIGIN'

# ---------------------------------------------------------------- pseudo-terminal harness
# sp_ice40 with the simulator's memory sizes (the HIL corpus needs them) and a fast modelled baud:
# 4 clock cycles per bit (the UART benches run the bridge at 4 too).
PTY_CLKS_PER_BIT := 4
PTY_OBJ := $(HDL_BUILD)/obj_pty
PTY_SERVE := build/sp_pty_serve
pty-serve: $(PTY_SERVE)
$(PTY_SERVE): $(HDL_RTL) $(HDL_VH) $(HDL_INCS) bindings/c/pty_serve.cpp hdl/hdl.mk hdl/params.mk
	@mkdir -p $(HDL_BUILD)
	$(VERILATOR) --cc --exe --build -j 2 -O3 --x-initial 0 --top-module sp_ice40 $(SIM_PARAMS) \
	  -GCLKS_PER_BIT=$(PTY_CLKS_PER_BIT) $(HDL_INC) -Mdir $(PTY_OBJ) \
	  -MAKEFLAGS "OPT_FAST=-O2 OPT_SLOW=-O2 OPT_GLOBAL=-O2" -CFLAGS "-O2 -DSP_CLKS_PER_BIT=$(PTY_CLKS_PER_BIT)" \
	  -o sp_pty_serve $(HDL_RTL) $(CURDIR)/bindings/c/pty_serve.cpp
	cp $(PTY_OBJ)/sp_pty_serve $@.tmp && mv $@.tmp $@

# ---------------------------------------------------------------- lint
HDL_LINT_STAMP := $(HDL_BUILD)/lint.stamp
hdl-lint: $(HDL_LINT_STAMP)
# Every RTL module, the sweep model and every test bench (with --timing for their delays).
$(HDL_LINT_STAMP): $(HDL_RTL) $(HDL_VH) $(HDL_INCS) $(wildcard hdl/tb/*.v hdl/tb/*.vh)
	@mkdir -p $(@D)
	@for top in sp_ram sp_spram sp_qmul sp_lane sp_mem sp_seq sp_core sp_top sp_spi_bridge sp_crc16 sp_uart_rx sp_uart_tx sp_uart_bridge sp_ice40 sp_board_status; do \
	  echo "lint $$top"; \
	  $(VERILATOR) --lint-only -Wall $(HDL_INC) --top-module $$top $(HDL_RTL) || exit 1; \
	done
	$(VERILATOR) --lint-only -Wall $(HDL_INC) --top-module sp_unit_sweep hdl/tb/sp_unit_sweep.v hdl/rtl/sp_lane.v hdl/rtl/sp_qmul.v
	@for tb in $(basename $(notdir $(HDL_TBS))); do \
	  echo "lint $$tb"; \
	  $(VERILATOR) --lint-only -Wall --timing $(HDL_INC) -Ihdl/tb --top-module $$tb hdl/tb/$$tb.v $(HDL_RTL) || exit 1; \
	done
	@touch $@

# ---------------------------------------------------------------- test benches (iverilog)
HDL_TB_STAMPS := $(patsubst hdl/tb/%.v,$(HDL_BUILD)/%.pass,$(HDL_TBS))
hdl-tb: $(HDL_TB_STAMPS)
$(HDL_BUILD)/tb_%.pass: hdl/tb/tb_%.v $(HDL_RTL) $(HDL_VH) $(HDL_INCS) $(wildcard hdl/tb/*.vh)
	@mkdir -p $(@D)
	$(IVERILOG) -g2005 -Wall -Wno-timescale $(HDL_INC) -Ihdl/tb -o $(HDL_BUILD)/tb_$*.vvp -s tb_$* $< $(HDL_RTL)
	vvp -n $(HDL_BUILD)/tb_$*.vvp | tee $(HDL_BUILD)/tb_$*.log
	@grep -q '^PASS' $(HDL_BUILD)/tb_$*.log && ! grep -q '^FAIL' $(HDL_BUILD)/tb_$*.log
	@touch $@

# ---------------------------------------------------------------- exhaustive unit sweep
SWEEP_OBJ := $(HDL_BUILD)/obj_sweep
SWEEP_BIN := $(SWEEP_OBJ)/sp_unit_sweep
SWEEP_STAMP := $(HDL_BUILD)/sweep.pass
hdl-sweep: $(SWEEP_STAMP)
$(SWEEP_BIN): hdl/tb/sp_unit_sweep.v hdl/tb/sp_unit_sweep.cpp hdl/rtl/sp_lane.v hdl/rtl/sp_qmul.v $(HDL_VH) $(HDL_INCS)
	$(VERILATOR) --cc --exe --build -j 2 -O3 --top-module sp_unit_sweep $(HDL_INC) -Mdir $(SWEEP_OBJ) \
	  -MAKEFLAGS "OPT_FAST=-O2 OPT_SLOW=-O2 OPT_GLOBAL=-O2" -CFLAGS -O2 \
	  -o sp_unit_sweep hdl/tb/sp_unit_sweep.v hdl/rtl/sp_lane.v hdl/rtl/sp_qmul.v $(CURDIR)/hdl/tb/sp_unit_sweep.cpp
$(SWEEP_STAMP): $(SWEEP_BIN)
	$(SWEEP_BIN) | tee $(HDL_BUILD)/sweep.log
	@grep -q '^PASS' $(HDL_BUILD)/sweep.log
	@touch $@

# ---------------------------------------------------------------- iCE40 UP5K bitstream
# Without BOARD: the bare sp_ice40, its pins wherever nextpnr puts them (resources and fmax only).
# With BOARD: the board top sp_BOARD (its LEDs and the 12 MHz oscillator) and hdl/boards/BOARD.pcf.
# The UP5K holds the core and one host link (sp_ice40's OPT_UART / OPT_SPI): LINK chooses it.
BOARDS := $(sort $(basename $(notdir $(wildcard hdl/boards/*.pcf))))
BOARD ?=
LINK ?= uart
ifeq ($(LINK),uart)
ICE40_LINK := -set OPT_UART 1 -set OPT_SPI 0
LINK_SUFFIX :=
else ifeq ($(LINK),spi)
ICE40_LINK := -set OPT_UART 0 -set OPT_SPI 1
LINK_SUFFIX := -spi
else
$(error LINK=$(LINK): the host link is uart or spi)
endif
ifeq ($(BOARD),)
ICE40_TOP := sp_ice40
ICE40_DIR := $(HDL_BUILD)$(if $(LINK_SUFFIX),/ice40$(LINK_SUFFIX))
ICE40_OUT := build/softprop$(LINK_SUFFIX)
ICE40_PINS := --pcf-allow-unconstrained
ICE40_PCF :=
ICE40_REPORT := build/bitstream-report$(LINK_SUFFIX)
else
ifeq ($(filter $(BOARD),$(BOARDS)),)
$(error BOARD=$(BOARD): no hdl/boards/$(BOARD).pcf; boards: $(BOARDS))
endif
ICE40_TOP := sp_$(BOARD)
ICE40_DIR := $(HDL_BUILD)/$(BOARD)$(LINK_SUFFIX)
ICE40_OUT := build/softprop-$(BOARD)$(LINK_SUFFIX)
ICE40_PCF := hdl/boards/$(BOARD).pcf
ICE40_PINS := --pcf $(ICE40_PCF)
ICE40_REPORT := build/bitstream-report-$(BOARD)$(LINK_SUFFIX)
# The boards' oscillator: 12 MHz, used directly.
ICE40_FREQ := 12
endif
ICE40_JSON := $(ICE40_DIR)/softprop.json
ICE40_ASC := $(ICE40_DIR)/softprop.asc
bitstream: $(ICE40_OUT).bin $(ICE40_REPORT).json
$(ICE40_JSON): $(HDL_RTL) $(HDL_VH) $(HDL_INCS) hdl/params.mk
	@mkdir -p $(@D)
	yosys -q -l $(ICE40_DIR)/yosys.log \
	  -p 'read_verilog $(HDL_INC) $(HDL_RTL); chparam $(ICE40_PARAMS) $(ICE40_LINK) sp_ice40; synth_ice40 -top $(ICE40_TOP) -dsp -spram -no-rw-check -json $@.tmp' \
	  && mv $@.tmp $@
$(ICE40_ASC): $(ICE40_JSON) $(ICE40_PCF)
	nextpnr-ice40 --up5k --package sg48 --freq $(ICE40_FREQ) $(ICE40_PINS) --seed 1 \
	  --json $< --asc $@.tmp --report $(ICE40_DIR)/nextpnr-report.json -l $(ICE40_DIR)/nextpnr.log -q && mv $@.tmp $@
$(ICE40_OUT).bin: $(ICE40_ASC)
	icepack $< $@.tmp && mv $@.tmp $@
$(ICE40_REPORT).json: $(ICE40_ASC) hdl/bitstream-report.mjs
	node hdl/bitstream-report.mjs $(ICE40_DIR)/nextpnr-report.json $(ICE40_FREQ) $(ICE40_REPORT) $(ICE40_TOP)

# iceprog writes the board's SPI flash through its FTDI chip. Its own failure text is kept in
# $(ICE40_DIR)/iceprog.log; the one line says what went wrong, the exit status is iceprog's.
ifeq ($(BOARD),)
prog:
	@echo "make prog: name the board: make prog BOARD=<$(BOARDS)>" >&2; exit 2
else
prog: $(ICE40_OUT).bin
	@iceprog $< > $(ICE40_DIR)/iceprog.log 2>&1 || { rc=$$?; \
	  if grep -q "find iCE FTDI" $(ICE40_DIR)/iceprog.log; then \
	    echo "make prog: no $(BOARD) attached: iceprog found no FTDI USB device (0403:6010 or 0403:6014); plug the board in (and check its USB permissions)" >&2; \
	  else echo "make prog: iceprog failed: $$(grep -v '^$$' $(ICE40_DIR)/iceprog.log | tail -n 1) (log: $(ICE40_DIR)/iceprog.log)" >&2; fi; \
	  exit $$rc; }
	@echo "make prog: $< written to the $(BOARD)"
endif

# ---------------------------------------------------------------- traced simulator library
# sim-trace: build/libsoftprop_sim_trace.so, the same library built with Verilator's VCD tracing
# (-DSP_TRACE adds sp_trace_open / sp_trace_close). A separate build: tracing code in the stepping
# loop would slow every untraced run.
SIM_TRACE_OBJ := $(HDL_BUILD)/obj_sim_trace
SIM_TRACE_LIB := build/libsoftprop_sim_trace.so
.PHONY: sim-trace
sim-trace: $(SIM_TRACE_LIB)
$(SIM_TRACE_LIB): $(HDL_RTL) $(HDL_VH) $(HDL_INCS) bindings/c/softprop_sim.cpp bindings/c/softprop_sim.h $(SPEC_H) hdl/hdl.mk hdl/params.mk
	@mkdir -p $(HDL_BUILD)
	$(VERILATOR) --cc --exe --build -j 2 -O3 --x-initial 0 --trace --top-module sp_top $(SIM_PARAMS) $(HDL_INC) \
	  -Mdir $(SIM_TRACE_OBJ) -MAKEFLAGS "OPT_FAST=-O2 OPT_SLOW=-O2 OPT_GLOBAL=-O2" \
	  -CFLAGS "-fPIC -fvisibility=hidden -O2 -DSP_TRACE -I$(CURDIR)/bindings/c" \
	  -LDFLAGS "-shared -Wl,--exclude-libs,ALL" \
	  -o libsoftprop_sim_trace.so $(HDL_RTL) $(CURDIR)/bindings/c/softprop_sim.cpp
	cp $(SIM_TRACE_OBJ)/libsoftprop_sim_trace.so $@.tmp && mv $@.tmp $@

# hdl-tb VCD=1: each bench also runs with hdl/gtkwave/sp_vcd_dump.v as a second root, writing
# build/hdl/tb_NAME.vcd (every signal of the bench); the bench must still pass.
ifeq ($(VCD),1)
HDL_TB_VCDS := $(patsubst hdl/tb/%.v,$(HDL_BUILD)/%.vcd,$(HDL_TBS))
hdl-tb: $(HDL_TB_VCDS)
$(HDL_BUILD)/tb_%.vcd: hdl/tb/tb_%.v $(HDL_RTL) $(HDL_VH) $(HDL_INCS) $(wildcard hdl/tb/*.vh) hdl/gtkwave/sp_vcd_dump.v
	@mkdir -p $(@D)
	$(IVERILOG) -g2005 -Wall -Wno-timescale $(HDL_INC) -Ihdl/tb -DSP_VCD_FILE='"$@.tmp"' -DSP_VCD_TOP=tb_$* \
	  -o $(HDL_BUILD)/tb_$*.vcd.vvp -s tb_$* -s sp_vcd_dump $< $(HDL_RTL) hdl/gtkwave/sp_vcd_dump.v
	vvp -n $(HDL_BUILD)/tb_$*.vcd.vvp > $(HDL_BUILD)/tb_$*.vcd.log
	@grep -q '^PASS' $(HDL_BUILD)/tb_$*.vcd.log && ! grep -q '^FAIL' $(HDL_BUILD)/tb_$*.vcd.log
	mv $@.tmp $@
endif
