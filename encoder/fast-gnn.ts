import { hasBit } from '../solver/model/problem.js';
import { Rng } from '../solver/model/rng.js';
import { SoftPropagator } from '../solver/rounds/soft-propagate.js';
import { TypedConflicts } from './conflicts.js';
import {
  FEATURES,
  type Gnn,
  type GnnConfig,
  type GraphIndex,
  INFERENCE_NOISE_SEED,
  inferenceRounds,
  normals,
  type ParamName,
  PROP_FEATURES,
  paramNames,
} from './gnn.js';

/**
 * Inference of a trained Gnn without tfjs: the same math as `Gnn.logits` for one instance (batch 1),
 * on plain Float32Arrays. A search that consults the encoder at its decision nodes calls it
 * hundreds of times per problem, where a tfjs call costs its op dispatch and tensor allocation
 * every time; here every buffer is sized once per graph (`FastGnnRun`) and a call allocates nothing.
 *
 * Sums run in another order than tfjs's kernels (scatters as per-destination gathers, matrix
 * products row by row), so float32 results agree to rounding, not bit for bit
 * (test/encoder/fast-gnn.test.ts bounds the difference). The soft round inside the network is the
 * exact one of hdl/SPEC.md section 3, by the Float32 reference (solver/rounds/soft-propagate.ts).
 */

/** How a run is set up: the seed of its random node features and its rounds. */
export interface FastRunOptions {
  /** Seed of the random node features (default INFERENCE_NOISE_SEED, as `Gnn.logits` without noise). */
  seed?: number;
  /** Message rounds (default: the config's rounds at inference). */
  rounds?: number;
}

/** A trained network's weights as typed arrays (read once from the tfjs variables), row-major as tfjs holds them. */
export class FastGnn {
  private constructor(
    readonly config: GnnConfig,
    readonly w: Readonly<Record<ParamName, Float32Array>>,
  ) {}

  static of(gnn: Gnn): FastGnn {
    const w = {} as Record<ParamName, Float32Array>;
    for (const name of paramNames(gnn.config)) w[name] = Float32Array.from(gnn.params[name].dataSync() as Float32Array);
    return new FastGnn(gnn.config, w);
  }

  /** The buffers and edge lists of one graph, for repeated calls over it. */
  run(g: GraphIndex, words: number, o: FastRunOptions = {}): FastGnnRun {
    return new FastGnnRun(this, g, words, o);
  }
}

/** Compressed rows: for each of `rows` destinations, the sources of its edges (dst[e] ← src[e]). */
interface Csr {
  start: Int32Array;
  src: Int32Array;
}

function csr(dst: Int32Array, src: Int32Array, rows: number): Csr {
  const start = new Int32Array(rows + 1);
  for (let e = 0; e < dst.length; e++) start[(dst[e] as number) + 1] = (start[(dst[e] as number) + 1] as number) + 1;
  for (let r = 0; r < rows; r++) start[r + 1] = (start[r + 1] as number) + (start[r] as number);
  const fill = start.slice(0, rows);
  const out = new Int32Array(dst.length);
  for (let e = 0; e < dst.length; e++) {
    const r = dst[e] as number;
    out[fill[r] as number] = src[e] as number;
    fill[r] = (fill[r] as number) + 1;
  }
  return { start, src: out };
}

/**
 * out[r, :] = scale[r] · Σ x[src, :] over the edges of row r (a scatter-mean written as a gather,
 * so each output row is written once).
 */
function gatherMean(x: Float32Array, c: Csr, scale: Float32Array, cols: number, out: Float32Array): void {
  const rows = c.start.length - 1;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    out.fill(0, o, o + cols);
    const end = c.start[r + 1] as number;
    for (let e = c.start[r] as number; e < end; e++) {
      const s = (c.src[e] as number) * cols;
      for (let j = 0; j < cols; j++) out[o + j] = (out[o + j] as number) + (x[s + j] as number);
    }
    const k = scale[r] as number;
    for (let j = 0; j < cols; j++) out[o + j] = (out[o + j] as number) * k;
  }
}

/**
 * out[rows, n] += a[rows, k] @ w[k, n] (row-major), one output row at a time in `acc` (float64, at
 * least n long): each nonzero a[r, i] adds its multiple of w's row i, so the zeros relu leaves in
 * the embeddings (more than half of them) cost nothing. Measured on a 729×64 @ 64×64 product with
 * 62 % zeros: about 2× a dense dot-product loop.
 */
