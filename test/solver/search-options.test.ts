import { describe, expect, it } from 'vitest';
import { sudokuProblem } from '../../solver/formats/sudoku.js';
import type { Problem } from '../../solver/model/problem.js';
import { fullDomains, tableFrom, wordsFor } from '../../solver/model/problem.js';
import { randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';
import type { ValueOrder } from '../../solver/search/branching.js';
import { checkSolution, constraintHolds } from '../../solver/search/checker.js';
import { defaultSearchContext, SearchContext } from '../../solver/search/context.js';
import type { ExternalPropagator } from '../../solver/search/engine.js';
import { propagateHard } from '../../solver/search/engine.js';
import { luby } from '../../solver/search/luby.js';
import type { SearchOptions, SearchResult } from '../../solver/search/search.js';
import { search } from '../../solver/search/search.js';
import { Store } from '../../solver/search/store.js';
import { bruteForce } from '../support/brute-force.js';
import { randomColouring } from '../support/random-problem.js';

/** Pigeonhole with pairwise not-equal: `n` pigeons, n-1 holes. Unsatisfiable, and exponential without all-different reasoning. */
function pigeons(n: number): Problem {
  const domSize = new Int32Array(n).fill(n - 1);
  const constraints: Problem['constraints'] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) constraints.push({ kind: 'neq', x: i, y: j });
  return { domSize, init: fullDomains(domSize), constraints };
}

describe('limits', () => {
  const hard = pigeons(12);
  it('a node budget stops the search with status unknown', () => {
    const r = search(hard, { nodes: 500 });
    expect(r.status).toBe('unknown');
    expect(r.exhausted).toBe(false);
    expect(r.stats.nodes).toBe(500);
  });
  it('a time budget stops the search with status unknown', () => {
    expect(search(hard, { timeoutMs: 20 }).status).toBe('unknown');
  });
  it('the interrupt callback stops the search with status unknown', () => {
    let polls = 0;
    const r = search(hard, { interrupt: () => ++polls >= 3 });
    expect(r.status).toBe('unknown');
    expect(polls).toBe(3);
  });
  it('all mode stopped by a limit is unknown even after solutions were found', () => {
    const p: Problem = { domSize: new Int32Array(12).fill(3), init: fullDomains(new Int32Array(12).fill(3)), constraints: [] };
    const r = search(p, { all: true, nodes: 100 });
    expect(r.solutions).toBeGreaterThan(0);
    expect(r.status).toBe('unknown');
  });
  it('the same problem is proved unsatisfiable with all-different GAC in one propagation', () => {
    const p = pigeons(12);
    p.constraints = [{ kind: 'alldiff', vars: Int32Array.from({ length: 12 }, (_, i) => i) }];
    const r = search(p);
    expect(r.status).toBe('unsat');
    expect(r.stats.nodes).toBe(0);
  });
});

describe('solutions and callbacks', () => {
  it('onSolution returning false stops after that solution', () => {
    const p: Problem = { domSize: new Int32Array(3).fill(2), init: fullDomains(new Int32Array(3).fill(2)), constraints: [] };
    const r = search(p, { all: true, onSolution: () => false });
    expect(r.solutions).toBe(1);
    expect(r.status).toBe('sat');
  });

  it('a pluggable value order is used for the left branch', () => {
    const domSize = Int32Array.of(4, 7, 40);
    const p: Problem = { domSize, init: fullDomains(domSize), constraints: [] };
    const maxValue: ValueOrder = {
      pick(v, dom, at) {
        for (let a = domSize[v]! - 1; a >= 0; a--) if ((dom[at + (a >>> 5)]! >>> (a & 31)) & 1) return a;
        throw new Error('empty domain');
      },
    };
    expect(Array.from(search(p, { valueOrder: maxValue }).solution!)).toEqual([3, 6, 39]);
    expect(Array.from(search(p).solution!)).toEqual([0, 0, 0]);
  });

  it('seeds make the variable choice reproducible', () => {
    const rng = Rng.seeded(5);
    for (let t = 0; t < 30; t++) {
      const p = randomProblem(rng, { vars: 7, domain: 4, density: 0.5, tightness: 0.3 });
      const a = search(p, { seed: 9 });
      const b = search(p, { seed: 9 });
      expect(a.stats).toEqual({ ...b.stats, timeMs: a.stats.timeMs });
      expect(a.solution).toEqual(b.solution);
    }
  });
});

