import { join } from 'node:path';
import { UserError } from '../solver/api/user-error.js';
import type { Problem } from '../solver/model/problem.js';
import { compileArcs } from '../solver/rounds/arcs.js';
import { defaultSearchContext, type SearchContext } from '../solver/search/context.js';
import { emptyStats } from '../solver/search/limits.js';
import { type SearchGuide, type SearchOptions, search } from '../solver/search/search.js';
import { selectBackend } from './backend.js';
import { type BackendChoice, DEFAULT_BACKEND } from './backend-choice.js';
import { FastGnn } from './fast-gnn.js';
import { type Gnn, graphIndex, inferenceRounds } from './gnn.js';
import {
  addStats,
  type DomainScorer,
  type GuidedOptions,
  type GuidedResult,
  guidedSearch,
  type StageReport,
  stageReport,
} from './guided-order.js';
import { inputView } from './input-view.js';
import { type ModelGuidance, readGuidance, withGuidance } from './model-guidance.js';
import { loadModel } from './model-io.js';
import { describeScope, type ModelScope, outsideScope, readScope } from './model-scope.js';
import { structureKey } from './structure-key.js';
import { TfRun } from './tf-run.js';

/**
 * How the encoder computes its scores: 'typed' (the default: typed-array inference on wasm SIMD
 * kernels, fast-gnn.ts) or 'tfjs' (`Gnn.logits` on the active backend). They agree within 1e-4 of
 * the logit scale, not bit for bit. Measured in one run (encoder/models, one call after warm-up):
 * QWH order 30 66 vs 204 ms, colouring 300 vertices 21 vs 122 ms, sudoku 39 vs 37 ms, on the
 * shared 2-core machine under a load of about 13.
 */
export type InferencePath = 'tfjs' | 'typed';
export const INFERENCE_PATHS: readonly InferencePath[] = ['tfjs', 'typed'];

interface ScoringRun {
  readonly nodes: number;
  probabilities(dom: Uint32Array, into: Float32Array): Float32Array;
  dispose?(): void;
}

/**
 * A trained encoder ready to score problems. Below it: `solveGuided` / `solveWithEncoder` solve one
 * problem guided by it, `searchWithoutEncoder` runs the same search without it (to compare node for
 * node), and `encoderGuide` is the plug-in of `softprop solve --encoder`.
 */
export class Encoder {
  /** The scoring run over the last problem structure scored. */
  private cached: { key: string; words: number; width: number; run: ScoringRun } | null = null;
  private fast: FastGnn | null = null;

  private constructor(
    readonly gnn: Gnn,
    readonly meta: Record<string, unknown>,
    /** What the model was trained on (meta.json "scope"); undefined when it records none. */
    readonly scope: ModelScope | undefined,
    /** The guided-search policy recorded for the model's family (meta.json "guidance"; {} when none). */
    readonly guidance: ModelGuidance,
    /** The model folder, or '' for `Encoder.of`: names the model in messages. */
    private readonly dir: string,
    private readonly refuseOutside: boolean,
    private readonly inference: InferencePath,
  ) {}

  /**
   * Loads a model folder written by `train` (model.json + weights.bin) onto `backend`, by default
   * the one the CLI uses (tfjs would otherwise start its slow cpu backend). With `refuseOutside`
   * the guided solve refuses problems outside the model's recorded scope (as the CLI does unless
   * --encoder-any); by default a library caller may apply a model anywhere.
   */
  static async load(
    dir: string,
    backend: BackendChoice = DEFAULT_BACKEND,
    opts: { refuseOutside?: boolean; inference?: InferencePath } = {},
  ): Promise<Encoder> {
    await selectBackend(backend);
    const { gnn, meta } = await loadModel(dir);
    const metaFile = join(dir, 'meta.json');
    return new Encoder(
      gnn,
      meta,
      readScope(meta, metaFile),
      readGuidance(meta, metaFile),
      dir,
      opts.refuseOutside ?? false,
      opts.inference ?? 'typed',
    );
  }

  /** An encoder over given weights (tests: e.g. deliberately untrained ones); no scope, so any problem. */
  static of(gnn: Gnn, inference: InferencePath = 'typed', guidance: ModelGuidance = {}): Encoder {
    return new Encoder(gnn, {}, undefined, guidance, '', false, inference);
  }

