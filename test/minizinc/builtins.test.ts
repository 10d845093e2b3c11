import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtins } from '../../solver/cp/builtins/registry.js';
import { checkFznSolution, solveFlatZinc } from '../../solver/cp/fzn/index.js';
import { parseFlatZinc } from '../../solver/formats/flatzinc/index.js';
import { Rng } from '../../solver/model/rng.js';

/**
 * Every builtin of the registry, end to end at the FlatZinc level: random small instances written as
 * FlatZinc text (argument types from the builtin's declaration in MiniZinc's flatzinc_builtins.mzn
 * or softprop's solver library), read, translated through the PostContext, posted and searched for
 * all solutions, against brute force over every assignment judged by the independent checker. A
 * poster that reads its arguments in another order than the declaration (as MiniZinc writes them)
 * or a propagator that loses or admits a solution shows up here, whether or not a model of the
 * MiniZinc suite makes MiniZinc emit that builtin.
 */

type Param = { array: boolean; var: boolean; base: 'int' | 'bool' | 'set' };

/** Native declarations (no body) of the .mzn text: name → each overload's parameter types. */
function signatures(text: string, into: Map<string, Param[][]>): void {
  const src = text.replace(/%[^\n]*/g, '');
  for (const m of src.matchAll(/\bpredicate\s+([a-z][a-z0-9_]*)\s*\(([^;=]*?)\)\s*;/g)) {
    const params = splitTop(m[2] as string).map((p) => {
      const type = (p.slice(0, p.lastIndexOf(':')) as string).trim();
      const elem = /^array\s*\[[^\]]*\]\s*of\s+(.*)$/.exec(type)?.[1] ?? type;
      const base = elem.includes('set') ? 'set' : elem.includes('bool') ? 'bool' : 'int';
      return { array: elem !== type, var: /^var\b/.test(elem), base } as Param;
    });
    into.set(m[1] as string, [...(into.get(m[1] as string) ?? []), params]);
  }
}

function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '[' || ch === '(') depth++;
    if (ch === ']' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out;
}

const declared = new Map<string, Param[][]>();
signatures(readFileSync('/usr/share/minizinc/std/flatzinc_builtins.mzn', 'utf8'), declared);
const LIB = 'share/minizinc/softprop';
for (const f of readdirSync(LIB).filter((n) => n.endsWith('.mzn'))) signatures(readFileSync(join(LIB, f), 'utf8'), declared);

/** Largest number of assignments brute force enumerates per instance. */
const MAX_ASSIGNMENTS = 4000;
const CASES = 12;

interface Instance {
  text: string;
  domains: [number, number][];
}

/** A random instance of `name` with parameters `params` (null when none under MAX_ASSIGNMENTS was drawn). */
function instance(name: string, params: Param[], rng: Rng): Instance | null {
  for (let attempt = 0; attempt < 50; attempt++) {
    const domains: [number, number][] = [];
    const nonNegative = name.includes('cumulative');
    const newVar = (base: 'int' | 'bool', lo = nonNegative ? rng.int(0, 1) : rng.int(-3, 1), span = rng.int(0, 3)): string => {
      domains.push(base === 'bool' ? [0, 1] : [lo, lo + span]);
      return `X${domains.length - 1}`;
    };
    const len = rng.int(1, 3);
    const rows = rng.int(1, 4);
    const cover = rng.shuffle([-1, 0, 1, 2]).slice(0, len);
    const args = params.map((p, k) => {
      const lit = (base: 'int' | 'bool') => (base === 'bool' ? (rng.int(0, 1) ? 'true' : 'false') : String(rng.int(-2, 2)));
      if (p.base === 'set') return setLiteral(rng);
      if (!p.array) {
        if (p.var) {
          // The index of an element: out of range too.
          if (name.includes('element') && k === 0) return newVar('int', 0, len + 1);
          // Negative exponents too: MiniZinc's 1 div x^-y, undefined for x = 0.
          if (name === 'int_pow' && k === 1) return newVar('int', -2, 4);
          return newVar(p.base as 'int' | 'bool');
        }
        if (name === 'softprop_inverse') return String(rng.int(0, 2));
        return lit(p.base as 'int' | 'bool');
      }
      const n = name.includes('table') && !p.var ? len * rows : len;
      if (p.var) return `[${Array.from({ length: n }, () => newVar(p.base as 'int' | 'bool')).join(', ')}]`;
      if (name.includes('global_cardinality') && k === 1) return `[${cover.join(', ')}]`;
      if (name.includes('global_cardinality_low_up') && k === 2) return `[${cover.map(() => rng.int(0, 1)).join(', ')}]`;
      if (name.includes('global_cardinality_low_up') && k === 3) return `[${cover.map(() => rng.int(1, 2)).join(', ')}]`;
      return `[${Array.from({ length: n }, () => lit(p.base as 'int' | 'bool')).join(', ')}]`;
    });
    const size = domains.reduce((s, [lo, hi]) => s * (hi - lo + 1), 1);
    if (size > MAX_ASSIGNMENTS) continue;
    const decls = domains.map(([lo, hi], i) => `var ${lo}..${hi}: X${i};`).join('\n');
    return { text: `${decls}\nconstraint ${name}(${args.join(', ')});\nsolve satisfy;\n`, domains };
  }
  return null;
}

function setLiteral(rng: Rng): string {
  const values = [-2, -1, 0, 1, 2].filter(() => rng.int(0, 1) === 1);
  return `{${values.join(', ')}}`;
}

/** Every assignment over the domains that the independent checker accepts, as "v0,v1,…". */
function bruteForce(inst: Instance): string[] {
  const model = parseFlatZinc(inst.text, 'b.fzn');
  const values = Int32Array.from(inst.domains.map(([lo]) => lo));
  const out: string[] = [];
  for (;;) {
    if (checkFznSolution(model, values) === null) out.push(values.join(','));
    let i = 0;
    for (; i < values.length; i++) {
      const [lo, hi] = inst.domains[i] as [number, number];
      if ((values[i] as number) < hi) {
        values[i] = (values[i] as number) + 1;
        break;
      }
      values[i] = lo;
    }
    if (i === values.length) return out.sort();
  }
}

describe('every registry builtin against brute force (FlatZinc in, all solutions out)', () => {
  it('has a native declaration for every builtin', () => {
    expect(Object.keys(builtins).filter((n) => !declared.has(n))).toEqual([]);
  });

  for (const name of Object.keys(builtins).sort())
    it(name, () => {
      const rng = Rng.seeded(0x5eed);
      let checked = 0;
      for (const params of declared.get(name) ?? [])
        for (let c = 0; c < CASES; c++) {
          const inst = instance(name, params, rng);
          if (!inst) continue;
          const found: string[] = [];
          solveFlatZinc(inst.text, 'b.fzn', { all: true, onSolution: (s) => found.push(s.values.join(',')) });
          expect(found.sort(), inst.text).toEqual(bruteForce(inst));
          checked++;
        }
      expect(checked).toBeGreaterThan(0);
    });
});
