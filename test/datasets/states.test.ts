import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { familyByName } from '../../encoder/datasets/families.js';
import type { FamilyFlags } from '../../encoder/datasets/family.js';
import { buildLine } from '../../encoder/datasets/generate.js';
import { type DatasetRecord, readDataset, recordInstance, recordItem, type StateRecord } from '../../encoder/datasets/record.js';
import { labelState } from '../../encoder/datasets/state-labels.js';
import type { StatesOptions } from '../../encoder/datasets/states.js';
import { instanceStates } from '../../encoder/datasets/streams.js';
import { curriculumMembers } from '../../encoder/training/batches.js';
import { wordsPerDomain } from '../../solver/model/problem.js';
import { Engine } from '../../solver/search/engine.js';
import { search } from '../../solver/search/search.js';
import { bruteForce } from '../support/brute-force.js';
import { softprop } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'softprop-states-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The state records of instances 0..count-1, built as a worker builds them. */
async function stateRecords(family: string, flags: FamilyFlags, seed: number, count: number, states: StatesOptions) {
  const params = await familyByName(family).params(flags);
  return instanceStates(seed, count).map((s, i) =>
    buildLine({ family, params, states }, i, s)
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as DatasetRecord & { state: StateRecord }),
  );
}

const bit = (m: ArrayLike<number>, at: number, a: number) => (((m[at + (a >>> 5)] as number) >>> (a & 31)) & 1) === 1;

