import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { selectBackend } from '../../encoder/backend.js';
import { conflictIndex, conflictSum, conflictTensors, disposeConflictTensors, TypedConflicts } from '../../encoder/conflicts.js';
import { SimdArena } from '../../encoder/simd-arena.js';
import { hasBit } from '../../solver/model/problem.js';
import { randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';
import { type ArcProgram, compileArcs } from '../../solver/rounds/arcs.js';

/**
 * Group sums of all-different conflicts against the definition, written here arc by arc: node
 * (x, a) hears every (y, b) that an arc x←y forbids with a, scaled by 1/(their count). Random
 * problems mix tables, not-equal, clauses and all-different (overlapping groups included), with
 * uneven domain sizes (padding slots) and several message columns.
 */

beforeAll(async () => {
  expect((await selectBackend('wasm')).name).toBe('wasm');
});

function byArcs(p: ArcProgram, width: number, msg: Float32Array, cols: number): Float32Array {
  const out = new Float32Array(p.nVars * width * cols);
  const count = new Float32Array(p.nVars * width);
  for (let x = 0; x < p.nVars; x++)
    for (let k = p.arcStart[x] as number; k < (p.arcStart[x + 1] as number); k++) {
      const y = p.arcSrc[k] as number;
      for (let a = 0; a < (p.domSize[x] as number); a++)
        for (let b = 0; b < (p.domSize[y] as number); b++) {
          if (hasBit(p.rows, (p.arcRow[k] as number) + a * p.words, b)) continue;
          count[x * width + a] = (count[x * width + a] as number) + 1;
          for (let j = 0; j < cols; j++)
            out[(x * width + a) * cols + j] = (out[(x * width + a) * cols + j] as number) + (msg[(y * width + b) * cols + j] as number);
        }
    }
  for (let m = 0; m < count.length; m++)
    for (let j = 0; j < cols; j++) out[m * cols + j] = (out[m * cols + j] as number) / Math.max(1, count[m] as number);
  return out;
}

it('conflict sums by all-different groups equal the arc-by-arc sums, on tfjs (and its gradient), on typed arrays and on the SIMD arena', () => {
  const rng = Rng.seeded(7);
  let grouped = 0;
  for (let t = 0; t < 60; t++) {
    const p = randomProblem(rng, {
      vars: rng.int(2, 9),
      domain: rng.int(2, 7),
      density: 0.3 + 0.6 * rng.float(),
      tightness: 0.4,
      holes: true,
    });
    const program = compileArcs(p);
    const width = Math.max(...p.domSize);
    const cols = rng.int(1, 5);
    const msg = new Float32Array(p.domSize.length * width * cols);
    for (let k = 0; k < msg.length; k++) msg[k] = rng.float() * 2 - 1;
    const want = byArcs(program, width, msg, cols);
    const index = conflictIndex(program, width);
    if (index.slots > 0) grouped++;
    const typed = new Float32Array(msg.length);
    new TypedConflicts(index, cols).sum(msg, typed);
    // The SIMD kernels take rows of a multiple of 4: the same messages, zero-padded to 4 or 8 columns.
    const wide = Math.ceil(cols / 4) * 4;
    const arena = SimdArena.create(TypedConflicts.arenaWords(index, wide) + 2 * SimdArena.padded(index.nodes * wide)) as SimdArena;
    const simdMsg = arena.alloc(index.nodes * wide);
    const simd = arena.alloc(index.nodes * wide);
    for (let m = 0; m < index.nodes; m++) for (let j = 0; j < cols; j++) simdMsg[m * wide + j] = msg[m * cols + j] as number;
    new TypedConflicts(index, wide, arena).sum(simdMsg, simd);
    const tensors = conflictTensors(index);
    const got = tf.tidy(() => conflictSum(tensors, tf.tensor2d(msg, [index.nodes, cols])).dataSync() as Float32Array);
    // The gradient of Σ w ⊙ sums, column by column of the (linear) definition: d/dmsg[i] = Σ w ⊙ byArcs(e_i).
    const w = Float32Array.from(msg, () => rng.float() * 2 - 1);
    const grad = tf.tidy(() => {
      const wt = tf.tensor2d(w, [index.nodes, cols]);
      const f = (m: tf.Tensor) => tf.sum(tf.mul(conflictSum(tensors, m as tf.Tensor2D), wt));
      return tf
        .grad(f)(tf.tensor2d(msg, [index.nodes, cols]))
        .dataSync() as Float32Array;
    });
    disposeConflictTensors(tensors);
    const unit = new Float32Array(msg.length);
    for (let i = 0; i < msg.length; i++) {
      unit.fill(0);
      unit[i] = 1;
      const column = byArcs(program, width, unit, cols);
      let want = 0;
      for (let k = 0; k < w.length; k++) want += (w[k] as number) * (column[k] as number);
      expect(Math.abs((grad[i] as number) - want)).toBeLessThan(1e-5);
    }
    for (let k = 0; k < want.length; k++) {
      expect(Math.abs((typed[k] as number) - (want[k] as number))).toBeLessThan(1e-5);
      expect(Math.abs((got[k] as number) - (want[k] as number))).toBeLessThan(1e-5);
      const [m, j] = [Math.floor(k / cols), k % cols];
      expect(Math.abs((simd[m * wide + j] as number) - (want[k] as number))).toBeLessThan(1e-5);
    }
  }
  expect(grouped).toBeGreaterThan(20);
});

it('a 30×30 latin square gathers 2·k·d rows per group instead of k·(k−1)·d per arc', () => {
  const n = 30;
  const vars = (f: (i: number) => number) => Int32Array.from({ length: n }, (_, i) => f(i));
  const constraints = [];
  for (let r = 0; r < n; r++) constraints.push({ kind: 'alldiff' as const, vars: vars((c) => r * n + c) });
  for (let c = 0; c < n; c++) constraints.push({ kind: 'alldiff' as const, vars: vars((r) => r * n + c) });
  const domSize = new Int32Array(n * n).fill(n);
  const init = new Uint32Array(n * n).fill(2 ** n - 1);
  const index = conflictIndex(compileArcs({ domSize, init, constraints }), n);
  expect([index.edgeDst.length, index.memberNode.length]).toEqual([0, 2 * n * n * n]);
  // Every cell value conflicts with its 29 row mates and 29 column mates.
  expect(index.scale.every((s) => Math.abs(s - 1 / 58) < 1e-9)).toBe(true);
});

it('the gradient runs one-way conflict edges backwards', () => {
  // Arcs come in mirrored pairs, so compiled problems cannot tell Aᵀ from A: node 0 hears node 2 only.
  const index = {
    nodes: 3,
    edgeDst: Int32Array.of(0),
    edgeSrc: Int32Array.of(2),
    edgeStart: Int32Array.of(0, 1, 1, 1),
    slots: 0,
    memberNode: new Int32Array(0),
    memberSlot: new Int32Array(0),
    selfCount: new Float32Array(3),
    scale: Float32Array.of(0.5, 1, 1),
  };
  const tensors = conflictTensors(index);
  const [value, grad] = tf.tidy(() => {
    const w = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const msg = tf.tensor2d([7, 8, 9, 10, 11, 12], [3, 2]);
    const f = (m: tf.Tensor) => tf.sum(tf.mul(conflictSum(tensors, m as tf.Tensor2D), w));
    return [Array.from(conflictSum(tensors, msg).dataSync()), Array.from(tf.grad(f)(msg).dataSync())];
  });
  disposeConflictTensors(tensors);
  expect(value).toEqual([5.5, 6, 0, 0, 0, 0]);
  expect(grad).toEqual([0, 0, 0, 0, 0.5, 1]);
});
