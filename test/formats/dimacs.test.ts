import { describe, expect, it } from 'vitest';
import { solveText } from '../../solver/api/solve.js';
import { parseCnf } from '../../solver/formats/dimacs-cnf.js';
import { parseCol } from '../../solver/formats/dimacs-col.js';
import { Rng } from '../../solver/model/rng.js';

const one = (text: string, file: string, opts: Parameters<typeof solveText>[2]) => {
  const rs = [...solveText(text, file, opts)];
  expect(rs.length).toBe(1);
  return rs[0] as NonNullable<(typeof rs)[0]>;
};

describe('DIMACS .col', () => {
  it('keeps each edge once, whichever direction or how often it is listed', () => {
    const g = parseCol('c triangle\np edge 3 5\ne 1 2\ne 2 1\ne 2 3\ne 3 1\ne 1 2\n', 't.col');
    expect(g.vertices).toBe(3);
    expect(Array.from(g.edges)).toEqual([0, 1, 1, 2, 0, 2]);
    expect(parseCol('p col 2 1\nn 1 5\no 2\ne 1 2\n', 'c.col').edges.length).toBe(2);
  });

  it('reports malformed graphs with file and line', () => {
    expect(() => parseCol('e 1 2\n', 'g.col')).toThrow("g.col:1: edge before the 'p edge V E' line");
    expect(() => parseCol('p edge 3 1\ne 1 4\n', 'g.col')).toThrow('g.col:2: vertex 4 out of range 1..3');
    expect(() => parseCol('p edge 3 1\ne 0 1\n', 'g.col')).toThrow('g.col:2: vertex 0 out of range 1..3');
    expect(() => parseCol('c x\np edge 3 2\ne 1 2\n', 'g.col')).toThrow('g.col:2: header declares 2 edges but the file has 1');
    expect(() => parseCol('p edge 3 1\ne 2 2\n', 'g.col')).toThrow('g.col:2: self-loop on vertex 2 cannot be coloured');
    expect(() => parseCol('p edge 3 1\nx 1 2\n', 'g.col')).toThrow("g.col:2: unknown line type 'x'");
    expect(() => parseCol('p edge 3 1\ne 1 b\n', 'g.col')).toThrow("g.col:2: vertex 'b' is not an integer");
    expect(() => parseCol('p edge three 1\n', 'g.col')).toThrow("g.col:1: vertex count 'three' is not a non-negative integer");
    expect(() => parseCol('', 'g.col')).toThrow("g.col: missing 'p edge V E' line");
  });

  /** Smallest k with a proper k-colouring, by trying every assignment. */
  function bruteChromatic(n: number, edges: [number, number][]): number {
    for (let k = 1; ; k++) {
      const c = new Int32Array(n);
      const next = (): boolean => {
        for (let i = 0; i < n; i++) {
          c[i] = (c[i] as number) + 1;
          if ((c[i] as number) < k) return true;
          c[i] = 0;
        }
        return false;
      };
      do if (edges.every(([u, v]) => c[u] !== c[v])) return k;
      while (next());
    }
  }

  it('chromatic mode finds the brute-force chromatic number on random graphs and proves it', () => {
    const rng = Rng.seeded(11);
    for (let t = 0; t < 30; t++) {
      const n = rng.int(1, 7);
      const edges: [number, number][] = [];
      for (let u = 0; u < n; u++) for (let v = u + 1; v < n; v++) if (rng.float() < 0.5) edges.push([u, v]);
      const text = `p edge ${n} ${edges.length}\n${edges.map(([u, v]) => `e ${u + 1} ${v + 1}`).join('\n')}\n`;
      const r = one(text, 'r.col', { chromatic: true });
      expect(r.chromatic?.colours).toBe(bruteChromatic(n, edges));
      expect(r.chromatic?.optimal).toBe(true);
      const colours = r.instance.labelled(r.solutions[0] as Int32Array) as number[];
      expect(edges.every(([u, v]) => colours[u] !== colours[v])).toBe(true);
      expect(colours.every((c) => c >= 1 && c <= (r.chromatic?.colours as number))).toBe(true);
      // With --colors one below the optimum, the search refutes it.
      if ((r.chromatic?.colours as number) > 1)
        expect(one(text, 'r.col', { colors: (r.chromatic?.colours as number) - 1 }).status).toBe('unsat');
    }
  });

  it('needs --colors or --chromatic, and a colour count in range', () => {
    expect(() => one('p edge 2 1\ne 1 2\n', 'g.col', {})).toThrow('g.col: a graph colouring needs --colors K or --chromatic');
    expect(() => one('p edge 2 1\ne 1 2\n', 'g.col', { colors: 0 })).toThrow('--colors must be an integer in 1..1024');
  });
});

