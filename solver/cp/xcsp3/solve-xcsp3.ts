import { checkXcsp3Solution } from '../../formats/source-check/xcsp3.js';
import { type StopCheck, StoppedByLimit } from '../../model/stop.js';
import { cpSearch } from '../search.js';
import { buildXcspSpace } from './xcsp3-space.js';

export interface XcspSolveOptions {
  /** Count every solution (satisfaction) instead of stopping at the first. */
  count?: boolean;
  /** Covers building the Space too (posting polls it); the search gets what is left. */
  timeoutMs?: number;
  nodeLimit?: number;
  seed?: number;
  stop?: { readonly stopped: boolean };
  /** Polled while posting (beside the time limit). */
  postStop?: StopCheck;
  /** Each solution (each improving one for a COP), already checked against the XML. */
  onSolution?(solution: XcspSolution): void;
}

/** A solution: the value of each declared variable, and the objective's for a COP. */
export interface XcspSolution {
  readonly names: readonly string[];
  readonly values: Int32Array;
  readonly objective?: number;
}

/** XCSP3 competition statuses. */
export type XcspStatus = 'SATISFIABLE' | 'UNSATISFIABLE' | 'OPTIMUM FOUND' | 'UNKNOWN';

export interface XcspResult {
  status: XcspStatus;
  /** Solutions found (all of them when counting and `complete`). */
  solutions: number;
  /** True when the search space was exhausted (count exact, unsatisfiability or optimality proved). */
  complete: boolean;
  last?: XcspSolution;
  /** True for a COP (`<minimize>`/`<maximize>`). */
  optimisation: boolean;
  nodes: number;
  failures: number;
  timeMs: number;
}

/** A solution the XML checker refuses: a bug in the translation, never a user error. */
export class XcspCheckError extends Error {}

/**
 * Solves an XCSP3 instance with the CP engine: satisfaction (first solution, or all with `count`,
 * distinct on the declared variables) or branch and bound for `<minimize>`/`<maximize>`. Every
 * solution is checked against the XML by the independent checker before it is reported.
 */
export function solveXcsp3(text: string, file: string, options: XcspSolveOptions = {}): XcspResult {
  const t0 = performance.now();
  const deadline = t0 + (options.timeoutMs ?? Infinity);
  const stopped = (): boolean => performance.now() >= deadline || options.stop?.stopped === true || options.postStop?.() === true;
  const ended = (status: XcspStatus, complete: boolean, optimisation: boolean): XcspResult => ({
    status,
    solutions: 0,
    complete,
    optimisation,
    nodes: 0,
    failures: 0,
    timeMs: performance.now() - t0,
  });
  let x: ReturnType<typeof buildXcspSpace>;
  try {
    x = buildXcspSpace(text, file, stopped);
  } catch (e) {
    // A limit stopped the posting: nothing is known (not even whether it is a COP).
    if (e instanceof StoppedByLimit) return ended('UNKNOWN', false, false);
    throw e;
  }
  const optimisation = x.objective !== undefined;
  if (x.failed) return ended('UNSATISFIABLE', true, optimisation);
  let last: XcspSolution | undefined;
  const r = cpSearch(x.space, {
    branches: [],
    objective: x.objective,
    maxSolutions: options.count ? Infinity : 1,
    project: x.mentioned,
    timeoutMs: Math.max(0, deadline - performance.now()),
    nodeLimit: options.nodeLimit,
    seed: options.seed,
    stop: options.stop,
    onSolution(store) {
      const values = Int32Array.from(x.vars, (v) => store.value(v));
      const byName: Record<string, number> = {};
      x.names.forEach((n, i) => {
        byName[n] = values[i] as number;
      });
      const why = checkXcsp3Solution(x.root, byName);
      if (why !== null) throw new XcspCheckError(`${file}: solution refused by the XCSP3 checker: ${why}`);
      last = { names: x.names, values, objective: x.objective ? store.value(x.objective.v) : undefined };
      options.onSolution?.(last);
    },
  });
  const status: XcspStatus =
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

/** The competition's `v` line of a solution. */
export function instantiationLine(s: XcspSolution): string {
  return `v <instantiation> <list> ${s.names.join(' ')} </list> <values> ${Array.from(s.values).join(' ')} </values> </instantiation>`;
}
