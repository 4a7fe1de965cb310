/**
 * `Unpack` (`tf.unstack`) for the wasm backend, replacing tfjs-backend-wasm 4.22's own (one strided
 * `Slice` per output: 230 ms to unstack 64×20×5000 along axis 1). Recurrent layers and
 * `timeDistributed` unstack along time every step, forward and backward. Block copies on the heap.
 */
import { Unpack, type KernelConfig, type KernelFunc, type TensorInfo, type UnpackAttrs, type UnpackInputs } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export function unpack(args: { inputs: UnpackInputs; backend: BackendWasm; attrs: UnpackAttrs }): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const x = inputs.value as TensorInfo;
  const rank = x.shape.length;
  const axis = attrs.axis < 0 ? attrs.axis + rank : attrs.axis;
  const num = x.shape[axis] as number;
  const outShape = x.shape.filter((_, i) => i !== axis);
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outs: TensorInfo[] = [];
  for (let k = 0; k < num; k++) outs.push(backend.makeOutput(outShape, x.dtype));
  // Views after all allocations: growing the wasm memory detaches earlier ones.
  const src = backend.typedArrayFromHeap(x);
  for (let k = 0; k < num; k++) {
    const dst = backend.typedArrayFromHeap(outs[k] as TensorInfo);
    for (let o = 0; o < outer; o++) {
      const from = (o * num + k) * inner;
      dst.set(src.subarray(from, from + inner), o * inner);
    }
  }
  return outs;
}

export const unpackConfig: KernelConfig = {
  kernelName: Unpack,
  backendName: 'wasm',
  kernelFunc: unpack as unknown as KernelFunc,
};
