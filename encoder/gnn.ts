import * as tf from '@tensorflow/tfjs';
import { hasBit } from '../solver/model/problem.js';
import { Rng } from '../solver/model/rng.js';
import type { ArcProgram } from '../solver/rounds/arcs.js';
import {
  type ConflictIndex,
  type ConflictTensors,
  conflictIndex,
  conflictSum,
  conflictTensors,
  disposeConflictTensors,
} from './conflicts.js';
import { type AdjointRowSums, adjointRowSums, concatRows, disposeAdjointRowSums, reversed, sumRowsOp } from './gather.js';
import type { InputView } from './input-view.js';
import { matMul, type ProductOptions } from './matmul.js';
import { type PropForm, TfPropagator } from './tf-propagate.js';

/**
 * The neural encoder: a graph network over the (variable, value) slots of an arc program.
 *
 * Node m = x·D + a is value a of variable x (D = the largest domain; slots a ≥ d_x are padding and
 * stay masked). Each round a node hears from
 * - conflicts: the nodes (y, b) an arc x←y forbids together with a (b ∉ R[a]); for not-equal that
 *   is one node per arc, so the message is sparse even for all-different;
 * - its variable: the mean over the variable's values (what competes with a);
 * - clauses: for each literal of x, the other literals' embeddings of the same clause, through one
 *   channel when a is in the literal's set and another when it is not.
 * Messages are means (sums scaled by precomputed degrees), the update is one linear map per source,
 * shared by all rounds, so the parameter count does not grow with the rounds or the problem.
 *
 * Options of newer models (each absent in older ones, which keep the older network):
 * - random node features (`randomFeatures`): a fresh normal vector per node and instance, so the
 *   values of a symmetric problem (colouring) stop looking alike (RUN-CSP's random initial states);
 * - the soft propagator inside (`propFeatures`): after each round a readout, p = its softmax, one
 *   soft propagation round p → p′; p, p′ and the variable's lost mass 1 − Σ p′ enter the next round;
 * - a readout after every round (`perRoundLoss`): training takes the mean loss over the rounds, so
 *   every round is a usable answer and inference may run more rounds than training;
 * - bounded embeddings (`normalize`), so that the extra rounds stay in the range training saw.
 * Tensors are node-major, [nodes, batch·hidden], so gathers and scatters move whole rows for the
 * whole batch at once; matMul sees the same memory as [nodes·batch, hidden].
 */

/** Input features per (node, instance): in the domain, exists, variable fixed, 1/|domain|. */
export const FEATURES = 4;

export interface GnnConfig {
  /** Width of every embedding. */
  hidden: number;
  /**
   * Width of conflict messages. Conflict edges outnumber nodes (24 per sudoku cell value), so the
   * embeddings are projected down before they are gathered: the gathered volume is what costs.
   */
  message: number;
  /** Message-passing rounds (weights shared by all rounds). */
  rounds: number;
  /** Domains the network was trained on (input-view.ts); absent in older models: 'raw'. */
  input?: InputView;
  /** Random normal input features per node (symmetry breaking); absent: 0. */
  randomFeatures?: number;
  /** Soft propagation of each round's readout feeds the next round (PROP_FEATURES features); absent: no. */
  propFeatures?: boolean;
  /** Training loss at every round's readout, averaged; absent: the last round only. */
  perRoundLoss?: boolean;
  /** Rounds run at inference; absent: `rounds`. */
  inferenceRounds?: number;
  /**
   * Each round's embeddings scaled by 1/√(mean(h²) + 1) per node and instance (absent: not): the
   * rounds' map is then bounded, so running more rounds than training did cannot blow it up
   * (unnormalised, a trained network's logits grew ~4× per extra round).
   */
  normalize?: boolean;
}

/** Propagation features per node: p, p′ after one soft round, and the variable's lost mass 1 − Σ_b p′[x, b]. */
export const PROP_FEATURES = 3;

/** Seed of the random node features at inference when the caller gives none. */
export const INFERENCE_NOISE_SEED = 0;

/** How a call runs the network. */
export interface RunOptions {
  /** Message rounds (default: the config's `inferenceRounds`, else `rounds`). */
  rounds?: number;
  /** Soft round inside the network: 'exact' (inference) or 'training' (hdl/SPEC.md section 8). Default 'exact'. */
  form?: PropForm;
  /**
   * The caller takes gradients (training): each round's embeddings are transposed once in the
   * forward pass for the weight gradients of the products that read them (wMsg, wSelf, wOut),
   * instead of once per product in the backward pass. Default false: inference needs none.
   */
  forGradient?: boolean;
}

