import { Rng } from '../model/rng.js';
import { luby } from '../search/luby.js';
import type { IntStore } from './int-store.js';
import { Brancher, type BranchSpec } from './search/brancher.js';
import { alternatives, applyDecision } from './search/decision.js';
import type { Space } from './space.js';

export type { BranchSpec } from './search/brancher.js';
export type { ValSelect } from './search/val-select.js';
export type { VarSelect } from './search/var-select.js';

export interface CpSearchOptions {
  /** seq_search order; unfixed variables not covered are branched on afterwards by the default (dom_w_deg, indomain_min). */
  branches: readonly BranchSpec[];
  /** Ignore `branches` (-f): default strategy, restarts allowed. */
  free?: boolean;
  objective?: { v: number; sense: 'minimize' | 'maximize' };
  /** Stop after this many solutions (satisfaction; default 1); Infinity for all. */
  maxSolutions?: number;
  /**
   * The variables that solutions must differ on (FlatZinc's output variables) when listing more
   * than one solution of a satisfaction problem: they are branched on first, and once they are all
   * fixed only one completion of the others is looked for, so no two solutions agree on them.
   */
  project?: Int32Array;
  timeoutMs?: number;
  nodeLimit?: number;
  seed?: number;
  /**
   * Luby restarts (only with free search or when the annotations allow; the caller decides); default
   * off. Ignored when listing more than one solution of a satisfaction problem, which a restart would
   * list again.
   */
  restarts?: boolean;
  /** Cooperative interrupt (solver/model/stop.ts style). */
  stop?: { readonly stopped: boolean };
  /** Each solution (for optimisation: each improving one), with the store at that solution. */
  onSolution(store: IntStore): void;
}

export interface CpSearchResult {
  solutions: number;
  /** True when the whole space was explored (unsat proved, all solutions listed, or optimality proved). */
  complete: boolean;
  nodes: number;
  failures: number;
  propagations: number;
  /**
   * The most decisions on the path from the root at once, one counted also while its last
   * alternative runs (fzn-gecode reports less for the same tree: 14 against 27 on 10-queens, all
   * solutions, both 11430 nodes and 4992 failures).
   */
  peakDepth: number;
  timeMs: number;
  /** The best objective value found (optimisation with at least one solution). */
  objective?: number;
}

/** Failures allowed in the first run of the Luby sequence (run i gets RESTART_SCALE · luby(i)). */
export const RESTART_SCALE = 100;

/**
 * Depth-first search over a Space with the store's trail, one loop with a consistent branch (choose
 * a decision, or report a solution) and a failed branch (backtrack to the deepest decision with an
 * alternative left). Decisions come from the Brancher (the BranchSpecs, then dom/wdeg). With an
 * objective it is branch and bound: after each solution every new node is first bounded to strictly
 * improve on it. Limits (nodes, time, stop) are checked between nodes; the hot loop allocates
 * nothing. The store is returned to its state before the search.
 *
 * A node is one decision alternative applied; a failure is a node (or the root) whose propagation
 * failed. With `restarts`, a run that reaches its failure budget starts again from the root with the
 * dom/wdeg weights it learnt (and the objective bound).
 */
