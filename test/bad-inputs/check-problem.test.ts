import { describe, expect, it } from 'vitest';
import { propagateProblem } from '../../solver/api/propagate.js';
import { solveInstance } from '../../solver/api/solve.js';
import { parseSudokuLine } from '../../solver/formats/sudoku.js';
import { checkProblem, InvalidProblemError } from '../../solver/model/check-problem.js';
import type { Problem } from '../../solver/model/problem.js';
import { fullDomains } from '../../solver/model/problem.js';
import { Rng } from '../../solver/model/rng.js';
import { compileArcs } from '../../solver/rounds/arcs.js';
import { search } from '../../solver/search/search.js';
import { drawProblem } from '../support/random-problem.js';

/** A well-formed problem of every constraint kind over 4 variables, domains 3, 3, 40 and 2 (two words). */
function base(): Problem {
  const domSize = Int32Array.of(3, 3, 40, 2);
  const w = 2;
  return {
    domSize,
    init: fullDomains(domSize),
    constraints: [
      { kind: 'neq', x: 0, y: 1 },
      { kind: 'table', x: 1, y: 2, rows: new Uint32Array(3 * w).fill(1) },
      { kind: 'alldiff', vars: Int32Array.of(0, 1, 2) },
      { kind: 'clause', vars: Int32Array.of(2, 3), sets: Uint32Array.of(1, 0, 2, 0) },
    ],
    labels: [undefined, undefined, undefined, Int32Array.of(-1, 1)],
    names: ['a', 'b', 'c', 'd'],
  };
}

/** Each fault a hand-built problem can have, as a change to `base()`, and the message naming it. */
const FAULTS: [string, (p: Problem) => void, string][] = [
  ['a zero domain', (p) => p.domSize.set([0], 1), 'domSize[1] is 0; a domain has 1..1024 values'],
  ['a domain above MAX_DOMAIN', (p) => p.domSize.set([1025], 2), 'domSize[2] is 1025; a domain has 1..1024 values'],
  ['a short init', (p) => (p.init = p.init.subarray(1)), 'init has 7 words; expected n·words = 4·2 = 8'],
  ['an init bit beyond the domain', (p) => p.init.set([1 << 3], 0), 'init of variable 0 has value 3 set, beyond its domain size 3'],
  ['an init bit in the second word', (p) => p.init.set([1], 1), 'init of variable 0 has value 32 set, beyond its domain size 3'],
  ['a variable out of range', (p) => ((p.constraints[0] as { y: number }).y = 4), 'constraint 0 (neq): y 4 is not a variable (0..3)'],
  [
    'a negative variable',
    (p) => (p.constraints[2] as { vars: Int32Array }).vars.set([-1], 0),
    'constraint 2 (alldiff): variable -1 is not a variable',
  ],
  [
    'a constraint on one variable twice',
    (p) => ((p.constraints[0] as { y: number }).y = 0),
    'constraint 0 (neq) relates variable 0 to itself',
  ],
  [
    'short table rows',
    (p) => ((p.constraints[1] as { rows: Uint32Array }).rows = new Uint32Array(5)),
    'constraint 1 (table): rows must be a Uint32Array of domSize[x]·words = 3·2 words, got 5',
  ],
  [
    'a table bit beyond y',
    (p) => (p.constraints[1] as { rows: Uint32Array }).rows.set([1 << 9], 3),
    'constraint 1 (table): row 1 allows value 41 of y, beyond its domain size 40',
  ],
  [
    'all-different over a repeated variable',
    (p) => (p.constraints[2] as { vars: Int32Array }).vars.set([0], 2),
    'constraint 2 (alldiff) lists variable 0 twice',
  ],
  [
    'short clause sets',
    (p) => ((p.constraints[3] as { sets: Uint32Array }).sets = new Uint32Array(2)),
    'constraint 3 (clause): sets must be a Uint32Array of literals·words = 2·2 words, got 2',
  ],
  [
    'a clause value beyond the domain',
    (p) => (p.constraints[3] as { sets: Uint32Array }).sets.set([4], 2),
    'constraint 3 (clause): literal 1 holds value 2, beyond the domain size 2 of variable 3',
  ],
  ['an unknown constraint kind', (p) => p.constraints.push({ kind: 'sum' } as never), 'constraint 4 has unknown kind "sum"'],
  ['labels not one per variable', (p) => p.labels?.pop(), 'labels has 3 entries; expected one per variable (4)'],
  ['labels of the wrong length', (p) => p.labels?.splice(3, 1, Int32Array.of(5)), 'labels[3] has 1 values; variable 3 has 2'],
  ['names not one per variable', (p) => p.names?.push('e'), 'names has 5 entries; expected one per variable (4)'],
];

/** The API entry points that read a Problem. */
const ENTRIES: [string, (p: Problem) => unknown][] = [
  ['checkProblem', checkProblem],
  ['search', (p) => search(p, { nodes: 10 })],
  ['compileArcs', compileArcs],
  ['propagateProblem', (p) => propagateProblem(p, { mode: 'hard', rounds: 2 })],
  ['solveInstance', (p) => solveInstance({ ...parseSudokuLine('.'.repeat(81), 'x', 1), problem: p }, { nodes: 10 })],
];

describe('checkProblem', () => {
  it('accepts well-formed problems: the base problem and 300 random ones of every kind', () => {
    for (const [name, entry] of ENTRIES) if (name !== 'solveInstance') expect(() => entry(base()), name).not.toThrow();
    // solveInstance also checks the solution against the instance's source, so it gets a real one.
    expect(solveInstance(parseSudokuLine('.'.repeat(81), 'x', 1), {}).status).toBe('sat');
    const rng = Rng.seeded(91);
    for (let t = 0; t < 300; t++) checkProblem(drawProblem(rng, { vars: [1, 9], domain: [1, 70], density: [0, 1], tightness: [0, 1] }));
  });

  for (const [fault, change, message] of FAULTS)
    it(`refuses ${fault} at every entry point, naming it`, () => {
      for (const [name, entry] of ENTRIES) {
        const p = base();
        change(p);
        let thrown: unknown;
        try {
          entry(p);
        } catch (e) {
          thrown = e;
        }
        expect(thrown, name).toBeInstanceOf(InvalidProblemError);
        expect((thrown as Error).message, name).toContain(`invalid problem: ${message}`);
      }
    });

  it('costs a small part of a sudoku solve (it runs once per puzzle)', () => {
    const inst = parseSudokuLine('4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......', 'p', 1);
    const time = (f: () => void, reps: number) => {
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) f();
      return (performance.now() - t0) / reps;
    };
    time(() => checkProblem(inst.problem), 2000);
    const check = time(() => checkProblem(inst.problem), 5000);
    const solve = time(() => solveInstance(inst, {}), 20);
    expect(check).toBeLessThan(solve / 50);
  });
});
