import { expect, it } from 'vitest';
import type { Problem } from '../../solver/model/problem.js';
import { hasBit, wordsPerDomain } from '../../solver/model/problem.js';
import { randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';
import { compileArcs } from '../../solver/rounds/arcs.js';

/**
 * compileArcs against the definition of the arc program (hdl/SPEC.md, "Arc program"), written here
 * from the constraints' meaning: each constraint's arcs in the order it yields them (x←y, then
 * y←x; all-different pairs i < j), grouped by target variable keeping that order, rows laid out
 * one after another in arc order, each row holding exactly the supported values of the source.
 */

interface RefArc {
  x: number;
  y: number;
  group: number;
  allows: (a: number, b: number) => boolean;
}

function referenceArcs(p: Problem): RefArc[] {
  const w = wordsPerDomain(p);
  const arcs: RefArc[] = [];
  let group = 0;
  for (const c of p.constraints) {
    if (c.kind === 'table') {
      arcs.push({ x: c.x, y: c.y, group: -1, allows: (a, b) => hasBit(c.rows, a * w, b) });
      arcs.push({ x: c.y, y: c.x, group: -1, allows: (a, b) => hasBit(c.rows, b * w, a) });
    } else if (c.kind === 'neq') {
      arcs.push({ x: c.x, y: c.y, group: -1, allows: (a, b) => a !== b }, { x: c.y, y: c.x, group: -1, allows: (a, b) => a !== b });
    } else if (c.kind === 'alldiff') {
      for (let i = 0; i < c.vars.length; i++)
        for (let j = i + 1; j < c.vars.length; j++) {
          const [x, y] = [c.vars[i] as number, c.vars[j] as number];
          arcs.push({ x, y, group, allows: (a, b) => a !== b }, { x: y, y: x, group, allows: (a, b) => a !== b });
        }
      group++;
    }
  }
  return arcs;
}

function expectProgramOf(p: Problem): void {
  const prog = compileArcs(p);
  const n = p.domSize.length;
  const w = wordsPerDomain(p);
  expect(prog.words).toBe(w);
  const byTarget: RefArc[] = [];
  const arcStart = [0];
  for (let x = 0; x < n; x++) {
    for (const a of referenceArcs(p)) if (a.x === x) byTarget.push(a);
    arcStart.push(byTarget.length);
  }
  expect(Array.from(prog.arcStart)).toEqual(arcStart);
  expect(Array.from(prog.arcSrc)).toEqual(byTarget.map((a) => a.y));
  expect(Array.from(prog.arcGroup)).toEqual(byTarget.map((a) => a.group));
  const rows: number[] = [];
  const arcRow: number[] = [];
  for (const arc of byTarget) {
    arcRow.push(rows.length);
    for (let a = 0; a < (p.domSize[arc.x] as number); a++) {
      const row = new Array<number>(w).fill(0);
      for (let b = 0; b < (p.domSize[arc.y] as number); b++)
        if (arc.allows(a, b)) row[b >>> 5] = ((row[b >>> 5] as number) | (1 << (b & 31))) >>> 0;
      rows.push(...row);
    }
  }
  expect(Array.from(prog.arcRow)).toEqual(arcRow);
  expect(Array.from(prog.rows)).toEqual(rows);
  const alldiffs = p.constraints.flatMap((c) => (c.kind === 'alldiff' ? [c.vars] : []));
  expect(prog.groups).toEqual(alldiffs);
  const clauses = p.constraints.flatMap((c) => (c.kind === 'clause' ? [c] : []));
  const lits = clauses.flatMap((c, ci) => Array.from(c.vars, (x, k) => ({ x, ci, set: Array.from(c.sets.subarray(k * w, (k + 1) * w)) })));
  const clauseStart = [0];
  for (const c of clauses) clauseStart.push((clauseStart.at(-1) as number) + c.vars.length);
  expect(Array.from(prog.clauseStart)).toEqual(clauseStart);
  expect(Array.from(prog.litVar)).toEqual(lits.map((l) => l.x));
  expect(Array.from(prog.litClause)).toEqual(lits.map((l) => l.ci));
  expect(Array.from(prog.litSet)).toEqual(lits.flatMap((l) => l.set));
  const occ: number[] = [];
  const occStart = [0];
  for (let x = 0; x < n; x++) {
    lits.forEach((l, k) => {
      if (l.x === x) occ.push(k);
    });
    occStart.push(occ.length);
  }
  expect(Array.from(prog.occStart)).toEqual(occStart);
  expect(Array.from(prog.occLit)).toEqual(occ);
}

it('compileArcs gives the arc program of the definition: arcs grouped by target in constraint order, rows, clauses', () => {
  const rng = Rng.seeded(11);
  for (let t = 0; t < 120; t++) {
    // Domains up to 40 values: two words, uneven sizes (rows of different lengths), holes.
    const domain = t % 4 === 0 ? rng.int(30, 40) : rng.int(1, 6);
    expectProgramOf(randomProblem(rng, { vars: rng.int(1, 9), domain, density: 0.2 + 0.7 * rng.float(), tightness: 0.5, holes: true }));
  }
});