describe('interchangeable values (graph colouring)', () => {
  it('agrees with brute force on colourability, and counts colourings up to renaming the colours', () => {
    const rng = Rng.seeded(8);
    let sat = 0;
    for (let t = 0; t < 300; t++) {
      const n = rng.int(2, 7);
      const colours = rng.int(1, 4);
      const p = randomColouring(rng, n, 0.5, colours);
      const truth = bruteForce(p, Number.POSITIVE_INFINITY);
      // A colouring using c colours has K!/(K-c)! renamings.
      let classes = 0;
      for (const s of truth.solutions) {
        let size = 1;
        for (let c = new Set(s).size, k = colours; c > 0; c--, k--) size *= k;
        classes += 1 / size;
      }
      const first = search(p, { interchangeableValues: true, seed: t });
      expect(first.status).toBe(truth.count > 0 ? 'sat' : 'unsat');
      if (truth.count > 0) sat++;
      const all = search(p, { interchangeableValues: true, all: true });
      expect(all.solutions, `graph ${t}`).toBe(Math.round(classes));
    }
    expect(sat).toBeGreaterThan(50);
  });
});

describe('external propagator', () => {
  it('is called at every node and its narrowing is respected (counts equal brute force with that restriction)', () => {
    const rng = Rng.seeded(3);
    let calls = 0;
    for (let t = 0; t < 200; t++) {
      const p = randomProblem(rng, { vars: 5, domain: 4, density: 0.4, tightness: 0.3 });
      const w = wordsFor(Math.max(...p.domSize));
      // Forbids value 0 for variable 0, as if the hardware knew a constraint the engine does not.
      const external: ExternalPropagator = {
        fixpoint(dom) {
          calls++;
          dom[0] = dom[0]! & ~1;
          return dom[0] !== 0;
        },
      };
      const restricted: Problem = { ...p, init: p.init.slice() };
      restricted.init[0 * w] = restricted.init[0]! & ~1;
      const truth = bruteForce(restricted, 0).count;
      const r = search(p, { all: true, external });
      expect(r.solutions, `problem ${t}`).toBe(truth);
    }
    expect(calls).toBeGreaterThan(200);
  });
  it('a wipe-out from the external propagator is a failure', () => {
    const domSize = new Int32Array(3).fill(3);
    const p: Problem = { domSize, init: fullDomains(domSize), constraints: [] };
    expect(search(p, { external: { fixpoint: () => false } }).status).toBe('unsat');
  });
});

describe('engine reuse', () => {
  /** Everything a search reports, for comparing two runs. */
  const outcome = (r: SearchResult) => ({ ...r, stats: { ...r.stats, timeMs: 0 }, solution: r.solution && Array.from(r.solution) });
  /** The same search on an engine built for it: a copy of the constraint list is never shared. */
  const fresh = (p: Problem, o: SearchOptions) => search({ ...p, constraints: p.constraints.slice() }, o);
  const options: SearchOptions[] = [
    {},
    { all: true, nodes: 2000 },
    { alldiff: 'decomposed', nodes: 2000 },
    { maxSolutions: 2, seed: 7 },
    { varOrder: 'mindom' },
  ];

  it('searches over one constraint list, one after another, give what a new engine gives', () => {
    const rng = Rng.seeded(11);
    // Sudokus (one cached constraint list; many failures, so dom/wdeg weights matter) and random
    // problems mixing every kind, each with its own initial domains.
    const grid = Int32Array.from('534678912672195348198342567859761423426853791713924856961537284287419635345286179', (c) => +c - 1);
    const sudokus = Array.from({ length: 12 }, () =>
      sudokuProblem(
        3,
        grid.map((v) => (rng.float() < 0.8 ? -1 : v)),
      ),
    );
    const base = randomProblem(rng, { vars: 8, domain: 6, density: 0.5, tightness: 0.3 });
    const randoms = Array.from({ length: 30 }, () => {
      const init = base.init.slice();
      for (let k = 0; k < init.length; k++)
        if (init[k] !== 0 && rng.float() < 0.3) init[k] = (init[k] as number) & ~(1 << rng.int(0, 5)) || (init[k] as number);
      return { ...base, init };
    });
    let failures = 0;
    for (const [i, p] of [...sudokus, ...randoms].entries()) {
      const o = options[i % options.length] as SearchOptions;
      const r = search(p, o);
      expect(outcome(r), `problem ${i}`).toEqual(outcome(fresh(p, o)));
      failures += r.stats.failures;
    }
    // Enough failures for leftover dom/wdeg weights to change the searches.
    expect(failures).toBeGreaterThan(50);
  });

  it('is kept in the search context the search is given, and only there', () => {
    const rng = Rng.seeded(12);
    const p = randomProblem(rng, { vars: 8, domain: 5, density: 0.5, tightness: 0.3 });
    const ctx = new SearchContext();
    search(p, { context: ctx });
    const engine = ctx.engines.get(p.constraints);
    expect(engine).toBeDefined();
    expect(defaultSearchContext.engines.has(p.constraints)).toBe(false);
    // The next search over the same list in that context takes the same engine, and gives what a new one gives.
    const q = { ...p, init: p.init.map((w, k) => (k % 3 === 0 && w & ~1 ? w & ~1 : w)) };
    expect(outcome(search(q, { context: ctx }))).toEqual(outcome(fresh(q, {})));
    expect(ctx.engines.get(p.constraints)).toBe(engine);
    // Another context builds its own.
    const other = new SearchContext();
    search(p, { context: other });
    expect(other.engines.get(p.constraints)).not.toBe(engine);
  });

  it('is not used when the list was changed in place, or by a search nested in a callback', () => {
    const p = sudokuProblem(3, new Int32Array(81).fill(-1));
    search(p);
    const q: Problem = { ...p, constraints: p.constraints.slice(0, 26) };
    q.constraints.push({ kind: 'neq', x: 0, y: 1 });
    const before = search(q);
    // Same array object, one constraint replaced: the idle engine of `q` must not serve it.
    q.constraints[26] = { kind: 'neq', x: 0, y: 2 };
    expect(outcome(search(q))).toEqual(outcome(fresh(q, {})));
    expect(outcome(search(q))).not.toEqual(outcome(before));
    let inner: SearchResult | undefined;
    const outer = search(p, {
      onSolution: () => {
        inner = search(p);
      },
    });
    expect(outcome(inner as SearchResult)).toEqual(outcome(fresh(p, {})));
    expect(outer.status).toBe('sat');
  });
});

