import { describe, expect, it } from 'vitest';
import { globalBuiltins } from '../../../solver/cp/builtins/globals.js';
import { checkFznSolution, solveFlatZinc } from '../../../solver/cp/fzn/index.js';
import { parseFlatZinc } from '../../../solver/formats/flatzinc/index.js';
import type { Rng } from '../../../solver/model/rng.js';
import { forEachAssignment, forSeeds } from '../oracle.js';

/**
 * The global builtins through the FlatZinc front end: small random FlatZinc models using each
 * builtin (arguments in the order MiniZinc 2.6 emits them with share/minizinc/softprop), every
 * solution listed by solveFlatZinc and counted against brute force over the declared domains with
 * the FlatZinc engineer's independent checker (solver/cp/fzn/fzn-check.ts).
 */

/** `var lo..hi: name;` declarations of `count` variables `prefix1..`, and the array literal naming them. */
function vars(rng: Rng, prefix: string, count: number, lo: number, hi: number): { decls: string; list: string } {
  const names = Array.from({ length: count }, (_, k) => `${prefix}${k + 1}`);
  const decls = names.map((n) => {
    const a = rng.int(lo, hi);
    const b = rng.int(a, hi);
    return `var ${a}..${b}: ${n};`;
  });
  return { decls: decls.join('\n'), list: `[${names.join(',')}]` };
}

function bools(prefix: string, count: number): { decls: string; list: string } {
  const names = Array.from({ length: count }, (_, k) => `${prefix}${k + 1}`);
  return { decls: names.map((n) => `var bool: ${n};`).join('\n'), list: `[${names.join(',')}]` };
}

const ints = (rng: Rng, count: number, lo: number, hi: number) => Array.from({ length: count }, () => rng.int(lo, hi));

