/**
 * WebAssembly SIMD kernel of {@link nonLocalMeans} (source: `wasm/nlm.as.ts`, AssemblyScript, compiled
 * by `npm run build:wasm` and embedded in `wasm/nlmWasmBinary.ts`). Internal; {@link nlmDenoiseRows}
 * uses it when the runtime supports WebAssembly SIMD (Node ≥ 16.4) and falls back to the JavaScript
 * kernel otherwise.
 *
 * Same algorithm as the JavaScript kernel, with 4 columns per float32 vector and accumulators in
 * float64; patch distances are summed directly (no running sums) in an order fixed by the pixel's
 * position, so the output does not depend on how rows are split into bands or chunks. It differs from
 * the float64 JavaScript kernel by < 1e-5 on [0, 1] images (float32 distances: relative error ~1e-6;
 * polynomial exp instead of the interpolated table).
 */
import type { NlmKernelParams } from './nlmKernel';
import { NLM_WASM_BASE64 } from './wasm/nlmWasmBinary';

interface NlmWasmExports {
  memory: WebAssembly.Memory;
  prepare(width: number, y0: number, rows: number, channels: number, r: number, R: number, group: number): number;
  rowStride(): number;
  srcOrigin(): number;
  accAddress(): number;
  wmaxAddress(): number;
  accStride(): number;
  run(a: number, b: number, tMax: number, fade: number): void;
}

let instance: NlmWasmExports | null | undefined;

/** The instantiated kernel, or null when WebAssembly SIMD is unavailable. Compiled once per thread. */
function kernel(): NlmWasmExports | null {
  if (instance === undefined) {
    instance = null;
    try {
      const bytes = Buffer.from(NLM_WASM_BASE64, 'base64');
      if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) {
        const module = new WebAssembly.Module(bytes);
        instance = new WebAssembly.Instance(module, {}).exports as unknown as NlmWasmExports;
      }
    } catch {
      instance = null;
    }
  }
  return instance;
}

/** Whether the WebAssembly SIMD kernel can run here. */
export function nlmWasmAvailable(): boolean {
  return kernel() !== null;
}

/** Offsets of one dy accumulated per read-modify-write of the accumulators (3 … 21 measured alike). */
const GROUP = 7;
/** Rows × row width per call, bounding the kernel's memory (≈ 50 bytes per pixel). */
const CHUNK_PIXELS = 1 << 20;

/**
 * {@link nlmDenoiseRows} on the WebAssembly kernel: same contract (reads the padded planes `src`,
 * writes rows [y0, y1) of `dst`). `tMax` and `fade` describe the weight cut-off: exp(−t) for t below
 * tMax − 1/256, fading linearly to 0 at tMax. Throws if WebAssembly SIMD is unavailable.
 */
export function nlmDenoiseRowsWasm(
  src: readonly Float32Array[],
  dst: readonly Float32Array[],
  p: NlmKernelParams,
  y0: number,
  y1: number,
  tMax: number,
  fade: number,
): void {
  const k = kernel();
  if (k === null) throw new Error('nonLocalMeans: WebAssembly SIMD is not available');
  const { width: W, channels: C, pad: P, patchRadius: r, searchRadius: R } = p;
  const PW = W + 2 * P;
  const halo = R + r;
  const chunkRows = Math.max(64, Math.floor(CHUNK_PIXELS / W));
  for (let c0 = y0; c0 < y1; c0 += chunkRows) {
    const rows = Math.min(chunkRows, y1 - c0);
    const base = k.prepare(W, c0, rows, C, r, R, GROUP);
    if (base === 0) throw new RangeError(`nonLocalMeans: out of WebAssembly memory for a ${W}-pixel-wide image`);
    const S = k.rowStride();
    const XP = k.srcOrigin();
    const planeRows = rows + 2 * halo;
    const mem = new Float32Array(k.memory.buffer, base, C * planeRows * S);
    mem.fill(0);
    for (let c = 0; c < C; c++) {
      const plane = src[c];
      for (let y = -halo; y < rows + halo; y++) {
        const from = (c0 + y + P) * PW;
        mem.set(plane.subarray(from, from + PW), (c * planeRows + y + halo) * S + XP - P);
      }
    }
    k.run(p.distScale, p.distOffset, tMax, fade);
    const AW = k.accStride();
    const n = rows * AW;
    const acc = new Float64Array(k.memory.buffer, k.accAddress(), 4 * n);
    const wmax = new Float32Array(k.memory.buffer, k.wmaxAddress(), n);
    // Centre weight as in the JavaScript kernel: the largest other weight, 1 when there is none.
    for (let yr = 0; yr < rows; yr++) {
      const q = (c0 + yr + P) * PW + P;
      const o = yr * AW;
      const od = (c0 + yr) * W;
      for (let x = 0; x < W; x++) {
        const i = o + x;
        let wc = wmax[i];
        if (wc === 0) wc = 1;
        const norm = 1 / (acc[3 * n + i] + wc);
        for (let c = 0; c < C; c++) dst[c][od + x] = (acc[c * n + i] + wc * src[c][q + x]) * norm;
      }
    }
  }
}
