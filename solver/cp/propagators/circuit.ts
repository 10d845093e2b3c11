import type { IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';

/**
 * `circuit(x)` with x indexed from `base`: x[i] is the successor of node i, and the successors form
 * one cycle through all n nodes (no node is its own successor, as MiniZinc's decomposition says).
 * With `sub` it is `subcircuit(x)`: a node that is its own successor is out, and the others form one
 * cycle (or none is in).
 *
 * Each successor lies in base..base+n−1 (circuit: and is not the node itself). No subtour: every
 * chain of fixed successors, from a node no fixed successor points at to the first node e whose
 * successor is open, may not close on itself before it holds every node that must be in (all n for
 * circuit; for subcircuit those whose own index is gone from their successors), so its head is
 * removed from x[e]; a cycle of fixed successors holding fewer fails (subcircuit: the nodes off it
 * are fixed out), and so do two fixed successors naming one node. Subcircuit: a node some other
 * node's fixed successor names is in. That the successors are all different is what the poster adds
 * an all_different for. Woken when a successor is fixed (subcircuit: when a successor changes); O(n)
 * per call, over preallocated arrays.
 */
export class Circuit implements CpPropagator {
  /** Per node: the node whose fixed successor it is (itself when fixed out), or −1. */
  private readonly pred: Int32Array;
  /** Per node: 1 once a chain or cycle walk passed it. */
  private readonly seen: Uint8Array;

  constructor(
    readonly x: Int32Array,
    readonly base: number,
    readonly sub = false,
  ) {
    this.pred = new Int32Array(x.length);
    this.seen = new Uint8Array(x.length);
  }

  propagate(s: IntStore): boolean {
    const { x, base, pred, seen, sub } = this;
    const n = x.length;
    pred.fill(-1);
    seen.fill(0);
    for (let i = 0; i < n; i++) {
      const v = x[i] as number;
      if (!s.setMin(v, base) || !s.setMax(v, base + n - 1) || (!sub && !s.remove(v, base + i))) return false;
      if (!s.isFixed(v)) continue;
      const j = s.value(v) - base;
      if (pred[j] !== -1) return false;
      pred[j] = i;
    }
    // The nodes that must be in: all, or (subcircuit) those named by another's fixed successor and those already without their own index.
    let mustIn = n;
    if (sub) {
      mustIn = 0;
      for (let j = 0; j < n; j++) {
        const p = pred[j] as number;
        if (p !== -1 && p !== j && !s.remove(x[j] as number, base + j)) return false;
        if (!s.contains(x[j] as number, base + j)) mustIn++;
      }
    }
    // Chains: from each head (fixed in, no fixed predecessor) to its first open successor.
    for (let h = 0; h < n; h++) {
      if (pred[h] !== -1 || !s.isFixed(x[h] as number)) continue;
      let e = h;
      let length = 1;
      seen[h] = 1;
      while (s.isFixed(x[e] as number)) {
        e = s.value(x[e] as number) - base;
        // A successor fixed during this call closed the walk: the run that change woke sees it whole.
        if (seen[e] !== 0) return true;
        seen[e] = 1;
        length++;
      }
      if (length < mustIn && !s.remove(x[e] as number, base + h)) return false;
    }
    // Every fixed node no chain reached and not out lies on a cycle of fixed successors (marked 2).
    for (let i = 0; i < n; i++) {
      if (seen[i] !== 0 || !s.isFixed(x[i] as number) || s.value(x[i] as number) === base + i) continue;
      let length = 0;
      let j = i;
      do {
        seen[j] = 2;
        if (!s.isFixed(x[j] as number)) return true; // fixed during this call: as above
        j = s.value(x[j] as number) - base;
        length++;
        if (j !== i && seen[j] !== 0) return true;
      } while (j !== i);
      if (length === n) continue;
      if (!sub) return false;
      // The one cycle of a subcircuit: every other node is out (a chain's node cannot be).
      for (let k = 0; k < n; k++) if (seen[k] !== 2 && !s.fix(x[k] as number, base + k)) return false;
    }
    return true;
  }
}
