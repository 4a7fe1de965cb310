/**
 * Thin helpers for composing wasm kernels inside other wasm kernels.
 *
 * A kernel function receives the backend; calling another kernel's `kernelFunc` directly (rather than
 * through `engine().runKernel`) keeps the intermediates off the gradient tape and out of the engine's
 * tensor registry, so they cost nothing but their memory. Every intermediate returned here must be
 * released with {@link release}; the kernel's final output is returned to the engine as is.
 */
import { getKernel, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Runs the wasm kernel `name` on `backend` and returns its single output. */
export function runWasm(backend: BackendWasm, name: string, inputs: NamedTensorInfoMap, attrs: object = {}): TensorInfo {
  const kernel = getKernel(name, 'wasm');
  if (kernel === undefined) throw new Error(`tounum wasm kernels: the wasm backend has no ${name} kernel`);
  // Explicit paddings ([[0,0],[t,b],[l,r],[0,0]]) are valid kernel attributes that NamedAttrMap's type omits.
  const out = kernel.kernelFunc({ inputs, attrs: attrs as NamedAttrMap, backend });
  return Array.isArray(out) ? (out[0] as TensorInfo) : out;
}

/** Releases intermediates produced by {@link runWasm} (reference-counted, so reshapes are safe). */
export function release(backend: BackendWasm, ...infos: (TensorInfo | null | undefined)[]): void {
  for (const info of infos) if (info) backend.disposeData(info.dataId);
}

export function reshape(backend: BackendWasm, x: TensorInfo, shape: number[]): TensorInfo {
  return runWasm(backend, 'Reshape', { x }, { shape });
}

export function transpose(backend: BackendWasm, x: TensorInfo, perm: number[]): TensorInfo {
  return runWasm(backend, 'Transpose', { x }, { perm });
}

/** `Slice` that skips the copy (returns a new reference to `x`) when nothing is cut. */
export function slice(backend: BackendWasm, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  if (begin.every((b) => b === 0) && size.every((s, i) => s === x.shape[i])) return reshape(backend, x, x.shape.slice());
  return runWasm(backend, 'Slice', { x }, { begin, size });
}