  /** Throws a UserError when this encoder refuses problems outside its scope and `p` is one. */
  admit(p: Problem): void {
    if (!this.refuseOutside || !this.scope) return;
    const why = outsideScope(this.scope, p);
    if (why !== null)
      throw new UserError(
        `${this.dir}: the model was trained on ${describeScope(this.scope)} and this problem is outside that: ${why} (--encoder-any applies it anyway)`,
      );
  }

  /**
   * Probabilities per (variable, value) at τ = 1, [nVars · width], 0 outside the domains the network
   * reads, after `rounds` message rounds (default: the model's rounds at inference). The input
   * view's engine is left idle in `context` for a search of the problem that follows.
   */
  probabilities(problem: Problem, rounds?: number, context?: SearchContext): { probs: Float32Array; width: number; words: number } {
    const p = inputView(problem, this.gnn.config.input ?? 'raw', context);
    const { run, width, words } = this.runFor(p, rounds);
    return { probs: run.probabilities(p.init, new Float32Array(run.nodes)), width, words };
  }

  /**
   * Scores of a decision node's domains for the problem last given to `probabilities` (the search's
   * domains are already propagated, so they are read as they are whatever the model's input view).
   */
  scorer(problem: Problem, rounds?: number): DomainScorer {
    const { run } = this.runFor(problem, rounds);
    return (dom, out) => {
      run.probabilities(dom, out);
    };
  }

  /** The inference run over `p`'s structure with `rounds` message rounds, built once per structure and rounds. */
  private runFor(p: Problem, rounds = inferenceRounds(this.gnn.config)): { run: ScoringRun; width: number; words: number } {
    const key = `${rounds}:${structureKey(p)}`;
    if (this.cached?.key !== key) {
      this.cached?.run.dispose?.();
      const program = compileArcs(p);
      const index = graphIndex(program);
      let run: ScoringRun;
      if (this.inference === 'typed') {
        this.fast ??= FastGnn.of(this.gnn);
        run = this.fast.run(index, program.words, { rounds });
      } else {
        // TfRun runs Gnn.logits with the model's own rounds.
        if (rounds !== inferenceRounds(this.gnn.config))
          throw new UserError(
            `${this.dir || 'the encoder'}: --inference tfjs runs the model's own ${inferenceRounds(this.gnn.config)} rounds; ${rounds} rounds need --inference typed`,
          );
        run = new TfRun(this.gnn, index, program);
      }
      this.cached = { key, words: program.words, width: index.width, run };
    }
    return this.cached;
  }

  dispose(): void {
    this.cached?.run.dispose?.();
    this.cached = null;
    this.gnn.dispose();
  }
}

/** The same search without the encoder, as `solve --encoder` reports it beside the guided one. */
export interface BaselineReport {
  status: 'sat' | 'unsat' | 'unknown';
  nodes: number;
  backtracks: number;
  /** Calls to the external propagator (e.g. the simulated core of `solve --device`). */
  externalCalls: number;
  zeroBacktrack: boolean;
  timeMs: number;
}

export interface EncoderSolveResult extends GuidedResult {
  /** Milliseconds spent in the encoder: the root scoring and any re-scoring during search (`rescoreMs`, inside `stats.timeMs`). */
  encoderMs: number;
  /** Milliseconds of the whole guided solve: root scoring, then the stages' searches. */
  wallMs: number;
  /** Encoder calls: the root's (none when the search without it finished first) and the re-scorings'. */
  encoderCalls: number;
}

/** Per-problem report of `solve --encoder` (the `encoder` field of `--json`). */
export interface EncoderReport {
  zeroBacktrack: boolean;
  nodes: number;
  backtracks: number;
  encoderMs: number;
  /** Re-scoring period (`--encoder-every`; 0: the root only), decisions, and encoder calls (the root's and the re-scorings'). */
  every: number;
  decisions: number;
  encoderCalls: number;
  /** The whole guided solve, encoder included. */
  wallMs: number;
  stages: StageReport[];
  withoutEncoder: BaselineReport;
}

/**
 * Solves `p` guided by an encoder (a loaded one, or a model folder), with the search options
 * `options` whole. The answer is always checked and complete.
 */
export async function solveWithEncoder(
  p: Problem,
  encoder: Encoder | string,
  options: SearchOptions = {},
  staging: GuidedOptions = {},
): Promise<EncoderSolveResult> {
  const enc = typeof encoder === 'string' ? await Encoder.load(encoder) : encoder;
  try {
    return solveGuided(p, enc, options, staging);
  } finally {
    if (typeof encoder === 'string') enc.dispose();
  }
}

