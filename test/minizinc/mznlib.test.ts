import { describe, expect, it } from 'vitest';
import { builtins } from '../../solver/cp/builtins/registry.js';
import { libraryPredicates, predicates, standardBuiltins } from './mznlib.js';

const LIB = 'share/minizinc/softprop';

/**
 * The solver library states exactly what the registry holds (STYLE: "an mznlib that says exactly
 * what the registry holds"): a native declaration MiniZinc emits that the registry lacks would be
 * refused at run time, and a registry entry the library does not declare is never used.
 */
describe('mznlib and the builtin registry', () => {
  const registry = new Set(Object.keys(builtins));
  const lib = libraryPredicates(LIB);
  const standard = standardBuiltins();
  const byName = new Map(lib.map((p) => [p.name, p]));
  /** What MiniZinc may emit for softprop: standard builtins not decomposed here or by the std, and the library's natives. */
  const emitted = new Set([
    ...standard
      .filter((s) => {
        const own = byName.get(s.name);
        if (own) return own.native;
        // A standard redefinitions file softprop overrides no longer decomposes it.
        return s.redefinedIn === undefined || lib.some((p) => p.file === s.redefinedIn);
      })
      .map((s) => s.name),
    ...lib.filter((p) => p.native).map((p) => p.name),
  ]);

  it('reads declarations with and without bodies', () => {
    const ps = predicates(
      '% predicate gone(int: x);\npredicate a(var int: x, array [int] of var int: y);\npredicate b(var int: x) = x > 0;\npredicate c(var int: x) :: promise_total;',
      'f',
    );
    expect(ps.map((p) => [p.name, p.native])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
    ]);
    expect(standard.map((s) => s.name)).toContain('int_lin_eq');
    expect(standard.find((s) => s.name === 'bool_clause_reif')?.redefinedIn).toBe('redefinitions-2.0.mzn');
  });

  it('every native declaration of the library is a registry builtin', () => {
    expect(lib.filter((p) => p.native && !registry.has(p.name)).map((p) => `${p.file}: ${p.name}`)).toEqual([]);
  });

  it('the library decomposes no builtin the registry has (a native overload may sit beside a decomposing one)', () => {
    const native = new Set(lib.filter((p) => p.native).map((p) => p.name));
    expect(lib.filter((p) => !p.native && registry.has(p.name) && !native.has(p.name)).map((p) => `${p.file}: ${p.name}`)).toEqual([]);
  });

  it('every registry builtin is standard or declared native by the library', () => {
    const standardNames = new Set(standard.map((s) => s.name));
    expect([...registry].filter((n) => !standardNames.has(n) && !byName.get(n)?.native)).toEqual([]);
  });

  it('every builtin MiniZinc can emit for softprop is in the registry', () => {
    expect([...emitted].filter((n) => !registry.has(n)).sort()).toEqual([]);
  });
});
