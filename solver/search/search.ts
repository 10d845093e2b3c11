import { checkProblem } from '../model/check-problem.js';
import type { Problem } from '../model/problem.js';
import { StoppedByLimit } from '../model/stop.js';
import type { ValueOrder, VariablePick, VarOrder } from './branching.js';
import { minValue, VarChooser } from './branching.js';
import { checkSolution } from './checker.js';
import { defaultSearchContext, type SearchContext } from './context.js';
import type { ExternalPropagator } from './engine.js';
import { type Engine, takeEngine } from './engine.js';
import { emptyStats, Limits, searchStatus } from './limits.js';
import { luby } from './luby.js';
import type { AllDiffLevel } from './propagators/alldiff.js';
import type { UndoMode } from './store.js';

export interface SearchOptions {
  /** Wall-clock budget in milliseconds. */
  timeoutMs?: number;
  /** Budget of search nodes (left and right branches). */
  nodes?: number;
  /** Polled every few nodes; returning true stops the search. */
  interrupt?: () => boolean;
  /** Enumerate every solution (counts exactly when status is not 'unknown'). */
  all?: boolean;
  /** Stop after this many solutions (default 1, or unlimited with `all`). */
  maxSolutions?: number;
  /** Variable choice (default 'domwdeg'). */
  varOrder?: VarOrder;
  /** Value choice (default: minimum value). */
  valueOrder?: ValueOrder;
  /** Variable choice consulted before `varOrder` (which decides when it returns −1). */
  variablePick?: VariablePick;
  /** Luby restarts (default true; never when more than one solution is wanted, as restarts would repeat solutions). */
  restarts?: boolean;
  /** Tie-breaking of the variable choice, reproducible. */
  seed?: number;
  /** Consistency of all-different (default 'gac'). */
  alldiff?: AllDiffLevel;
  /** How the domain store undoes decisions (default: by problem size); both give the same search, node for node. */
  undo?: UndoMode;
  /**
   * Value symmetry (graph colouring: all values interchangeable): when the left branch x = a
   * used a value no fixed variable holds, the right branch removes every such value from x. With
   * `all`, solutions are then counted up to a renaming of the values.
   */
  interchangeableValues?: boolean;
  /** E.g. the FPGA: called at every node after internal propagation reaches its fixpoint; if it changes domains, internal propagation runs again. */
  external?: ExternalPropagator;
  /** Called with each solution (value indices; the array is reused); return false to stop. */
  // biome-ignore lint/suspicious/noConfusingVoidType: callers may pass callbacks that return nothing.
  onSolution?: (values: Int32Array) => boolean | void;
  /** Where idle engines and grid runs are kept for the next search (default: `defaultSearchContext`). */
  context?: SearchContext;
  /** Sees every branch as it is taken (e.g. to record the states the search meets). */
  observer?: SearchObserver;
}

/**
 * Watches the search tree. `decide` comes at each decision node, after propagation, before the left
 * branch x = a opens level + 1 (`dom` is the store's words, valid only during the call); `refute`
 * when the right branch x != a refines the node at `level` (with `interchangeableValues` it may
 * remove more values than a); `restart` when a restart goes back to level 0, whose refinements stay.
 */
export interface SearchObserver {
  decide(x: number, a: number, level: number, dom: Uint32Array): void;
  refute(x: number, a: number, level: number): void;
  restart(): void;
}

/**
 * A plug-in that adds to the options of every search (e.g. `solve --device`: an external
 * propagator). It receives the options built so far whole and returns them with its part added,
 * so nothing the caller or another plug-in set is lost on the way.
 */
export interface SearchExtension {
  extend(p: Problem, opts: SearchOptions): SearchOptions;
}

/**
 * A plug-in that replaces the search for one solution (e.g. `solve --encoder`: a learned value
 * order). It receives the whole options of the search it replaces (limits, seed, variable order,
 * interrupt, and every extension's part, such as an external propagator), answers as that search
 * would, and adds a report of type R on how it went.
 */
export interface SearchGuide<R> {
  solve(p: Problem, opts: SearchOptions): GuidedSearchResult<R>;
}

/** What a SearchGuide returns: a search's verdict, first solution and stats, with its own report. */
export interface GuidedSearchResult<R> extends Pick<SearchResult, 'status' | 'solution' | 'stats'> {
  report: R;
}

export interface SearchStats {
  /** Nodes: left branches (x = a) and right branches (x != a) propagated. */
  nodes: number;
  /** Nodes whose propagation failed. */
  failures: number;
  backtracks: number;
  /** Propagator runs. */
  propagations: number;
  /** Fixpoint calls to the external propagator (SearchOptions.external, e.g. the device of `solve --device`). */
  externalCalls: number;
  restarts: number;
  solutions: number;
  timeMs: number;
}

export interface SearchResult {
  /** 'unknown' when a limit stopped the search before it decided (or, with `all`, before it finished). */
  status: 'sat' | 'unsat' | 'unknown';
  /** The first solution found (value indices). */
  solution?: Int32Array;
  solutions: number;
  /** Whether the whole search space was explored (then `solutions` is the exact count in `all` mode). */
  exhausted: boolean;
  stats: SearchStats;
}

/** Failures allowed before the first restart; later budgets follow the Luby sequence. */
const RESTART_UNIT = 100;

