/**
 * `Identity` for the wasm backend, replacing tfjs-backend-wasm 4.22's own, which copies the whole
 * tensor. Tensors are immutable, so, like the cpu backend and wasm's own `Reshape`, the output can
 * share the input's memory: one more reference to its data. Gradient tapes, `tf.customGrad`, dropout
 * in inference mode and `tf.clone` call it many times per training step (16 full-size copies of the
 * first U-Net activation per step).
 */
import { Identity, type IdentityInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { runStock } from './stockKernels';

export function identity(args: { inputs: IdentityInputs; backend: BackendWasm }): TensorInfo {
  const { inputs, backend } = args;
  const x = inputs.x as TensorInfo;
  // Strings live outside the wasm heap: keep the stock path for them.
  if (x.dtype === 'string') return runStock('Identity', args as unknown as Parameters<typeof runStock>[1]);
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
}

export const identityConfig: KernelConfig = {
  kernelName: Identity,
  backendName: 'wasm',
  kernelFunc: identity as unknown as KernelFunc,
};
