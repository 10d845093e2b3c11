import { expect, test } from 'vitest';
import { coreClock } from '../../fpga/core-clock.js';
import { softprop } from '../support/cli.js';

test("propagate --device verilator: each problem's header gives its cycles and their time at the core's clock", () => {
  const args = ['propagate', 'cli/demo/sudoku-9x9.txt', '--mode', 'fixed', '--rounds', '3', '--device', 'verilator'];
  const json = softprop([...args, '--json']);
  expect(json.code).toBe(0);
  const runs = JSON.parse(json.out) as { name: string; rounds: number; fixpoint: boolean; cycles: number }[];
  expect(runs.length).toBeGreaterThan(1);
  const text = softprop(args);
  expect(text.code).toBe(0);
  const headers = text.out.split('\n').filter((l) => l.startsWith('cli/demo/'));
  const { mhz, source } = coreClock();
  expect(headers).toEqual(
    runs.map(
      (r) =>
        `${r.name}: mode fixed, ${r.rounds} rounds, ${r.fixpoint ? 'fixpoint' : 'round limit'}, ${r.cycles} cycles (${(r.cycles / (mhz * 1e3)).toFixed(3)} ms at ${mhz.toFixed(2)} MHz, ${source})`,
    ),
  );
  // The TS reference has no clock: no cycles.
  expect(softprop(args.slice(0, -2)).out).toMatch(/^cli\/demo\/sudoku-9x9.txt:\d+: mode fixed, \d rounds, fixpoint\n/);
});
