import { describe, expect, it } from 'vitest';
import { solveXcsp3 } from '../../solver/cp/xcsp3/index.js';
import { Rng } from '../../solver/model/rng.js';

/**
 * Small generated XCSP3 instances of each constraint family, counted by the CP translation and by
 * brute-force enumeration written here (the instance's own semantics, evaluated directly).
 */

type Node = { op: string; args: Node[] } | { v: number } | { k: number };
type Assignment = readonly number[];

function show(n: Node): string {
  if ('k' in n) return String(n.k);
  if ('v' in n) return `x[${n.v}]`;
  return `${n.op}(${n.args.map(show).join(',')})`;
}

function value(n: Node, x: Assignment): number {
  if ('k' in n) return n.k;
  if ('v' in n) return x[n.v] as number;
  const a = n.args.map((m) => value(m, x));
  if (a.some(Number.isNaN)) return Number.NaN;
  const [p = 0, q = 0] = a;
  const table: Record<string, () => number> = {
    add: () => p + q,
    sub: () => p - q,
    mul: () => p * q,
    abs: () => Math.abs(p),
    dist: () => Math.abs(p - q),
    min: () => Math.min(p, q),
    max: () => Math.max(p, q),
    div: () => (q === 0 ? Number.NaN : Math.trunc(p / q)),
    mod: () => (q === 0 ? Number.NaN : p % q),
    eq: () => Number(p === q),
    ne: () => Number(p !== q),
    lt: () => Number(p < q),
    le: () => Number(p <= q),
    ge: () => Number(p >= q),
    gt: () => Number(p > q),
    and: () => Number(p !== 0 && q !== 0),
    or: () => Number(p !== 0 || q !== 0),
    not: () => Number(p === 0),
    if: () => (p !== 0 ? q : (a[2] as number)),
  };
  return (table[n.op] as () => number)();
}

const ARITH = ['add', 'sub', 'mul', 'abs', 'dist', 'min', 'max', 'div', 'mod', 'if'];
const REL = ['eq', 'ne', 'lt', 'le', 'ge', 'gt'];

function arith(rng: Rng, n: number, depth: number): Node {
  if (depth <= 0 || rng.float() < 0.3) return rng.float() < 0.75 ? { v: rng.int(0, n - 1) } : { k: rng.int(-2, 3) };
  const op = ARITH[rng.int(0, ARITH.length - 1)] as string;
  if (op === 'abs') return { op, args: [arith(rng, n, depth - 1)] };
  if (op === 'if') return { op, args: [boolean(rng, n, depth - 1), arith(rng, n, depth - 1), arith(rng, n, depth - 1)] };
  return { op, args: [arith(rng, n, depth - 1), arith(rng, n, depth - 1)] };
}

function boolean(rng: Rng, n: number, depth: number): Node {
  const r = rng.float();
  if (depth > 1 && r < 0.25)
    return { op: rng.float() < 0.5 ? 'and' : 'or', args: [boolean(rng, n, depth - 1), boolean(rng, n, depth - 1)] };
  if (depth > 1 && r < 0.35) return { op: 'not', args: [boolean(rng, n, depth - 1)] };
  return { op: REL[rng.int(0, REL.length - 1)] as string, args: [arith(rng, n, depth - 1), arith(rng, n, depth - 1)] };
}

/** Every assignment of n variables over lo..hi where all checks hold. */
function bruteCount(n: number, lo: number, hi: number, holds: (x: Assignment) => boolean): number {
  const x = new Array<number>(n).fill(lo);
  let count = 0;
  for (;;) {
    if (holds(x)) count++;
    let i = n - 1;
    while (i >= 0 && x[i] === hi) x[i--] = lo;
    if (i < 0) return count;
    x[i] = (x[i] as number) + 1;
  }
}

/**
 * An instance over x[0..n-1]. Solutions are counted over the variables constraints mention, so a
 * sum that always holds mentions all of them and brute force counts plain assignments.
 */
function instance(n: number, lo: number, hi: number, constraints: string, objective = ''): string {
  const type = objective ? 'COP' : 'CSP';
  return `<instance format="XCSP3" type="${type}">\n<variables><array id="x" size="[${n}]"> ${lo}..${hi} </array></variables>\n<constraints>\n${constraints}\n<sum><list> x[] </list><condition> (ge,${n * lo}) </condition></sum>\n</constraints>${objective}\n</instance>`;
}