/** A random model per builtin: declarations and one constraint. */
const MODELS: Record<string, (rng: Rng) => string> = {
  fzn_table_int(rng) {
    const n = rng.int(1, 3);
    const x = vars(rng, 'x', n, -1, 2);
    return `${x.decls}\nconstraint fzn_table_int(${x.list},[${ints(rng, n * rng.int(0, 6), -1, 2)}]);`;
  },
  fzn_table_bool(rng) {
    const n = rng.int(1, 3);
    const x = bools('b', n);
    const t = Array.from({ length: n * rng.int(0, 4) }, () => (rng.float() < 0.5 ? 'true' : 'false'));
    return `${x.decls}\nconstraint fzn_table_bool(${x.list},[${t}]);`;
  },
  fzn_all_different_int(rng) {
    const x = vars(rng, 'x', rng.int(2, 4), 0, 3);
    return `${x.decls}\nconstraint fzn_all_different_int(${x.list});`;
  },
  fzn_count_eq(rng) {
    const x = vars(rng, 'x', rng.int(1, 3), 0, 2);
    const y = rng.float() < 0.5 ? 'var 0..2: y;' : '';
    return `${x.decls}\n${y}\nvar 0..3: c;\nconstraint fzn_count_eq(${x.list},${y ? 'y' : rng.int(0, 2)},c);`;
  },
  fzn_among(rng) {
    const x = vars(rng, 'x', rng.int(1, 3), -1, 2);
    return `${x.decls}\nvar 0..3: n;\nconstraint fzn_among(n,${x.list},{${[...new Set(ints(rng, 2, -1, 2))].sort()}});`;
  },
  fzn_global_cardinality(rng) {
    const x = vars(rng, 'x', rng.int(1, 3), 0, 2);
    const cover = [...new Set(ints(rng, 2, 0, 3))];
    const c = vars(rng, 'c', cover.length, 0, 2);
    return `${x.decls}\n${c.decls}\nconstraint fzn_global_cardinality(${x.list},[${cover}],${c.list});`;
  },
  fzn_global_cardinality_low_up(rng) {
    const x = vars(rng, 'x', rng.int(1, 3), 0, 2);
    const cover = [...new Set(ints(rng, 2, 0, 3))];
    const lb = cover.map(() => rng.int(0, 1));
    return `${x.decls}\nconstraint fzn_global_cardinality_low_up(${x.list},[${cover}],[${lb}],[${lb.map((l) => l + rng.int(0, 2))}]);`;
  },
  softprop_inverse(rng) {
    const n = rng.int(1, 3);
    const fBase = rng.int(0, 1);
    const invBase = rng.int(0, 1);
    const f = vars(rng, 'f', n, invBase - 1, invBase + n);
    const g = vars(rng, 'g', n, fBase - 1, fBase + n);
    return `${f.decls}\n${g.decls}\nconstraint softprop_inverse(${f.list},${fBase},${g.list},${invBase});`;
  },
  softprop_circuit(rng) {
    const base = rng.int(0, 1);
    const n = rng.int(1, 4);
    const x = vars(rng, 'x', n, base - 1, base + n);
    return `${x.decls}\nconstraint softprop_circuit(${base},${x.list});`;
  },
  softprop_subcircuit(rng) {
    const base = rng.int(0, 1);
    const n = rng.int(1, 4);
    const x = vars(rng, 'x', n, base - 1, base + n);
    return `${x.decls}\nconstraint softprop_subcircuit(${base},${x.list});`;
  },
  fzn_lex_lesseq_int(rng) {
    const x = vars(rng, 'x', rng.int(1, 3), 0, 2);
    const y = vars(rng, 'y', rng.int(1, 3), 0, 2);
    return `${x.decls}\n${y.decls}\nconstraint fzn_lex_lesseq_int(${x.list},${y.list});`;
  },
  fzn_lex_lesseq_bool(rng) {
    const n = rng.int(1, 3);
    const x = bools('a', n);
    const y = bools('b', n);
    return `${x.decls}\n${y.decls}\nconstraint fzn_lex_lesseq_bool(${x.list},${y.list});`;
  },
  fzn_cumulative(rng) {
    const n = rng.int(1, 3);
    const s = vars(rng, 's', n, 0, 3);
    const d = ints(rng, n, -1, 2);
    const r = vars(rng, 'r', n, 0, 2);
    return `${s.decls}\n${r.decls}\nvar 1..2: b;\nconstraint fzn_cumulative(${s.list},[${d}],${r.list},b);`;
  },
};

/** Solutions of the model by brute force over its declared domains, with the independent checker. */
function bruteCount(text: string): number {
  const model = parseFlatZinc(text, 'case.fzn');
  const domains = model.variables.map((v) => {
    if (v.base === 'bool') return [0, 1];
    const d = v.domain;
    if (d === null) throw new Error(`${v.name} has no domain`);
    return d.kind === 'range' ? Array.from({ length: d.max - d.min + 1 }, (_, k) => d.min + k) : [...d.values];
  });
  let count = 0;
  forEachAssignment(domains, (values) => {
    if (checkFznSolution(model, Int32Array.from(values)) === null) count++;
  });
  return count;
}

describe('global builtins through the FlatZinc front end', () => {
  it('has a model for every builtin of the table', () => {
    expect(Object.keys(MODELS).sort()).toEqual(Object.keys(globalBuiltins).sort());
  });

  for (const [name, make] of Object.entries(MODELS)) {
    it(`${name}: every solution listed, as many as brute force finds`, () => {
      let sat = 0;
      forSeeds(40, (rng) => {
        const text = `${make(rng)}\nsolve satisfy;\n`;
        const expected = bruteCount(text);
        const result = solveFlatZinc(text, 'case.fzn', { all: true });
        expect(result.solutions, text).toBe(expected);
        expect(result.status, text).toBe(expected > 0 ? 'all' : 'unsatisfiable');
        if (expected > 0) sat++;
      });
      expect(sat).toBeGreaterThan(2);
    });
  }
});
