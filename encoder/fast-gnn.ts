import { hasBit } from '../solver/model/problem.js';
import { Rng } from '../solver/model/rng.js';
import { SoftPropagator } from '../solver/rounds/soft-propagate.js';
import { TypedConflicts } from './conflicts.js';
import {
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
import { SimdArena } from './simd-arena.js';

/**
 * Inference of a trained Gnn without tfjs: the same math as `Gnn.logits` for one instance (batch 1),
 * on plain Float32Arrays. A search that consults the encoder at its decision nodes calls it
 * hundreds of times per problem, where a tfjs call costs its op dispatch and tensor allocation
 * every time; here every buffer is sized once per graph (`FastGnnRun`) and a call allocates nothing.
 *
 * The dense products run on wasm SIMD kernels (simd-arena.ts: every buffer and a copy of the weights
 * live in one wasm memory, which a disposed run hands on to the network's next run), or on the
 * scalar `matMulAdd` below where wasm SIMD is missing.
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

/** A wasm arena holding a copy of the weights at its start (below `mark`), and the run buffers after it. */
interface Lease {
  arena: SimdArena;
  w: Record<ParamName, Float32Array>;
  /** Byte offsets of `w`'s buffers, to view them again after the memory grew. */
  at: Record<ParamName, number>;
  mark: number;
}

/**
 * A trained network's weights as typed arrays (read once from the tfjs variables), row-major as tfjs
 * holds them. Its runs take their wasm arena from it: the arena a disposed run gave back, rewound
 * past the weights (which stay), else a new one. A guided solve builds one run per graph, so in
 * the steady state a graph allocates no wasm memory and copies no weights.
 */
export class FastGnn {
  private kept: Lease | null = null;
  /** `inputBase` of the largest graph so far, and the seed of its random features. */
  private base: { seed: number; rows: Float32Array } | null = null;

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

  /**
   * An arena with the weights and room for `floats` more words, all zero, for one run's use until
   * it gives it back (`giveBack`); null where the SIMD kernels do not apply (then plain arrays).
   */
  lease(floats: number): Lease | null {
    const { hidden, message } = this.config;
    if (!SimdArena.fits(hidden, message)) return null;
    const kept = this.kept;
    this.kept = null;
    if (kept !== null) {
      kept.arena.rewind(kept.mark);
      if (kept.arena.reserve(floats)) {
        for (const name of paramNames(this.config)) kept.w[name] = kept.arena.at(kept.at[name], this.w[name].length);
        return kept;
      }
    }
    const names = paramNames(this.config);
    let weights = 0;
    for (const name of names) weights += SimdArena.padded(this.w[name].length);
    const arena = SimdArena.create(weights + floats);
    if (arena === null) return null;
    const w = {} as Record<ParamName, Float32Array>;
    const at = {} as Record<ParamName, number>;
    for (const name of names) {
      w[name] = arena.copy(this.w[name]);
      at[name] = w[name].byteOffset;
    }
    return { arena, w, at, mark: arena.mark() };
  }

  /**
   * The input layer's part that no domain changes, [nodes, H] (at least): bIn + the random node
   * features of `seed` @ wNoise. Row m depends on m alone (`normals` draws value i the same for
   * any count, and the product runs row by row), so one computed for a larger graph serves a
   * smaller one, bit for bit. A new array when recomputed: a run keeps the one it was given.
   */
  inputBase(seed: number, nodes: number): Float32Array {
    const H = this.config.hidden;
    if (this.base !== null && this.base.seed === seed && this.base.rows.length >= nodes * H) return this.base.rows;
    const rows = new Float32Array(nodes * H);
    for (let m = 0; m < nodes; m++) rows.set(this.w.bIn, m * H);
    const R = this.config.randomFeatures ?? 0;
    if (R > 0) matMulAdd(normals(Rng.seeded(seed), nodes * R), nodes, R, this.w.wNoise, H, rows, new Float64Array(H));
    this.base = { seed, rows };
    return rows;
  }

  /** Takes back the arena of a run that is done with it, for the next run. */
  giveBack(lease: Lease): void {
    this.kept = lease;
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
  /** The wasm memory of the buffers below and of `w`, null without wasm SIMD (then plain arrays). */
  private readonly arena: SimdArena | null;
  /** The arena as leased from `net`, until `dispose` gives it back. */
  private lease: Lease | null;
  /** The network's weights, copied into the arena. */
  private readonly w: Record<ParamName, Float32Array>;
  // Buffers, [rows, width] row-major.
  /**
   * The input layer's embeddings, kept between calls: a variable's rows are recomputed only when
   * its domain words differ from `inputDom`'s (the domains they were computed from), so a call after
   * a decision redoes the few variables propagation changed. Round 0 reads them; the rounds write
   * `h1` and `h2` in turn, never `h0`.
   */
  private readonly h0: Float32Array;
  private readonly inputDom: Uint32Array;
  private inputValid = false;
  private readonly h1: Float32Array;
  private readonly h2: Float32Array;
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
  private readonly out: Float32Array;
  private readonly acc: Float64Array;
  /** A variable's exponentials in `softmaxRows`, [width]. */
  private readonly exps: Float64Array;
  /** A variable's two input rows (out of, in its domain) @ wIn and a zero row, [3, H] (in the arena with one). */
  private readonly inputRows: Float64Array;
  /** `SimdArena.reluRows`'s row of each slot of a variable, [width]. */
  private readonly inputSel: Int32Array;
  private readonly rounds: number;
  /** The input layer's part that no domain changes (`FastGnn.inputBase`): a call adds only its features @ wIn. */
  private readonly inputBase: Float32Array;
  /** The soft round inside the network (propFeatures): its input p, output p′ and p′'s features. */
  private readonly soft: SoftPropagator | null;
  private readonly p: Float32Array;
  private readonly pNext: Float32Array;
  private readonly propFeat: Float32Array;
  /** The graph's exists and varScale, in the arena. */
  private readonly exists: Float32Array;
  private readonly varScale: Float32Array;
  /** wOut as the first column of [H, 4], and the readout's [nodes, 4] products. */
  private readonly wOut4: Float32Array;
  private readonly out4: Float32Array;

  constructor(
    private readonly net: FastGnn,
    private readonly g: GraphIndex,
    private readonly words: number,
    o: FastRunOptions = {},
  ) {
    const c = net.config;
    const H = c.hidden;
    const M = c.message;
    const nodes = g.nVars * g.width;
    const prop = c.propFeatures === true;
    const clauses = g.nLits > 0;
    this.nodes = nodes;
    this.H = H;
    this.M = M;
    this.litIn = csr(g.inLit, g.inNode, g.nLits);
    this.nodeIn = csr(g.inNode, g.inLit, nodes);
    this.nodeOut = csr(g.outNode, g.outLit, nodes);
    const sizes = {
      h0: nodes * H,
      h1: nodes * H,
      h2: nodes * H,
      msg: nodes * M,
      confMsg: nodes * M,
      varMean: g.nVars * H,
      varTerm: g.nVars * H,
      litSum: g.nLits * H,
      lit: g.nLits * H,
      clause: g.nClauses * H,
      others: g.nLits * H,
      cin: clauses ? nodes * H : 0,
      cout: clauses ? nodes * H : 0,
      propFeat: prop ? nodes * PROP_FEATURES : 0,
      exists: nodes,
      varScale: g.nVars,
      wOut4: 4 * H,
      out4: 4 * nodes,
      inputBase: nodes * H,
      inputRows: 2 * 3 * H,
      inputSel: g.width,
    };
    let floats = TypedConflicts.arenaWords(g.conflicts, M);
    for (const n of Object.values(sizes)) floats += SimdArena.padded(n);
    this.lease = net.lease(floats);
    const arena = this.lease?.arena ?? null;
    this.arena = arena;
    const alloc = (n: number): Float32Array => (arena ? arena.alloc(n) : new Float32Array(n));
    this.w = this.lease?.w ?? { ...net.w };
    this.conf = new TypedConflicts(g.conflicts, M, arena);
    this.exists = arena ? arena.copy(g.exists) : g.exists;
    this.varScale = arena ? arena.copy(g.varScale) : g.varScale;
    // The readout as a product of width 4 (the SIMD kernels' unit): wOut in column 0, zeros beside it.
    this.wOut4 = alloc(sizes.wOut4);
    for (let j = 0; j < H; j++) this.wOut4[4 * j] = this.w.wOut[j] as number;
    this.out4 = alloc(sizes.out4);
    this.h0 = alloc(sizes.h0);
    this.h1 = alloc(sizes.h1);
    this.h2 = alloc(sizes.h2);
    this.inputDom = new Uint32Array(g.nVars * words);
    const base = net.inputBase(o.seed ?? INFERENCE_NOISE_SEED, nodes);
    this.inputBase = arena ? arena.copy(base.subarray(0, nodes * H)) : base;
    this.inputRows = arena ? arena.allocDouble(3 * H) : new Float64Array(3 * H);
    this.inputSel = arena ? arena.allocInt(g.width) : new Int32Array(0);
    this.msg = alloc(sizes.msg);
    this.confMsg = alloc(sizes.confMsg);
    this.varMean = alloc(sizes.varMean);
    this.varTerm = alloc(sizes.varTerm);
    this.litSum = alloc(sizes.litSum);
    this.lit = alloc(sizes.lit);
    this.clause = alloc(sizes.clause);
    this.others = alloc(sizes.others);
    this.cin = alloc(sizes.cin);
    this.cout = alloc(sizes.cout);
    this.propFeat = alloc(sizes.propFeat);
    this.out = new Float32Array(nodes);
    this.acc = new Float64Array(Math.max(H, M));
    this.exps = new Float64Array(g.width);
    this.rounds = o.rounds ?? inferenceRounds(c);
    this.soft = prop ? new SoftPropagator(g.program, 1) : null;
    this.p = new Float32Array(prop ? nodes : 0);
    this.pNext = new Float32Array(prop ? nodes : 0);
  }

  /** Gives the arena back to the network for its next run; a call after this throws. */
  dispose(): void {
    if (this.lease !== null) this.net.giveBack(this.lease);
    this.lease = null;
  }

  /** out[rows, n] += a[rows, k] @ w[k, n]: on the arena's SIMD kernel when there is one for n, else scalar. */
  private matMulAdd(a: Float32Array, rows: number, k: number, w: Float32Array, n: number, out: Float32Array): void {
    if (this.arena?.matMulAdd(a, rows, k, w, n, out) !== true) matMulAdd(a, rows, k, w, n, out, this.acc);
  }

  /**
   * Logits per (variable, value), [nVars · width] (x·width + a), of the instance whose domains are
   * `dom` (the program's word stride): −1e4 is added outside the domains and on padding, as
   * `Gnn.logits` does. Returns a buffer of this run, overwritten by the next call.
   */
  logits(dom: Uint32Array): Float32Array {
    // After dispose the arena may hold another run's buffers: fail rather than read them.
    if (this.arena !== null && this.lease === null) throw new Error('FastGnnRun: called after dispose');
    const { g, H, M, words } = this;
    const W = this.w;
    const D = g.width;
    const nodes = this.nodes;
    const base = this.inputBase;
    const rows = this.inputRows;
    const h0 = this.h0;
    const seen = this.inputDom;
    // Input layer: relu(features (in domain, exists, fixed, 1/|domain|) @ wIn + inputBase); padding's features are zeros.
    for (let x = 0; x < g.nVars; x++) {
      const at = x * words;
      let same = this.inputValid;
      for (let k = 0; k < words && same; k++) same = dom[at + k] === seen[at + k];
      if (same) continue;
      for (let k = 0; k < words; k++) seen[at + k] = dom[at + k] as number;
      let size = 0;
      for (let a = 0; a < D; a++) if (g.exists[x * D + a] && hasBit(dom, at, a)) size++;
      // The variable's two feature rows @ wIn: out of its domain at 0..H, in it at H..2H (a zero row at 2H..3H).
      for (let j = 0; j < H; j++) {
        const out =
          (W.wIn[H + j] as number) + (size === 1 ? (W.wIn[2 * H + j] as number) : 0) + (W.wIn[3 * H + j] as number) / Math.max(1, size);
        rows[j] = out;
        rows[H + j] = out + (W.wIn[j] as number);
      }
      if (this.arena) {
        // Each slot's row as a byte offset into `rows` (float64): padding the zero row, so relu(inputBase).
        const sel = this.inputSel;
        for (let a = 0; a < D; a++) sel[a] = g.exists[x * D + a] !== 1 ? 16 * H : hasBit(dom, at, a) ? 8 * H : 0;
        this.arena.reluRows(base, x * D, rows, sel, D, H, h0);
        continue;
      }
      for (let a = 0; a < D; a++) {
        const m = x * D + a;
        const o = m * H;
        if (g.exists[m] !== 1) {
          for (let j = 0; j < H; j++) h0[o + j] = Math.max(base[o + j] as number, 0);
          continue;
        }
        const ro = hasBit(dom, at, a) ? H : 0;
        for (let j = 0; j < H; j++) h0[o + j] = Math.max((base[o + j] as number) + (rows[ro + j] as number), 0);
      }
    }
    this.inputValid = true;
    let h = h0;
    for (let r = 0; r < this.rounds; r++) {
      const z = h === this.h1 ? this.h2 : this.h1;
      // Conflicts: projected to the message width, then the mean over each node's conflicts.
      this.msg.fill(0);
      this.matMulAdd(h, nodes, H, W.wMsg, M, this.msg);
      this.conf.sum(this.msg, this.confMsg);
      // Variable mean over the existing slots only (padding holds relu(bias) embeddings).
      this.variableMeans(h);
      this.varTerm.fill(0);
      this.matMulAdd(this.varMean, g.nVars, H, W.wVar, H, this.varTerm);
      // z = h @ wSelf + conf @ wConf + the variable's term (+ clause messages), then relu(z + bUpd).
      this.broadcastVariables(this.varTerm, z);
      this.matMulAdd(h, nodes, H, W.wSelf, H, z);
      this.matMulAdd(this.confMsg, nodes, M, W.wConf, H, z);
      if (r > 0 && this.soft) this.matMulAdd(this.propFeat, nodes, PROP_FEATURES, W.wProp, H, z);
      if (g.nLits > 0) this.clauses(h, z);
      if (this.arena) this.arena.biasRelu(z, nodes, H, W.bUpd);
      else biasRelu(z, nodes, W.bUpd);
      if (this.net.config.normalize) {
        if (this.arena) this.arena.normalizeRows(z, nodes, H);
        else normalizeRows(z, nodes, H);
      }
      h = z;
      if (this.soft && r < this.rounds - 1) this.propagationFeatures(dom, h);
    }
    this.readout(dom, h);
    return this.out;
  }

  /** `out` = the readout of embeddings `h`: h @ wOut + bOut, −1e4 outside the domains and on padding. */
  private readout(dom: Uint32Array, h: Float32Array): void {
    const { g, H, words, out4 } = this;
    const D = g.width;
    const out = this.out;
    out4.fill(0);
    this.matMulAdd(h, this.nodes, H, this.wOut4, 4, out4);
    const bOut = this.w.bOut[0] as number;
    for (let m = 0; m < this.nodes; m++) {
      const x = (m / D) | 0;
      const inside = g.exists[m] === 1 && hasBit(dom, x * words, m - x * D);
      out[m] = (out4[4 * m] as number) + bOut + (inside ? 0 : -1e4);
    }
  }

  /** varMean[x, :] = the mean of h over x's existing slots. */
  private variableMeans(h: Float32Array): void {
    const { g, H } = this;
    const D = g.width;
    const vm = this.varMean;
    if (this.arena) {
      this.arena.sumGroups(h, g.nVars, D, H, vm, this.exists);
      this.arena.scaleRows(vm, vm, g.nVars, H, this.varScale);
      return;
    }
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
  }

  /** z[x·D + a, :] = v[x, :] for every slot a of every variable x. */
  private broadcastVariables(v: Float32Array, z: Float32Array): void {
    const { g, H } = this;
    const D = g.width;
    if (this.arena) {
      this.arena.broadcastGroups(v, g.nVars, D, H, z);
      return;
    }
    for (let m = 0; m < this.nodes; m++) {
      const vo = ((m / D) | 0) * H;
      for (let j = 0; j < H; j++) z[m * H + j] = v[vo + j] as number;
    }
  }

  /** `propFeat` of a round's embeddings (gnn.ts `propagationFeatures`): p, p′ of one exact soft round, lost mass. */
  private propagationFeatures(dom: Uint32Array, h: Float32Array): void {
    const D = this.g.width;
    this.readout(dom, h);
    softmaxRows(this.out, this.g.nVars, D, this.p, this.exps);
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
    const W = this.w;
    gatherMean(h, this.litIn, g.litInScale, H, this.litSum);
    const lit = this.lit;
    lit.fill(0);
    this.matMulAdd(this.litSum, g.nLits, H, W.wLit, H, lit);
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
    this.matMulAdd(this.cin, this.nodes, H, W.wClIn, H, z);
    this.matMulAdd(this.cout, this.nodes, H, W.wClOut, H, z);
  }

  /**
   * Softmax of `logits(dom)` over each variable's slots (τ = 1, as `Encoder.probabilities`), into
   * `into` ([nVars · width]); values outside the domains get 0.
   */
  probabilities(dom: Uint32Array, into: Float32Array): Float32Array {
    return softmaxRows(this.logits(dom), this.g.nVars, this.g.width, into, this.exps);
  }
}

/** Below this, Math.exp is exactly 0 (its underflow threshold is −745.13). */
const EXP_ZERO = -746;

/**
 * Softmax of each of `rows` rows of `width` logits, into `into`; `e` (float64, ≥ width) holds a
 * row's exponentials. Values outside the domains (−1e4 below the rest) skip the exponential, whose
 * result would be 0: most of a QWH's values, fixed or pruned at the root.
 */
function softmaxRows(l: Float32Array, rows: number, width: number, into: Float32Array, e: Float64Array): Float32Array {
  for (let x = 0; x < rows; x++) {
    const o = x * width;
    let max = Number.NEGATIVE_INFINITY;
    for (let a = 0; a < width; a++) max = Math.max(max, l[o + a] as number);
    let sum = 0;
    for (let a = 0; a < width; a++) {
      const d = (l[o + a] as number) - max;
      e[a] = d < EXP_ZERO ? 0 : Math.exp(d);
      sum += e[a] as number;
    }
    for (let a = 0; a < width; a++) into[o + a] = (e[a] as number) / sum;
  }
  return into;
}