describe('generate --states', () => {
  it('records the domains that replaying each path from the root reaches, at every decision of the search', async () => {
    // A CNF whose search backtracks and restarts (1801 nodes, 6 restarts), a colouring, RB tables.
    const cases: [string, FamilyFlags, number][] = [
      ['cnf', { size: 70 }, 1],
      ['coloring', { size: 12, colors: 3, density: 0.35 }, 4],
      ['rb', { size: 12 }, 4],
    ];
    let refuted = 0;
    let restarted = 0;
    for (const [family, flags, count] of cases) {
      const byInstance = await stateRecords(family, flags, 3, count, { keep: 'all', max: 400, nodes: 100_000 });
      for (const records of byInstance) {
        if (records.length === 0) continue;
        const p = recordInstance(records[0] as DatasetRecord, 'test', 1).problem;
        const w = wordsPerDomain(p);
        const first = (records[0] as { state: StateRecord }).state;
        if (search(p).stats.restarts > 0) restarted++;
        // Every decision is kept while there are at most `max`, else a uniform sample of `max`.
        expect(records.length).toBe(Math.min(400, first.decisions));
        const indices = records.map((r) => r.state.index);
        expect(indices).toEqual([...indices].sort((a, b) => a - b));
        for (const { state } of records) {
          const engine = new Engine(p, {});
          expect(engine.start()).toBe(-1);
          for (const lit of state.path) {
            const m = /^(\d+)(!?=)(\d+)$/.exec(lit) as RegExpExecArray;
            const x = Number(m[1]);
            const a = Number(m[3]);
            const ok = m[2] === '=' ? engine.store.assign(x, a) : engine.store.remove(x, a);
            expect(ok).toBe(true);
            expect(engine.propagate()).toBe(-1);
          }
          expect(Array.from(engine.store.dom.subarray(0, p.init.length))).toEqual(state.domains);
          expect(state.depth).toBe(state.path.filter((l) => !l.includes('!=')).length);
          if (state.path.some((l) => l.includes('!='))) refuted++;
          let open = 0;
          for (let i = 0; i < p.domSize.length; i++) {
            let size = 0;
            for (let a = 0; a < (p.domSize[i] as number); a++) if (bit(state.domains, i * w, a)) size++;
            if (size > 1) open++;
            if (i === state.var) expect(size).toBeGreaterThan(1);
          }
          expect(state.open).toBe(open);
        }
      }
    }
    expect(refuted).toBeGreaterThan(0);
    expect(restarted).toBeGreaterThan(0);
  });

  it('labels each value by whether it extends to a solution, as brute force finds, with several solutions or one', async () => {
    const cases: [string, FamilyFlags][] = [
      ['coloring', { size: 12, colors: 3, density: 0.35 }],
      ['latin', { size: 5, holes: 0.7 }],
      ['latin', { size: 6, holes: 0.9, unique: true }],
      // RB's searches fail: dead states.
      ['rb', { size: 12 }],
    ];
    let unique = 0;
    let several = 0;
    let dead = 0;
    let ruledOut = 0;
    let deadUnique = 0;
    for (const [family, flags] of cases) {
      for (const records of await stateRecords(family, flags, 3, 6, { keep: 'all', max: 50, nodes: 100_000 })) {
        if (records.length === 0) continue;
        const p = recordInstance(records[0] as DatasetRecord, 'test', 1).problem;
        const w = wordsPerDomain(p);
        const two = search(p, { maxSolutions: 2 });
        if (two.solutions === 1) unique++;
        else several++;
        for (const [k, r] of records.entries()) {
          const { state } = r;
          const { solutions } = bruteForce({ ...p, init: Uint32Array.from(state.domains) }, 1e6);
          const yes = new Uint32Array(p.init.length);
          for (const s of solutions)
            for (let i = 0; i < s.length; i++) {
              const at = i * w + ((s[i] as number) >>> 5);
              yes[at] = ((yes[at] as number) | (1 << ((s[i] as number) & 31))) >>> 0;
            }
          expect(state.yes).toEqual(Array.from(yes));
          expect(state.unknown.every((x) => x === 0)).toBe(true);
          if (solutions.length === 0) dead++;
          if (state.domains.some((d, j) => d !== state.yes[j]) && solutions.length > 0) ruledOut++;
          // The record's solution lies within the state (recordItem checks it) and is one of brute force's.
          const item = recordItem(r, 'test', k + 1);
          expect(item.solution === undefined).toBe(solutions.length === 0);
          if (item.solution) expect(solutions.some((s) => s.every((v, i) => v === item.solution?.[i]))).toBe(true);
          // With one solution the labels follow from it: the state without its value at the branching variable is dead.
          if (two.solutions === 1 && solutions.length === 1) {
            const cut = Uint32Array.from(state.domains);
            const a = (solutions[0] as Int32Array)[state.var] as number;
            cut[state.var * w + (a >>> 5)] = ((cut[state.var * w + (a >>> 5)] as number) & ~(1 << (a & 31))) >>> 0;
            expect(bruteForce({ ...p, init: cut }).count).toBe(0);
            const l = labelState(p, cut, two.solution as Int32Array, 1000);
            expect([l.solution, Array.from(l.yes).every((x) => x === 0)]).toEqual([null, true]);
            deadUnique++;
          }
        }
      }
    }
    expect([unique > 0, several > 0, dead > 0, ruledOut > 0, deadUnique > 0]).toEqual([true, true, true, true, true]);
  });

  it('keeps only live states by default, and marks values a budget too small leaves unsettled', async () => {
    const [all, live] = await Promise.all(
      (['all', 'live'] as const).map((keep) =>
        stateRecords('coloring', { size: 12, colors: 3, density: 0.35 }, 3, 6, { keep, max: 50, nodes: 100_000 }),
      ),
    );
    const allFlat = (all ?? []).flat();
    expect((live ?? []).flat()).toEqual(allFlat.filter((r) => r.solution !== null));
    const starved = (await stateRecords('cnf', { size: 70 }, 3, 1, { keep: 'all', max: 20, nodes: 3 })).flat();
    expect(starved.some((r) => r.state.unknown.some((x) => x !== 0))).toBe(true);
  });

  it('is read by the trainer as the instance narrowed to the state, and trains end to end', async () => {
    const data = join(dir, 'states.jsonl');
    const gen = softprop([
      'generate',
      ...['latin', '--size', '5', '--holes', '0.7', '--count', '12', '--seed', '5', '--workers', '1'],
      ...['--states', '--max-states', '4', '--out', data],
    ]);
    expect(gen.code).toBe(0);
    expect(gen.err).toMatch(/^wrote \d+ states of 12 latin instances/);
    const lines = readFileSync(data, 'utf8').trim().split('\n');
    const items = await readDataset(data);
    expect(items.length).toBe(lines.length);
    for (const [k, item] of items.entries()) {
      const r = JSON.parse(lines[k] as string) as DatasetRecord & { state: StateRecord };
      expect(Array.from(item.problem.init)).toEqual(r.state.domains);
      expect(item.solution).toBeDefined();
    }
    const t = softprop(
      ['train', '--data', data, '--out', join(dir, 'm'), '--epochs', '2', '--batch', '4', '--hidden', '4'].concat([
        '--message',
        '2',
        '--rounds',
        '1',
        '--eval-every',
        '0',
        '--curriculum',
        '2',
        '--json',
      ]),
    );
    expect(t.code).toBe(0);
    expect(JSON.parse(t.out).steps).toBeGreaterThan(0);
    // A state outside its instance is refused with its line.
    const bad = JSON.parse(lines[0] as string) as DatasetRecord & { state: StateRecord };
    bad.state.domains[0] = 0xffff;
    writeFileSync(join(dir, 'bad.jsonl'), `${lines[1]}\n${JSON.stringify(bad)}\n`);
    await expect(readDataset(join(dir, 'bad.jsonl'))).rejects.toThrow(/bad\.jsonl:2: state domain of variable r0c0 has values outside/);
  });

  it('orders a curriculum easy to hard, with every epoch as long as without it', () => {
    const byDifficulty = [7, 3, 9, 1, 5, 0, 2, 8];
    expect(curriculumMembers(byDifficulty, 0, 4)).toEqual([7, 3, 7, 3, 7, 3, 7, 3]);
    expect(curriculumMembers(byDifficulty, 1, 4)).toEqual([7, 3, 9, 1, 7, 3, 9, 1]);
    expect(curriculumMembers(byDifficulty, 3, 4)).toEqual(byDifficulty);
    expect(curriculumMembers(byDifficulty, 9, 4)).toEqual(byDifficulty);
  });
});
