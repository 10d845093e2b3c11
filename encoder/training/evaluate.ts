import * as tf from '@tensorflow/tfjs';
import { popcount32, wordsPerDomain } from '../../solver/model/problem.js';
import { checkSolution, constraintHolds } from '../../solver/search/checker.js';
import { disposeBatchInput, type Gnn } from '../gnn.js';
import type { BatchGraphs } from './batches.js';
import type { TrainItem } from './options.js';

/** The held-out figures (README, "generate and train"). */
export interface EvalResult {
  /** Share of held-out instances whose argmax assignment is a solution (checked). */
  solveRate: number;
  /** Share of held-out instances whose input view fixes every variable (solved with no network at all). */
  solvedByInput: number;
  /** Share of free variables whose argmax is the known solution's value (NaN without solutions). */
  accuracy: number;
  /**
   * Share of the held-out instances' constraints the argmax assignment satisfies: invariant under
   * value permutations, so it measures a colouring network (chance on 3-colouring: 2/3 of the edges).
   */
  satisfied: number;
  instances: number;
}

export const NO_EVAL: EvalResult = {
  solveRate: Number.NaN,
  solvedByInput: Number.NaN,
  accuracy: Number.NaN,
  satisfied: Number.NaN,
  instances: 0,
};

/** Argmax assignments of the held-out instances, checked; accuracy against known solutions. */
export function evaluateHeld(
  gnn: Gnn,
  items: readonly TrainItem[],
  held: readonly number[],
  graphs: BatchGraphs,
  batch: number,
): EvalResult {
  let solved = 0;
  let fixed = 0;
  let right = 0;
  let free = 0;
  let kept = 0;
  let constraints = 0;
  for (let s = 0; s < held.length; s += batch) {
    const part = held.slice(s, s + batch);
    const b = graphs.of(part);
    const input = graphs.input(b);
    const best = tf.tidy(() => tf.argMax(gnn.logits(b.group.tensors, input), -1));
    const arg = best.dataSync() as Int32Array;
    best.dispose();
    disposeBatchInput(input);
    b.release();
    part.forEach((i, k) => {
      const it = items[i] as TrainItem;
      const values = arg.subarray(b.offsets[k] as number, b.offsets[k + 1] as number);
      if (checkSolution(it.problem, values) === null) solved++;
      const w = wordsPerDomain(it.problem);
      for (const con of it.problem.constraints) if (constraintHolds(con, values, w)) kept++;
      constraints += it.problem.constraints.length;
      let open = 0;
      for (let x = 0; x < values.length; x++) {
        let size = 0;
        for (let j = 0; j < w; j++) size += popcount32(it.problem.init[x * w + j] as number);
        if (size <= 1) continue;
        open++;
        if (it.solution && values[x] === it.solution[x]) right++;
      }
      if (open === 0) fixed++;
      if (it.solution) free += open;
    });
  }
  const n = held.length;
  return {
    solveRate: n ? solved / n : Number.NaN,
    solvedByInput: n ? fixed / n : Number.NaN,
    accuracy: free ? right / free : Number.NaN,
    satisfied: constraints ? kept / constraints : Number.NaN,
    instances: n,
  };
}
