import { describe, expect, it } from 'vitest';
import { familyByName } from '../../encoder/datasets/families.js';
import type { FamilyFlags } from '../../encoder/datasets/family.js';
import { buildLine } from '../../encoder/datasets/generate.js';
import { type DatasetRecord, recordItem } from '../../encoder/datasets/record.js';
import { reduceGivens } from '../../encoder/datasets/reduce.js';
import { instanceStates } from '../../encoder/datasets/streams.js';
import { shuffleSymmetry, sudokuLine } from '../../encoder/datasets/sudoku.js';
import { sudokuProblem } from '../../solver/formats/sudoku.js';
import { Rng } from '../../solver/model/rng.js';
import { checkSolution } from '../../solver/search/checker.js';
import { search } from '../../solver/search/search.js';

/** Lines of instances 0..count-1 built in this thread, as one worker would build them. */
async function lines(family: string, flags: FamilyFlags, seed: number, count: number): Promise<string[]> {
  const params = await familyByName(family).params(flags);
  return instanceStates(seed, count).map((s, i) => buildLine({ family, params }, i, s));
}

async function records(family: string, flags: FamilyFlags, seed: number, count: number) {
  const ls = await lines(family, flags, seed, count);
  expect(await lines(family, flags, seed, count)).toEqual(ls);
  expect(await lines(family, flags, seed + 1, count)).not.toEqual(ls);
  return ls.map((l, i) => {
    const record = JSON.parse(l) as DatasetRecord;
    const item = recordItem(record, 'gen', i + 1);
    if (item.solution) expect(checkSolution(item.problem, item.solution)).toBeNull();
    return { record, item };
  });
}

/** Completions of a box-2 (4×4) grid by plain enumeration, up to `limit`; shares nothing with the solver. */
function completions4(grid: Int32Array, limit: number): Int32Array[] {
  const found: Int32Array[] = [];
  const g = grid.slice();
  const ok = (cell: number, v: number) => {
    const r = cell >> 2;
    const c = cell & 3;
    for (let k = 0; k < 4; k++) if (g[r * 4 + k] === v || g[k * 4 + c] === v) return false;
    const r0 = r & 2;
    const c0 = c & 2;
    for (let dr = 0; dr < 2; dr++) for (let dc = 0; dc < 2; dc++) if (g[(r0 + dr) * 4 + c0 + dc] === v) return false;
    return true;
  };
  const fill = (cell: number) => {
    if (found.length >= limit) return;
    if (cell === 16) {
      found.push(g.slice());
      return;
    }
    if ((grid[cell] as number) >= 0) {
      // A given must agree with the other givens too.
      const v = grid[cell] as number;
      g[cell] = -1;
      if (ok(cell, v)) {
        g[cell] = v;
        fill(cell + 1);
      }
      g[cell] = v;
      return;
    }
    for (let v = 0; v < 4; v++)
      if (ok(cell, v)) {
        g[cell] = v;
        fill(cell + 1);
        g[cell] = -1;
      }
  };
  fill(0);
  return found;
}

const cellsOf = (line: string) => line.replace(/\./g, '').length;