/**
 * The guided solve itself (scoring and search are synchronous once the encoder is loaded), with
 * the fields of `given` that it leaves undefined from the model's recorded guidance. With
 * `staging.after`, a search without the encoder runs first with that node budget; only when it
 * leaves the problem open is the encoder consulted, and the guided solve starts from the root with
 * what is left of the limits. Its nodes and time count in the result.
 */
export function solveGuided(p: Problem, enc: Encoder, options: SearchOptions = {}, given: GuidedOptions = {}): EncoderSolveResult {
  enc.admit(p);
  const staging = withGuidance(enc.guidance, given);
  const t0 = performance.now();
  const after = staging.after ?? 0;
  const stats = emptyStats();
  let first: StageReport | undefined;
  if (after > 0) {
    const budget = Math.min(after, options.nodes ?? Number.POSITIVE_INFINITY);
    const plain = search(p, { ...options, nodes: budget });
    addStats(stats, plain.stats);
    first = stageReport(false, 0, plain);
    if (plain.status !== 'unknown' || budget < after || plain.stats.nodes < budget) {
      const wallMs = performance.now() - t0;
      const zeroBacktrack = plain.status === 'sat' && plain.stats.failures === 0;
      return {
        status: plain.status,
        solution: plain.solution,
        stats,
        stages: [first],
        zeroBacktrack,
        decisions: 0,
        rescoreCalls: 0,
        rescoreMs: 0,
        encoderMs: 0,
        wallMs,
        encoderCalls: 0,
      };
    }
  }
  const left: SearchOptions = {
    ...options,
    nodes: options.nodes === undefined ? undefined : options.nodes - stats.nodes,
    timeoutMs: options.timeoutMs === undefined ? undefined : Math.max(0, options.timeoutMs - (performance.now() - t0)),
  };
  const t1 = performance.now();
  const { probs, width, words } = enc.probabilities(p, staging.rounds, options.context ?? defaultSearchContext);
  const rootMs = performance.now() - t1;
  const every = staging.every ?? 0;
  const r = guidedSearch(p, probs, width, words, left, staging, every > 0 ? enc.scorer(p, staging.rounds) : undefined);
  const encoderCalls = 1 + r.rescoreCalls;
  if (first === undefined) return { ...r, encoderMs: rootMs + r.rescoreMs, wallMs: performance.now() - t0, encoderCalls };
  addStats(stats, r.stats);
  return {
    ...r,
    stats,
    stages: [first, ...r.stages],
    // The plain search spent its budget without a solution: wrong guesses were made.
    zeroBacktrack: false,
    encoderMs: rootMs + r.rescoreMs,
    wallMs: performance.now() - t0,
    encoderCalls,
  };
}

/** The search the encoder is compared with: `options` as they are, the solver's own value order. */
export function searchWithoutEncoder(p: Problem, options: SearchOptions = {}): BaselineReport {
  const b = search(p, options);
  const { nodes, backtracks, externalCalls, failures, timeMs } = b.stats;
  return { status: b.status, nodes, backtracks, externalCalls, zeroBacktrack: b.status === 'sat' && failures === 0, timeMs };
}

/**
 * The plug-in behind `softprop solve --encoder DIR [--encoder-every K]`: the guided solve of each
 * problem with the search options it is given (an external propagator of `--device` included) and
 * `staging`, reported beside the same search without the encoder.
 */
export function encoderGuide(enc: Encoder, staging: GuidedOptions = {}): SearchGuide<EncoderReport> {
  return {
    solve(p, options) {
      const r = solveGuided(p, enc, options, staging);
      const every = withGuidance(enc.guidance, staging).every ?? 0;
      const report: EncoderReport = {
        zeroBacktrack: r.zeroBacktrack,
        nodes: r.stats.nodes,
        backtracks: r.stats.backtracks,
        encoderMs: r.encoderMs,
        every,
        decisions: r.decisions,
        encoderCalls: r.encoderCalls,
        wallMs: r.wallMs,
        stages: r.stages,
        withoutEncoder: searchWithoutEncoder(p, options),
      };
      return { status: r.status, solution: r.solution, stats: r.stats, report };
    },
  };
}
