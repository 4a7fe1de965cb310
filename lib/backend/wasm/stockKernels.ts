/**
 * The tfjs-backend-wasm kernels that tounum replaced (see `REPLACED_WASM_KERNELS`), kept so that a
 * replacement can delegate the cases it does not speed up, and so that the replacement can be undone.
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

export const stockKernels = new Map<string, KernelConfig>();

/** Runs the stock wasm kernel `name` (which must have been replaced) with the given arguments. */
export function runStock(name: string, args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const stock = stockKernels.get(name);
  if (stock === undefined) throw new Error(`tounum wasm kernels: no stock wasm ${name} kernel to delegate to`);
  return (stock.kernelFunc as KernelFunc)(args as Parameters<KernelFunc>[0]) as TensorInfo;
}
