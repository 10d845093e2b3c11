import { describe, expect, it } from 'vitest';
import { UserError } from '../../../solver/api/user-error.js';
import { booleanBuiltins } from '../../../solver/cp/builtins/boolean.js';
import type { PostContext } from '../../../solver/cp/builtins/poster.js';
import { buildFznSpace } from '../../../solver/cp/fzn/index.js';
import { Space } from '../../../solver/cp/space.js';
import { type FznConstraint, type FznExpr, type FznScalar, type IntSet, parseFlatZinc } from '../../../solver/formats/flatzinc/index.js';
import type { Rng } from '../../../solver/model/rng.js';
import { checkPropagator, forSeeds, randomCoefficients, randomDomain, randomRange } from '../oracle.js';
import { randomBool } from './bools.js';

/** A PostContext over oracle variables: FlatZinc variable id i is Space variable vars[i]. */
function context(space: Space, vars: Int32Array): PostContext {
  const ctx: PostContext = {
    space,
    intVar: (e) => (e.kind === 'var' ? (vars[e.id] as number) : space.newVar(ctx.int(e), ctx.int(e))),
    intVars: (e) => (e.kind === 'array' ? Int32Array.from(e.items, (i) => ctx.intVar(i)) : ctx.fail('array expected')),
    int: (e) => (e.kind === 'int' ? e.value : e.kind === 'bool' ? Number(e.value) : ctx.fail('literal expected')),
    ints: (e) => (e.kind === 'array' ? e.items.map((i) => ctx.int(i)) : ctx.fail('array expected')),
    set: (e) => (e.kind === 'set' ? e.set : ctx.fail('set expected')),
    sets: (e) => (e.kind === 'array' ? e.items.map((i) => ctx.set(i)) : ctx.fail('array expected')),
    fail: (message) => {
      throw new Error(message);
    },
  };
  return ctx;
}

const ref = (id: number): FznScalar => ({ kind: 'var', id });
const refs = (from: number, count: number): FznExpr => ({ kind: 'array', items: Array.from({ length: count }, (_, k) => ref(from + k)) });

/**
 * A random instance of a builtin's argument shape: the FlatZinc arguments over variables 0..n−1,
 * their domains, and the meaning of the arguments as a function of the variables' values.
 */
interface Instance {
  args: FznExpr[];
  domains: number[][];
  wide?: boolean[];
  /** [the arrays' values..., the scalars' values...] → holds, per the FlatZinc specification. */
  holds(x: readonly number[]): boolean;
  /** Soundness only where the propagator is weaker than domain consistency. */
  claims?: 'none';
}

type Spec = (rng: Rng) => Instance;

const sum = (x: readonly number[]) => x.reduce((a, b) => a + b, 0);

/** (a, b) or (a, b, r) over Booleans. */
const pair =
  (holds: (a: number, b: number) => boolean): Spec =>
  (rng) => ({ args: [ref(0), ref(1)], domains: [randomBool(rng), randomBool(rng)], holds: (x) => holds(x[0] as number, x[1] as number) });
const triple =
  (holds: (a: number, b: number, r: number) => boolean): Spec =>
  (rng) => ({
    args: [ref(0), ref(1), ref(2)],
    domains: [randomBool(rng), randomBool(rng), randomBool(rng)],
    holds: (x) => holds(x[0] as number, x[1] as number, x[2] as number),
  });
/** (as) or (as, r): as are variables 0..n−1, r is n. */
const overArray =
  (withR: boolean, holds: (as: readonly number[], r: number) => boolean): Spec =>
  (rng) => {
    const n = rng.int(0, 4);
    return {
      args: withR ? [refs(0, n), ref(n)] : [refs(0, n)],
      domains: Array.from({ length: n + (withR ? 1 : 0) }, () => randomBool(rng)),
      holds: (x) => holds(x.slice(0, n), x[n] as number),
    };
  };
/** (as, bs) or (as, bs, r). */
const twoArrays =
  (withR: boolean, holds: (as: readonly number[], bs: readonly number[], r: number) => boolean): Spec =>
  (rng) => {
    const n = rng.int(0, 3);
    const m = rng.int(0, 3);
    return {
      args: withR ? [refs(0, n), refs(n, m), ref(n + m)] : [refs(0, n), refs(n, m)],
      domains: Array.from({ length: n + m + (withR ? 1 : 0) }, () => randomBool(rng)),
      holds: (x) => holds(x.slice(0, n), x.slice(n, n + m), x[n + m] as number),
    };
  };
/** (x, S) or (x, S, r), x a bitmask or interval variable. */
const setIn =
  (withR: boolean, holds: (inS: boolean, r: number) => boolean): Spec =>
  (rng) => {
    const values = randomDomain(rng, -6, 6, 0.5);
    const set: IntSet =
      rng.float() < 0.3 ? { kind: 'range', min: values[0] as number, max: values[values.length - 1] as number } : { kind: 'set', values };
    const wide = rng.float() < 0.4;
    const member = (v: number) => (set.kind === 'range' ? set.min <= v && v <= set.max : set.values.includes(v));
    return {
      args: withR ? [ref(0), { kind: 'set', set }, ref(1)] : [ref(0), { kind: 'set', set }],
      domains: withR ? [wide ? randomRange(rng) : randomDomain(rng), randomBool(rng)] : [wide ? randomRange(rng) : randomDomain(rng)],
      wide: withR ? [wide, false] : [wide],
      holds: (x) => holds(member(x[0] as number), x[1] as number),
    };
  };

