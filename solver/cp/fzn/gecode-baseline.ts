import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The Gecode baseline of the MiniZinc tests and of `softprop bench --only minizinc`: a Gecode that
 * MiniZinc 2.6.4 can flatten `globals.mzn` for. Debian's `gecode` solver library is older than the
 * standard library it ships with (its `inverse.mzn`, `count.mzn`, … redefine the
 * globals themselves, and `inverse` no longer type-checks), so `minizinc --solver gecode` fails on
 * any model that includes globals.mzn. The standard library's `gecode_presolver` folder has the
 * current `fzn_*` form, but written for a later Gecode: some of its files declare globals native
 * (fzn_table_int, fzn_global_cardinality, …) or call `gecode_*` builtins (gecode_count,
 * gecode_array_int_lt, …) that fzn-gecode 6.2 does not register under those names. Such a file is
 * left out, so MiniZinc decomposes its global; the registered names are read from the strings of
 * the libgecodeflatzinc that fzn-gecode links. Gecode 6.2 has no `int_pow` either: the old
 * library's redefinition (through gecode_int_pow) is appended to redefinitions.mzn.
 */

/** The id of the assembled configuration (`minizinc --solver GECODE_ID`). */
export const GECODE_ID = 'org.softprop.gecode-baseline';

const SHARE = '/usr/share/minizinc';
const FZN_GECODE = '/usr/bin/fzn-gecode';

/** The identifiers in fzn-gecode's FlatZinc library: a superset of the builtin names it registers. */
function registeredNames(): Set<string> {
  const lib = /(\/\S*libgecodeflatzinc\S*)/.exec(execFileSync('ldd', [FZN_GECODE], { encoding: 'utf8' }))?.[1];
  if (!lib) throw new Error(`${FZN_GECODE} does not link libgecodeflatzinc`);
  const text = readFileSync(lib).toString('latin1');
  return new Set(text.split('\0').filter((s) => /^[a-z][a-z0-9_]*$/.test(s)));
}

/** Builtins a library file can put into FlatZinc: its bodiless predicates and the gecode_* it calls. */
function emitted(text: string): string[] {
  const bodiless = [...text.matchAll(/predicate\s+([a-z][a-z0-9_]*)\s*\([^;=]*\)\s*;/g)].map((m) => m[1] as string);
  return [...bodiless, ...(text.match(/\bgecode_[a-z0-9_]+/g) ?? [])];
}

/** Builds the solver folder (holding gecode-fzn.msc, id GECODE_ID, and its mznlib) in a fresh temporary folder. */
export function gecodeSolverFolder(): string {
  const presolver = join(SHARE, 'gecode_presolver');
  if (!existsSync(presolver) || !existsSync(FZN_GECODE)) throw new Error('MiniZinc with Gecode is missing: install minizinc (make tools)');
  const registered = registeredNames();
  const root = mkdtempSync(join(tmpdir(), 'softprop-gecode-'));
  const lib = join(root, 'lib');
  mkdirSync(lib);
  for (const f of readdirSync(presolver)) {
    const text = readFileSync(join(presolver, f), 'utf8');
    // gecode.mzn only declares the gecode_* builtins; a global's file is what would emit one.
    if (f.startsWith('fzn_') && emitted(text).some((name) => !registered.has(name))) continue;
    cpSync(join(presolver, f), join(lib, f));
  }
  const pow = /predicate int_pow\(.*?endif;/s.exec(readFileSync(join(SHARE, 'gecode', 'redefinitions.mzn'), 'utf8'))?.[0];
  if (!pow) throw new Error(`${SHARE}/gecode/redefinitions.mzn has no int_pow redefinition`);
  appendFileSync(join(lib, 'redefinitions.mzn'), `\npredicate gecode_int_pow(var int: x, int: y, var int: z);\n${pow}\n`);
  const solvers = join(root, 'solvers');
  mkdirSync(solvers);
  writeFileSync(
    join(solvers, 'gecode-fzn.msc'),
    JSON.stringify({
      id: GECODE_ID,
      name: 'gecode-fzn',
      version: '6.2.0',
      mznlib: '../lib',
      executable: FZN_GECODE,
      tags: ['cp', 'int'],
      stdFlags: ['-a', '-f', '-n', '-p', '-r', '-s', '-t'],
      supportsMzn: false,
      supportsFzn: true,
      needsSolns2Out: true,
    }),
  );
  return root;
}

/** Removes a folder gecodeSolverFolder made. */
export function removeSolverFolder(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
