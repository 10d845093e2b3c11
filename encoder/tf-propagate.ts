import * as tf from '@tensorflow/tfjs';
import { valuesPerVar as valuesPerVarOf } from '../solver/rounds/arc-lists.js';
import type { ArcProgram } from '../solver/rounds/arcs.js';
import { customOp } from './custom-grad.js';
import {
  type AdjointRowSums,
  adjointRowSums,
  disposeAdjointRowSums,
  disposeRowSums,
  gatherRows,
  type RowSums,
  rowSums,
  rowSumsIn,
  sumRows,
} from './gather.js';

/**
 * Which arithmetic a soft round uses: 'exact' is hdl/SPEC.md section 3 (inference and hardware);
 * 'training' is its training form (section 7): products as sums of logarithms, every weight and
 * support ε-projected into [ε, 1 − ε] so no factor is an exact 0 or 1 where gradients vanish.
 */
export type PropForm = 'exact' | 'training';

/** ε of the training form's projection (float32 keeps 1 − ε and log ε exact enough). */
export const TRAIN_EPS = 1e-4;

/** log of a padding factor that must vanish: exp(−1e4) is exactly 0 in float32, and sums stay finite. */
const LOG_ZERO = -1e4;

/** The ε-projection π: clip to [ε, 1 − ε]; `trainingRound` differentiates it as the identity (straight through). */
const project = (x: tf.Tensor): tf.Tensor => tf.clipByValue(x, TRAIN_EPS, 1 - TRAIN_EPS);

/**
 * The differentiable soft propagator: hdl/SPEC.md section 3 on tfjs tensors, over a batch of
 * instances of one problem.
 *
 * Layout. Weights come in and go out as [B, nVars, D] with D the largest domain size (value a of
 * variable i at i·D + a per instance: the reference's layout, solver/rounds/arc-lists.ts `valuesPerVar`).
 * Inside they are rows (variable, value) × columns (instance), [nVars·D, B], so every gather
 * moves B contiguous floats. Values a ≥ d_i come out as exact zeros.
 *
 * Numerics. Every OR and every revision is a product of factors gathered into a padded
 * [rows, width, B] tensor and reduced with `tf.prod` along the width, in exactly the spec's fold
 * order (arc support: b ascending; clause: literals ascending, own literal left out; revision:
 * p_x[a], then arcs in CSR order, then literals ascending). Padding factors are exactly 1. A
 * literal's falsity Π(1 − p) enters its clause's products as computed, like the reference does.
 * No logarithms: a factor 1 − p = 0 stays an exact 0, so 0/1 weights give hard arc consistency
 * exactly, and tfjs's product gradient (exclusive cumulative products from both ends) is the
 * exact leave-one-out product even where factors are 0 — which straight-through training needs,
 * since its forward weights are exactly 0/1. Clause supports gather each literal's other literals
 * explicitly (cost Σ|c|² per clause) rather than dividing a clause product by the own factor.
 *
 * Agreement with the Float32 reference (solver/rounds/soft-propagate.ts): the wasm Prod kernel folds in
 * float32 in the given order, as the reference does, so on wasm the two are bit-identical (asserted
 * in test/encoder). The cpu kernel accumulates a product in float64 and rounds once: each folded
 * value is within Fmax·2⁻²⁴ relative, and test/encoder asserts |tf − reference| ≤ R·Fmax·2⁻²⁴ after
 * R rounds (Fmax = `maxFactors`; measured ≤ 0.15 of that on random problems).
 *
 * Cost per round: Σ over distinct OR rows of (longest row) + nVars·D·Fmax gathered floats per
 * instance. Sudoku (81×9, 1944 arcs but 81 distinct (source, rows) units), batch 64, 3 rounds,
 * forward + backward + Adam: ~17.7 steps/s on wasm (SIMD, one core), 0.46 on cpu.
 */
export class TfPropagator {
  readonly nVars: number;
  /** Weight stride D of the [B, nVars, D] layout: the largest domain size. */
  readonly valuesPerVar: number;
  /** Largest number of factors folded into one value per round (including p itself). */
  readonly maxFactors: number;
  /** Per OR row: indices into [1 − p rows, sentinel 1] of its members, padded with the sentinel. */
  private readonly orIdx: tf.Tensor2D | null;
  private readonly nOr: number;
  /** Per literal: indices into [OR-row falsities, sentinel 1] of the clause's other literals. */
  private readonly looIdx: tf.Tensor2D | null;
  /** Per literal and value: 1 when the value is outside the literal's set, [nLits, valuesPerVar, 1]. */
  private readonly outside: tf.Tensor3D | null;
  private readonly nLits: number;
  /** Per (variable, value): indices into [p rows, OR rows, clause support rows, 1, 0]. */
  private readonly revIdx: tf.Tensor2D;
  /** The training form's sums over the same lists, padding left out (its log factor is 0). */
  private readonly orSums: AdjointRowSums | null;
  private readonly looSums: AdjointRowSums | null;
  private readonly revSums: RowSums;
  /**
   * The revision sums' adjoint into each part of the factor table (p rows, OR rows, clause support
   * rows), as the gradient reads them: no whole table to slice.
   */
  private readonly revBack: { q: RowSums; or: RowSums; lit: RowSums };