export function cpSearch(space: Space, options: CpSearchOptions): CpSearchResult {
  const t0 = performance.now();
  const s = space.store;
  const start = s.mark();
  const propagations0 = space.propagations;
  const objective = options.objective;
  const minimize = objective?.sense === 'minimize';
  const maxSolutions = objective ? Infinity : (options.maxSolutions ?? 1);
  const restarts = options.restarts === true && (objective !== undefined || maxSolutions === 1);
  const project = objective === undefined && maxSolutions > 1 ? (options.project ?? null) : null;
  const rng = Rng.seeded(options.seed ?? 0);
  const brancher = new Brancher(
    space,
    options.free ? [] : options.branches,
    rng,
    restarts,
    objective?.sense === 'maximize' ? objective.v : -1,
    project,
  );
  const nodeLimit = options.nodeLimit ?? Infinity;
  const deadline = options.timeoutMs === undefined ? Infinity : t0 + options.timeoutMs;
  const stop = options.stop;

  let solutions = 0;
  let nodes = 0;
  let failures = 0;
  let peakDepth = 0;
  let best = 0;
  let complete = false;
  const stack = new DecisionStack();
  let depth = 0;
  let run = 1;
  let runFailures = 0;
  let runLimit = restarts ? RESTART_SCALE * luby(1) : Infinity;

  /** Bounds the objective by the best solution so far (branch and bound); false when that empties it. */
  const bound = (): boolean => {
    if (objective === undefined || solutions === 0) return true;
    return minimize ? s.setMax(objective.v, best - 1) : s.setMin(objective.v, best + 1);
  };
  /** Propagates after a decision or a bound; counts the failure. */
  const propagate = (narrowed: boolean): boolean => {
    if (narrowed) {
      if (space.fixpoint() < 0) return true;
    } else {
      space.cancel();
    }
    failures++;
    runFailures++;
    return false;
  };

  /** A limit reached (checked before each node; the clock every 16 nodes). */
  const limited = (): boolean => nodes >= nodeLimit || stop?.stopped || ((nodes & 15) === 0 && performance.now() >= deadline);

  let ok = true;
  for (let v = 0; v < s.size && ok; v++) ok = s.min(v) <= s.max(v);
  space.enqueueAll();
  ok = propagate(ok);
  const root = s.mark();
  if (!ok) complete = true;
  while (!complete) {
    if (ok) {
      if (brancher.choose()) {
        if (limited()) break;
        stack.push(depth, s.mark(), brancher.kind, brancher.v, brancher.value, brancher.primary);
        depth++;
        if (depth > peakDepth) peakDepth = depth;
        nodes++;
        ok = propagate(applyDecision(s, brancher.kind, brancher.v, brancher.value, 0) && bound());
        continue;
      }
      solutions++;
      if (objective !== undefined) best = s.value(objective.v);
      options.onSolution(s);
      if (solutions >= maxSolutions) break;
      // One completion per projection: the decisions made once the projection was fixed are dropped.
      if (project !== null) while (depth > 0 && stack.primary[depth - 1] === 0) depth--;
    } else if (runFailures >= runLimit) {
      // Restart: back to the root, keeping the weights and the bound.
      s.undo(root);
      depth = 0;
      runFailures = 0;
      runLimit = RESTART_SCALE * luby(++run);
      ok = propagate(bound());
      if (!ok) complete = true;
      continue;
    }
    // Backtrack to the deepest decision with an alternative left.
    while (depth > 0 && stack.exhausted(depth - 1)) depth--;
    if (depth === 0) {
      complete = true;
      break;
    }
    if (limited()) break;
    const d = depth - 1;
    s.undo(stack.mark[d] as number);
    const alt = (stack.alt[d] as number) + 1;
    stack.alt[d] = alt;
    nodes++;
    ok = propagate(applyDecision(s, stack.kind[d] as number, stack.v[d] as number, stack.value[d] as number, alt) && bound());
  }
  s.undo(start);
  space.cancel();
  const result: CpSearchResult = {
    solutions,
    complete,
    nodes,
    failures,
    propagations: space.propagations - propagations0,
    peakDepth,
    timeMs: performance.now() - t0,
  };
  if (objective !== undefined && solutions > 0) result.objective = best;
  return result;
}

/** The open decisions, one per depth, in typed arrays that grow by doubling. */
class DecisionStack {
  mark = new Int32Array(64);
  kind = new Uint8Array(64);
  alt = new Uint8Array(64);
  /** 1 for a decision on a projection variable. */
  primary = new Uint8Array(64);
  v = new Int32Array(64);
  value = new Int32Array(64);

  push(d: number, mark: number, kind: number, v: number, value: number, primary: boolean): void {
    if (d === this.mark.length) this.grow();
    this.mark[d] = mark;
    this.kind[d] = kind;
    this.alt[d] = 0;
    this.primary[d] = primary ? 1 : 0;
    this.v[d] = v;
    this.value[d] = value;
  }

  /** True when decision d has tried its last alternative. */
  exhausted(d: number): boolean {
    return (this.alt[d] as number) + 1 >= alternatives(this.kind[d] as number);
  }

  private grow(): void {
    const n = this.mark.length * 2;
    const copy = <T extends Int32Array | Uint8Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.mark = copy(this.mark, new Int32Array(n));
    this.kind = copy(this.kind, new Uint8Array(n));
    this.alt = copy(this.alt, new Uint8Array(n));
    this.primary = copy(this.primary, new Uint8Array(n));
    this.v = copy(this.v, new Int32Array(n));
    this.value = copy(this.value, new Int32Array(n));
  }
}