describe('sudoku generator', () => {
  it('makes unique 9×9 puzzles with exactly the requested givens', async () => {
    for (const { record, item } of await records('sudoku', { givens: 32 }, 7, 4)) {
      expect(record.meta.givens).toBe(32);
      expect(cellsOf(record.instance as string)).toBe(32);
      const r = search(item.problem, { maxSolutions: 2 });
      expect([r.solutions, r.exhausted]).toEqual([1, true]);
      expect(Array.from(r.solution ?? [])).toEqual(Array.from(item.solution ?? []));
    }
  });

  it('removes givens down to a minimal unique puzzle when no target is given', async () => {
    const { record, item } = (await records('sudoku', {}, 3, 1))[0]!;
    const line = record.instance as string;
    expect(cellsOf(line)).toBe(record.meta.givens);
    expect(record.meta.givens).toBeLessThan(32);
    expect(search(item.problem, { maxSolutions: 2 }).solutions).toBe(1);
    // Minimal: putting back nothing, removing any one given leaves several solutions.
    const givens = Array.from(line, (ch) => (ch === '.' ? -1 : Number(ch) - 1));
    for (let i = 0; i < 81; i += 9) {
      const cell = givens.findIndex((g, k) => k >= i && g >= 0);
      const less = Int32Array.from(givens);
      less[cell] = -1;
      expect(search(sudokuProblem(3, less), { maxSolutions: 2 }).solutions).toBe(2);
    }
  });

  it('4×4 reduction agrees with brute-force enumeration: one completion, the original grid', () => {
    const base = sudokuProblem(2, new Int32Array(16).fill(-1));
    const grids = completions4(new Int32Array(16).fill(-1), 1000);
    expect(grids.length).toBe(288);
    const rng = Rng.seeded(5);
    for (let t = 0; t < 40; t++) {
      const solution = grids[rng.int(0, grids.length - 1)] as Int32Array;
      const target = t % 2 === 0 ? 0 : 8;
      const r = reduceGivens(rng, base, solution, { target, steps: t % 4 === 0 ? 1 : 8, nodes: 10_000 });
      expect(r.count).toBe(Array.from(r.givens).filter((g) => g >= 0).length);
      if (target === 8) expect(r.count).toBe(8);
      const found = completions4(r.givens, 2);
      expect(found.length).toBe(1);
      expect(Array.from(found[0] as Int32Array)).toEqual(Array.from(solution));
      if (target === 0) {
        for (let cell = 0; cell < 16; cell++) {
          if ((r.givens[cell] as number) < 0) continue;
          const less = r.givens.slice();
          less[cell] = -1;
          expect(completions4(less, 2).length).toBe(2);
        }
      }
    }
  });

  it('symmetries map puzzles to puzzles with the same number of completions', () => {
    const rng = Rng.seeded(9);
    const grids = completions4(new Int32Array(16).fill(-1), 1000);
    for (let t = 0; t < 30; t++) {
      const puzzle = (grids[rng.int(0, grids.length - 1)] as Int32Array).map((v) => (rng.float() < 0.6 ? -1 : v));
      const moved = shuffleSymmetry(rng, 2, puzzle);
      expect(Array.from(moved).filter((g) => g >= 0).length).toBe(Array.from(puzzle).filter((g) => g >= 0).length);
      expect(completions4(moved, 300).length).toBe(completions4(puzzle, 300).length);
    }
  });

  it('draws --from puzzles under symmetries, keeping givens and uniqueness', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const made = (await lines('sudoku', { givens: 26 }, 11, 3)).map((l) => JSON.parse(l) as DatasetRecord);
    const src = made.map((r) => r.instance as string);
    // A full grid (81 givens) in the file is skipped: only puzzles with at most --givens are drawn.
    const full = sudokuLine(Int32Array.from((made[0] as DatasetRecord).solution as number[], (d) => d - 1));
    const file = join(mkdtempSync(join(tmpdir(), 'softprop-from-')), 'src.txt');
    writeFileSync(file, `${src.join('\n')}\n${full}\n`);
    for (const { record } of await records('sudoku', { from: file, givens: 26 }, 1, 6)) {
      expect(record.meta).toMatchObject({ givens: 26, unique: true, source: 'from' });
      expect(src).not.toContain(record.instance);
    }
    await expect(familyByName('sudoku').params({ from: file, givens: 20 })).rejects.toThrow(/no puzzle with at most 20 givens/);
  });
});

