import { type StopCheck, StoppedByLimit } from '../model/stop.js';
import { cpSearch } from './search.js';
import type { Space } from './space.js';

/**
 * Solving a model of named variables (an XCSP3 instance, a JSON model) on the CP engine:
 * satisfaction (first solution, or all distinct on the mentioned variables) or branch and bound,
 * every solution checked against the source document before it is reported.
 */

/** A model built into a Space, with what its solutions are named and counted by. */
export interface NamedSpace {
  readonly space: Space;
  /** Declared variables, in declaration order. */
  readonly names: readonly string[];
  /** Space variable of each name. */
  readonly vars: ArrayLike<number>;
  /** The variables solutions must differ on when counting (all declared ones unless the format says otherwise). */
  readonly mentioned?: Int32Array;
  /** The objective's Space variable and sense. */
  readonly objective?: { v: number; sense: 'minimize' | 'maximize' };
  /** A domain emptied while posting: no solution. */
  readonly failed: boolean;
}

export interface ModelSolveOptions {
  /** Count every solution (satisfaction) instead of stopping at the first. */
  count?: boolean;
  /** Covers building the Space too (building polls it); the search gets what is left. */
  timeoutMs?: number;
  nodeLimit?: number;
  seed?: number;
  stop?: { readonly stopped: boolean };
  /** Polled while building (beside the time limit). */
  postStop?: StopCheck;
  /** Each solution (each improving one for an optimisation), already checked. */
  onSolution?(solution: ModelSolution): void;
}

/** A solution: the value of each declared variable, and the objective's. */
export interface ModelSolution {
  readonly names: readonly string[];
  readonly values: Int32Array;
  readonly objective?: number;
}

/** The answers, in the XCSP3 competition's words. */
export type ModelStatus = 'SATISFIABLE' | 'UNSATISFIABLE' | 'OPTIMUM FOUND' | 'UNKNOWN';

export interface ModelResult {
  status: ModelStatus;
  /** Solutions found (all of them when counting and `complete`). */
  solutions: number;
  /** True when the search space was exhausted (count exact, unsatisfiability or optimality proved). */
  complete: boolean;
  last?: ModelSolution;
  /** True for a model with an objective. */
  optimisation: boolean;
  nodes: number;
  failures: number;
  timeMs: number;
}

/** A solution the source checker refuses: a bug in the translation, never a user error. */
export class ModelCheckError extends Error {}

/**
 * Builds (`build` polls the stop check it is given and throws StoppedByLimit) and solves; `check`
 * judges each solution by name (null when it holds, else why not).
 */
export function solveNamedModel(
  file: string,
  build: (stop: StopCheck) => NamedSpace,
  check: (values: Readonly<Record<string, number>>) => string | null,
  options: ModelSolveOptions,
): ModelResult {
  const t0 = performance.now();
  const deadline = t0 + (options.timeoutMs ?? Infinity);
  const stopped = (): boolean => performance.now() >= deadline || options.stop?.stopped === true || options.postStop?.() === true;
  const ended = (status: ModelStatus, complete: boolean, optimisation: boolean): ModelResult => ({
    status,
    solutions: 0,
    complete,
    optimisation,
    nodes: 0,
    failures: 0,
    timeMs: performance.now() - t0,
  });
  let x: NamedSpace;
  try {
    x = build(stopped);
  } catch (e) {
    // A limit stopped the building: nothing is known (not even whether there is an objective).
    if (e instanceof StoppedByLimit) return ended('UNKNOWN', false, false);
    throw e;
  }
  const optimisation = x.objective !== undefined;
  if (x.failed) return ended('UNSATISFIABLE', true, optimisation);
  let last: ModelSolution | undefined;
  const r = cpSearch(x.space, {
    branches: [],
    objective: x.objective,
    maxSolutions: options.count ? Infinity : 1,
    project: x.mentioned ?? Int32Array.from(x.vars),
    timeoutMs: Math.max(0, deadline - performance.now()),
    nodeLimit: options.nodeLimit,
    seed: options.seed,
    // Luby restarts keep dom/wdeg's weights (cpSearch ignores them when counting): without them
    // Rlfap-scen-11-f06 was not refuted in 3 min of CPU, with them in 89021 nodes.
    restarts: true,
    stop: options.stop,
    onSolution(store) {
      const values = Int32Array.from(x.vars, (v) => store.value(v));
      const byName: Record<string, number> = {};
      x.names.forEach((n, i) => {
        byName[n] = values[i] as number;
      });
      const why = check(byName);
      if (why !== null) throw new ModelCheckError(`${file}: solution refused by the independent checker: ${why}`);
      last = { names: x.names, values, objective: x.objective ? store.value(x.objective.v) : undefined };
      options.onSolution?.(last);
    },
  });
  const status: ModelStatus =
    r.solutions === 0 ? (r.complete ? 'UNSATISFIABLE' : 'UNKNOWN') : optimisation && r.complete ? 'OPTIMUM FOUND' : 'SATISFIABLE';
  return {
    status,
    solutions: r.solutions,
    complete: r.complete,
    last,
    optimisation,
    nodes: r.nodes,
    failures: r.failures,
    timeMs: performance.now() - t0,
  };
}
