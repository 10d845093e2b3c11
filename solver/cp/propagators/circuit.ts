import type { IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';

/**
 * `circuit(x)` with x indexed from `base`: x[i] is the successor of node i, and the successors form
 * one cycle through all n nodes (no node is its own successor, as MiniZinc's decomposition says).
 * Each successor lies in base..base+n−1 and is not the node itself. No subtour: every chain of fixed
 * successors, from a node no fixed successor points at to the first node e whose successor is open,
 * may not close on itself before it holds all n nodes, so its head is removed from x[e]; a cycle of
 * fixed successors shorter than n fails, and so do two fixed successors naming one node. That the
 * successors are all different is what the poster adds an all_different for. Woken when a successor
 * is fixed; O(n) per call, over preallocated arrays.
 */
export class Circuit implements CpPropagator {
  /** Per node: the node whose fixed successor it is, or −1. */
  private readonly pred: Int32Array;
  /** Per node: 1 once a chain or cycle walk passed it. */
  private readonly seen: Uint8Array;

  constructor(
    readonly x: Int32Array,
    readonly base: number,
  ) {
    this.pred = new Int32Array(x.length);
    this.seen = new Uint8Array(x.length);
  }

  propagate(s: IntStore): boolean {
    const { x, base, pred, seen } = this;
    const n = x.length;
    pred.fill(-1);
    seen.fill(0);
    for (let i = 0; i < n; i++) {
      const v = x[i] as number;
      if (!s.setMin(v, base) || !s.setMax(v, base + n - 1) || !s.remove(v, base + i)) return false;
      if (!s.isFixed(v)) continue;
      const j = s.value(v) - base;
      if (pred[j] !== -1) return false;
      pred[j] = i;
    }
    // Chains: from each head (fixed, no fixed predecessor) to its first open successor.
    for (let h = 0; h < n; h++) {
      if (pred[h] !== -1 || !s.isFixed(x[h] as number)) continue;
      let e = h;
      let length = 1;
      seen[h] = 1;
      while (s.isFixed(x[e] as number)) {
        e = s.value(x[e] as number) - base;
        seen[e] = 1;
        length++;
      }
      if (length < n && !s.remove(x[e] as number, base + h)) return false;
    }
    // Every fixed node no chain reached lies on a cycle of fixed successors: it must hold all n.
    for (let i = 0; i < n; i++) {
      if (seen[i] === 1 || !s.isFixed(x[i] as number)) continue;
      let length = 0;
      let j = i;
      do {
        seen[j] = 1;
        j = s.value(x[j] as number) - base;
        length++;
      } while (j !== i);
      if (length < n) return false;
    }
    return true;
  }
}
