import { detectFormat } from '../formats/detect.js';
import { colouringInstance, type Graph, parseCol } from '../formats/dimacs-col.js';
import { dsatur, greedyCliqueSize } from '../formats/graph-bounds.js';
import type { Instance, SourceModel } from '../formats/instance.js';
import { labelledInstance } from '../formats/labelled-instance.js';
import { readInput, readInstances } from '../formats/read.js';
import { checkSourceSolution } from '../formats/source-check/check.js';
import { checkProblem } from '../model/check-problem.js';
import { MAX_DOMAIN } from '../model/problem.js';
import { StoppedByLimit } from '../model/stop.js';
import { SearchContext } from '../search/context.js';
import { gridBox, gridSearch } from '../search/grid-search.js';
import { emptyStats } from '../search/limits.js';
import { type SearchExtension, type SearchGuide, type SearchOptions, type SearchStats, search } from '../search/search.js';
import { UserError } from './user-error.js';

/** Options of `solve`, one field per `softprop solve` flag; R is the type of the guide's report. */
export interface SolveOptions<R = unknown> {
  /** Input format; detected from the file name or content when absent. */
  format?: string;
  /** Number of colours for a graph colouring (`.col`) input. */
  colors?: number;
  /** For `.col` inputs: find the smallest number of colours instead. */
  chromatic?: boolean;
  /** Report every solution. */
  all?: boolean;
  /**
   * With `all`: called with each checked solution as the search finds it (value indices, a fresh
   * array), instead of collecting them in the result's `solutions`, so an enumeration streams.
   */
  onSolution?: (inst: Instance, values: Int32Array) => void;
  /** Polled by the search every few nodes; returning true stops it as a limit does (e.g. on SIGINT). */
  interrupt?: () => boolean;
  /** Count solutions (every one is still checked) without reporting them. */
  count?: boolean;
  /**
   * Per-problem limits; in chromatic mode they apply to each number of colours tried (default there:
   * CHROMATIC_STEP_MS per step when neither is given).
   */
  timeoutMs?: number;
  nodes?: number;
  seed?: number;
  varOrder?: 'domwdeg' | 'mindom';
  /** Adds to every problem's search options (e.g. an external propagator: `solve --device`). */
  extend?: SearchExtension;
  /**
   * Replaces the first-solution search (not `all` / `count`), e.g. the encoder-guided solve: it gets
   * the whole search options built above (the extension's part included) and reports how it went.
   */
  guide?: SearchGuide<R>;
  /** Engines and grid runs reused from one problem to the next (default: `solveText` makes one per input). */
  context?: SearchContext;
}

export type Status = 'sat' | 'unsat' | 'unknown';

/** Time allowed for each colour count in chromatic mode when no limit is given. */
export const CHROMATIC_STEP_MS = 10_000;

/** The outcome for one problem of an input (R: the type of the guide's report). */
export interface ProblemResult<R = unknown> {
  instance: Instance;
  status: Status;
  /** Checked solutions (value indices): the first one, or all of them with `all` (unless `onSolution` took them). */
  solutions: Int32Array[];
  /** Solutions found (with `count` or `all`, every one; otherwise 0 or 1). */
  count: number;
  /** Whether the answer is final: false when a limit stopped the search (or, in chromatic mode, before optimality was proven). */
  decided: boolean;
  stats: SearchStats;
  /** Chromatic mode: the colours used, whether that is proven minimal, and the clique lower bound. */
  chromatic?: { colours: number; optimal: boolean; lowerBound: number };
  /** The `guide` plug-in's report, when one solved the problem. */
  guide?: R;
}

/** A solution that fails the independent checker: a solver bug, not a user error. */
export class SolutionCheckError extends Error {
  override name = 'SolutionCheckError';
}

/** Reads `file` (`-` is stdin) and solves every problem in it, yielding results as they are decided. */
export function* solveFile<R>(file: string, opts: SolveOptions<R>): Generator<ProblemResult<R>> {
  const { text, name } = readInput(file);
  yield* solveText(text, name, opts);
}

export function* solveText<R>(text: string, file: string, given: SolveOptions<R>): Generator<ProblemResult<R>> {
  // The problems of one input share a search context (a file of sudokus: one engine, one grid run).
  const opts = given.context ? given : { ...given, context: new SearchContext() };
  const format = detectFormat(file, text, opts.format);
  if (opts.chromatic) {
    if (format !== 'col') throw new UserError(`${file}: --chromatic applies to graph colouring (.col) inputs only`);
    yield chromatic(parseCol(text, file), opts);
    return;
  }
  if (format === 'col' && opts.colors === undefined) throw new UserError(`${file}: a graph colouring needs --colors K or --chromatic`);
  // The time limit covers reading and building each problem too (building polls it): its search
  // gets what is left.
  const limit = opts.timeoutMs;
  let t0 = 0;
  const stop =
    limit !== undefined || opts.interrupt !== undefined
      ? () => (limit !== undefined && performance.now() - t0 >= limit) || opts.interrupt?.() === true
      : undefined;
  const problems = readInstances(text, file, { format, colors: opts.colors, stop });
  for (;;) {
    t0 = performance.now();
    let next: IteratorResult<Instance>;
    try {
      next = problems.next();
    } catch (e) {
      // Only JSON and XCSP3 models (one problem per file) poll the limit while they are built.
      if (!(e instanceof StoppedByLimit) || (format !== 'json' && format !== 'xcsp3')) throw e;
      yield unbuilt(format, file, performance.now() - t0);
      return;
    }
    if (next.done) return;
    yield solveInstance(next.value, limit === undefined ? opts : { ...opts, timeoutMs: Math.max(0, limit - (performance.now() - t0)) });
  }
}

