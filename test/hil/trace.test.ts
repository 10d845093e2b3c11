import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { propagateOnDevice } from '../../fpga/device-propagate.js';
import { randomCnf, randomSudoku } from '../../fpga/puzzles.js';
import { VerilatorDevice } from '../../fpga/verilator-device.js';
import type { PropagateOptions } from '../../solver/api/propagate.js';
import { UserError } from '../../solver/api/user-error.js';
import type { Problem } from '../../solver/model/problem.js';
import { Rng } from '../../solver/model/rng.js';
import { fixtures, softprop } from '../support/cli.js';

/** A VCD as this test reads it, independently of Verilator: the declared signals and their changes. */
interface Vcd {
  /** Full dotted name (scopes joined with '.') to identifier code. */
  ids: Map<string, string>;
  /** Full dotted name to width in bits. */
  widths: Map<string, number>;
  /** Time stamps in order, each with the value changes written at it (code to value). */
  steps: { time: number; changes: Map<string, string> }[];
}

function parseVcd(text: string): Vcd {
  const ids = new Map<string, string>();
  const widths = new Map<string, number>();
  const scopes: string[] = [];
  const steps: Vcd['steps'] = [];
  const lines = text.split('\n');
  let k = 0;
  for (; k < lines.length; k++) {
    const w = (lines[k] as string).trim().split(/\s+/);
    if (w[0] === '$scope') scopes.push(w[2] as string);
    else if (w[0] === '$upscope') scopes.pop();
    else if (w[0] === '$var') {
      const name = [...scopes, w[4]].join('.');
      ids.set(name, w[3] as string);
      widths.set(name, Number(w[2]));
    } else if (w[0] === '$enddefinitions') break;
  }
  for (k++; k < lines.length; k++) {
    const line = (lines[k] as string).trim();
    if (line === '') continue;
    if (line[0] === '#') steps.push({ time: Number(line.slice(1)), changes: new Map() });
    else {
      const step = steps[steps.length - 1];
      if (!step) throw new Error(`value change before the first time stamp: ${line}`);
      // Scalars are "1!", vectors "b0101 !".
      if (line[0] === 'b') {
        const [value, code] = line.slice(1).split(' ');
        step.changes.set(code as string, value as string);
      } else step.changes.set(line.slice(1), line[0] as string);
    }
  }
  return { ids, widths, steps };
}

/**
 * The lengths of the runs in a trace: per stretch of the core's busy output (its sequencer not
 * idle), the rising edges of clk taken while it was 1.
 */
function busyRuns(vcd: Vcd): { risingEdges: number; runs: number[] } {
  const clk = vcd.ids.get('sp_top.clk');
  const busy = vcd.ids.get('sp_top.sp_top.core.o_busy');
  if (!clk || !busy) throw new Error("clk or the core's o_busy not in the trace");
  let clkV = 'x';
  let busyV = '0';
  let risingEdges = 0;
  const runs: number[] = [];
  for (const { changes } of vcd.steps) {
    const c = changes.get(clk);
    const rising = c === '1' && clkV === '0';
    if (c !== undefined) clkV = c;
    const b = changes.get(busy);
    if (rising) {
      risingEdges++;
      // busyV is the value before this edge (busy changes only on rising edges).
      if (busyV === '1') runs[runs.length - 1] = (runs[runs.length - 1] as number) + 1;
      else if (b === '1') runs.push(0);
    }
    if (b !== undefined) busyV = b;
  }
  return { risingEdges, runs };
}

