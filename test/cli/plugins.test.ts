import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, MAIN, softprop } from '../support/cli.js';

/**
 * The plug-ins of `softprop solve` end to end: --encoder and --device together reach every search
 * they should, and neither loads its heavy dependency (tfjs; koffi's native addon) unless asked for.
 */

const PUZZLES = [
  // Solved by the encoder's first (restricted) stage.
  '...8..5....9..5.28...7...9....3..4....5.7..1...6..29..23..8.6...18.9............3',
  '6....42.3.9..1......2..3.6..249........37.....83.....75.7...6....9.4...8.6......5',
  // A 17-clue puzzle with one wrong given: unsat only after some search, so the restricted stage
  // fails and the full stage runs too.
  '49..3.......6..8..........1....5..9..8....6...7.2........1.27..5.3....4.9........',
];

interface Stage {
  ratio: number;
  status: string;
  nodes: number;
  externalCalls: number;
}
interface Solved {
  status: string;
  stats: { nodes: number; externalCalls: number };
  encoder: { stages: Stage[]; withoutEncoder: { status: string; nodes: number; externalCalls: number } };
}

function solveJson(args: string[]): Solved[] {
  const r = softprop(['solve', ...args, '--json']);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.code).toBe(0);
  return r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Solved);
}

describe('solve --encoder --device', () => {
  it('calls the device in every guided stage and in the search without the encoder, and changes no answer', () => {
    const dir = fixtures({ 'p.txt': `${PUZZLES.join('\n')}\n` });
    const sudoku = [join(dir, 'p.txt'), '--encoder', 'encoder/models/sudoku'];
    const runs: [string[], number][] = [
      [sudoku, PUZZLES.length],
      // The latin model outside its scope (--encoder-any): what matters here is that the device is called.
      [['cli/demo/workshop.json', '--encoder', 'encoder/models/latin', '--encoder-any'], 1],
    ];
    let twoStage = 0;
    for (const [args, problems] of runs) {
      const device = solveJson([...args, '--device', 'verilator']);
      expect(device.length).toBe(problems);
      device.forEach((r, i) => {
        const e = r.encoder;
        // A restricted stage whose hardened domains fail in the engine's own root propagation never
        // reaches the device; every other stage calls it.
        for (const s of e.stages)
          if (!(s.status === 'unsat' && s.nodes === 0)) expect(s.externalCalls, `${args[0]} #${i} stage ${s.ratio}`).toBeGreaterThan(0);
        expect(e.withoutEncoder.externalCalls, `${args[0]} #${i} without the encoder`).toBeGreaterThan(0);
        expect(r.stats.externalCalls).toBe(e.stages.reduce((n, s) => n + s.externalCalls, 0));
        if (e.stages.length > 1) twoStage++;
      });
      if (args !== sudoku) continue;
      // The core computes arc consistency, which the engine's own propagators already reach: the
      // searches are the same without it.
      const plain = solveJson(args);
      device.forEach((r, i) => {
        const p = plain[i] as Solved;
        expect([r.status, r.encoder.stages.map((s) => [s.status, s.nodes]), r.encoder.withoutEncoder.nodes]).toEqual([
          p.status,
          p.encoder.stages.map((s) => [s.status, s.nodes]),
          p.encoder.withoutEncoder.nodes,
        ]);
        expect(p.stats.externalCalls + p.encoder.withoutEncoder.externalCalls).toBe(0);
      });
    }
    expect(twoStage).toBeGreaterThan(0);
  });
});

/** Records every module the ESM loader loads, every require() and every native addon, in each thread, into $LOG. */
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.LOG, url + '\\n');
  return next(url, context);
}
`;
const REGISTER = `import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
register('./hooks.mjs', import.meta.url);
const require = Module.prototype.require;
Module.prototype.require = function (id, ...rest) {
  appendFileSync(process.env.LOG, 'require ' + id + '\\n');
  return require.call(this, id, ...rest);
};
const dlopen = process.dlopen;
process.dlopen = function (module, file, ...rest) {
  appendFileSync(process.env.LOG, 'dlopen ' + file + '\\n');
  return dlopen.call(this, module, file, ...rest);
};
`;

/** The modules and native addons a `softprop solve ARGS` run loads. */
function loaded(args: string[]): string[] {
  const dir = fixtures({ 'hooks.mjs': HOOKS, 'register.mjs': REGISTER, 'p.txt': `${PUZZLES[0]}\n`, 'log.txt': '' });
  const log = join(dir, 'log.txt');
  const r = spawnSync('node', ['--import', join(dir, 'register.mjs'), MAIN, 'solve', join(dir, 'p.txt'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, LOG: log },
  });
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^[1-9]{81}\n/);
  return readFileSync(log, 'utf8').trim().split('\n');
}

const koffi = (lines: string[]) => lines.filter((l) => l.includes('/node_modules/koffi/') || l === 'require koffi');
const koffiAddon = (lines: string[]) => lines.filter((l) => l.startsWith('dlopen ') && l.includes('koffi'));
const tfjs = (lines: string[]) => lines.filter((l) => l.includes('/node_modules/@tensorflow/'));

describe('lazy plug-ins', () => {
  it('a plain solve loads neither koffi nor tfjs', () => {
    const lines = loaded([]);
    expect(lines.some((l) => l.endsWith('/dist/solver/search/grid-search.js'))).toBe(true);
    expect([koffi(lines), koffiAddon(lines), tfjs(lines)]).toEqual([[], [], []]);
  });

  it('--device verilator loads koffi and its addon, not tfjs', () => {
    const lines = loaded(['--device', 'verilator']);
    expect(koffi(lines).length).toBeGreaterThan(0);
    expect(koffiAddon(lines).length).toBe(1);
    expect(tfjs(lines)).toEqual([]);
  });

  it('--encoder loads tfjs, neither koffi nor the trainer', () => {
    const lines = loaded(['--encoder', 'encoder/models/sudoku']);
    expect(tfjs(lines).length).toBeGreaterThan(0);
    expect([koffi(lines), koffiAddon(lines)]).toEqual([[], []]);
    expect(lines.filter((l) => l.includes('/dist/encoder/train.js'))).toEqual([]);
  });
});
