/**
 * `Sum` and `Mean` for the wasm backend, replacing tfjs-backend-wasm 4.22's own for float32
 * reductions over leading axes (e.g. [0, 1, 2] of an NHWC activation) and delegating every other
 * case to the stock kernels. The stock kernels first transpose the whole tensor to make the reduced
 * axes innermost; the batch-norm gradient (Σ dy, Σ dy·x̂ per channel), its moments, and every
 * broadcast bias gradient reduce exactly these axes, several times per layer and step. Here the
 * tensor is seen as an [outer, inner] matrix, without moving it:
 * - large `outer` (≥ {@link GEMM_MIN_ROWS}): one XNNPACK product [1, outer] × [outer, inner] with a row
 *   of ones (of 1/outer for `Mean`), 4–5× faster than a JavaScript loop (0.2 against 0.85–1.7 ms for
 *   8×32×32×32); accumulation in float32 (relative error ≤ 1e-5 against float64 in the tests);
 * - small `outer`: one streaming pass with float64 accumulators.
 */
import { Mean, Sum, util, type KernelConfig, type KernelFunc, type NamedAttrMap, type NamedTensorInfoMap, type SumAttrs, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { runStock } from './stockKernels';
import { release, reshape, runWasm } from './wasmOps';

/** From this many reduced rows on, the reduction runs as an XNNPACK matrix product. */
export const GEMM_MIN_ROWS = 512;

/** Number of leading axes reduced when `axis` names exactly the first k axes of `shape`, else 0. */
function leadingAxes(axis: number | number[], shape: number[]): number {
  const axes = util.parseAxisParam(axis, shape).slice().sort((a, b) => a - b);
  if (axes.length === 0 || axes.length === shape.length) return 0;
  return axes.every((a, i) => a === i) ? axes.length : 0;
}

function reduceLeading(name: 'Sum' | 'Mean', args: { inputs: NamedTensorInfoMap; backend: BackendWasm; attrs: SumAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const k = x.dtype === 'float32' ? leadingAxes(attrs.axis, x.shape) : 0;
  if (k === 0) return runStock(name, args as unknown as { inputs: NamedTensorInfoMap; backend: unknown; attrs: NamedAttrMap });
  const outer = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
  const innerShape = x.shape.slice(k);
  const inner = innerShape.reduce((a, b) => a * b, 1);
  const outShape = attrs.keepDims ? [...x.shape.slice(0, k).map(() => 1), ...innerShape] : innerShape;
  if (outer >= GEMM_MIN_ROWS) {
    const ones = backend.makeOutput([1, 1, outer], 'float32');
    (backend.typedArrayFromHeap(ones) as Float32Array).fill(name === 'Mean' ? 1 / outer : 1);
    const rows = reshape(backend, x, [1, outer, inner]);
    const prod = runWasm(backend, 'BatchMatMul', { a: ones, b: rows }, { transposeA: false, transposeB: false });
    const out = reshape(backend, prod, outShape);
    release(backend, ones, rows, prod);
    return out;
  }
  const out = backend.makeOutput(outShape, 'float32');
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  const acc = new Float64Array(inner);
  for (let r = 0, base = 0; r < outer; r++, base += inner) {
    for (let j = 0; j < inner; j++) acc[j] = (acc[j] as number) + (src[base + j] as number);
  }
  const scale = name === 'Mean' ? 1 / outer : 1;
  for (let j = 0; j < inner; j++) dst[j] = (acc[j] as number) * scale;
  return out;
}

export const sumConfig: KernelConfig = {
  kernelName: Sum,
  backendName: 'wasm',
  kernelFunc: ((args: { inputs: NamedTensorInfoMap; backend: BackendWasm; attrs: SumAttrs }) => reduceLeading('Sum', args)) as unknown as KernelFunc,
};

export const meanConfig: KernelConfig = {
  kernelName: Mean,
  backendName: 'wasm',
  kernelFunc: ((args: { inputs: NamedTensorInfoMap; backend: BackendWasm; attrs: SumAttrs }) => reduceLeading('Mean', args)) as unknown as KernelFunc,
};