function matMulAdd(a: Float32Array, rows: number, k: number, w: Float32Array, n: number, out: Float32Array, acc: Float64Array): void {
  const n4 = n - (n % 4);
  for (let r = 0; r < rows; r++) {
    const ao = r * k;
    const oo = r * n;
    for (let j = 0; j < n; j++) acc[j] = out[oo + j] as number;
    for (let i = 0; i < k; i++) {
      const av = a[ao + i] as number;
      if (av === 0) continue;
      const wo = i * n;
      let j = 0;
      for (; j < n4; j += 4) {
        acc[j] = (acc[j] as number) + av * (w[wo + j] as number);
        acc[j + 1] = (acc[j + 1] as number) + av * (w[wo + j + 1] as number);
        acc[j + 2] = (acc[j + 2] as number) + av * (w[wo + j + 2] as number);
        acc[j + 3] = (acc[j + 3] as number) + av * (w[wo + j + 3] as number);
      }
      for (; j < n; j++) acc[j] = (acc[j] as number) + av * (w[wo + j] as number);
    }
    for (let j = 0; j < n; j++) out[oo + j] = acc[j] as number;
  }
}

/** x[rows, n] = relu(x + b) with b broadcast over the rows. */
function biasRelu(x: Float32Array, rows: number, b: Float32Array): void {
  const n = b.length;
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) {
      const v = (x[o + j] as number) + (b[j] as number);
      x[o + j] = Math.max(v, 0);
    }
  }
}

/** x[r, :] /= √(mean(x[r, :]²) + 1) for each of `rows` rows of `n` (gnn.ts `normalize`). */
function normalizeRows(x: Float32Array, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let sq = 0;
    for (let j = 0; j < n; j++) sq += (x[o + j] as number) * (x[o + j] as number);
    const s = Math.sqrt(sq / n + 1);
    for (let j = 0; j < n; j++) x[o + j] = (x[o + j] as number) / s;
  }
}

/** One network over one graph: `logits` and `probabilities` of an instance's domains, allocation-free. */
export class FastGnnRun {
  readonly nodes: number;
  private readonly H: number;
  private readonly M: number;
  private readonly conf: TypedConflicts;
  private readonly litIn: Csr;
  private readonly nodeIn: Csr;
  private readonly nodeOut: Csr;
  // Buffers, [rows, width] row-major.
  private h: Float32Array;
  private z: Float32Array;
  private readonly msg: Float32Array;
  private readonly confMsg: Float32Array;
  private readonly varMean: Float32Array;
  private readonly varTerm: Float32Array;
  private readonly litSum: Float32Array;
  private readonly lit: Float32Array;
  private readonly clause: Float32Array;
  private readonly others: Float32Array;
  private readonly cin: Float32Array;
  private readonly cout: Float32Array;
  private readonly feat: Float32Array;
  private readonly out: Float32Array;
  private readonly acc: Float64Array;
  private readonly rounds: number;
  /** Random node features [nodes, randomFeatures], drawn once per run. */
  private readonly noise: Float32Array;
  /** The soft round inside the network (propFeatures): its input p, output p′ and p′'s features. */
  private readonly soft: SoftPropagator | null;
  private readonly p: Float32Array;
  private readonly pNext: Float32Array;
  private readonly propFeat: Float32Array;

  constructor(
    private readonly net: FastGnn,
    private readonly g: GraphIndex,
    private readonly words: number,
    o: FastRunOptions = {},
  ) {
    const H = net.config.hidden;
    const M = net.config.message;
    const nodes = g.nVars * g.width;
    this.nodes = nodes;
    this.H = H;
    this.M = M;
    this.conf = new TypedConflicts(g.conflicts, M);
    this.litIn = csr(g.inLit, g.inNode, g.nLits);
    this.nodeIn = csr(g.inNode, g.inLit, nodes);
    this.nodeOut = csr(g.outNode, g.outLit, nodes);
    this.h = new Float32Array(nodes * H);
    this.z = new Float32Array(nodes * H);
    this.msg = new Float32Array(nodes * M);
    this.confMsg = new Float32Array(nodes * M);
    this.varMean = new Float32Array(g.nVars * H);
    this.varTerm = new Float32Array(g.nVars * H);
    this.litSum = new Float32Array(g.nLits * H);
    this.lit = new Float32Array(g.nLits * H);
    this.clause = new Float32Array(g.nClauses * H);
    this.others = new Float32Array(g.nLits * H);
    this.cin = g.nLits > 0 ? new Float32Array(nodes * H) : new Float32Array(0);
    this.cout = g.nLits > 0 ? new Float32Array(nodes * H) : new Float32Array(0);
    this.feat = new Float32Array(FEATURES);
    this.out = new Float32Array(nodes);
    this.acc = new Float64Array(Math.max(H, M));
    const c = net.config;
    this.rounds = o.rounds ?? inferenceRounds(c);
    this.noise = normals(Rng.seeded(o.seed ?? INFERENCE_NOISE_SEED), nodes * (c.randomFeatures ?? 0));
    const prop = c.propFeatures === true;
    this.soft = prop ? new SoftPropagator(g.program, 1) : null;
    this.p = new Float32Array(prop ? nodes : 0);
    this.pNext = new Float32Array(prop ? nodes : 0);
    this.propFeat = new Float32Array(prop ? nodes * PROP_FEATURES : 0);
  }

