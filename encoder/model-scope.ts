import { UserError } from '../solver/api/user-error.js';
import { largestDomain, type Problem } from '../solver/model/problem.js';

/**
 * What a trained model is for: the families of its training data and the shapes of their problems,
 * recorded in meta.json ("scope") when `train` finishes. A problem is in scope when its structure
 * is one the model saw and its largest domain lies within the range it saw. The number of variables
 * is recorded but not checked: the graph network has no size of its own, and running one trained on
 * small problems on larger ones of the same family is what it is for.
 */
export interface ModelScope {
  /** Families of the training items (`softprop generate` names; the format name for a plain input), sorted. */
  families: string[];
  /** Structures seen (see `structureOf`), sorted. */
  structures: string[];
  /** Fewest and most variables of a training problem. */
  variables: { min: number; max: number };
  /** Smallest and largest "largest domain size" of a training problem (sudoku 9×9: 9; a latin square of order n: n). */
  largestDomain: { min: number; max: number };
}

/**
 * A problem's structure: its constraint kinds, sorted and joined by '+', and 'grid' for a sudoku
 * grid (which is all-different like a latin square, but over rows, columns and boxes): a sudoku is
 * "alldiff+grid", a latin square "alldiff", a colouring "neq", a CNF "clause", a random CSP "table".
 */
export function structureOf(p: Problem): string {
  const kinds = new Set<string>();
  for (const c of p.constraints) kinds.add(c.kind);
  if (p.grid) kinds.add('grid');
  return kinds.size === 0 ? 'none' : [...kinds].sort().join('+');
}

/** The scope of a set of training items (`family` is absent for items a library caller made). */
export function scopeOf(items: readonly { problem: Problem; family?: string }[]): ModelScope {
  const families = new Set<string>();
  const structures = new Set<string>();
  const variables = { min: Number.POSITIVE_INFINITY, max: 0 };
  const domain = { min: Number.POSITIVE_INFINITY, max: 0 };
  for (const { problem, family } of items) {
    if (family !== undefined) families.add(family);
    structures.add(structureOf(problem));
    const n = problem.domSize.length;
    const d = largestDomain(problem.domSize);
    variables.min = Math.min(variables.min, n);
    variables.max = Math.max(variables.max, n);
    domain.min = Math.min(domain.min, d);
    domain.max = Math.max(domain.max, d);
  }
  if (items.length === 0) throw new Error('scopeOf: no training items');
  return { families: [...families].sort(), structures: [...structures].sort(), variables, largestDomain: domain };
}

const range = (r: { min: number; max: number }): string => (r.min === r.max ? `${r.min}` : `${r.min}..${r.max}`);

/** One-line description: "sudoku (alldiff+grid, largest domain 9, 81 variables)". */
export function describeScope(s: ModelScope): string {
  const families = s.families.length > 0 ? `${s.families.join(', ')} ` : '';
  return `${families}(${s.structures.join(', ')}, largest domain ${range(s.largestDomain)}, ${range(s.variables)} variables)`;
}

/** Why `p` is outside `scope` (one phrase), or null when it is inside. */
export function outsideScope(scope: ModelScope, p: Problem): string | null {
  const structure = structureOf(p);
  if (!scope.structures.includes(structure)) return `its constraints are ${structure}`;
  const d = largestDomain(p.domSize);
  if (d < scope.largestDomain.min || d > scope.largestDomain.max) return `its largest domain is ${d}`;
  return null;
}

/**
 * The scope recorded in a model's meta.json, undefined when it records none (a model trained
 * before scopes were recorded, a checkpoint); a malformed one is a UserError naming `file`.
 */
export function readScope(meta: Record<string, unknown>, file: string): ModelScope | undefined {
  const s = meta.scope as Partial<Record<keyof ModelScope, unknown>> | undefined;
  if (s === undefined) return undefined;
  const bad = (what: string) => new UserError(`${file}: "scope" ${what}`);
  if (s === null || typeof s !== 'object' || Array.isArray(s)) throw bad('must be an object');
  const strings = (k: 'families' | 'structures'): string[] => {
    const v = s[k];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw bad(`"${k}" must be an array of strings`);
    return v as string[];
  };
  const interval = (k: 'variables' | 'largestDomain'): { min: number; max: number } => {
    const v = s[k] as { min?: unknown; max?: unknown } | undefined;
    const ok = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 1;
    if (!v || !ok(v.min) || !ok(v.max) || v.min > v.max) throw bad(`"${k}" must be {"min", "max"}, integers with 1 ≤ min ≤ max`);
    return { min: v.min, max: v.max };
  };
  const structures = strings('structures');
  if (structures.length === 0) throw bad('"structures" is empty');
  return { families: strings('families'), structures, variables: interval('variables'), largestDomain: interval('largestDomain') };
}
