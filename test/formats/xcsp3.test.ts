import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { solveText } from '../../solver/api/solve.js';
import { parseXcsp3 } from '../../solver/formats/xcsp3.js';
import { Rng } from '../../solver/model/rng.js';

const count = (xml: string, file = 'i.xml') => [...solveText(xml, file, { count: true })][0]?.count;
const inst = (vars: string, cons: string) =>
  `<instance format="XCSP3" type="CSP">\n<variables>\n${vars}\n</variables>\n<constraints>\n${cons}\n</constraints>\n</instance>\n`;

/** Binary predicates written in XCSP3 and in TypeScript, for the brute-force oracle. */
const PREDICATES: [string, (a: number, b: number, k: number) => boolean][] = [
  ['lt(%0,add(%1,K))', (a, b, k) => a < b + k],
  ['ne(dist(%0,%1),K)', (a, b, k) => Math.abs(a - b) !== k],
  ['or(eq(%0,K),gt(%1,%0))', (a, b, k) => a === k || b > a],
  ['eq(mod(add(%0,%1),3),0)', (a, b) => (a + b) % 3 === 0],
  ['imp(le(%0,K),ne(%1,sub(%0,1)))', (a, b, k) => a > k || b !== a - 1],
  ['ge(max(%0,%1),mul(K,2))', (a, b, k) => Math.max(a, b) >= k * 2],
];