  constructor(readonly program: ArcProgram) {
    const { nVars, words, domSize } = program;
    this.nVars = nVars;
    const valuesPerVar = valuesPerVarOf(program);
    this.valuesPerVar = valuesPerVar;
    const nRows = nVars * valuesPerVar;

    // OR rows: one per value of each distinct arc (source, rows) — arcs into different targets
    // from the same source with the same rows (e.g. all not-equal arcs) share their supports —
    // then one per distinct literal (variable, set).
    const orMembers: number[][] = [];
    const unitOf = new Map<string, number>();
    const orRowOf = (y: number, sets: Uint32Array, count: number): number => {
      const key = `${y}|${sets.join(',')}`;
      let at = unitOf.get(key);
      if (at !== undefined) return at;
      at = orMembers.length;
      unitOf.set(key, at);
      for (let r = 0; r < count; r++) {
        const m: number[] = [];
        for (let b = 0; b < (domSize[y] as number); b++)
          if (((sets[r * words + (b >>> 5)] as number) >>> (b & 31)) & 1) m.push(y * valuesPerVar + b);
        orMembers.push(m);
      }
      return at;
    };
    const nArcs = program.arcSrc.length;
    const arcUnit = new Int32Array(nArcs);
    for (let x = 0; x < nVars; x++) {
      const dx = domSize[x] as number;
      for (let k = program.arcStart[x] as number; k < (program.arcStart[x + 1] as number); k++) {
        const r0 = program.arcRow[k] as number;
        arcUnit[k] = orRowOf(program.arcSrc[k] as number, program.rows.subarray(r0, r0 + dx * words), dx);
      }
    }
    const nLits = program.litVar.length;
    const litRow = new Int32Array(nLits);
    for (let l = 0; l < nLits; l++) {
      litRow[l] = orRowOf(program.litVar[l] as number, program.litSet.subarray(l * words, (l + 1) * words), 1);
    }
    this.nOr = orMembers.length;
    this.nLits = nLits;
    this.orIdx = this.nOr > 0 ? padded(orMembers, nRows) : null;
    this.orSums = this.nOr > 0 ? listSums(orMembers, nRows) : null;

    if (nLits > 0) {
      const others: number[][] = [];
      for (let l = 0; l < nLits; l++) {
        const c = program.litClause[l] as number;
        const o: number[] = [];
        for (let m = program.clauseStart[c] as number; m < (program.clauseStart[c + 1] as number); m++)
          if (m !== l) o.push(litRow[m] as number);
        others.push(o);
      }
      this.looIdx = padded(others, this.nOr);
      this.looSums = listSums(others, this.nOr);
      const outside = new Float32Array(nLits * valuesPerVar).fill(1);
      for (let l = 0; l < nLits; l++) {
        const x = program.litVar[l] as number;
        for (let a = 0; a < (domSize[x] as number); a++)
          if (((program.litSet[l * words + (a >>> 5)] as number) >>> (a & 31)) & 1) outside[l * valuesPerVar + a] = 0;
      }
      this.outside = tf.keep(tf.tensor3d(outside, [nLits, valuesPerVar, 1]));
    } else {
      this.looIdx = null;
      this.looSums = null;
      this.outside = null;
    }

    // Revision: factor table rows are [p (nRows) | OR rows (nOr) | clause supports (nLits·valuesPerVar) | 1 | 0].
    const orBase = nRows;
    const litBase = orBase + this.nOr;
    const one = litBase + nLits * valuesPerVar;
    const zero = one + 1;
    const factors: number[][] = [];
    let maxFactors = 1;
    for (let x = 0; x < nVars; x++) {
      const dx = domSize[x] as number;
      for (let a = 0; a < valuesPerVar; a++) {
        if (a >= dx) {
          factors.push([zero]);
          continue;
        }
        const f = [x * valuesPerVar + a];
        for (let k = program.arcStart[x] as number; k < (program.arcStart[x + 1] as number); k++)
          f.push(orBase + (arcUnit[k] as number) + a);
        for (let o = program.occStart[x] as number; o < (program.occStart[x + 1] as number); o++)
          f.push(litBase + (program.occLit[o] as number) * valuesPerVar + a);
        maxFactors = Math.max(maxFactors, f.length);
        factors.push(f);
      }
    }
    this.maxFactors = maxFactors;
    this.revIdx = padded(factors, one);
    const rev = listPairs(factors);
    this.revSums = rowSums(rev.rows, rev.of, factors.length);
    this.revBack = {
      q: rowSumsIn(rev.of, rev.rows, 0, orBase),
      or: rowSumsIn(rev.of, rev.rows, orBase, litBase),
      lit: rowSumsIn(rev.of, rev.rows, litBase, one),
    };
  }