describe('checkSolution', () => {
  const domSize = Int32Array.of(3, 3, 3);
  const p: Problem = {
    domSize,
    init: fullDomains(domSize),
    constraints: [
      { kind: 'neq', x: 0, y: 1 },
      tableFrom({ domSize }, 1, 1, 2, (a, b) => a < b),
      { kind: 'alldiff', vars: Int32Array.of(0, 1, 2) },
    ],
  };
  it('accepts a solution', () => {
    expect(checkSolution(p, Int32Array.of(2, 0, 1))).toBeNull();
  });
  it('rejects a broken solution, naming the violated constraint', () => {
    expect(checkSolution(p, Int32Array.of(1, 0, 1))).toBe('constraint 2 alldiff(x0=1, x1=0, x2=1) violated');
    expect(checkSolution(p, Int32Array.of(0, 2, 1))).toBe('constraint 1 table(x1=2, x2=1) violated');
  });
  it('rejects values outside the initial domains', () => {
    expect(checkSolution(p, Int32Array.of(3, 0, 1))).toMatch(/variable x0: value index 3 outside 0..2/);
    const holes = { ...p, init: p.init.slice() };
    holes.init[2] = 0b101;
    expect(checkSolution(holes, Int32Array.of(2, 0, 1))).toMatch(/variable x2: value index 1 not in its initial domain/);
  });
  it('all-different over values below and above 32 (one word of bits, else pairs)', () => {
    const alldiff = { kind: 'alldiff', vars: Int32Array.of(0, 1, 2, 3) } as const;
    const holds = (...v: number[]) => constraintHolds(alldiff, Int32Array.from(v), 2);
    expect([holds(0, 31, 5, 7), holds(31, 2, 31, 4), holds(3, 40, 2, 33), holds(40, 2, 40, 1), holds(33, 5, 7, 5)]).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
  });
});

describe('pieces', () => {
  it('luby sequence', () => {
    expect(Array.from({ length: 15 }, (_, i) => luby(i + 1))).toEqual([1, 1, 2, 1, 1, 2, 4, 1, 1, 2, 1, 1, 2, 4, 8]);
  });

  it('the store restores every level on backtrack, past its initial capacity', () => {
    const n = 5;
    const s = new Store(new Uint32Array(n * 2).fill(0xffffffff), n, 2);
    const history: number[][] = [];
    for (let l = 0; l < 40; l++) {
      history.push(Array.from(s.dom));
      s.push();
      expect(s.remove(l % n, l)).toBe(true);
    }
    for (let l = 39; l >= 0; l -= 3) {
      s.backtrackTo(l);
      expect(s.level).toBe(l);
      expect(Array.from(s.dom)).toEqual(history[l]);
    }
  });

  it('propagateHard reports an empty initial domain as failure', () => {
    const domSize = Int32Array.of(2, 2);
    const init = fullDomains(domSize);
    init[1] = 0;
    expect(propagateHard({ domSize, init, constraints: [] }).failed).toBe(true);
  });
});