  /**
   * Logits per (variable, value), [nVars · width] (x·width + a), of the instance whose domains are
   * `dom` (the program's word stride): −1e4 is added outside the domains and on padding, as
   * `Gnn.logits` does. Returns a buffer of this run, overwritten by the next call.
   */
  logits(dom: Uint32Array): Float32Array {
    const { g, H, M, words } = this;
    const W = this.net.w;
    const D = g.width;
    const nodes = this.nodes;
    const f = this.feat;
    const R = this.net.config.randomFeatures ?? 0;
    const noise = this.noise;
    let h = this.h;
    // Input layer: features (in domain, exists, fixed, 1/|domain|) @ wIn + bIn (+ noise @ wNoise); padding reads zeros.
    for (let x = 0; x < g.nVars; x++) {
      let size = 0;
      for (let a = 0; a < D; a++) if (g.exists[x * D + a] && hasBit(dom, x * words, a)) size++;
      for (let a = 0; a < D; a++) {
        const m = x * D + a;
        const exists = g.exists[m] === 1;
        f[0] = exists && hasBit(dom, x * words, a) ? 1 : 0;
        f[1] = exists ? 1 : 0;
        f[2] = exists && size === 1 ? 1 : 0;
        f[3] = exists ? 1 / Math.max(1, size) : 0;
        const o = m * H;
        for (let j = 0; j < H; j++) {
          let v = 0;
          for (let i = 0; i < FEATURES; i++) v += (f[i] as number) * (W.wIn[i * H + j] as number);
          v += W.bIn[j] as number;
          for (let i = 0; i < R; i++) v += (noise[m * R + i] as number) * (W.wNoise[i * H + j] as number);
          h[o + j] = Math.max(v, 0);
        }
      }
    }
    for (let r = 0; r < this.rounds; r++) {
      const z = this.z;
      // Conflicts: projected to the message width, then the mean over each node's conflicts.
      this.msg.fill(0);
      matMulAdd(h, nodes, H, W.wMsg, M, this.msg, this.acc);
      this.conf.sum(this.msg, this.confMsg);
      // Variable mean over the existing slots only (padding holds relu(bias) embeddings).
      const vm = this.varMean;
      vm.fill(0);
      for (let x = 0; x < g.nVars; x++) {
        const vo = x * H;
        for (let a = 0; a < D; a++) {
          const m = x * D + a;
          if (!g.exists[m]) continue;
          for (let j = 0; j < H; j++) vm[vo + j] = (vm[vo + j] as number) + (h[m * H + j] as number);
        }
        const s = g.varScale[x] as number;
        for (let j = 0; j < H; j++) vm[vo + j] = (vm[vo + j] as number) * s;
      }
      this.varTerm.fill(0);
      matMulAdd(vm, g.nVars, H, W.wVar, H, this.varTerm, this.acc);
      // z = h @ wSelf + conf @ wConf + the variable's term (+ clause messages), then relu(z + bUpd).
      const vt = this.varTerm;
      for (let m = 0; m < nodes; m++) {
        const vo = ((m / D) | 0) * H;
        for (let j = 0; j < H; j++) z[m * H + j] = vt[vo + j] as number;
      }
      matMulAdd(h, nodes, H, W.wSelf, H, z, this.acc);
      matMulAdd(this.confMsg, nodes, M, W.wConf, H, z, this.acc);
      if (r > 0 && this.soft) matMulAdd(this.propFeat, nodes, PROP_FEATURES, W.wProp, H, z, this.acc);
      if (g.nLits > 0) this.clauses(h, z);
      biasRelu(z, nodes, W.bUpd);
      if (this.net.config.normalize) normalizeRows(z, nodes, H);
      this.z = h;
      this.h = z;
      h = z;
      if (this.soft && r < this.rounds - 1) this.propagationFeatures(dom, h);
    }
    this.readout(dom, h);
    return this.out;
  }