describe('DIMACS CNF', () => {
  it('merges repeated literals, drops tautologies, spans lines', () => {
    const inst = parseCnf('c x\np cnf 3 3\n1 1 -2 0\n2 -2 3 0\n-3\n 1 0\n', 'f.cnf');
    const cs = inst.problem.constraints;
    expect(cs.length).toBe(2);
    expect(cs[0]).toEqual({ kind: 'clause', vars: Int32Array.of(0, 1), sets: Uint32Array.of(2, 1) });
    expect(cs[1]).toEqual({ kind: 'clause', vars: Int32Array.of(2, 0), sets: Uint32Array.of(1, 2) });
  });

  it('reports malformed formulas with file and line', () => {
    expect(() => parseCnf('1 2 0\n', 'f.cnf')).toThrow("f.cnf:1: clause before the 'p cnf V C' line");
    expect(() => parseCnf('p cnf 2 1\n1 3 0\n', 'f.cnf')).toThrow('f.cnf:2: literal 3 out of range: variables are 1..2');
    expect(() => parseCnf('p cnf 2 2\n1 2 0\n', 'f.cnf')).toThrow('f.cnf:1: header declares 2 clauses but the file has 1');
    expect(() => parseCnf('p cnf 2 1\n1 0\n2 0\n', 'f.cnf')).toThrow('f.cnf:3: more than the 1 clauses the header declares');
    expect(() => parseCnf('p cnf 2 1\n1 x 0\n', 'f.cnf')).toThrow("f.cnf:2: 'x' is not an integer literal");
    expect(() => parseCnf('p cnf 2\n', 'f.cnf')).toThrow("f.cnf:1: expected 'p cnf V C' with non-negative integers V and C");
    expect(() => parseCnf('c nothing\n', 'f.cnf')).toThrow("f.cnf: missing 'p cnf V C' line");
  });

  it('an empty clause makes the formula unsatisfiable', () => {
    expect(one('p cnf 2 2\n1 2 0\n0\n', 'e.cnf', {}).status).toBe('unsat');
  });

  it('agrees with brute force on random formulas; the v line satisfies every clause; round trip through unit clauses', () => {
    const rng = Rng.seeded(5);
    for (let t = 0; t < 40; t++) {
      const n = rng.int(1, 8);
      const m = rng.int(1, 30);
      const clauses = Array.from({ length: m }, () =>
        Array.from({ length: rng.int(1, 3) }, () => rng.int(1, n) * (rng.int(0, 1) ? 1 : -1)),
      );
      const text = `p cnf ${n} ${m}\n${clauses.map((c) => `${c.join(' ')} 0`).join('\n')}\n`;
      const holds = (lits: Set<number>) => clauses.every((c) => c.some((l) => lits.has(l)));
      let count = 0;
      for (let a = 0; a < 1 << n; a++) if (holds(new Set(Array.from({ length: n }, (_, i) => ((a >> i) & 1 ? i + 1 : -(i + 1)))))) count++;
      const r = one(text, 'r.cnf', {});
      expect(r.status).toBe(count > 0 ? 'sat' : 'unsat');
      expect(one(text, 'r.cnf', { count: true }).count).toBe(count);
      if (count === 0) continue;
      const vLine = r.instance.render(r.solutions[0] as Int32Array);
      const lits = vLine.split(' ').slice(1, -1).map(Number);
      expect(holds(new Set(lits))).toBe(true);
      const fixed = `p cnf ${n} ${m + n}\n${clauses.map((c) => `${c.join(' ')} 0`).join('\n')}\n${lits.map((l) => `${l} 0`).join('\n')}\n`;
      expect(one(fixed, 'fixed.cnf', { count: true }).count).toBe(1);
    }
  });
});