/** The static message-passing structure of one arc program (plain arrays, built once per program). */
export interface GraphIndex {
  /** The arc program the graph was built from (the soft propagator inside the network runs on it). */
  program: ArcProgram;
  nVars: number;
  /** Padded domain width D (the largest domain size). */
  width: number;
  /** The conflict messages' structure: all-different groups summed once, other arcs edge by edge. */
  conflicts: ConflictIndex;
  /** 1/d_x per variable. */
  varScale: Float32Array;
  /** 1 for slots a < d_x. */
  exists: Float32Array;
  nLits: number;
  nClauses: number;
  litClause: Int32Array;
  /** 1/(clause size − 1) per literal (the "other literals" mean). */
  litOthersScale: Float32Array;
  /** Edges literal ↔ node for values in the literal's set, and for values outside it. */
  inLit: Int32Array;
  inNode: Int32Array;
  outLit: Int32Array;
  outNode: Int32Array;
  /** 1/|set| per literal; 1/in-degree and 1/out-degree per node. */
  litInScale: Float32Array;
  nodeInScale: Float32Array;
  nodeOutScale: Float32Array;
}

function inverseCounts(index: Int32Array, size: number): Float32Array {
  const c = new Float32Array(size);
  for (const i of index) c[i] = (c[i] as number) + 1;
  for (let i = 0; i < size; i++) c[i] = 1 / Math.max(1, c[i] as number);
  return c;
}

/** Builds the message-passing structure of a program: every arc and clause, any domain size. */
export function graphIndex(p: ArcProgram): GraphIndex {
  const n = p.nVars;
  const w = p.words;
  let width = 1;
  for (const d of p.domSize) width = Math.max(width, d);
  const nodes = n * width;
  const exists = new Float32Array(nodes);
  const varScale = new Float32Array(n);
  for (let x = 0; x < n; x++) {
    const dx = p.domSize[x] as number;
    varScale[x] = 1 / dx;
    exists.fill(1, x * width, x * width + dx);
  }
  const nLits = p.litVar.length;
  const nClauses = p.clauseStart.length - 1;
  const litOthersScale = new Float32Array(nLits);
  for (let c = 0; c < nClauses; c++) {
    const size = (p.clauseStart[c + 1] as number) - (p.clauseStart[c] as number);
    litOthersScale.fill(1 / Math.max(1, size - 1), p.clauseStart[c] as number, p.clauseStart[c + 1] as number);
  }
  const inLit: number[] = [];
  const inNode: number[] = [];
  const outLit: number[] = [];
  const outNode: number[] = [];
  for (let l = 0; l < nLits; l++) {
    const x = p.litVar[l] as number;
    for (let a = 0; a < (p.domSize[x] as number); a++) {
      if (hasBit(p.litSet, l * w, a)) {
        inLit.push(l);
        inNode.push(x * width + a);
      } else {
        outLit.push(l);
        outNode.push(x * width + a);
      }
    }
  }
  const inLitA = Int32Array.from(inLit);
  const inNodeA = Int32Array.from(inNode);
  const outNodeA = Int32Array.from(outNode);
  return {
    program: p,
    nVars: n,
    width,
    conflicts: conflictIndex(p, width),
    varScale,
    exists,
    nLits,
    nClauses,
    litClause: p.litClause,
    litOthersScale,
    inLit: inLitA,
    inNode: inNodeA,
    outLit: Int32Array.from(outLit),
    outNode: outNodeA,
    litInScale: inverseCounts(inLitA, nLits),
    nodeInScale: inverseCounts(inNodeA, nodes),
    nodeOutScale: inverseCounts(outNodeA, nodes),
  };
}

/** One batch of instances over a program, as the network reads it. */
export interface BatchInput {
  batch: number;
  /** [nodes·batch, FEATURES], node-major. */
  features: tf.Tensor2D;
  /** [batch, nVars, D]: 0 inside each instance's initial domain, −1e4 outside and on padding. */
  outside: tf.Tensor3D;
  /**
   * Random node features [nodes·batch, randomFeatures] (training: fresh per step); absent: drawn
   * from INFERENCE_NOISE_SEED by `Gnn.logits` when the config asks for them.
   */
  noise?: tf.Tensor2D;
}