/**
 * Complete depth-first search with binary branching x = a / x != a, propagating to a fixpoint at
 * every node (MiniSat's loop: a conflict branch that backtracks one level and takes the right
 * branch, a no-conflict branch that decides). Right branches open no level: they refine the parent.
 */
export function search(p: Problem, opts: SearchOptions = {}): SearchResult {
  const t0 = performance.now();
  checkProblem(p);
  const context = opts.context ?? defaultSearchContext;
  const limits = new Limits(opts, t0);
  const stop = opts.timeoutMs !== undefined || opts.interrupt !== undefined ? () => limits.expired() : undefined;
  const stats = emptyStats();
  let engine: Engine;
  try {
    engine = takeEngine(context, p, { alldiff: opts.alldiff, external: opts.external, undo: opts.undo, stop });
  } catch (e) {
    if (!(e instanceof StoppedByLimit)) throw e;
    stats.timeMs = performance.now() - t0;
    return { status: 'unknown', solutions: 0, exhausted: false, stats };
  }
  engine.stop = stop;
  const store = engine.store;
  const n = store.n;
  const all = opts.all ?? false;
  const target = opts.maxSolutions ?? (all ? Number.POSITIVE_INFINITY : 1);
  const restarts = (opts.restarts ?? !all) && target === 1 && !all;
  const chooser = new VarChooser(engine, opts.varOrder ?? 'domwdeg', opts.seed);
  const valueOrder = opts.valueOrder ?? minValue;
  const variablePick = opts.variablePick;
  const observer = opts.observer;
  const used = opts.interchangeableValues ? new Uint32Array(store.words) : null;
  // 16 levels fit V8's on-heap typed arrays (64 bytes); deeper searches grow them.
  let decVar: Int32Array = new Int32Array(16);
  let decVal: Int32Array = new Int32Array(16);
  let decNew = new Uint8Array(16);
  const values = new Int32Array(n);
  let solution: Int32Array | undefined;
  let exhausted = false;
  let limited = false;
  let lubyIndex = 1;
  let restartBudget = RESTART_UNIT;
  let failuresSinceRestart = 0;

  // A propagation the time limit or interrupt stopped ends the search as a limit does.
  try {
    // conflict: the current node failed (or its solution was recorded) and must be left.
    let conflict = engine.start() >= 0;
    let failed = conflict;
    for (;;) {
      if (conflict) {
        if (failed) {
          stats.failures++;
          failuresSinceRestart++;
        }
        if (store.level === 0) {
          exhausted = true;
          break;
        }
        if (restarts && failuresSinceRestart >= restartBudget) {
          store.backtrackTo(0);
          observer?.restart();
          stats.restarts++;
          failuresSinceRestart = 0;
          restartBudget = RESTART_UNIT * luby(++lubyIndex);
          conflict = failed = false;
          continue;
        }
        const lvl = store.level - 1;
        store.backtrackTo(lvl);
        stats.backtracks++;
        if (limits.reached(stats.nodes)) {
          limited = true;
          break;
        }
        stats.nodes++;
        const x = decVar[lvl] as number;
        let ok: boolean;
        if (used !== null && decNew[lvl] === 1) {
          chooser.usedValues(used);
          ok = store.restrict(x, used, 0);
        } else ok = store.remove(x, decVal[lvl] as number);
        observer?.refute(x, decVal[lvl] as number, lvl);
        if (!ok) store.clearTouched();
        conflict = failed = !ok || engine.propagate() >= 0;
        continue;
      }
      const picked = variablePick === undefined ? -1 : variablePick.select(store.dom, store.words);
      const x = picked >= 0 ? picked : chooser.select();
      if (x < 0) {
        for (let v = 0; v < n; v++) values[v] = store.fixedValue(v);
        const wrong = checkSolution(p, values);
        if (wrong !== null) throw new Error(`internal error: search reached a non-solution: ${wrong}`);
        stats.solutions++;
        solution ??= values.slice();
        if (opts.onSolution?.(values) === false || stats.solutions >= target) break;
        conflict = true;
        failed = false;
        continue;
      }
      if (limits.reached(stats.nodes)) {
        limited = true;
        break;
      }
      const lvl = store.level;
      if (lvl === decVar.length) {
        decVar = grow(decVar);
        decVal = grow(decVal);
        const nd = new Uint8Array(lvl * 2);
        nd.set(decNew);
        decNew = nd;
      }
      const a = valueOrder.pick(x, store.dom, x * store.words);
      observer?.decide(x, a, lvl, store.dom);
      decVar[lvl] = x;
      decVal[lvl] = a;
      if (used !== null) {
        chooser.usedValues(used);
        decNew[lvl] = ((used[a >>> 5] as number) >>> (a & 31)) & 1 ? 0 : 1;
      }
      store.push();
      stats.nodes++;
      if (!store.assign(x, a)) throw new Error(`internal error: value order picked value ${a} outside the domain of variable ${x}`);
      conflict = failed = engine.propagate() >= 0;
    }
  } catch (e) {
    if (!(e instanceof StoppedByLimit)) throw e;
    limited = true;
  }
  engine.stop = undefined;
  stats.propagations = engine.propagations;
  stats.externalCalls = engine.externalCalls;
  if (!opts.external) context.engines.set(p.constraints, engine);
  stats.timeMs = performance.now() - t0;
  const status = searchStatus(limited, all, stats.solutions, exhausted);
  return { status, solution, solutions: stats.solutions, exhausted, stats };
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
