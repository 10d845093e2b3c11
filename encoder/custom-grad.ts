import * as tf from '@tensorflow/tfjs';

/** What a custom op's body returns: its value and the gradient for each input, in order. */
export interface CustomResult<O extends tf.Tensor> {
  value: O;
  gradFunc: (dy: O, saved: tf.Tensor[]) => tf.Tensor[];
}

/**
 * A typed wrapper over `tf.customGrad`. The body gets its inputs as one tuple and the `save`
 * function apart; every tensor the gradient reads must go through `save` (tfjs disposes forward
 * intermediates before the backward pass, so closures over them fail). Inputs that need no
 * gradient (index tensors) still get one: return `tf.zerosLike(input)`.
 */
export function customOp<I extends tf.Tensor[], O extends tf.Tensor>(
  body: (inputs: I, save: tf.GradSaveFunc) => CustomResult<O>,
): (...inputs: I) => O {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    return body(args as I, save);
  });
  return op as unknown as (...inputs: I) => O;
}
