# softprop: `make demo` and `make test` each do all set-up on a fresh machine first.
SHELL := /bin/bash
NODE_BIN := node_modules/.bin
SOFTPROP := node dist/cli/main.js
SUITE ?= $(wildcard ../shared/benchmarks)

.PHONY: setup deps tools build demo test check bench clean

setup: deps tools build sim pty-serve

# npm ci only when the lockfile changed since the last install.
deps: node_modules/.package-lock.json
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# Debian packages, installed only when missing: command:package pairs. The hardware layer needs the
# first five; cadical is the independent SAT oracle of the CNF tests.
TOOLS := verilator:verilator iverilog:iverilog yosys:yosys nextpnr-ice40:nextpnr-ice40 icepack:fpga-icestorm cadical:cadical minizinc:minizinc
tools:
	@missing=""; \
	for t in $(TOOLS); do command -v $${t%%:*} >/dev/null || missing="$$missing $${t#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "make tools: missing Debian packages:$$missing; run as root or: sudo apt-get install -y$$missing" >&2; exit 1; fi; \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

build: deps spec-constants
	$(NODE_BIN)/tsc -p tsconfig.json

check: deps
	$(NODE_BIN)/tsc -p tsconfig.check.json
	$(NODE_BIN)/biome check solver encoder fpga bindings cli test

# The main job on bundled data: every format, soft propagation, the simulated core, the learned encoder.
DEMO := cli/demo
demo: setup
	@echo "== sudoku 9x9 and 16x16"
	$(SOFTPROP) solve $(DEMO)/sudoku-9x9.txt
	$(SOFTPROP) solve $(DEMO)/sudoku-16x16.txt
	@echo "== chromatic number of the Petersen graph"
	$(SOFTPROP) solve $(DEMO)/petersen.col --chromatic
	@echo "== CNF: planted 3-SAT, then pigeonhole 4-into-3 (unsatisfiable)"
	$(SOFTPROP) solve $(DEMO)/planted-3sat.cnf
	$(SOFTPROP) solve $(DEMO)/pigeonhole-4-3.cnf
	@echo "== JSON model and XCSP3 (6-queens, all solutions counted)"
	$(SOFTPROP) solve $(DEMO)/workshop.json
	$(SOFTPROP) solve $(DEMO)/queens-6.xml --count
	@echo "== MiniZinc with softprop as its solver: a job shop minimised (every improving schedule, then optimality)"
	MZN_SOLVER_PATH=share/minizinc/solvers minizinc --solver softprop -s test/minizinc/models/jobshop.mzn
	@echo "== soft propagation (Float32) and the bit-exact Q1.15 version on the simulated core"
	$(SOFTPROP) propagate $(DEMO)/workshop.json --mode soft --weights $(DEMO)/workshop-weights.json --rounds 3
	$(SOFTPROP) propagate $(DEMO)/workshop.json --mode fixed --weights $(DEMO)/workshop-weights.json --device verilator --rounds 3
	@echo "== hardware in the loop: simulated core vs TypeScript reference"
	$(SOFTPROP) hil --problems 300 --seed 1
	@echo "== search guided by the shipped sudoku encoder, beside the same search without it"
	$(SOFTPROP) solve $(DEMO)/sudoku-9x9.txt --encoder encoder/models/sudoku
	@echo "== the shipped 3sat encoder over planted 3-SAT, 150 variables (softprop generate cnf --planted --size 150 --ratio 4.2 --count 5 --seed 2026)"
	$(SOFTPROP) evaluate $(DEMO)/planted-3sat-150.jsonl --encoder encoder/models/3sat

test: setup
	$(NODE_BIN)/vitest run --reporter=default --reporter=json --outputFile=.vitest-report.json

bench: setup bench-native bitstream
	$(SOFTPROP) bench $(if $(SUITE),--suite $(SUITE))

# Hardware targets: sim (Verilated shared library), bitstream (iCE40), hdl-lint, hdl-tb.
include hdl/hdl.mk

clean:
	rm -rf dist build .vitest-report.json