/**
 * Standard normal draws from the project Rng (Box–Muller), row-major: `nodeNoise(rng, rows, k)`
 * gives rows × k random node features, and initial weights use the same draws scaled.
 */
export function normals(rng: Rng, count: number, std = 1): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const u = 1 - rng.float();
    const r = Math.sqrt(-2 * Math.log(u)) * std;
    const t = 2 * Math.PI * rng.float();
    out[i] = r * Math.cos(t);
    if (i + 1 < count) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

/** Random node features of a batch, [nodes·batch, count] node-major (row m·B + i), as a tensor. */
export function noiseTensor(rng: Rng, rows: number, count: number): tf.Tensor2D {
  return tf.tensor2d(normals(rng, rows * count), [rows, count]);
}

/** Features and domain masks of a batch of initial domains (each with the program's word stride). */
export function batchInput(g: GraphIndex, words: number, inits: readonly Uint32Array[]): BatchInput {
  const B = inits.length;
  const D = g.width;
  const features = new Float32Array(g.nVars * D * B * FEATURES);
  const outside = new Float32Array(B * g.nVars * D).fill(-1e4);
  inits.forEach((init, i) => {
    for (let x = 0; x < g.nVars; x++) {
      let size = 0;
      for (let a = 0; a < D; a++) if (g.exists[x * D + a] && hasBit(init, x * words, a)) size++;
      for (let a = 0; a < D; a++) {
        const m = x * D + a;
        if (!g.exists[m]) continue;
        const f = (m * B + i) * FEATURES;
        const inside = hasBit(init, x * words, a);
        features[f] = inside ? 1 : 0;
        features[f + 1] = 1;
        features[f + 2] = size === 1 ? 1 : 0;
        features[f + 3] = 1 / Math.max(1, size);
        if (inside) outside[(i * g.nVars + x) * D + a] = 0;
      }
    }
  });
  return {
    batch: B,
    features: tf.tensor2d(features, [g.nVars * D * B, FEATURES]),
    outside: tf.tensor3d(outside, [B, g.nVars, D]),
  };
}

export function disposeBatchInput(b: BatchInput): void {
  b.features.dispose();
  b.outside.dispose();
  b.noise?.dispose();
}

/** Index and scale tensors of a GraphIndex, kept alive (tf.keep) for as long as the program is used. */
export interface GraphTensors {
  g: GraphIndex;
  conflicts: ConflictTensors;
  varScale: tf.Tensor2D;
  /** 1 for slots a < d_x; null when every variable has D values (no padding to mask). */
  exists: tf.Tensor2D | null;
  /** Node → literal pairs for the values in each literal's set; reversed, the literal → node sums of `cin`. */
  litIn: AdjointRowSums;
  /** Node → literal pairs for the values outside each literal's set; only reversed (`cout`) in the forward pass. */
  litOut: AdjointRowSums;
  /** Literal → its clause; reversed, each literal gathers its clause's sum. */
  clauses: AdjointRowSums;
  litInScale: tf.Tensor2D;
  litOthersScale: tf.Tensor2D;
  nodeInScale: tf.Tensor2D;
  nodeOutScale: tf.Tensor2D;
  /** Node m → its variable m div D: the variable sums; reversed, the variable term's gather to the nodes. */
  varSums: AdjointRowSums;
  /** The soft propagator over the graph's program, built on first use (`propagatorOf`). */
  prop: TfPropagator | null;
}

const scale = (a: Float32Array): tf.Tensor2D => tf.tensor2d(a, [a.length, 1]);

export function graphTensors(g: GraphIndex): GraphTensors {
  const nodes = g.nVars * g.width;
  return {
    g,
    conflicts: conflictTensors(g.conflicts),
    varScale: scale(g.varScale),
    exists: g.exists.every((e) => e === 1) ? null : scale(g.exists),
    litIn: adjointRowSums(g.inNode, g.inLit, nodes, g.nLits),
    litOut: adjointRowSums(g.outNode, g.outLit, nodes, g.nLits),
    clauses: adjointRowSums(
      Int32Array.from({ length: g.nLits }, (_, l) => l),
      g.litClause,
      g.nLits,
      g.nClauses,
    ),
    litInScale: scale(g.litInScale),
    litOthersScale: scale(g.litOthersScale),
    nodeInScale: scale(g.nodeInScale),
    nodeOutScale: scale(g.nodeOutScale),
    varSums: adjointRowSums(
      Int32Array.from({ length: nodes }, (_, m) => m),
      Int32Array.from({ length: nodes }, (_, m) => Math.floor(m / g.width)),
      nodes,
      g.nVars,
    ),
    prop: null,
  };
}

