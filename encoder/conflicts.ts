import * as tf from '@tensorflow/tfjs';
import { popcount32 } from '../solver/model/problem.js';
import type { ArcProgram } from '../solver/rounds/arcs.js';
import { customOp } from './custom-grad.js';
import { type AdjointRowSums, adjointRowSums, disposeAdjointRowSums, disposeRowSums, type RowSums, rowSums, sumRows } from './gather.js';
import { SimdArena } from './simd-arena.js';

/**
 * The conflict messages of the encoder: node m = x·D + a hears the sum of the messages of the nodes
 * (y, b) that an arc x←y forbids together with a, scaled by 1/(their count).
 *
 * Summed arc by arc, an all-different over k variables of d values costs k·(k−1)·d gathered rows:
 * 1.5 M for a 30×30 latin square. But its arcs forbid exactly (y, a) for each other member y, so
 * the group's share of node (x, a) is S_C[a] − msg(x, a), with S_C[a] the sum over all members:
 * 2·k·d rows. The arcs of all-different groups (ArcProgram.groups) are summed that way, every other
 * arc edge by edge. The result is the arc-by-arc sum, with the same multiplicities (an arc that two
 * groups both imply counts twice either way), up to float rounding.
 */
export interface ConflictIndex {
  nodes: number;
  /**
   * Conflict edges dst ← src (node ids) of the arcs outside all-different groups, by destination
   * (within one: arcs in program order, source values ascending), so node m's are edgeStart[m] ..
   * edgeStart[m+1]−1: the typed sums read them as they are.
   */
  edgeDst: Int32Array;
  edgeSrc: Int32Array;
  edgeStart: Int32Array;
  /** Group slots (group · D + value): every member node and its slot. */
  slots: number;
  memberNode: Int32Array;
  memberSlot: Int32Array;
  /** Per node: the groups holding it (its own message is in each of their sums). */
  selfCount: Float32Array;
  /** Per node: 1 / max(1, conflict count). */
  scale: Float32Array;
}

export function conflictIndex(p: ArcProgram, width: number): ConflictIndex {
  const n = p.nVars;
  const w = p.words;
  const nodes = n * width;
  // The edges of the arcs outside groups (a row forbids the source values it lacks: few, so read
  // word by word), counted per node first, then written node by node.
  const edgeStart = new Int32Array(nodes + 1);
  for (let x = 0; x < n; x++) {
    const dx = p.domSize[x] as number;
    for (let k = p.arcStart[x] as number; k < (p.arcStart[x + 1] as number); k++) {
      if ((p.arcGroup[k] as number) >= 0) continue;
      const dy = p.domSize[p.arcSrc[k] as number] as number;
      for (let a = 0; a < dx; a++) {
        let count = 0;
        for (let j = 0; j < w; j++) count += popcount32(missing(p.rows, (p.arcRow[k] as number) + a * w, j, dy));
        edgeStart[x * width + a + 1] = (edgeStart[x * width + a + 1] as number) + count;
      }
    }
  }
  const degree = new Float32Array(nodes);
  for (let m = 0; m < nodes; m++) {
    degree[m] = edgeStart[m + 1] as number;
    edgeStart[m + 1] = (edgeStart[m + 1] as number) + (edgeStart[m] as number);
  }
  const edgeDst = new Int32Array(edgeStart[nodes] as number);
  const edgeSrc = new Int32Array(edgeStart[nodes] as number);
  let e = 0;
  for (let x = 0; x < n; x++) {
    const dx = p.domSize[x] as number;
    for (let a = 0; a < dx; a++) {
      const m = x * width + a;
      for (let k = p.arcStart[x] as number; k < (p.arcStart[x + 1] as number); k++) {
        if ((p.arcGroup[k] as number) >= 0) continue;
        const y = p.arcSrc[k] as number;
        const dy = p.domSize[y] as number;
        for (let j = 0; j < w; j++)
          for (let bits = missing(p.rows, (p.arcRow[k] as number) + a * w, j, dy); bits !== 0; bits &= bits - 1) {
            edgeDst[e] = m;
            edgeSrc[e++] = y * width + j * 32 + 31 - Math.clz32(bits & -bits);
          }
      }
    }
  }
  let members = 0;
  for (const g of p.groups) for (const y of g) members += p.domSize[y] as number;
  const memberNode = new Int32Array(members);
  const memberSlot = new Int32Array(members);
  const selfCount = new Float32Array(nodes);
  const inSlot = new Int32Array(width);
  let at = 0;
  p.groups.forEach((g, gi) => {
    inSlot.fill(0);
    for (const y of g)
      for (let a = 0; a < (p.domSize[y] as number); a++) {
        memberNode[at] = y * width + a;
        memberSlot[at++] = gi * width + a;
        inSlot[a] = (inSlot[a] as number) + 1;
      }
    for (const x of g)
      for (let a = 0; a < (p.domSize[x] as number); a++) {
        const m = x * width + a;
        selfCount[m] = (selfCount[m] as number) + 1;
        degree[m] = (degree[m] as number) + (inSlot[a] as number) - 1;
      }
  });
  const scale = new Float32Array(nodes);
  for (let m = 0; m < nodes; m++) scale[m] = 1 / Math.max(1, degree[m] as number);
  return {
    nodes,
    edgeDst,
    edgeSrc,
    edgeStart,
    slots: p.groups.length * width,
    memberNode,
    memberSlot,
    selfCount,
    scale,
  };
}

