export { selectBackend, BACKENDS, BACKEND_ENV } from './selectBackend';
export type { BackendName, BackendChoice, BackendAttempt, SelectBackendOptions } from './selectBackend';
export { registerWasmTrainingKernels, TRAINING_KERNELS } from './wasm/registerWasmTrainingKernels';
