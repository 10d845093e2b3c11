import * as tf from '@tensorflow/tfjs';

/**
 * tfjs's Adam with a rate that can change between steps (--lr-end): Adam reads its protected
 * learningRate at every update, so setting it is all a schedule needs. Its class name stays
 * 'Adam', so checkpoints are those of tf.train.adam.
 */
export class RateAdam extends tf.AdamOptimizer {
  /** tf.train.adam's defaults: β1 0.9, β2 0.999, the backend's ε. */
  constructor(learningRate: number) {
    super(learningRate, 0.9, 0.999);
  }

  setLearningRate(rate: number): void {
    this.learningRate = rate;
  }
}