/** Word j of the values below `size` that the bitmask at word `at` lacks. */
function missing(bits: Uint32Array, at: number, j: number, size: number): number {
  const below = size >= 32 * (j + 1) ? 0xffffffff : size <= 32 * j ? 0 : (1 << (size - 32 * j)) - 1;
  return (~(bits[at + j] as number) & below) >>> 0;
}

/**
 * The index as tensors (kept for as long as the program is used): each gather + scatter-add as one
 * segment sum, and the edges both ways (the gradient runs every edge backwards).
 */
export interface ConflictTensors {
  index: ConflictIndex;
  edges: AdjointRowSums;
  toSlot: RowSums;
  fromSlot: RowSums;
  selfCount: tf.Tensor2D;
  scale: tf.Tensor2D;
}

export function conflictTensors(c: ConflictIndex): ConflictTensors {
  return {
    index: c,
    edges: adjointRowSums(c.edgeSrc, c.edgeDst, c.nodes, c.nodes),
    toSlot: rowSums(c.memberNode, c.memberSlot, c.slots),
    fromSlot: rowSums(c.memberSlot, c.memberNode, c.nodes),
    selfCount: tf.tensor2d(c.selfCount, [c.nodes, 1]),
    scale: tf.tensor2d(c.scale, [c.nodes, 1]),
  };
}

export function disposeConflictTensors(t: ConflictTensors): void {
  disposeAdjointRowSums(t.edges);
  for (const s of [t.toSlot, t.fromSlot]) disposeRowSums(s);
  t.selfCount.dispose();
  t.scale.dispose();
}

/**
 * Scaled conflict sums of messages `msg` [nodes, cols] (node-major, any columns per node). One
 * custom op: the sums are linear, conf = scale ⊙ (A·msg), and the group part of A is symmetric, so
 * the gradient Aᵀ(scale ⊙ dy) is the same sums with the edges reversed; its kernels run untaped.
 */
export function conflictSum(t: ConflictTensors, msg: tf.Tensor2D): tf.Tensor2D {
  const op = customOp<[tf.Tensor2D], tf.Tensor2D>(([m]) => ({
    value: tf.mul(unscaled(t, m, t.edges.fwd), t.scale),
    gradFunc: (dy) => [unscaled(t, tf.mul(dy, t.scale), t.edges.back)],
  }));
  return op(msg);
}

/**
 * A·x (or Aᵀ·x with the edges reversed): edge sums, group sums less each node's own share. The
 * share is subtracted (a − b is a + (−b) exactly): a negation and an AddN cost two passes more.
 */
function unscaled(t: ConflictTensors, x: tf.Tensor, edges: RowSums): tf.Tensor {
  const edgeSums = edges.pairs > 0 ? sumRows(x, edges) : null;
  if (t.index.slots === 0) return edgeSums ?? tf.zerosLike(x);
  const groups = sumRows(sumRows(x, t.toSlot), t.fromSlot);
  return tf.sub(edgeSums ? tf.add(edgeSums, groups) : groups, tf.mul(x, t.selfCount));
}