  /** `out` = the readout of embeddings `h`: h @ wOut + bOut, −1e4 outside the domains and on padding. */
  private readout(dom: Uint32Array, h: Float32Array): void {
    const { g, H, words } = this;
    const W = this.net.w;
    const D = g.width;
    const out = this.out;
    for (let m = 0; m < this.nodes; m++) {
      let v = W.bOut[0] as number;
      const o = m * H;
      for (let j = 0; j < H; j++) v += (h[o + j] as number) * (W.wOut[j] as number);
      const x = (m / D) | 0;
      const inside = g.exists[m] === 1 && hasBit(dom, x * words, m - x * D);
      out[m] = v + (inside ? 0 : -1e4);
    }
  }

  /** `propFeat` of a round's embeddings (gnn.ts `propagationFeatures`): p, p′ of one exact soft round, lost mass. */
  private propagationFeatures(dom: Uint32Array, h: Float32Array): void {
    const D = this.g.width;
    this.readout(dom, h);
    softmaxRows(this.out, this.g.nVars, D, this.p);
    (this.soft as SoftPropagator).round(this.p, this.pNext);
    const f = this.propFeat;
    for (let x = 0; x < this.g.nVars; x++) {
      let mass = 0;
      for (let a = 0; a < D; a++) mass += this.pNext[x * D + a] as number;
      for (let a = 0; a < D; a++) {
        const m = x * D + a;
        f[m * PROP_FEATURES] = this.p[m] as number;
        f[m * PROP_FEATURES + 1] = this.pNext[m] as number;
        f[m * PROP_FEATURES + 2] = 1 - mass;
      }
    }
  }

  /** Clause messages into z: literal embeddings, the other literals' mean, back to nodes in and out of each literal's set. */
  private clauses(h: Float32Array, z: Float32Array): void {
    const { g, H } = this;
    const W = this.net.w;
    gatherMean(h, this.litIn, g.litInScale, H, this.litSum);
    const lit = this.lit;
    lit.fill(0);
    matMulAdd(this.litSum, g.nLits, H, W.wLit, H, lit, this.acc);
    biasRelu(lit, g.nLits, W.bLit);
    const cl = this.clause;
    cl.fill(0);
    for (let l = 0; l < g.nLits; l++) {
      const co = (g.litClause[l] as number) * H;
      for (let j = 0; j < H; j++) cl[co + j] = (cl[co + j] as number) + (lit[l * H + j] as number);
    }
    const ot = this.others;
    for (let l = 0; l < g.nLits; l++) {
      const co = (g.litClause[l] as number) * H;
      const s = g.litOthersScale[l] as number;
      for (let j = 0; j < H; j++) ot[l * H + j] = ((cl[co + j] as number) - (lit[l * H + j] as number)) * s;
    }
    gatherMean(ot, this.nodeIn, g.nodeInScale, H, this.cin);
    gatherMean(ot, this.nodeOut, g.nodeOutScale, H, this.cout);
    matMulAdd(this.cin, this.nodes, H, W.wClIn, H, z, this.acc);
    matMulAdd(this.cout, this.nodes, H, W.wClOut, H, z, this.acc);
  }

  /**
   * Softmax of `logits(dom)` over each variable's slots (τ = 1, as `Encoder.probabilities`), into
   * `into` ([nVars · width]); values outside the domains get 0.
   */
  probabilities(dom: Uint32Array, into: Float32Array): Float32Array {
    return softmaxRows(this.logits(dom), this.g.nVars, this.g.width, into);
  }
}

/** Softmax of each of `rows` rows of `width` logits, into `into`. */
function softmaxRows(l: Float32Array, rows: number, width: number, into: Float32Array): Float32Array {
  for (let x = 0; x < rows; x++) {
    const o = x * width;
    let max = Number.NEGATIVE_INFINITY;
    for (let a = 0; a < width; a++) max = Math.max(max, l[o + a] as number);
    let sum = 0;
    for (let a = 0; a < width; a++) sum += Math.exp((l[o + a] as number) - max);
    for (let a = 0; a < width; a++) into[o + a] = Math.exp((l[o + a] as number) - max) / sum;
  }
  return into;
}
