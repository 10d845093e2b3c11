import type { FznModel } from '../../formats/flatzinc/index.js';
import { parseFlatZinc } from '../../formats/flatzinc/index.js';
import { StoppedByLimit } from '../../model/stop.js';
import type { IntStore } from '../int-store.js';
import { type CpSearchResult, cpSearch } from '../search.js';
import { checkFznSolution } from './fzn-check.js';
import { formatSolution, type OutputItem, outputItems, scalarValue } from './fzn-output.js';
import { buildFznSpace, type FznSpace } from './fzn-space.js';
import { searchPlan } from './search-annotations.js';

/** Options of solveFlatZinc: the standard FlatZinc solver flags. */
export interface FznSolveOptions {
  /** `-a`: every solution of a satisfaction problem (an optimisation reports each improving one anyway). */
  all?: boolean;
  /** `-n N`: stop after N solutions (default 1 for satisfaction, unlimited improving ones for optimisation). */
  solutions?: number;
  /** `-f`: ignore the search annotations (default strategy, restarts allowed). */
  free?: boolean;
  /** `-t MS`: time limit in milliseconds, building the model included. */
  timeoutMs?: number;
  /** `-r SEED`: seed of every random choice (same seed, same run). */
  seed?: number;
  /** Cooperative interrupt, polled by the search. */
  stop?: { readonly stopped: boolean };
  /** Each solution (optimisation: each improving one) once it has passed the independent check. */
  onSolution?(solution: FznSolution): void;
}

/** One solution of a FlatZinc model. */
export interface FznSolution {
  /** Value of each FznModel variable (bools 0/1). */
  readonly values: Int32Array;
  /** The objective's value (optimisation only). */
  readonly objective?: number;
  /** The solution as FlatZinc prints it (`x = 3;` lines), without the `----------` that ends it. */
  readonly text: string;
}

/**
 * How the search ended: `satisfied` (solutions found, the space not exhausted), `all` (every
 * solution listed), `optimal` (the last solution proved optimal), `unsatisfiable`, `unknown`
 * (a limit stopped the search before any solution).
 */
export type FznStatus = 'satisfied' | 'all' | 'optimal' | 'unsatisfiable' | 'unknown';

export interface FznResult {
  readonly status: FznStatus;
  readonly solutions: number;
  /** The last solution found (the best for optimisation). */
  readonly best?: FznSolution;
  /** Search statistics (all zero when building the model proved it unsatisfiable). */
  readonly stats: Omit<CpSearchResult, 'solutions' | 'complete' | 'objective'>;
  /** Annotations the search could not honour (warnings). */
  readonly ignored: readonly string[];
  readonly model: FznModel;
}

/** A solution the search returned that the independent check rejects: a solver bug (exit 2). */
export class FznCheckError extends Error {
  override name = 'FznCheckError';
}

/**
 * Solves a FlatZinc model given as text (`file` names it in errors): translates it into a Space
 * (solver/cp/fzn/fzn-space.ts), searches as its annotations say unless `free`, re-checks every
 * solution against the model's own constraints before reporting it, and returns how it ended.
 * Throws UserError for a model softprop refuses, FznCheckError for a solution that fails its check.
 */
export function solveFlatZinc(text: string, file: string, options: FznSolveOptions = {}): FznResult {
  const start = performance.now();
  const deadline = options.timeoutMs === undefined ? Infinity : start + options.timeoutMs;
  const model = parseFlatZinc(text, file);
  const outside = options.stop;
  let built: FznSpace;
  try {
    built = buildFznSpace(model, file, () => outside?.stopped === true || performance.now() > deadline);
  } catch (e) {
    // The time limit or an interrupt came while the constraints were posted: nothing is known.
    if (!(e instanceof StoppedByLimit)) throw e;
    const stats = { nodes: 0, failures: 0, propagations: 0, peakDepth: 0, timeMs: performance.now() - start };
    return { status: 'unknown', solutions: 0, stats, ignored: [], model };
  }
  const { space, varOf, objective, failed } = built;
  const plan = searchPlan(model.solve.annotations, varOf);
  const items = outputItems(model, file);
  const optimising = objective >= 0;
  const limit = options.solutions ?? (optimising || options.all ? Infinity : 1);
  let found = 0;
  let best: FznSolution | undefined;
  const stop = {
    get stopped() {
      return outside?.stopped === true || (optimising && found >= limit);
    },
  };

  const record = (store: IntStore): void => {
    const values = new Int32Array(model.variables.length);
    for (let id = 0; id < values.length; id++) {
      const v = varOf[id] as number;
      if (!store.isFixed(v)) throw new FznCheckError(`${file}: variable ${model.variables[id]?.name} is not fixed at a solution`);
      values[id] = store.value(v);
    }
    const wrong = checkFznSolution(model, values);
    if (wrong) throw new FznCheckError(`${file}: a solution fails its check: ${wrong}`);
    const text = formatSolution(items, (s) => scalarValue(values, s));
    best = optimising ? { values, objective: store.value(objective), text } : { values, text };
    found++;
    options.onSolution?.(best);
  };

  if (failed) {
    const stats = { nodes: 0, failures: 0, propagations: 0, peakDepth: 0, timeMs: performance.now() - start };
    return { status: 'unsatisfiable', solutions: 0, stats, ignored: plan.ignored, model };
  }
  const r = cpSearch(space, {
    branches: plan.branches,
    free: options.free,
    objective: optimising ? { v: objective, sense: model.solve.kind === 'maximize' ? 'maximize' : 'minimize' } : undefined,
    maxSolutions: optimising ? undefined : limit,
    // Without output items (a FlatZinc file written by hand) every variable tells solutions apart.
    project: items.length > 0 ? outputVars(items, varOf) : undefined,
    timeoutMs: deadline === Infinity ? undefined : Math.max(0, deadline - performance.now()),
    seed: options.seed,
    // Restarts would list solutions twice.
    restarts: (options.free === true || plan.restarts) && !(options.all === true && !optimising),
    stop,
    onSolution: record,
  });
  const status: FznStatus =
    found === 0 ? (r.complete ? 'unsatisfiable' : 'unknown') : r.complete ? (optimising ? 'optimal' : 'all') : 'satisfied';
  const stats = {
    nodes: r.nodes,
    failures: r.failures,
    propagations: r.propagations,
    peakDepth: r.peakDepth,
    timeMs: performance.now() - start,
  };
  return { status, solutions: found, best, stats, ignored: plan.ignored, model };
}

/** The Space variables the output items print (solutions listed with -a must differ on them). */
function outputVars(items: readonly OutputItem[], varOf: Int32Array): Int32Array {
  const vars: number[] = [];
  for (const item of items) for (const x of item.items) if (x.kind === 'var') vars.push(varOf[x.id] as number);
  return Int32Array.from(new Set(vars));
}