describe('latin, coloring, cnf and rb generators', () => {
  it('latin: a latin square solution and the requested fraction of holes', async () => {
    for (const { record, item } of await records('latin', { size: 7, holes: 0.42 }, 1, 4)) {
      const n = 7;
      const sol = record.solution as number[];
      for (let r = 0; r < n; r++) {
        expect(new Set(sol.slice(r * n, r * n + n)).size).toBe(n);
        expect(new Set(Array.from({ length: n }, (_, k) => sol[k * n + r])).size).toBe(n);
      }
      expect(record.meta.holes).toBe(Math.round(0.42 * n * n));
      const vars = (record.instance as { variables: { values?: number[] }[] }).variables;
      expect(vars.filter((v) => v.values === undefined).length).toBe(record.meta.holes);
      vars.forEach((v, i) => {
        if (v.values) expect(v.values).toEqual([sol[i]]);
      });
      expect(item.problem.domSize.length).toBe(n * n);
    }
    for (const { item } of await records('latin', { size: 5, holes: 0.6, unique: true }, 2, 3))
      expect(search(item.problem, { maxSolutions: 2 }).solutions).toBe(1);
  });

  it('coloring: the planted colouring is proper and edges join only different colours', async () => {
    for (const { record } of await records('coloring', { size: 30, colors: 4, density: 0.3 }, 1, 4)) {
      const colour = record.solution as number[];
      const edges = (record.instance as string).split('\n').filter((l) => l.startsWith('e '));
      expect(edges.length).toBe(record.meta.edges);
      expect(edges.length).toBeGreaterThan(0);
      for (const e of edges) {
        const [, u, v] = e.split(' ').map(Number) as [number, number, number];
        expect(colour[u - 1]).not.toBe(colour[v - 1]);
      }
      expect(colour.every((c) => c >= 1 && c <= 4)).toBe(true);
    }
  });

  it('cnf: planted assignments satisfy every clause; unsat verdicts agree with enumeration', async () => {
    const clauses = (text: string) =>
      text
        .split('\n')
        .slice(1)
        .filter((l) => l.trim() !== '')
        .map((l) => l.split(' ').map(Number).slice(0, -1));
    const satisfies = (cs: number[][], bits: (v: number) => number) =>
      cs.every((c) => c.some((l) => (l > 0 ? bits(l - 1) === 1 : bits(-l - 1) === 0)));
    for (const { record } of await records('cnf', { size: 40, ratio: 4.26, planted: true }, 1, 4)) {
      const cs = clauses(record.instance as string);
      expect(cs.length).toBe(Math.round(4.26 * 40));
      expect(cs.every((c) => new Set(c.map(Math.abs)).size === 3)).toBe(true);
      expect(satisfies(cs, (v) => (record.solution as number[])[v] as number)).toBe(true);
    }
    const statuses = new Set<unknown>();
    for (const { record } of await records('cnf', { size: 12, ratio: 5.5 }, 1, 12)) {
      statuses.add(record.meta.status);
      const cs = clauses(record.instance as string);
      let any = false;
      for (let m = 0; m < 1 << 12 && !any; m++) any = satisfies(cs, (v) => (m >> v) & 1);
      expect(record.meta.status).toBe(any ? 'sat' : 'unsat');
      expect(record.solution !== null).toBe(any);
    }
    expect(statuses).toEqual(new Set(['sat', 'unsat']));
  });

  it('rb: model RB sizes, forbidden pairs per constraint, and verdicts that agree with enumeration', async () => {
    const statuses = new Set<unknown>();
    for (const { record, item } of await records('rb', { size: 6, alpha: 0.8, ratio: 1.2, tightness: 0.45 }, 1, 10)) {
      const d = Math.round(6 ** 0.8);
      const m = Math.round(1.2 * 6 * Math.log(6));
      const model = record.instance as { constraints: { vars: string[]; tuples: number[][] }[] };
      expect(record.meta).toMatchObject({ domain: d, constraints: m });
      expect(model.constraints.length).toBe(m);
      for (const c of model.constraints) {
        expect(c.vars[0]).not.toBe(c.vars[1]);
        expect(new Set(c.tuples.map((t) => `${t}`)).size).toBe(d * d - Math.round(0.45 * d * d));
      }
      statuses.add(record.meta.status);
      const all = search(item.problem, { maxSolutions: 1 });
      let any = false;
      const values = new Int32Array(6);
      for (let code = 0; code < d ** 6 && !any; code++) {
        for (let i = 0, c = code; i < 6; i++, c = Math.floor(c / d)) values[i] = c % d;
        any = checkSolution(item.problem, values) === null;
      }
      expect(record.meta.status).toBe(any ? 'sat' : 'unsat');
      expect(all.status).toBe(record.meta.status);
    }
    expect(statuses).toEqual(new Set(['sat', 'unsat']));
  });

  it('rejects flags a family does not take and out-of-range values', async () => {
    await expect(familyByName('coloring').params({ colors: 0 })).rejects.toThrow(/--colors must be an integer in 1\.\.1024, got 0/);
    await expect(familyByName('latin').params({ holes: 1.5 })).rejects.toThrow(/--holes must be a number in \[0, 1\]/);
    await expect(familyByName('sudoku').params({ size: 2 })).rejects.toThrow(/--size must be an integer in 3\.\.5/);
    expect(() => familyByName('queens')).toThrow(/unknown family 'queens'/);
  });
});
