import type { Status } from '../solver/api/solve.js';
import { UserError } from '../solver/api/user-error.js';
import type { Problem } from '../solver/model/problem.js';
import { SearchContext } from '../solver/search/context.js';
import type { SearchOptions } from '../solver/search/search.js';
import { type ReadOptions, streamDataset } from './datasets/record.js';
import type { GuidedOptions } from './guided-order.js';
import { type Encoder, searchWithoutEncoder, solveGuided } from './guided-solve.js';
import { median } from './median.js';

/**
 * `softprop evaluate`: an encoder's guided solve over every instance of a dataset (or any file
 * `softprop solve` reads), each beside the same search without the encoder, and a summary computed
 * from the rows. Wall times are measured around each solve: the guided one includes the encoder.
 */

export interface EvaluateOptions {
  /** A dataset (`softprop generate` JSONL) or any file `softprop solve` reads. */
  file: string;
  /** The encoder; one loaded with `refuseOutside` refuses instances outside its scope (a UserError naming the instance). */
  encoder: Encoder;
  /** Also run the search without the encoder (default true). */
  compare?: boolean;
  /** Search seed, node and time limits per instance (each side gets the whole of them). */
  seed?: number;
  nodes?: number;
  timeoutMs?: number;
  /** Polled by the searches; once true, the instance being searched is reported as a limit stopped it and no more are read. */
  interrupt?: () => boolean;
  /** How the guided solve stages and re-scores its searches. */
  staging?: GuidedOptions;
  /** Colours of a plain `.col` input, a forced format. */
  read?: ReadOptions;
}

/** The guided solve of one instance. */
export interface GuidedFigures {
  status: Status;
  nodes: number;
  backtracks: number;
  zeroBacktrack: boolean;
  /** The whole guided solve = encoder (scoring, re-scoring included) + search. */
  wallMs: number;
  encoderMs: number;
  searchMs: number;
  /** Encoder calls: the root's and the re-scorings'. */
  encoderCalls: number;
}

/** The same search without the encoder. */
export interface PlainFigures {
  status: Status;
  nodes: number;
  backtracks: number;
  zeroBacktrack: boolean;
  wallMs: number;
}

export interface EvaluateRow {
  /** `file:line` of the record, or the puzzle's name in a sudoku file. */
  name: string;
  family: string;
  guided: GuidedFigures;
  /** Null without the comparison (`compare: false`). */
  plain: PlainFigures | null;
}

/** Totals of one side over the rows. */
export interface SideSummary {
  /** Instances decided (sat or unsat). */
  solved: number;
  /** Share of instances solved without a single failure. */
  zeroBacktrack: number;
  meanNodes: number;
  medianNodes: number;
  totalMs: number;
  meanMs: number;
}

export interface EvaluateSummary {
  instances: number;
  guided: SideSummary & { encoderMs: number; encoderCalls: number; encoderMsPerCall: number };
  plain: SideSummary | null;
  /** Guided over plain: mean nodes, and total wall time (encoder included); null without the comparison. */
  nodesRatio: number | null;
  timeRatio: number | null;
}

/** One instance: the guided solve and, with `compare`, the search without the encoder, with the same search options. */
export function evaluateProblem(
  p: Problem,
  enc: Encoder,
  options: SearchOptions,
  staging: GuidedOptions = {},
  compare = true,
): Pick<EvaluateRow, 'guided' | 'plain'> {
  const t0 = performance.now();
  const r = solveGuided(p, enc, options, staging);
  const wallMs = performance.now() - t0;
  const guided: GuidedFigures = {
    status: r.status,
    nodes: r.stats.nodes,
    backtracks: r.stats.backtracks,
    zeroBacktrack: r.zeroBacktrack,
    wallMs,
    encoderMs: r.encoderMs,
    searchMs: wallMs - r.encoderMs,
    encoderCalls: r.encoderCalls,
  };
  if (!compare) return { guided, plain: null };
  const t1 = performance.now();
  const b = searchWithoutEncoder(p, options);
  const plain: PlainFigures = {
    status: b.status,
    nodes: b.nodes,
    backtracks: b.backtracks,
    zeroBacktrack: b.zeroBacktrack,
    wallMs: performance.now() - t1,
  };
  if (guided.status !== 'unknown' && plain.status !== 'unknown' && guided.status !== plain.status)
    throw new Error(`internal error: guided search says ${guided.status}, plain search ${plain.status}`);
  return { guided, plain };
}

/** The rows of a file, one per instance as it is evaluated. */
export async function* evaluate(o: EvaluateOptions): AsyncGenerator<EvaluateRow> {
  // One context for the whole file, as `softprop solve` has: engines are reused, results unchanged.
  const options: SearchOptions = {
    seed: o.seed,
    nodes: o.nodes,
    timeoutMs: o.timeoutMs,
    interrupt: o.interrupt,
    context: new SearchContext(),
  };
  for await (const item of streamDataset(o.file, o.read)) {
    let figures: Pick<EvaluateRow, 'guided' | 'plain'>;
    try {
      figures = evaluateProblem(item.problem, o.encoder, options, o.staging, o.compare ?? true);
    } catch (e) {
      // The scope refusal names the model; the instance is named here.
      if (e instanceof UserError) throw new UserError(`${item.source}: ${e.message}`);
      throw e;
    }
    yield { name: item.source, family: item.family, ...figures };
    if (o.interrupt?.()) return;
  }
}

function side(figures: readonly (GuidedFigures | PlainFigures)[]): SideSummary {
  const n = figures.length;
  const nodes = figures.map((f) => f.nodes);
  const totalMs = figures.reduce((s, f) => s + f.wallMs, 0);
  return {
    solved: figures.filter((f) => f.status !== 'unknown').length,
    zeroBacktrack: n === 0 ? 0 : figures.filter((f) => f.zeroBacktrack).length / n,
    meanNodes: n === 0 ? 0 : nodes.reduce((s, x) => s + x, 0) / n,
    medianNodes: n === 0 ? 0 : median(nodes),
    totalMs,
    meanMs: n === 0 ? 0 : totalMs / n,
  };
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** The summary of `rows` (all with or all without the comparison). */
export function summarize(rows: readonly EvaluateRow[]): EvaluateSummary {
  const g = rows.map((r) => r.guided);
  const encoderMs = g.reduce((s, f) => s + f.encoderMs, 0);
  const encoderCalls = g.reduce((s, f) => s + f.encoderCalls, 0);
  const guided = { ...side(g), encoderMs, encoderCalls, encoderMsPerCall: encoderCalls > 0 ? encoderMs / encoderCalls : 0 };
  const compared = rows.length > 0 && rows.every((r) => r.plain !== null);
  const plain = compared ? side(rows.map((r) => r.plain as PlainFigures)) : null;
  return {
    instances: rows.length,
    guided,
    plain,
    nodesRatio: plain ? ratio(guided.meanNodes, plain.meanNodes) : null,
    timeRatio: plain ? ratio(guided.totalMs, plain.totalMs) : null,
  };
}