/**
 * The report of a model whose building a limit stopped: `unknown`, named by its file. Nothing of
 * the model was kept, so its instance is the empty model of its format (no variables to show).
 */
function unbuilt(format: 'json' | 'xcsp3', file: string, timeMs: number): ProblemResult<never> {
  const problem = { domSize: new Int32Array(0), init: new Uint32Array(0), constraints: [] };
  const source: SourceModel =
    format === 'json' ? { format, model: null } : { format, root: { name: 'instance', attrs: {}, children: [], text: '', line: 1 } };
  const instance = labelledInstance(source, file, problem, () => '');
  return { instance, status: 'unknown', solutions: [], count: 0, decided: false, stats: { ...emptyStats(), timeMs } };
}

function searchOptions(inst: Instance, opts: SolveOptions, onSolution?: (v: Int32Array) => void): SearchOptions {
  const base: SearchOptions = {
    timeoutMs: opts.timeoutMs,
    nodes: opts.nodes,
    interrupt: opts.interrupt,
    seed: opts.seed,
    varOrder: opts.varOrder,
    // Colour symmetry breaking would count solutions only up to renaming colours.
    interchangeableValues: inst.format === 'col' && onSolution === undefined,
    all: onSolution !== undefined,
    onSolution,
    context: opts.context,
  };
  return opts.extend ? opts.extend.extend(inst.problem, base) : base;
}

function checked(inst: Instance, values: Int32Array): Int32Array {
  // The search has checked the compiled problem already; this checks the input's own constraints.
  const why = checkSourceSolution(inst, values);
  if (why !== null) throw new SolutionCheckError(`${inst.name}: the solver's solution fails the independent check: ${why}`);
  return values;
}

/** Solves one instance: first solution, or all / count of them. */
export function solveInstance<R>(inst: Instance, opts: SolveOptions<R>): ProblemResult<R> {
  checkProblem(inst.problem);
  const solutions: Int32Array[] = [];
  let count = 0;
  const enumerate = opts.all || opts.count;
  const collect = (v: Int32Array) => {
    checked(inst, v);
    count++;
    if (!opts.all) return;
    if (opts.onSolution) opts.onSolution(inst, v.slice());
    else solutions.push(v.slice());
  };
  const base = searchOptions(inst, opts, enumerate ? collect : undefined);
  const guided = !enumerate && opts.guide ? opts.guide.solve(inst.problem, base) : undefined;
  // Sudoku grids get their dedicated search unless an option needs the generic engine (a variable
  // order, or a plug-in such as the FPGA propagator).
  const grid = opts.varOrder === undefined && opts.extend === undefined && gridBox(inst.problem, base.context) > 0;
  const r = guided ?? (grid ? gridSearch(inst.problem, base) : search(inst.problem, base));
  if (!enumerate && r.solution) {
    solutions.push(checked(inst, r.solution));
    count = 1;
  }
  const status: Status = count > 0 ? 'sat' : r.status;
  const result: ProblemResult<R> = { instance: inst, status, solutions, count, decided: r.status !== 'unknown', stats: r.stats };
  if (guided) result.guide = guided.report;
  return result;
}

/**
 * Chromatic number of a graph: DSATUR gives an upper bound and a colouring, a greedy clique a lower
 * bound; then k = best-1, best-2, ... is searched (each with the per-problem limits) until a k is
 * refuted (the best is optimal), the clique bound is reached (optimal too), or a limit stops it.
 * With `all` or `count`, the colourings with the final number of colours are then listed or counted.
 */
function chromatic(g: Graph, opts: SolveOptions): ProblemResult<never> {
  const start = performance.now();
  const greedy = dsatur(g);
  let best = 1;
  for (const c of greedy) best = Math.max(best, c + 1);
  if (best > MAX_DOMAIN) throw new UserError(`${g.name}: needs more than ${MAX_DOMAIN} colours`);
  let solution = greedy;
  const lowerBound = greedyCliqueSize(g);
  const stats = emptyStats();
  let optimal = best <= lowerBound;
  const stepOpts = opts.timeoutMs === undefined && opts.nodes === undefined ? { ...opts, timeoutMs: CHROMATIC_STEP_MS } : opts;
  while (!optimal) {
    const inst = colouringInstance(g, best - 1);
    const r = search(inst.problem, searchOptions(inst, stepOpts));
    for (const k of Object.keys(stats) as (keyof SearchStats)[]) stats[k] += r.stats[k];
    if (r.status === 'unsat') optimal = true;
    else if (r.status === 'unknown' || !r.solution) break;
    else {
      best--;
      solution = checked(inst, r.solution);
      optimal = best <= lowerBound;
    }
  }
  const inst = colouringInstance(g, best);
  let found = { solutions: [checked(inst, solution)], count: 1, decided: true };
  if (opts.all || opts.count) {
    // The colourings with that many colours, listed or counted as `--colors K` would.
    const r = solveInstance(inst, stepOpts);
    for (const k of Object.keys(stats) as (keyof SearchStats)[]) stats[k] += r.stats[k];
    found = r;
  }
  // The counters above also hold the solutions of larger colour counts; report those of this one.
  stats.solutions = found.count;
  stats.timeMs = performance.now() - start;
  return {
    instance: inst,
    status: 'sat',
    solutions: found.solutions,
    count: found.count,
    decided: optimal && found.decided,
    stats,
    chromatic: { colours: best, optimal, lowerBound },
  };
}