  /**
   * `rounds` synchronous soft rounds on weights [B, nVars, D] in `form`; returns the new weights,
   * same shape. Differentiable; call inside `tf.tidy` / `tf.grad` as usual.
   */
  propagate(weights: tf.Tensor3D, rounds: number, form: PropForm = 'exact'): tf.Tensor3D {
    const [b, n, d] = weights.shape;
    if (n !== this.nVars || d !== this.valuesPerVar) {
      throw new Error(
        `TfPropagator.propagate: weights must be [B, ${this.nVars}, ${this.valuesPerVar}], got [${weights.shape.join(', ')}]`,
      );
    }
    return tf.tidy(() => {
      const p = this.propagateRows(tf.reshape(tf.transpose(weights, [1, 2, 0]), [n * d, b]) as tf.Tensor2D, rounds, form);
      return tf.transpose(tf.reshape(p, [n, d, b]), [2, 0, 1]) as tf.Tensor3D;
    });
  }

  /**
   * The same rounds on the internal layout, rows (variable, value) × columns (instance),
   * [nVars·D, B]: for callers that hold their weights node-major already (the encoder), so
   * neither side transposes.
   */
  propagateRows(rows: tf.Tensor2D, rounds: number, form: PropForm = 'exact'): tf.Tensor2D {
    if (rows.shape[0] !== this.nVars * this.valuesPerVar)
      throw new Error(`TfPropagator.propagateRows: rows must be [${this.nVars * this.valuesPerVar}, B], got [${rows.shape.join(', ')}]`);
    return tf.tidy(() => {
      let p: tf.Tensor = rows;
      for (let r = 0; r < rounds; r++) p = form === 'exact' ? this.round(p) : this.trainingRound(p);
      return p as tf.Tensor2D;
    });
  }

  /** One synchronous round on internal rows [nVars·valuesPerVar, B]. */
  private round(p: tf.Tensor): tf.Tensor {
    const b = p.shape[1] as number;
    const zeroRow = tf.zeros([1, b]);
    const parts: tf.Tensor[] = [p];
    if (this.orIdx) {
      const q = tf.sub(1, tf.concat([p, zeroRow]));
      // none[r] = Π (1 − p) over OR row r: the probability that none of its values holds.
      const none = tf.prod(gatherRows(q, this.orIdx), 1);
      parts.push(tf.sub(1, none));
      if (this.looIdx && this.outside) {
        // A literal is false with probability `none` of its row, used as is (not 1 − (1 − none)).
        const othersFalse = tf.prod(gatherRows(tf.concat([none, tf.ones([1, b])]), this.looIdx), 1);
        parts.push(tf.reshape(tf.sub(1, tf.mul(this.outside, tf.expandDims(othersFalse, 1))), [this.nLits * this.valuesPerVar, b]));
      }
    }
    parts.push(tf.ones([1, b]), zeroRow);
    return tf.prod(gatherRows(tf.concat(parts), this.revIdx), 1);
  }

