import * as tf from '@tensorflow/tfjs';
import type { ArcProgram } from '../solver/rounds/arcs.js';
import { batchInput, disposeBatchInput, disposeGraphTensors, type Gnn, type GraphIndex, type GraphTensors, graphTensors } from './gnn.js';

/**
 * The encoder's scores through tfjs (`Gnn.logits` on the active backend), with the interface of
 * the typed-array path (fast-gnn.ts `FastGnnRun`). On wasm it is the faster of the two for dense
 * models (a 9×9 sudoku with hidden 64: ~10 ms against ~44 ms per call, `softprop bench --only
 * encoder`), since tfjs's wasm kernels use SIMD and plain JavaScript loops do not.
 */
export class TfRun {
  readonly nodes: number;
  private readonly tensors: GraphTensors;

  constructor(
    private readonly gnn: Gnn,
    private readonly g: GraphIndex,
    private readonly program: ArcProgram,
  ) {
    this.nodes = g.nVars * g.width;
    this.tensors = graphTensors(g);
  }

  /** Softmax per variable (τ = 1) of the logits of `dom`, into `into` ([nVars · width]). */
  probabilities(dom: Uint32Array, into: Float32Array): Float32Array {
    const input = batchInput(this.g, this.program.words, [dom]);
    const probs = tf.tidy(() => tf.softmax(this.gnn.logits(this.tensors, input)));
    into.set(probs.dataSync() as Float32Array);
    probs.dispose();
    disposeBatchInput(input);
    return into;
  }

  dispose(): void {
    disposeGraphTensors(this.tensors);
  }
}
