import * as tf from '@tensorflow/tfjs';

/**
 * tfjs-wasm's Identity and same-dtype Cast copy their input into a fresh buffer. Training calls
 * them for every tensor a gradient keeps (tfjs clones each one when recording the tape, and the
 * gradients of Mul and Div cast float32 to float32): ~700 copies a step on the sudoku
 * configuration, 7–9 % of its kernel time. tfjs tensors are immutable and the wasm backend counts
 * references to its buffers (its Reshape returns the input's buffer), so both may return the
 * input's buffer instead, as the cpu backend's Identity does. Values are unchanged.
 */
export function aliasWasmCopies(): void {
  const alias = (x: tf.TensorInfo, backend: { incRef(id: object): void }): tf.TensorInfo => {
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  const identity = tf.getKernel('Identity', 'wasm');
  const cast = tf.getKernel('Cast', 'wasm');
  if (!identity || !cast || (identity as { aliased?: boolean }).aliased) return;
  const castCopy = cast.kernelFunc;
  for (const k of [identity, cast]) tf.unregisterKernel(k.kernelName, 'wasm');
  const kernels: (tf.KernelConfig & { aliased: boolean })[] = [
    {
      kernelName: 'Identity',
      backendName: 'wasm',
      aliased: true,
      kernelFunc: ({ inputs, backend }) => alias(inputs.x as tf.TensorInfo, backend as never),
    },
    {
      kernelName: 'Cast',
      backendName: 'wasm',
      aliased: true,
      kernelFunc: (args) => {
        const x = args.inputs.x as tf.TensorInfo;
        return x.dtype === args.attrs?.dtype ? alias(x, args.backend as never) : castCopy(args);
      },
    },
  ];
  for (const k of kernels) tf.registerKernel(k);
}
