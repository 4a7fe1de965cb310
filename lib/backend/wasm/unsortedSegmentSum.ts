/**
 * `UnsortedSegmentSum` for the wasm backend (tfjs-backend-wasm 4.22 has none): the gradient of
 * `gather`, hence of every embedding layer. One pass over the wasm heap: out[ids[i], …] += x[i, …];
 * ids outside [0, numSegments) are dropped, as in TensorFlow and the cpu backend. No composition of
 * wasm kernels does a scatter-add, so this is typed-array code (O(size of x), memory-bound).
 */
import { UnsortedSegmentSum, type KernelConfig, type KernelFunc, type TensorInfo, type UnsortedSegmentSumAttrs, type UnsortedSegmentSumInputs } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export function unsortedSegmentSum(args: { inputs: UnsortedSegmentSumInputs; backend: BackendWasm; attrs: UnsortedSegmentSumAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const ids = inputs.segmentIds as TensorInfo;
  const { numSegments } = attrs;
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new TypeError(`wasm UnsortedSegmentSum supports float32 and int32 x; got ${x.dtype}`);
  }
  const rowShape = x.shape.slice(ids.shape.length);
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  const out = backend.makeOutput([numSegments, ...rowShape], x.dtype);
  const outValues = backend.typedArrayFromHeap(out);
  outValues.fill(0);
  const xValues = backend.typedArrayFromHeap(x);
  const idValues = backend.typedArrayFromHeap(ids);
  for (let i = 0; i < idValues.length; i++) {
    const id = idValues[i] as number;
    if (id < 0 || id >= numSegments) continue;
    const src = i * rowSize;
    const dst = id * rowSize;
    for (let j = 0; j < rowSize; j++) outValues[dst + j] += xValues[src + j] as number;
  }
  return out;
}

export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as unknown as KernelFunc,
};