/** (as, bs, c): c a variable, or for bool_lin_le a literal half the time (the standard declares it int; Gecode's library, var int). */
const boolLin =
  (eq: boolean): Spec =>
  (rng) => {
    const n = rng.int(0, 4);
    const a = randomCoefficients(rng, n, -3, 3);
    const literal = !eq && rng.float() < 0.5;
    const k = rng.int(-4, 4);
    const sum = (x: readonly number[]) => a.reduce((t, ai, i) => t + ai * (x[i] as number), 0);
    return {
      args: [
        { kind: 'array', items: a.map((value) => ({ kind: 'int', value })) },
        refs(0, n),
        literal ? { kind: 'int', value: k } : ref(n),
      ],
      domains: [...Array.from({ length: n }, () => randomBool(rng)), ...(literal ? [] : [randomDomain(rng, -6, 6)])],
      holds: (x) => {
        const c = literal ? k : (x[n] as number);
        return eq ? sum(x) === c : sum(x) <= c;
      },
      claims: 'none',
    };
  };

/** (b, as, c) for a constant array as: ints, or bools written as FlatZinc Booleans. */
const element =
  (bool: boolean): Spec =>
  (rng) => {
    const table = Array.from({ length: rng.int(0, 5) }, () => (bool ? rng.int(0, 1) : rng.int(-3, 3)));
    const wide = [rng.float() < 0.3, !bool && rng.float() < 0.3];
    return {
      args: [
        ref(0),
        { kind: 'array', items: table.map((x): FznScalar => (bool ? { kind: 'bool', value: x === 1 } : { kind: 'int', value: x })) },
        ref(1),
      ],
      domains: [
        wide[0] ? randomRange(rng, -1, 6) : randomDomain(rng, -1, 6),
        bool ? randomBool(rng) : wide[1] ? randomRange(rng, -4, 4) : randomDomain(rng, -4, 4),
      ],
      wide,
      holds: ([b, c]) => table[(b as number) - 1] === c,
    };
  };

/** (b, xs, c) for variables xs: b is variable 0, c variable 1, xs variables 2.. (one maybe a literal). */
const varElement =
  (bool: boolean): Spec =>
  (rng) => {
    const n = rng.int(0, 3);
    const literal = n > 0 && rng.float() < 0.3 ? rng.int(0, n - 1) : -1;
    const value = rng.int(0, 1);
    const dom = () => (bool ? randomBool(rng) : randomDomain(rng, -3, 3));
    return {
      args: [
        ref(0),
        { kind: 'array', items: Array.from({ length: n }, (_, i): FznScalar => (i === literal ? { kind: 'int', value } : ref(2 + i))) },
        ref(1),
      ],
      domains: [randomDomain(rng, -1, n + 1), dom(), ...Array.from({ length: n }, dom)],
      holds: (x) => {
        const b = x[0] as number;
        return b >= 1 && b <= n && (b - 1 === literal ? value : x[1 + b]) === x[1];
      },
      claims: 'none',
    };
  };

const imp = (r: number, c: boolean) => r === 0 || c;
const iff = (r: number, c: boolean) => (r === 1) === c;
const clause = (as: readonly number[], bs: readonly number[]) => as.includes(1) || bs.includes(0);