/** The soft propagator of a graph's program, built once and freed with the graph's tensors. */
export function propagatorOf(t: GraphTensors): TfPropagator {
  t.prop ??= new TfPropagator(t.g.program);
  return t.prop;
}

export function disposeGraphTensors(t: GraphTensors): void {
  for (const v of Object.values(t)) if (v instanceof tf.Tensor) v.dispose();
  disposeConflictTensors(t.conflicts);
  for (const s of [t.varSums, t.litIn, t.litOut, t.clauses]) disposeAdjointRowSums(s);
  t.prop?.dispose();
  t.prop = null;
}

/** Parameter names in a fixed order (the order of saved weights). */
export const PARAM_NAMES = [
  'wIn',
  'bIn',
  'wSelf',
  'wMsg',
  'wConf',
  'wVar',
  'wClIn',
  'wClOut',
  'bUpd',
  'wLit',
  'bLit',
  'wOut',
  'bOut',
] as const;
/** Weights of the optional parts: random features → hidden, propagation features → hidden. */
export const OPTIONAL_PARAMS = ['wNoise', 'wProp'] as const;
export type ParamName = (typeof PARAM_NAMES)[number] | (typeof OPTIONAL_PARAMS)[number];

/** The parameters a config has, in saved order: the base ones, then the optional ones it enables. */
export function paramNames(c: GnnConfig): ParamName[] {
  const names: ParamName[] = [...PARAM_NAMES];
  if ((c.randomFeatures ?? 0) > 0) names.push('wNoise');
  if (c.propFeatures) names.push('wProp');
  return names;
}

/** A config's rounds at inference. */
export function inferenceRounds(c: GnnConfig): number {
  return c.inferenceRounds ?? c.rounds;
}

function paramShapes(c: GnnConfig): Record<ParamName, number[]> {
  const H = c.hidden;
  return {
    wNoise: [c.randomFeatures ?? 0, H],
    wProp: [PROP_FEATURES, H],
    wIn: [FEATURES, H],
    bIn: [H],
    wSelf: [H, H],
    wMsg: [H, c.message],
    wConf: [c.message, H],
    wVar: [H, H],
    wClIn: [H, H],
    wClOut: [H, H],
    bUpd: [H],
    wLit: [H, H],
    bLit: [H],
    wOut: [H, 1],
    bOut: [1],
  };
}

/** Unnamed (engine-numbered) so that several models can live in one process, e.g. in tests. */
function newVariable(values: Float32Array, shape: number[]): tf.Variable {
  const t = tf.tensor(values, shape);
  const v = tf.variable(t, true);
  t.dispose();
  return v;
}

export class Gnn {
  /** The weights by name; the optional ones only when the config enables them (`paramNames`). */
  readonly params: Record<ParamName, tf.Variable>;

  private constructor(
    readonly config: GnnConfig,
    params: Record<ParamName, tf.Variable>,
  ) {
    this.params = params;
  }

  /** Fresh weights: He-style normal for matrices (fan-in), zero biases. */
  static init(config: GnnConfig, rng: Rng): Gnn {
    const shapes = paramShapes(config);
    const params = {} as Record<ParamName, tf.Variable>;
    for (const name of paramNames(config)) {
      const shape = shapes[name];
      const size = shape.reduce((a, b) => a * b, 1);
      const values = shape.length === 1 ? new Float32Array(size) : normals(rng, size, Math.sqrt(1 / (shape[0] as number)));
      params[name] = newVariable(values, shape);
    }
    return new Gnn(config, params);
  }

  /** Weights from saved arrays (same names and shapes as `init`). */
  static fromArrays(config: GnnConfig, arrays: Partial<Record<string, Float32Array>>): Gnn {
    const shapes = paramShapes(config);
    const params = {} as Record<ParamName, tf.Variable>;
    for (const name of paramNames(config)) {
      const values = arrays[name];
      const shape = shapes[name];
      if (!values || values.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`weights: ${name} missing or of the wrong size`);
      params[name] = newVariable(values, shape);
    }
    return new Gnn(config, params);
  }

