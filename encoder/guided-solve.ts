import * as tf from '@tensorflow/tfjs';
import type { GuidedSolve } from '../solver/api/solve.js';
import type { Problem } from '../solver/model/problem.js';
import { type ArcProgram, compileArcs } from '../solver/rounds/arcs.js';
import { type SearchOptions, search } from '../solver/search/search.js';
import { selectBackend } from './backend.js';
import {
  batchInput,
  disposeBatchInput,
  disposeGraphTensors,
  type Gnn,
  type GraphIndex,
  type GraphTensors,
  graphIndex,
  graphTensors,
} from './gnn.js';
import { type GuidedOptions, type GuidedResult, guidedSearch, ScoreOrder } from './guided-order.js';
import { inputView } from './input-view.js';
import { loadModel } from './model-io.js';
import { structureKey } from './structure-key.js';

/**
 * A trained encoder ready to score problems, and `solveWithEncoder`, which solves one problem
 * guided by it and, on request, also without it, so the two searches can be compared node for node.
 */
export class Encoder {
  private cached: { key: string; program: ArcProgram; index: GraphIndex; tensors: GraphTensors } | null = null;

  private constructor(
    readonly gnn: Gnn,
    readonly meta: Record<string, unknown>,
  ) {}

  /** Loads a model folder written by `train` (model.json + weights.bin). */
  static async load(dir: string): Promise<Encoder> {
    const { gnn, meta } = await loadModel(dir);
    return new Encoder(gnn, meta);
  }

  /** An encoder over given weights (tests: e.g. deliberately untrained ones). */
  static of(gnn: Gnn): Encoder {
    return new Encoder(gnn, {});
  }

  /** Probabilities per (variable, value) at τ = 1, [nVars · width], 0 outside the domains the network reads. */
  probabilities(problem: Problem): { probs: Float32Array; width: number; words: number } {
    const p = inputView(problem, this.gnn.config.input ?? 'raw');
    const key = structureKey(p);
    if (this.cached?.key !== key) {
      if (this.cached) disposeGraphTensors(this.cached.tensors);
      const program = compileArcs(p);
      const index = graphIndex(program);
      this.cached = { key, program, index, tensors: graphTensors(index) };
    }
    const { program, index, tensors } = this.cached;
    const input = batchInput(index, program.words, [p.init]);
    const probs = tf.tidy(() => tf.softmax(this.gnn.logits(tensors, input)));
    const out = probs.dataSync() as Float32Array;
    probs.dispose();
    disposeBatchInput(input);
    return { probs: out, width: index.width, words: program.words };
  }

  /** The encoder's value order for a problem (for plain search, e.g. `softprop solve --encoder`). */
  valueOrder(p: Problem): ScoreOrder {
    const { probs, width, words } = this.probabilities(p);
    return new ScoreOrder(probs, width, words);
  }

  dispose(): void {
    if (this.cached) disposeGraphTensors(this.cached.tensors);
    this.cached = null;
    this.gnn.dispose();
  }
}

export interface EncoderSolveOptions extends GuidedOptions {
  /** Also run the same search without the encoder (dom/wdeg, minimum value) and report it. */
  compare?: boolean;
}

export interface BaselineReport {
  status: 'sat' | 'unsat' | 'unknown';
  nodes: number;
  backtracks: number;
  zeroBacktrack: boolean;
  timeMs: number;
}

export interface EncoderSolveResult extends GuidedResult {
  /** Milliseconds spent in the encoder (scoring), apart from search. */
  encoderMs: number;
  baseline?: BaselineReport;
}

/** Solves `p` guided by an encoder (a loaded one, or a model folder). The answer is always checked and complete. */
export async function solveWithEncoder(p: Problem, encoder: Encoder | string, opts: EncoderSolveOptions = {}): Promise<EncoderSolveResult> {
  const enc = typeof encoder === 'string' ? await Encoder.load(encoder) : encoder;
  try {
    return solveGuided(p, enc, opts);
  } finally {
    if (typeof encoder === 'string') enc.dispose();
  }
}

/** The guided solve itself (scoring and search are synchronous once the encoder is loaded). */
export function solveGuided(p: Problem, enc: Encoder, opts: EncoderSolveOptions = {}): EncoderSolveResult {
  const t0 = performance.now();
  const { probs, width, words } = enc.probabilities(p);
  const encoderMs = performance.now() - t0;
  const out: EncoderSolveResult = { ...guidedSearch(p, probs, width, words, opts), encoderMs };
  if (opts.compare) {
    const b = search(p, {
      nodes: opts.nodes,
      timeoutMs: opts.timeoutMs,
      seed: opts.seed,
      varOrder: opts.varOrder,
      external: opts.external,
    });
    out.baseline = {
      status: b.status,
      nodes: b.stats.nodes,
      backtracks: b.stats.backtracks,
      zeroBacktrack: b.status === 'sat' && b.stats.failures === 0,
      timeMs: b.stats.timeMs,
    };
  }
  return out;
}

/**
 * The plug-in behind `softprop solve --encoder DIR` (wasm backend): the guided solve of each problem,
 * reported beside the same search without the encoder.
 */
export async function encoderGuide(dir: string): Promise<(p: Problem, base: SearchOptions) => GuidedSolve> {
  await selectBackend('wasm');
  const enc = await Encoder.load(dir);
  return (p, base) => {
    const r = solveGuided(p, enc, {
      nodes: base.nodes,
      timeoutMs: base.timeoutMs,
      seed: base.seed,
      varOrder: base.varOrder,
      compare: true,
    });
    const b = r.baseline as BaselineReport;
    const report: EncoderReport = {
      zeroBacktrack: r.zeroBacktrack,
      nodes: r.stats.nodes,
      backtracks: r.stats.backtracks,
      encoderMs: r.encoderMs,
      stages: r.stages,
      withoutEncoder: { status: b.status, nodes: b.nodes, backtracks: b.backtracks, zeroBacktrack: b.zeroBacktrack },
    };
    return { status: r.status, solution: r.solution, stats: r.stats, report: { ...report } };
  };
}

/** Per-problem report of `solve --encoder`. */
export interface EncoderReport {
  zeroBacktrack: boolean;
  nodes: number;
  backtracks: number;
  encoderMs: number;
  stages: GuidedResult['stages'];
  withoutEncoder: { status: string; nodes: number; backtracks: number; zeroBacktrack: boolean };
}
