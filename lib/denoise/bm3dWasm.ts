/**
 * Loader of the WebAssembly SIMD kernel of {@link bm3dDenoise} (source: `wasm/bm3d.as.ts`,
 * AssemblyScript, compiled by `npm run build:wasm` and embedded in `wasm/bm3dWasmBinary.ts`). Internal.
 */
import { BM3D_WASM_BASE64 } from './wasm/bm3dWasmBinary';

/** Exports of bm3d.wasm. */
export interface Bm3dWasmExports {
  memory: WebAssembly.Memory;
  prepare(pw: number, ph: number, channels: number, k: number, nmax: number, nrmax: number): number;
  planeBytes(): number;
  basicAddress(): number;
  dctAddress(): number;
  dctTAddress(): number;
  kaiserAddress(): number;
  refColAddress(): number;
  runStep(mode: number, nr: number, p: number, ns: number, nmax: number, tauSum: number, thr: number, sigma2: number): void;
  finish(): void;
}

let instance: Bm3dWasmExports | null | undefined;

/** The instantiated kernel, or null when WebAssembly SIMD is unavailable. Compiled once per thread. */
export function bm3dKernel(): Bm3dWasmExports | null {
  if (instance === undefined) {
    instance = null;
    try {
      const bytes = Buffer.from(BM3D_WASM_BASE64, 'base64');
      if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) {
        const module = new WebAssembly.Module(bytes);
        instance = new WebAssembly.Instance(module, {}).exports as unknown as Bm3dWasmExports;
      }
    } catch {
      instance = null;
    }
  }
  return instance;
}