  variables(): tf.Variable[] {
    return paramNames(this.config).map((n) => this.params[n]);
  }

  parameterCount(): number {
    return this.variables().reduce((s, v) => s + v.size, 0);
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
  }

  /**
   * Logits per (instance, variable, value), [batch, nVars, D], of the last round. Values outside an
   * instance's initial domain (and padding) get −1e4, so softmax and Gumbel sampling never pick them.
   */
  logits(t: GraphTensors, input: BatchInput, o: RunOptions = {}): tf.Tensor3D {
    return tf.tidy(() => {
      const all = this.roundLogits(t, input, o);
      return all[all.length - 1] as tf.Tensor3D;
    });
  }

  /**
   * The readouts the network makes, each [batch, nVars, D] like `logits`: one per round when the
   * config has per-round readouts (`perRoundLoss` or `propFeatures`), else the last round's only.
   */
  roundLogits(t: GraphTensors, input: BatchInput, o: RunOptions = {}): tf.Tensor3D[] {
    const { batch, features } = input;
    const { g } = t;
    const P = this.params;
    const c = this.config;
    const H = c.hidden;
    const nodes = g.nVars * g.width;
    const cols = batch * H;
    const rounds = o.rounds ?? inferenceRounds(c);
    const everyRound = c.perRoundLoss === true || c.propFeatures === true;
    const R = c.randomFeatures ?? 0;
    const transposed = (x: tf.Tensor2D): ProductOptions => (o.forGradient ? { aT: tf.transpose(x) } : {});
    // Each weight transposed once per pass for the input gradients of its products in all rounds.
    const wT = (w: tf.Tensor): ProductOptions => (o.forGradient ? { bT: tf.transpose(w) } : {});
    const readout = (h: tf.Tensor2D, hT: ProductOptions, outT: ProductOptions): tf.Tensor3D => {
      const out = matMul(h, P.wOut, { ...hT, ...outT, bias: P.bOut }).reshape([g.nVars, g.width, batch]);
      return tf.add(tf.transpose(out, [2, 0, 1]), input.outside) as tf.Tensor3D;
    };
    return tf.tidy(() => {
      let pre = matMul(features, P.wIn, { bias: P.bIn });
      if (R > 0) {
        const noise = input.noise ?? noiseTensor(Rng.seeded(INFERENCE_NOISE_SEED), nodes * batch, R);
        if (noise.shape[1] !== R) throw new Error(`Gnn.logits: noise must have ${R} features per node, got ${noise.shape[1]}`);
        pre = tf.add(pre, matMul(noise, P.wNoise));
      }
      let h = tf.relu(pre) as tf.Tensor2D;
      let hT = transposed(h);
      // wProp's rows: p, p′ (per node), lost mass (per variable, beside the variable mean); sliced
      // once, so their gradients add up before one slice gradient.
      const wPropNodes = c.propFeatures ? tf.slice(P.wProp, [0, 0], [2, H]) : null;
      const wPropLost = c.propFeatures ? tf.slice(P.wProp, [2, 0], [1, H]) : null;
      const selfT = wT(P.wSelf);
      const msgT = wT(P.wMsg);
      const confT = wT(P.wConf);
      const varT = wT(P.wVar);
      const outT = wT(P.wOut);
      const propNodesT = wPropNodes ? wT(wPropNodes) : {};
      const propLostT = wPropLost ? wT(wPropLost) : {};
      const outs: tf.Tensor3D[] = [];
      let prop: PropagationFeatures | null = null;
      for (let r = 0; r < rounds; r++) {
        const hm = h.reshape([nodes, cols]) as tf.Tensor2D;
        const asRows = (m: tf.Tensor): tf.Tensor2D => m.reshape([nodes * batch, H]) as tf.Tensor2D;
        const msg = matMul(h, P.wMsg, { ...hT, ...msgT }).reshape([nodes, batch * c.message]);
        const conf = conflictSum(t.conflicts, msg as tf.Tensor2D);
        // Padding slots hold relu(bias) embeddings: keep them out of the variable mean. The
        // variable term is mapped once per variable, then gathered to its nodes. Sum and gather by
        // `varSums` are each other's gradient and move whole rows; a tf.sum over the value axis
        // builds a tensor of ones in JavaScript for its gradient and a broadcast add sums back
        // through a transpose (a tile is slow on wasm).
        const varMean = tf.mul(sumRowsOp(t.exists ? tf.mul(hm, t.exists) : hm, t.varSums), t.varScale);
        let varTerm = matMul(varMean.reshape([g.nVars * batch, H]), P.wVar, varT);
        const terms = [
          matMul(h, P.wSelf, { ...hT, ...selfT, bias: P.bUpd }),
          matMul(conf.reshape([nodes * batch, c.message]), P.wConf, confT),
        ];
        if (prop && wPropNodes && wPropLost) {
          terms.push(matMul(prop.nodes, wPropNodes, { ...(o.forGradient ? { aT: prop.nodesT } : {}), ...propNodesT }));
          varTerm = tf.add(varTerm, matMul(prop.lost, wPropLost, propLostT));
        }
        terms.push(asRows(sumRowsOp(varTerm.reshape([g.nVars, cols]), reversed(t.varSums))));
        let z = tf.addN(terms) as tf.Tensor2D;
        if (g.nLits > 0) {
          const litSum = tf.mul(sumRowsOp(hm, t.litIn), t.litInScale);
          const lit = tf.relu(matMul(litSum.reshape([g.nLits * batch, H]), P.wLit, { bias: P.bLit }));
          const litM = lit.reshape([g.nLits, cols]) as tf.Tensor2D;
          const clause = sumRowsOp(litM, t.clauses);
          const others = tf.mul(tf.sub(sumRowsOp(clause, reversed(t.clauses)), litM), t.litOthersScale) as tf.Tensor2D;
          const cin = tf.mul(sumRowsOp(others, reversed(t.litIn)), t.nodeInScale);
          const cout = tf.mul(sumRowsOp(others, reversed(t.litOut)), t.nodeOutScale);
          z = tf.addN([z, matMul(asRows(cin), P.wClIn), matMul(asRows(cout), P.wClOut)]) as tf.Tensor2D;
        }
        h = tf.relu(z) as tf.Tensor2D;
        if (c.normalize) h = tf.div(h, tf.sqrt(tf.add(tf.mean(tf.square(h), 1, true), 1))) as tf.Tensor2D;
        hT = transposed(h);
        const last = r === rounds - 1;
        if (!everyRound && !last) continue;
        const out = readout(h, hT, outT);
        outs.push(out);
        if (c.propFeatures && !last) prop = propagationFeatures(propagatorOf(t), out, o.form ?? 'exact', t.varSums);
      }
      if (outs.length === 0) outs.push(readout(h, hT, outT));
      return outs;
    });
  }
}

