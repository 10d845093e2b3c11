import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A predicate declared in a MiniZinc library file, with or without a body. */
export interface Declared {
  name: string;
  native: boolean;
  file: string;
}

/**
 * The predicates of MiniZinc source text: `predicate NAME(…);` without a body is native (the
 * solver takes it as a FlatZinc builtin), `predicate NAME(…) = …;` is a decomposition.
 */
export function predicates(text: string, file: string): Declared[] {
  const src = text.replace(/%[^\n]*/g, '');
  const out: Declared[] = [];
  for (const m of src.matchAll(/\bpredicate\s+([A-Za-z][A-Za-z0-9_]*)\s*\(/g)) {
    // Skip to the parenthesis that closes the parameter list, then past any annotations.
    let depth = 1;
    let k = (m.index as number) + m[0].length;
    for (; k < src.length && depth > 0; k++) depth += src[k] === '(' ? 1 : src[k] === ')' ? -1 : 0;
    const rest = src.slice(k).replace(/^\s*(::\s*[A-Za-z_][A-Za-z0-9_]*\s*)*/, '');
    out.push({ name: m[1] as string, native: rest.startsWith(';'), file });
  }
  return out;
}

/** Every predicate declared in the .mzn files of `dir`. */
export function libraryPredicates(dir: string): Declared[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mzn'))
    .flatMap((f) => predicates(readFileSync(join(dir, f), 'utf8'), f));
}

const STD = '/usr/share/minizinc/std';

/**
 * The integer and Boolean FlatZinc builtins MiniZinc's standard library leaves to every solver:
 * declared without a body in std/flatzinc_builtins.mzn and not decomposed by one of the standard
 * redefinitions-*.mzn files (those a solver library overrides by file name). Float and set
 * variables are outside softprop, and so are the builtins over them.
 */
export function standardBuiltins(): { name: string; redefinedIn?: string }[] {
  const std = readdirSync(STD);
  const decomposed = new Map<string, string>();
  for (const f of std.filter((n) => /^redefinitions.*\.mzn$/.test(n)))
    for (const p of predicates(readFileSync(join(STD, f), 'utf8'), f)) if (!p.native) decomposed.set(p.name, f);
  const builtins = predicates(readFileSync(join(STD, 'flatzinc_builtins.mzn'), 'utf8'), 'flatzinc_builtins.mzn');
  const outside = /float|^set_(?!in$|in_reif$)|_set_|int2float/;
  return builtins
    .filter((p) => !outside.test(p.name))
    .map((p) => (decomposed.has(p.name) ? { name: p.name, redefinedIn: decomposed.get(p.name) } : { name: p.name }));
}