const count = (xml: string): number => {
  const r = solveXcsp3(xml, 'generated.xml', { count: true });
  expect(r.complete).toBe(true);
  return r.solutions;
};

describe('generated XCSP3 instances against brute force', () => {
  it('random intensions of arity up to 3, tabled (small domains)', () => {
    const rng = Rng.seeded(11);
    for (let t = 0; t < 40; t++) {
      const cs = [boolean(rng, 3, 3), boolean(rng, 3, 3)];
      const xml = instance(3, -2, 3, cs.map((c) => `<intension> ${show(c)} </intension>`).join('\n'));
      const want = bruteCount(3, -2, 3, (x) => cs.every((c) => ((v) => v !== 0 && !Number.isNaN(v))(value(c, x))));
      expect(count(xml), xml).toBe(want);
    }
  });

  it('random intensions decomposed (domain product above the table limit)', () => {
    const rng = Rng.seeded(12);
    for (let t = 0; t < 4; t++) {
      // The false disjunct mentions all five variables: 10^5 tuples, above the table limit.
      const all: Node = {
        op: 'add',
        args: [
          { op: 'add', args: [{ v: 0 }, { v: 1 }] },
          { op: 'add', args: [{ op: 'add', args: [{ v: 2 }, { v: 3 }] }, { v: 4 }] },
        ],
      };
      const c: Node = { op: 'or', args: [boolean(rng, 5, 3), { op: 'lt', args: [all, { k: -100 }] }] };
      const xml = instance(5, -4, 5, `<intension> ${show(c)} </intension>`);
      const want = bruteCount(5, -4, 5, (x) => ((v) => v !== 0 && !Number.isNaN(v))(value(c, x)));
      expect(count(xml), xml).toBe(want);
    }
  });

  it('sum, count, element, cardinality, nValues, ordered, lex, allEqual, allDifferent except', () => {
    const rng = Rng.seeded(13);
    const ops: [string, (a: number, b: number) => boolean][] = [
      ['eq', (a, b) => a === b],
      ['ne', (a, b) => a !== b],
      ['le', (a, b) => a <= b],
      ['gt', (a, b) => a > b],
    ];
    for (let t = 0; t < 10; t++) {
      const n = 5;
      const [opName, op] = ops[rng.int(0, ops.length - 1)] as [string, (a: number, b: number) => boolean];
      const cs = [rng.int(-2, 3), rng.int(-2, 3), rng.int(-2, 3), rng.int(-2, 3), rng.int(-2, 3)];
      const k = rng.int(-3, 6);
      const v = rng.int(0, 2);
      const families: [string, (x: Assignment) => boolean][] = [
        [
          `<sum><list> x[] </list><coeffs> ${cs.join(' ')} </coeffs><condition> (${opName},${k}) </condition></sum>`,
          (x) =>
            op(
              x.reduce((s, y, i) => s + y * (cs[i] as number), 0),
              k,
            ),
        ],
        [
          `<sum><list> x[0..2] </list><condition> (in,1..3) </condition></sum>`,
          (x) => [1, 2, 3].includes((x[0] as number) + (x[1] as number) + (x[2] as number)),
        ],
        [
          `<count><list> x[] </list><values> ${v} </values><condition> (${opName},2) </condition></count>`,
          (x) => op(x.filter((y) => y === v).length, 2),
        ],
        [
          `<count><list> x[0..3] </list><values> x[4] </values><condition> (ge,2) </condition></count>`,
          (x) => x.slice(0, 4).filter((y) => y === x[4]).length >= 2,
        ],
        [
          `<element><list> x[0..3] </list><index> x[4] </index><value> ${v} </value></element>`,
          (x) => (x[4] as number) < 4 && x[x[4] as number] === v,
        ],
        [
          `<cardinality><list> x[] </list><values> 0 1 </values><occurs> x[3] x[4] </occurs></cardinality>`,
          (x) => x.filter((y) => y === 0).length === x[3] && x.filter((y) => y === 1).length === x[4],
        ],
        [`<nValues><list> x[] </list><condition> (${opName},2) </condition></nValues>`, (x) => op(new Set(x).size, 2)],
        [`<ordered><list> x[] </list><operator> le </operator></ordered>`, (x) => x.every((y, i) => i === 0 || (x[i - 1] as number) <= y)],
        [
          `<lex><list> x[0..1] </list><list> x[2..3] </list><operator> lt </operator></lex>`,
          (x) => (x[0] as number) < (x[2] as number) || (x[0] === x[2] && (x[1] as number) < (x[3] as number)),
        ],
        [`<allEqual> x[0..2] </allEqual>`, (x) => x[0] === x[1] && x[1] === x[2]],
        [`<allDifferent><list> x[] </list><except> 0 </except></allDifferent>`, (x) => x.every((y, i) => y === 0 || x.indexOf(y) === i)],
        [`<minimum><list> x[] </list><condition> (${opName},1) </condition></minimum>`, (x) => op(Math.min(...x), 1)],
      ];
      for (const [xml, holds] of families) expect(count(instance(n, 0, 4, xml)), xml).toBe(bruteCount(n, 0, 4, holds));
    }
  });

  it('extension of arity 3 with stars, supports and conflicts', () => {
    const rng = Rng.seeded(14);
    for (let t = 0; t < 10; t++) {
      const rows = Array.from({ length: rng.int(1, 12) }, () => [0, 1, 2].map(() => (rng.float() < 0.2 ? '*' : String(rng.int(0, 3)))));
      const listed = (x: Assignment) => rows.some((r) => r.every((c, i) => c === '*' || Number(c) === x[i]));
      const tuples = rows.map((r) => `(${r.join(',')})`).join('');
      expect(count(instance(3, 0, 3, `<extension><list> x[] </list><supports> ${tuples} </supports></extension>`))).toBe(
        bruteCount(3, 0, 3, listed),
      );
      expect(count(instance(3, 0, 3, `<extension><list> x[] </list><conflicts> ${tuples} </conflicts></extension>`))).toBe(
        bruteCount(3, 0, 3, (x) => !listed(x)),
      );
    }
  });

  it('extension after constraints on part of its scope (its rows filtered by them)', () => {
    const rng = Rng.seeded(16);
    for (let t = 0; t < 10; t++) {
      const rows = Array.from({ length: rng.int(1, 30) }, () => [0, 1, 2, 3].map(() => rng.int(0, 3)));
      const listed = (x: Assignment) => rows.some((r) => r.every((c, i) => c === x[i]));
      const c = boolean(rng, 3, 2);
      const xml = instance(
        4,
        0,
        3,
        `<ordered><list> x[0] x[1] </list><operator> le </operator></ordered>\n<intension> ${show(c)} </intension>\n<extension><list> x[] </list><supports> ${rows.map((r) => `(${r.join(',')})`).join('')} </supports></extension>`,
      );
      const holds = (x: Assignment) =>
        (x[0] as number) <= (x[1] as number) && ((v) => v !== 0 && !Number.isNaN(v))(value(c, x)) && listed(x);
      expect(count(xml), xml).toBe(bruteCount(4, 0, 3, holds));
    }
  });

  it('COP: the optimum of a random linear objective equals brute force', () => {
    const rng = Rng.seeded(15);
    for (let t = 0; t < 10; t++) {
      const c = boolean(rng, 3, 3);
      const w = [rng.int(-3, 3), rng.int(-3, 3), rng.int(-3, 3)];
      const sense = rng.float() < 0.5 ? 'minimize' : 'maximize';
      const obj = `<objectives><${sense} type="sum"><list> x[] </list><coeffs> ${w.join(' ')} </coeffs></${sense}></objectives>`;
      const xml = instance(3, -2, 3, `<intension> ${show(c)} </intension>`, obj);
      let best: number | undefined;
      bruteCount(3, -2, 3, (x) => {
        const v = value(c, x);
        if (v === 0 || Number.isNaN(v)) return false;
        const o = x.reduce((s, y, i) => s + y * (w[i] as number), 0);
        if (best === undefined || (sense === 'minimize' ? o < best : o > best)) best = o;
        return true;
      });
      const r = solveXcsp3(xml, 'cop.xml');
      if (best === undefined) expect(r.status, xml).toBe('UNSATISFIABLE');
      else {
        expect(r.status, xml).toBe('OPTIMUM FOUND');
        expect(r.last?.objective, xml).toBe(best);
      }
    }
  });
});