/** What the soft propagator makes of a readout, node-major (see `propagationFeatures`). */
export interface PropagationFeatures {
  /** [nodes·batch, 2] (row m·B + i): p = softmax(logits) per variable (0 outside the domains), p′ after one soft round. */
  nodes: tf.Tensor2D;
  /** `nodes` transposed, [2, nodes·batch]: the rows it is made from, for its product's weight gradient. */
  nodesT: tf.Tensor2D;
  /** [nVars·batch, 1] (row x·B + i): the variable's lost mass 1 − Σ_b p′[x, b], the same on all its nodes. */
  lost: tf.Tensor2D;
}

/**
 * The PROP_FEATURES features of a readout: p and p′ (one soft round in `form`) per node, and the
 * variable's lost mass, which `roundLogits` adds per variable as it does the variable mean (so it
 * is never broadcast to the nodes). Built as [2, nodes·batch] rows and transposed once: a stack or
 * a concat along the last axis copies element by element on wasm. The lost mass sums each
 * variable's rows by `varSums` (GraphTensors), whose gradient is a row gather (a tf.sum over the
 * value axis transposes on wasm and builds its gradient's ones in JavaScript).
 */
export function propagationFeatures(prop: TfPropagator, logits: tf.Tensor3D, form: PropForm, varSums: AdjointRowSums): PropagationFeatures {
  return tf.tidy(() => {
    const [b, n, d] = logits.shape;
    const p = tf.transpose(tf.softmax(logits), [1, 2, 0]).reshape([n * d, b]) as tf.Tensor2D;
    const next = prop.propagateRows(p, 1, form);
    const lost = tf.sub(1, sumRowsOp(next, varSums)).reshape([n * b, 1]) as tf.Tensor2D;
    const rows = concatRows([p.reshape([1, n * d * b]), next.reshape([1, n * d * b])]) as tf.Tensor2D;
    return { nodes: tf.transpose(rows) as tf.Tensor2D, nodesT: rows, lost };
  });
}