  /**
   * One round in the training form (hdl/SPEC.md section 8), the same gathers as `round` with sums
   * of logarithms in place of products: log none = Σ log(1 − q), support = π(1 − exp(log none)),
   * a literal's clause support π(1 − exp(Σ log none of the others)) outside its set (log 1 = 0
   * inside), p′ = exp(log q_a + Σ log supports); q = π(p), π the ε-projection, differentiated as
   * the identity (straight through), so a weight at exactly 0 (a value the hard forward pass did
   * not choose) still gets its gradient. Padding gets exp(LOG_ZERO) = 0 exactly.
   * One op with its gradient written out (the chain rule through the same lists, in the order
   * tfjs would take it): taped op by op, the round's ~20 kernels on [rows, B] tensors and their
   * gradients cost more JavaScript than arithmetic.
   */
  private trainingRound(p: tf.Tensor): tf.Tensor {
    const D = this.valuesPerVar;
    const op = customOp<[tf.Tensor], tf.Tensor>(([x], save) => {
      const b = x.shape[1] as number;
      // Kept for the gradient: q, p′, and per sum of logs its exp and its projected support.
      const kept = tf.tidy(() => {
        const q = project(x as tf.Tensor);
        const parts: tf.Tensor[] = [tf.log(q)];
        const supports: tf.Tensor[] = [];
        if (this.orSums) {
          const logNone = sumRows(tf.log(tf.sub(1, q)), this.orSums.fwd);
          const none = tf.exp(logNone);
          const support = project(tf.sub(1, none));
          parts.push(tf.log(support));
          supports.push(none, support);
          if (this.looSums && this.outside) {
            const othersNone = tf.exp(sumRows(logNone, this.looSums.fwd));
            const clauseSupport = project(tf.sub(1, othersNone));
            parts.push(tf.reshape(tf.mul(this.outside, tf.expandDims(tf.log(clauseSupport), 1)), [this.nLits * D, b]));
            supports.push(othersNone, clauseSupport);
          }
        }
        // The table's rows as `round` numbers them: the padding row 1 (log 0) is never listed, and the
        // factor 0 of a padding value is log-zero.
        parts.push(tf.zeros([1, b]), tf.fill([1, b], LOG_ZERO));
        return [tf.exp(sumRows(tf.concat(parts), this.revSums)), q, ...supports];
      });
      const [y, ...rest] = kept as [tf.Tensor, ...tf.Tensor[]];
      save(kept);
      tf.dispose(rest);
      return {
        value: y,
        gradFunc: (dy, [sy, sq, none, support, othersNone, clauseSupport]) => {
          const q = sq as tf.Tensor;
          const dFactors = tf.mul(dy, sy as tf.Tensor);
          let dq = tf.div(sumRows(dFactors, this.revBack.q), q);
          if (this.orSums && none && support) {
            // S = log π(1 − exp(log none)), π straight through: d log none = −(dS / π)·none.
            const dS = sumRows(dFactors, this.revBack.or);
            let dLogNone = tf.mul(tf.neg(tf.div(dS, support)), none);
            if (this.looSums && this.outside && othersNone && clauseSupport) {
              const dC = tf.reshape(sumRows(dFactors, this.revBack.lit), [this.nLits, D, b]);
              const dT = tf.sum(tf.mul(dC, this.outside), 1);
              const dLogOthers = tf.mul(tf.neg(tf.div(dT, clauseSupport)), othersNone);
              dLogNone = tf.add(dLogNone, sumRows(dLogOthers, this.looSums.back));
            }
            // log(1 − q) summed into log none: dq −= d(log none)/(1 − q).
            dq = tf.add(dq, tf.neg(tf.div(sumRows(dLogNone, this.orSums.back), tf.sub(1, q))));
          }
          return [dq];
        },
      };
    });
    return op(p);
  }

  /** Frees the index tensors. */
  dispose(): void {
    for (const t of [this.orIdx, this.looIdx, this.outside, this.revIdx]) t?.dispose();
    for (const l of [this.orSums, this.looSums]) if (l) disposeAdjointRowSums(l);
    for (const r of [this.revSums, this.revBack.q, this.revBack.or, this.revBack.lit]) disposeRowSums(r);
  }
}

/**
 * Lists of row indices as an int32 [lists, width] tensor, padded with `fill` (width ≥ 1); kept out
 * of any enclosing tf.tidy (a propagator built on first use inside one lives until `dispose`).
 */
function padded(lists: number[][], fill: number): tf.Tensor2D {
  let width = 1;
  for (const l of lists) width = Math.max(width, l.length);
  const out = new Int32Array(lists.length * width).fill(fill);
  lists.forEach((l, i) => {
    out.set(l, i * width);
  });
  return tf.keep(tf.tensor2d(out, [lists.length, width], 'int32'));
}

/**
 * The lists of a padded index table without their padding (the padding of a training-form sum is
 * a log factor 0) over a table of `tableRows` rows, kept out of any enclosing tf.tidy like
 * `padded`'s tensors. Summed by segment sums: on wasm a tf.sum over a padded middle axis transposes
 * it first, and its gradient multiplies by a tensor of ones built in JavaScript.
 */
function listSums(lists: number[][], tableRows: number): AdjointRowSums {
  const { rows, of } = listPairs(lists);
  return adjointRowSums(rows, of, tableRows, lists.length);
}

/** Every member of every list as a pair: table row `rows[k]` belongs to list `of[k]`. */
function listPairs(lists: number[][]): { rows: Int32Array; of: Int32Array } {
  const rows: number[] = [];
  const of: number[] = [];
  lists.forEach((l, i) => {
    for (const r of l) {
      rows.push(r);
      of.push(i);
    }
  });
  return { rows: Int32Array.from(rows), of: Int32Array.from(of) };
}
