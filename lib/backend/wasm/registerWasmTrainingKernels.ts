/**
 * Registers, for the `wasm` backend, the gradient kernels that tfjs-backend-wasm 4.22 lacks and
 * that training needs. Idempotent: a kernel already registered for wasm is left alone.
 *
 * The kernels themselves are the training-engine issue's work; each lives in its own file in
 * this folder and is added to `TRAINING_KERNELS` below.
 *
 * @returns the names of the kernels that are registered for wasm after the call.
 */
import { getKernel, registerKernel, type KernelConfig } from '@tensorflow/tfjs';

/** Training kernels provided by tounum-lab for the wasm backend. */
export const TRAINING_KERNELS: KernelConfig[] = [];

export function registerWasmTrainingKernels(): string[] {
  const names: string[] = [];
  for (const config of TRAINING_KERNELS) {
    if (getKernel(config.kernelName, 'wasm') === undefined) registerKernel(config);
    names.push(config.kernelName);
  }
  return names;
}
