export { selectBackend, BACKENDS, BACKEND_ENV } from './selectBackend';
export type { BackendName, BackendChoice, BackendAttempt, SelectBackendOptions } from './selectBackend';
export { registerWasmTrainingKernels, unregisterWasmTrainingKernels, TRAINING_KERNELS, REPLACED_WASM_KERNELS } from './wasm/registerWasmTrainingKernels';