/**
 * The same sums on typed arrays (the inference path of fast-gnn.ts): edges as the index groups them
 * by destination, group sums in a buffer sized once, so a call allocates nothing. With an arena (whose
 * `arenaWords` it was given room for) the sums run on its SIMD kernels, over the arena's buffers.
 */
export class TypedConflicts {
  private readonly sums: Float32Array;
  /** The arena's copies: member → slot, slot → member and edge src → dst row pairs, −selfCount and scale. */
  private readonly simd: {
    arena: SimdArena;
    toSlot: Int32Array;
    fromSlot: Int32Array;
    edges: Int32Array;
    negSelf: Float32Array;
    scale: Float32Array;
  } | null;

  /** Words an arena needs for the SIMD sums of `c` over rows of `cols`. */
  static arenaWords(c: ConflictIndex, cols: number): number {
    const members = SimdArena.padded(2 * c.memberNode.length);
    return SimdArena.padded(c.slots * cols) + 2 * members + SimdArena.padded(2 * c.edgeDst.length) + 2 * SimdArena.padded(c.nodes);
  }

  constructor(
    private readonly c: ConflictIndex,
    private readonly cols: number,
    arena: SimdArena | null = null,
  ) {
    this.sums = arena ? arena.alloc(c.slots * cols) : new Float32Array(c.slots * cols);
    this.simd = arena && {
      arena,
      toSlot: arena.rowPairs(c.memberNode, c.memberSlot, cols),
      fromSlot: arena.rowPairs(c.memberSlot, c.memberNode, cols),
      // In the index's destination order, as the scalar loop runs them: each output row is summed in one stream.
      edges: arena.rowPairs(c.edgeSrc, c.edgeDst, cols),
      negSelf: arena.copy(c.selfCount.map((v) => -v)),
      scale: arena.copy(c.scale),
    };
  }

  /** out[m·cols + j] = scale[m] · (conflict sum of msg column j at node m); with an arena, msg and out are its buffers. */
  sum(msg: Float32Array, out: Float32Array): void {
    const { c, cols, sums } = this;
    sums.fill(0);
    if (this.simd) {
      const { arena, toSlot, fromSlot, edges, negSelf, scale } = this.simd;
      arena.addRows(msg, sums, toSlot, c.memberNode.length, cols);
      arena.scaleRows(msg, out, c.nodes, cols, negSelf);
      arena.addRows(msg, out, edges, c.edgeDst.length, cols);
      arena.addRows(sums, out, fromSlot, c.memberNode.length, cols);
      arena.scaleRows(out, out, c.nodes, cols, scale);
      return;
    }
    for (let k = 0; k < c.memberNode.length; k++) {
      const from = (c.memberNode[k] as number) * cols;
      const to = (c.memberSlot[k] as number) * cols;
      for (let j = 0; j < cols; j++) sums[to + j] = (sums[to + j] as number) + (msg[from + j] as number);
    }
    for (let m = 0; m < c.nodes; m++) {
      const o = m * cols;
      const self = -(c.selfCount[m] as number);
      for (let j = 0; j < cols; j++) out[o + j] = self * (msg[o + j] as number);
      for (let e = c.edgeStart[m] as number; e < (c.edgeStart[m + 1] as number); e++) {
        const s = (c.edgeSrc[e] as number) * cols;
        for (let j = 0; j < cols; j++) out[o + j] = (out[o + j] as number) + (msg[s + j] as number);
      }
    }
    for (let k = 0; k < c.memberNode.length; k++) {
      const to = (c.memberNode[k] as number) * cols;
      const from = (c.memberSlot[k] as number) * cols;
      for (let j = 0; j < cols; j++) out[to + j] = (out[to + j] as number) + (sums[from + j] as number);
    }
    for (let m = 0; m < c.nodes; m++) {
      const s = c.scale[m] as number;
      for (let j = m * cols, e = j + cols; j < e; j++) out[j] = (out[j] as number) * s;
    }
  }
}