const dir = mkdtempSync(join(tmpdir(), 'softprop-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Propagates `p` on the core, traced into `file` when given; the device is closed after. */
function propagate(p: Problem, opts: PropagateOptions, trace?: string): ReturnType<typeof propagateOnDevice> {
  const device = VerilatorDevice.open(trace === undefined ? {} : { trace });
  try {
    return propagateOnDevice(p, opts, device);
  } finally {
    device.close();
  }
}

describe('--trace: a VCD waveform of the core', () => {
  const rng = Rng.seeded(12);
  const cases: [string, Problem, PropagateOptions][] = [
    ['3-CNF, hard', randomCnf(rng, 12, 40, 3), { mode: 'hard', rounds: 1000 }],
    ['4x4 sudoku, fixed', randomSudoku(rng, 2, 6), { mode: 'fixed', rounds: 3 }],
  ];
  for (const [name, p, opts] of cases)
    test(`${name}: the traced run gives the untraced outputs, and the clock in the VCD ticks as many cycles as the core counted`, () => {
      const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.vcd`);
      const traced = propagate(p, opts, file);
      expect(traced).toEqual(propagate(p, opts));
      expect(traced.cycles).toBeGreaterThan(0);
      const vcd = parseVcd(readFileSync(file, 'utf8'));
      for (const signal of [
        'sp_top.clk',
        'sp_top.o_busy',
        'sp_top.sp_top.core.seq.state_reg',
        'sp_top.sp_top.core.seq.round_reg',
        'sp_top.sp_top.core.seq.cycles_reg',
        'sp_top.sp_top.core.g_lane[0].lane.prod',
        'sp_top.sp_top.core.wgt_raddr',
        'sp_top.sp_top.core.wgt_we',
        'sp_top.sp_top.core.o_fixpoint',
        'sp_top.sp_top.core.o_wipeout',
      ])
        expect(vcd.ids.has(signal), signal).toBe(true);
      const { runs, risingEdges } = busyRuns(vcd);
      // One device run (propagateOnDevice runs the rounds in one call).
      expect(runs).toEqual([traced.cycles]);
      // A dump at 0 when the trace opens, then one per clock edge 5 time units apart: the n-th rising
      // edge at 10n - 5, its falling edge (the last dump) at 10n.
      expect(vcd.steps[vcd.steps.length - 1]?.time).toBe(10 * risingEdges);
      // Renamed into place: no temporary sibling is left.
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });

  test('every signal of the GTKWave save file hdl/gtkwave/sp_core.gtkw is in a trace, at its width; its state names are those of sp_seq.v', () => {
    const file = join(dir, 'gtkw.vcd');
    propagate(randomCnf(Rng.seeded(3), 4, 6, 3), { mode: 'hard', rounds: 2 }, file);
    const vcd = parseVcd(readFileSync(file, 'utf8'));
    const shown = readFileSync('hdl/gtkwave/sp_core.gtkw', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('sp_top.'));
    expect(shown.length).toBeGreaterThan(30);
    for (const line of shown) {
      const m = /^(.*?)(?:\[(\d+):0\])?$/.exec(line) as RegExpExecArray;
      expect(vcd.widths.get(m[1] as string), line).toBe(m[2] === undefined ? 1 : Number(m[2]) + 1);
    }
    const states = /localparam \[4:0\] (S_IDLE[^;]*);/.exec(readFileSync('hdl/rtl/sp_seq.v', 'utf8'))?.[1] ?? '';
    const fromRtl = [...states.matchAll(/S_(\w+) = 5'd(\d+)/g)].map(
      (m) => `${Number(m[2]).toString(16).toUpperCase().padStart(2, '0')} ${m[1]}`,
    );
    expect(fromRtl.length).toBeGreaterThan(10);
    expect(readFileSync('hdl/gtkwave/sp_seq_states.txt', 'utf8').trim().split('\n').sort()).toEqual(fromRtl.sort());
  });

  test('a trace is a .vcd file; an unwritable one is a UserError', () => {
    expect(() => VerilatorDevice.open({ trace: join(dir, 'x.fst') })).toThrow(UserError);
    expect(() => VerilatorDevice.open({ trace: join(dir, 'no-such-folder', 'x.vcd') })).toThrow(
      `${join(dir, 'no-such-folder', 'x.vcd')}: cannot write the trace`,
    );
  });

  test('softprop propagate --device verilator --trace writes the VCD; without the verilator device it is refused on one line', () => {
    const fx = fixtures({ 's.cnf': 'p cnf 4 3\n1 -2 0\n2 3 -4 0\n-1 4 0\n' });
    const vcd = join(fx, 'run.vcd');
    const traced = softprop(['propagate', join(fx, 's.cnf'), '--mode', 'hard', '--device', 'verilator', '--trace', vcd, '--json']);
    expect(traced.err).toBe('');
    expect(traced.code).toBe(0);
    const plain = softprop(['propagate', join(fx, 's.cnf'), '--mode', 'hard', '--device', 'verilator', '--json']);
    expect(traced.out).toBe(plain.out);
    expect(existsSync(vcd)).toBe(true);
    expect(parseVcd(readFileSync(vcd, 'utf8')).ids.has('sp_top.sp_top.core.seq.state_reg')).toBe(true);
    const refused = softprop(['propagate', join(fx, 's.cnf'), '--mode', 'hard', '--trace', vcd]);
    expect(refused.code).not.toBe(0);
    expect(refused.err.trim().split('\n')).toHaveLength(1);
    expect(refused.err).toContain('a waveform needs --device verilator');
  });
});