/** Every builtin of the table, with its meaning written from the FlatZinc specification. */
const specs: Record<string, Spec> = {
  bool_clause: twoArrays(false, clause),
  bool_clause_reif: twoArrays(true, (as, bs, r) => iff(r, clause(as, bs))),
  bool_clause_imp: twoArrays(true, (as, bs, r) => imp(r, clause(as, bs))),
  array_bool_and: overArray(true, (as, r) => iff(r, !as.includes(0))),
  array_bool_and_imp: overArray(true, (as, r) => imp(r, !as.includes(0))),
  array_bool_or: overArray(true, (as, r) => iff(r, as.includes(1))),
  array_bool_or_imp: overArray(true, (as, r) => imp(r, as.includes(1))),
  array_bool_xor: overArray(false, (as) => sum(as) % 2 === 1),
  bool_and: triple((a, b, r) => iff(r, a === 1 && b === 1)),
  bool_and_imp: triple((a, b, r) => imp(r, a === 1 && b === 1)),
  bool_or: triple((a, b, r) => iff(r, a === 1 || b === 1)),
  bool_or_imp: triple((a, b, r) => imp(r, a === 1 || b === 1)),
  bool_xor: (rng) => (rng.float() < 0.5 ? pair((a, b) => a !== b)(rng) : triple((a, b, r) => iff(r, a !== b))(rng)),
  bool_xor_imp: triple((a, b, r) => imp(r, a !== b)),
  bool_not: pair((a, b) => a !== b),
  bool_eq: pair((a, b) => a === b),
  bool_eq_reif: triple((a, b, r) => iff(r, a === b)),
  bool_eq_imp: triple((a, b, r) => imp(r, a === b)),
  bool_ne: pair((a, b) => a !== b),
  bool_ne_reif: triple((a, b, r) => iff(r, a !== b)),
  bool_ne_imp: triple((a, b, r) => imp(r, a !== b)),
  bool_le: pair((a, b) => a <= b),
  bool_le_reif: triple((a, b, r) => iff(r, a <= b)),
  bool_le_imp: triple((a, b, r) => imp(r, a <= b)),
  bool_lt: pair((a, b) => a < b),
  bool_lt_reif: triple((a, b, r) => iff(r, a < b)),
  bool_lt_imp: triple((a, b, r) => imp(r, a < b)),
  bool_ge: pair((a, b) => a >= b),
  bool_ge_reif: triple((a, b, r) => iff(r, a >= b)),
  bool_ge_imp: triple((a, b, r) => imp(r, a >= b)),
  bool_gt: pair((a, b) => a > b),
  bool_gt_reif: triple((a, b, r) => iff(r, a > b)),
  bool_gt_imp: triple((a, b, r) => imp(r, a > b)),
  bool_lin_eq: boolLin(true),
  bool_lin_le: boolLin(false),
  // b over −2..3 (bitmask or interval), or within 0..1 as MiniZinc declares it.
  bool2int: (rng) => {
    const wide = rng.float() < 0.3;
    const within = !wide && rng.float() < 0.4;
    return {
      args: [ref(0), ref(1)],
      domains: [randomBool(rng), wide ? randomRange(rng, -2, 3) : within ? randomBool(rng) : randomDomain(rng, -2, 3)],
      wide: [false, wide],
      holds: (x) => x[0] === x[1],
    };
  },
  array_int_element: element(false),
  array_bool_element: element(true),
  array_var_int_element: varElement(false),
  array_var_bool_element: varElement(true),
  set_in: setIn(false, (inS) => inS),
  set_in_reif: setIn(true, (inS, r) => iff(r, inS)),
  set_in_imp: setIn(true, (inS, r) => imp(r, inS)),
};

describe('the Boolean builtin table', () => {
  it('has a specification here for every name it maps', () => {
    expect(Object.keys(booleanBuiltins).sort()).toEqual(Object.keys(specs).sort());
  });

  it('refuses a wrong number of arguments or coefficients, and inexact coefficients, at the line, naming the builtin', () => {
    const refusal = (call: string) => {
      const text = `var bool: a;\nvar bool: b;\nvar bool: r;\nvar 1..3: i;\nconstraint ${call};\nsolve satisfy;\n`;
      try {
        buildFznSpace(parseFlatZinc(text, 'm.fzn'), 'm.fzn');
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(refusal('bool_clause([a], [b], r)')).toBe('m.fzn:5: bool_clause: takes 2 arguments, not 3');
    expect(refusal('bool_xor(a)')).toBe('m.fzn:5: bool_xor: takes 2 or 3 arguments, not 1');
    expect(refusal('array_int_element(i, [1, 2, 3])')).toBe('m.fzn:5: array_int_element: takes 3 arguments, not 2');
    expect(refusal('bool_xor(a, b)')).toBe('accepted');
    expect(refusal('bool_lin_eq([1, 2], [a], i)')).toBe('m.fzn:5: bool_lin_eq: 2 coefficients for 1 variables');
    expect(refusal('bool_lin_le([4503599627370496, 4503599627370496], [a, b], 3)')).toBe(
      'm.fzn:5: bool_lin_le: coefficients sum to 2^53 or more, beyond exact arithmetic',
    );
    const none: FznConstraint = { name: 'none', args: [], annotations: [], line: 1 };
    for (const [name, post] of Object.entries(booleanBuiltins)) {
      for (const count of [0, 5]) {
        const args = Array.from({ length: count }, (): FznExpr => ({ kind: 'bool', value: true }));
        expect(() => post(context(new Space(), new Int32Array(0)), args, { ...none, name }), `${name} with ${count}`).toThrow(
          /takes .* arguments/,
        );
      }
    }
  });

  for (const [name, spec] of Object.entries(specs)) {
    it(`${name}: against its FlatZinc meaning on 60 random instances`, () => {
      const post = booleanBuiltins[name];
      if (!post) throw new Error(`${name} is not in the table`);
      forSeeds(60, (rng, seed) => {
        const inst = spec(rng);
        const c: FznConstraint = { name, args: inst.args, annotations: [], line: 1 };
        checkPropagator({
          domains: inst.domains,
          wide: inst.wide,
          post: (space, vars) => post(context(space, vars), inst.args, c),
          holds: inst.holds,
          claims: inst.claims ?? 'domain',
          seed,
        });
      });
    });
  }
});