describe('XCSP3 subset', () => {
  it('matches brute force on random instances (mixed domains, alldiff, extension, intension, instantiation)', () => {
    const rng = Rng.seeded(9);
    for (let t = 0; t < 60; t++) {
      const n = rng.int(2, 4);
      const doms = Array.from({ length: n }, () => [...new Set(Array.from({ length: rng.int(1, 4) }, () => rng.int(-2, 6)))]);
      const vars = doms.map((d, i) => `<var id="v${i}"> ${d.join(' ')} </var>`).join('\n');
      const tests: ((a: number[]) => boolean)[] = [];
      const cons: string[] = [];
      for (let c = 0; c < rng.int(1, 4); c++) {
        const x = rng.int(0, n - 1);
        const y = (x + rng.int(1, n - 1)) % n;
        const kind = rng.int(0, 4);
        if (kind === 0) {
          const vs = rng.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, rng.int(2, n));
          cons.push(`<allDifferent> ${vs.map((v) => `v${v}`).join(' ')} </allDifferent>`);
          tests.push((a) => new Set(vs.map((v) => a[v])).size === vs.length);
        } else if (kind === 1) {
          const pairs = Array.from({ length: rng.int(0, 5) }, () => [rng.int(0, 1) ? '*' : String(rng.int(-2, 6)), String(rng.int(-2, 6))]);
          const positive = rng.int(0, 1) === 1;
          cons.push(
            `<extension> <list> v${x} v${y} </list> <${positive ? 'supports' : 'conflicts'}> ${pairs.map((p) => `(${p.join(',')})`).join('')} </${positive ? 'supports' : 'conflicts'}> </extension>`,
          );
          const match = (a: number[]) => pairs.some(([p, q]) => (p === '*' || Number(p) === a[x]) && Number(q) === a[y]);
          tests.push((a) => match(a) === positive);
        } else if (kind === 2) {
          const [src, f] = PREDICATES[rng.int(0, PREDICATES.length - 1)] as (typeof PREDICATES)[number];
          const k = rng.int(0, 3);
          cons.push(`<group> <intension> ${src.replaceAll('K', String(k))} </intension> <args> v${x} v${y} </args> </group>`);
          tests.push((a) => f(a[x] as number, a[y] as number, k));
        } else if (kind === 3) {
          const allowed = Array.from({ length: rng.int(0, 3) }, () => rng.int(-2, 6));
          cons.push(`<extension> <list> v${x} </list> <supports> ${allowed.join(' ')} </supports> </extension>`);
          tests.push((a) => allowed.includes(a[x] as number));
        } else {
          const v = rng.int(-2, 6);
          cons.push(`<block> <instantiation> <list> v${x} </list> <values> ${v} </values> </instantiation> </block>`);
          tests.push((a) => a[x] === v);
        }
      }
      let expected = 0;
      const a = new Array<number>(n);
      const rec = (i: number) => {
        if (i === n) {
          if (tests.every((f) => f(a))) expected++;
          return;
        }
        for (const v of doms[i] as number[]) {
          a[i] = v;
          rec(i + 1);
        }
      };
      rec(0);
      // Variables no constraint mentions are left out of the count (as XCSP3 solvers do).
      const used = new Set(cons.join(' ').match(/v\d+/g));
      const free = doms.reduce((p, d, i) => (used.has(`v${i}`) ? p : p * d.length), 1);
      expect(count(inst(vars, cons.join('\n')))).toBe(expected / free);
    }
  });

  it('reads arrays, ranges, matrix, groups with %..., and counts 6-queens', () => {
    expect(count(readFileSync('cli/demo/queens-6.xml', 'utf8'))).toBe(4);
    // 3x3 Latin squares: 12.
    expect(count(inst('<array id="x" size="[3][3]"> 1..3 </array>', '<allDifferent> <matrix> x[][] </matrix> </allDifferent>'))).toBe(12);
    // Rows given as a group over x[i][] with %...: 3! per row, 6^2 = 36 for two rows.
    expect(
      count(
        inst(
          '<array id="x" size="[2][3]"> 0..2 </array>',
          '<group> <allDifferent> %... </allDifferent> <args> x[0][] </args> <args> x[1][] </args> </group>',
        ),
      ),
    ).toBe(36);
    // domain for= parts and others.
    const parts = parseXcsp3(
      inst(
        '<array id="y" size="[3]"> <domain for="y[0]"> 5 7 </domain> <domain for="others"> 0..1 </domain> </array>',
        '<allDifferent> y[] </allDifferent>',
      ),
      'd.xml',
    );
    expect(Array.from(parts.problem.domSize)).toEqual([4, 4, 4]);
  });

  it('round trip: the printed instantiation, added to the instance, leaves exactly that solution', () => {
    const xml = readFileSync('cli/demo/queens-6.xml', 'utf8');
    const [r] = [...solveText(xml, 'q.xml', {})];
    const line = r?.instance.render(r.solutions[0] as Int32Array) as string;
    expect(line.startsWith('v <instantiation>')).toBe(true);
    const fixed = xml.replace('</constraints>', `${line.slice(2)}\n</constraints>`);
    const [again] = [...solveText(fixed, 'fixed.xml', { all: true })];
    expect(again?.count).toBe(1);
    expect(again?.instance.labelled(again.solutions[0] as Int32Array)).toEqual(r?.instance.labelled(r.solutions[0] as Int32Array));
  });

  it('rejects what is outside the subset with file:line', () => {
    const bad = (xml: string) => () => parseXcsp3(xml, 'b.xml');
    expect(
      bad(inst('<var id="x"> 0..3 </var>\n<var id="y"> 0..3 </var>', '<sum> <list> x y </list> <condition> (eq,3) </condition> </sum>')),
    ).toThrow('b.xml:7: unsupported XCSP3 element <sum>');
    expect(
      bad(inst('<array id="x" size="[3]"> 0..3 </array>', '<extension> <list> x[] </list> <supports> (0,1,2) </supports> </extension>')),
    ).toThrow('b.xml:6: unsupported XCSP3 extension of arity 3 (only 1 and 2)');
    expect(bad(inst('<array id="x" size="[3]"> 0..3 </array>', '<intension> eq(add(x[0],x[1]),x[2]) </intension>'))).toThrow(
      'b.xml:6: unsupported XCSP3 intension over 3 variables (at most 2)',
    );
    expect(bad(inst('<var id="x" type="symbolic"> a b </var>', ''))).toThrow(
      'b.xml:3: unsupported XCSP3 variable type symbolic (only integer)',
    );
    expect(bad(inst('<var id="x"> 0..3 </var>', '<intension> foo(x,1) </intension>'))).toThrow('b.xml:6: unsupported XCSP3 operator foo');
    expect(bad(inst('<var id="x"> 0..3 </var>', '<allDifferent> x z </allDifferent>'))).toThrow("b.xml:6: unknown variable 'z'");
    expect(bad(inst('<array id="x" size="[3]"> 0..3 </array>', '<allDifferent> x[3] </allDifferent>'))).toThrow(
      "b.xml:6: index [3] of 'x[3]' out of range 0..2",
    );
    expect(bad('<instance format="XCSP3" type="COP"> </instance>')).toThrow('b.xml:1: unsupported XCSP3 instance type COP (only CSP)');
    expect(bad('<instance>\n<variables>\n<var id="x"> 0..3 </var>\n</variables')).toThrow(/^b\.xml:4: malformed XML: /);
    expect(bad('')).toThrow('b.xml:1: malformed XML: document must contain a root element.');
  });
});
