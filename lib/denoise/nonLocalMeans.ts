import { Worker } from 'node:worker_threads';
import { assertImage, createImage, type Image } from '../image';
import { estimateNoiseSigma } from '../metrics';
import { nlmDenoiseRows, nlmPad, type NlmKernelParams } from './nlmKernel';
import { borderIndex } from '../filters/borderIndex';

/** Options of {@link nonLocalMeans}. */
export interface NonLocalMeansOptions {
  /**
   * Filtering strength h, in [0, 1] intensity units (the 8-bit value divided by 255), > 0.
   * Larger h averages more aggressively. When absent, h = `hFactor` · σ.
   */
  h?: number;
  /**
   * h as a multiple of the noise σ, used only when `h` is absent. The colour default is the best
   * factor on kodak24 at σ = 25/255 (`scripts/bench/denoise.js`: best 0.5 at σ 15, 0.45 at σ 25,
   * ≤ 0.3 at σ 50, so pass a smaller factor for very noisy images). Grey images need a
   * larger factor: their patch distance averages three times fewer samples, so it is noisier
   * (its spread scales as channels^−½, hence h as channels^−¼: 0.45 · 3^¼ ≈ 0.6).
   * @default 0.45 for colour, 0.6 for grey
   */
  hFactor?: number;
  /**
   * Standard deviation of the additive white Gaussian noise, in [0, 1] intensity units, ≥ 0.
   * It enters the weight as exp(−max(d² − 2σ², 0) / h²) (Buades, Coll & Morel, IPOL 2011), where d² is
   * the mean squared difference of the two patches: 2σ² is the expected d² of two noisy copies of the
   * same patch, so identical patches get weight ≈ 1. `sigma: 0` gives the classic 2005 weights
   * exp(−d²/h²). When absent, σ is estimated with `estimateNoiseSigma` (wavelet MAD).
   */
  sigma?: number;
  /** Side of the square patches compared, odd, ≥ 1. @default 7 */
  patchSize?: number;
  /** Side of the square search window around each pixel, odd, ≥ 1. @default 21 */
  searchSize?: number;
  /**
   * Threads to use, integer ≥ 1. With more than 1, bands of rows are computed by
   * `workers − 1` worker_threads plus the calling thread (which blocks until all are done); the output
   * is bit-identical to `workers: 1`. Overheads: starting a worker (tens of ms), and each band
   * recomputing the distances of the `searchSize/2 + patchSize/2` rows above it. It pays off only when
   * a core is actually free: on the shared 2-core machine, with a training job on the other core,
   * 2 workers took 5.9 s/MP of wall time against 7.1 for 1 (8 CBSD68 images, `scripts/bench/denoise.js`).
   * @default 1
   */
  workers?: number;
}

const SQRT3 = Math.sqrt(3);
const SQRT2 = Math.sqrt(2);
const SQRT6 = Math.sqrt(6);

/**
 * Non-local means denoising (Buades, Coll & Morel, "A non-local algorithm for image denoising",
 * CVPR 2005; parameters and σ-corrected weights after their IPOL 2011 description).
 *
 * Each pixel becomes the weighted mean of the pixels in its `searchSize`² window, a pixel q weighing
 * w = exp(−max(d²(p, q) − 2σ², 0) / h²), where d² is the mean squared difference between the
 * `patchSize`² patches around p and q, averaged over all channels (plain box patch, no Gaussian
 * kernel, as in the IPOL and OpenCV versions). The pixel itself weighs the largest weight given to
 * any other pixel (1 when none weighs anything). Weights below e^−12 ≈ 6·10⁻⁶ are taken as 0 (OpenCV
 * drops those below 10⁻³), and the exponential has a relative error < 2·10⁻⁶. Borders are mirrored
 * (reflect-101, like OpenCV's default).
 *
 * Colour images are processed in the orthonormal opponent space
 * (R+G+B)/√3, (R−B)/√2, (R−2G+B)/√6: the transform keeps white noise white with the same σ in every
 * channel, so the 2σ² correction stays exact, and one set of weights (from the distance on all three
 * channels) is shared by the three channels. Since the output is a convex combination of input pixels,
 * it stays within the input's range.
 *
 * Implementation: for each offset δ of the search window the squared-difference image
 * |u(x) − u(x + δ)|² is box-filtered, so the cost is O(N · searchSize²); the distance is symmetric, so
 * each pair of offsets ±δ is computed once. The kernel is WebAssembly SIMD (float32 distances, float64
 * sums; `nlmWasm.ts`) where the runtime supports it, else JavaScript (float64, `nlmKernel.ts`); the two
 * agree within 1e-5. On CBSD68 at σ 25 the WebAssembly kernel takes about 0.8× the CPU time of
 * OpenCV's `fastNlMeansDenoisingColored` (same patch and window, one thread).
 *
 * @param image - grey or RGB image in [0, 1] (values outside are processed as they are).
 * @returns a new image of the same size and channels; the input is not modified.
 * @throws TypeError / RangeError naming the bad parameter.
 */
export function nonLocalMeans(image: Image, options: NonLocalMeansOptions = {}): Image {
  assertImage(image, 'nonLocalMeans: image');
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`nonLocalMeans: options must be an object, got ${String(options)}`);
  }
  const { h, hFactor = image.channels === 3 ? 0.45 : 0.6, sigma, patchSize = 7, searchSize = 21, workers = 1 } = options;
  if (h !== undefined && !(typeof h === 'number' && Number.isFinite(h) && h > 0)) {
    throw new RangeError(`nonLocalMeans: h must be a finite number > 0, got ${String(h)}`);
  }
  if (!(typeof hFactor === 'number' && Number.isFinite(hFactor) && hFactor > 0)) {
    throw new RangeError(`nonLocalMeans: hFactor must be a finite number > 0, got ${String(hFactor)}`);
  }
  if (sigma !== undefined && !(typeof sigma === 'number' && Number.isFinite(sigma) && sigma >= 0)) {
    throw new RangeError(`nonLocalMeans: sigma must be a finite number ≥ 0, got ${String(sigma)}`);
  }
  checkOddSize('patchSize', patchSize);
  checkOddSize('searchSize', searchSize);
  if (!(Number.isInteger(workers) && workers >= 1)) {
    throw new RangeError(`nonLocalMeans: workers must be an integer ≥ 1, got ${String(workers)}`);
  }

  const noiseSigma = sigma ?? estimateNoiseSigma(image);
  const strength = h ?? hFactor * noiseSigma;
  const { width, height, channels } = image;
  // A noise-free image (estimated σ = 0, no explicit h) has nothing to remove.
  if (!(strength > 0)) return createImage(width, height, channels, image.data.slice());

  const patchRadius = (patchSize - 1) >> 1;
  const searchRadius = (searchSize - 1) >> 1;
  const pad = nlmPad(patchRadius, searchRadius);
  const threads = Math.min(workers, height);
  const pw = width + 2 * pad;
  const ph = height + 2 * pad;
  const alloc = (n: number): Float32Array =>
    threads > 1 ? new Float32Array(new SharedArrayBuffer(n * 4)) : new Float32Array(n);
  const src: Float32Array[] = [];
  const dst: Float32Array[] = [];
  for (let c = 0; c < channels; c++) {
    src.push(alloc(pw * ph));
    dst.push(alloc(width * height));
  }
  const scale = toFixedPointPlanes(image, src, pad, patchSize * patchSize);
  const hq = strength * scale;
  const params: NlmKernelParams = {
    width,
    height,
    channels,
    pad,
    patchRadius,
    searchRadius,
    distScale: 1 / (channels * patchSize * patchSize * hq * hq),
    distOffset: (2 * noiseSigma * noiseSigma) / (strength * strength),
  };

  if (threads === 1) {
    nlmDenoiseRows(src, dst, params, 0, height);
  } else {
    runInWorkers(src, dst, params, threads);
  }
  return fromPlanes(dst, width, height, channels, 1 / scale);
}

function checkOddSize(name: string, v: unknown): void {
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= 1 && v % 2 === 1)) {
    throw new RangeError(`nonLocalMeans: ${name} must be an odd integer ≥ 1, got ${String(v)}`);
  }
}

/**
 * Interleaved RGB/grey → padded planes (colour through the orthonormal opponent transform) in fixed
 * point: samples are multiplied by a power of two and rounded to integers, small enough that any
 * patch sum of squared differences stays below 2^53 (exact in float64) and large enough that the
 * rounding (≤ 2^-20 for [0, 1] images) is far below 8-bit precision. Exact sums make the result
 * independent of how rows are split among threads. Returns the scale.
 */
function toFixedPointPlanes(image: Image, planes: Float32Array[], pad: number, patchArea: number): number {
  const { data, width: w, height: h, channels } = image;
  let maxAbs = 0;
  for (let i = 0; i < data.length; i++) {
    const v = Math.abs(data[i]);
    if (!(v < Infinity)) throw new RangeError(`nonLocalMeans: image.data[${i}] is ${data[i]}, expected a finite number (NaN or ±Infinity found)`);
    if (v > maxAbs) maxAbs = v;
  }
  // |transformed sample| ≤ √3·maxAbs; need channels·patchArea·(2·limit)² ≤ 2^53 and limit ≤ 2^24.
  const limit = Math.min(2 ** 24, Math.sqrt(2 ** 53 / (4 * channels * patchArea)));
  const scale = maxAbs === 0 ? 1 : 2 ** Math.floor(Math.log2(limit / (SQRT3 * maxAbs)));
  const pw = w + 2 * pad;
  const xs = new Int32Array(pw);
  for (let x = 0; x < pw; x++) xs[x] = borderIndex(x - pad, w, 'reflect101');
  const k0 = scale / SQRT3;
  const k1 = scale / SQRT2;
  const k2 = scale / SQRT6;
  for (let py = 0; py < h + 2 * pad; py++) {
    const row = borderIndex(py - pad, h, 'reflect101') * w;
    const o = py * pw;
    if (channels === 1) {
      const p0 = planes[0];
      for (let x = 0; x < pw; x++) p0[o + x] = Math.round(data[row + xs[x]] * scale);
    } else {
      const [p0, p1, p2] = planes;
      for (let x = 0; x < pw; x++) {
        const k = (row + xs[x]) * 3;
        const r = data[k];
        const g = data[k + 1];
        const b = data[k + 2];
        p0[o + x] = Math.round((r + g + b) * k0);
        p1[o + x] = Math.round((r - b) * k1);
        p2[o + x] = Math.round((r - 2 * g + b) * k2);
      }
    }
  }
  return scale;
}

function fromPlanes(planes: Float32Array[], w: number, h: number, channels: 1 | 3, unscale: number): Image {
  const n = w * h;
  const out = new Float32Array(n * channels);
  if (channels === 1) {
    const p0 = planes[0];
    for (let i = 0; i < n; i++) out[i] = p0[i] * unscale;
  } else {
    const [p0, p1, p2] = planes;
    const k0 = unscale / SQRT3;
    const k1 = unscale / SQRT2;
    const k2 = unscale / SQRT6;
    for (let i = 0; i < n; i++) {
      const y = p0[i] * k0;
      const c1 = p1[i] * k1;
      const c2 = p2[i] * k2;
      out[3 * i] = y + c1 + c2;
      out[3 * i + 1] = y - 2 * c2;
      out[3 * i + 2] = y - c1 + c2;
    }
  }
  return createImage(w, h, channels, out);
}

/** Worker body, evaluated as a script: loads the kernel, runs its tiles, signals through `status`. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { kernelPath, src, dst, params, y0, y1, status, message } = workerData;
Atomics.store(status, 0, 3);
try {
  require(kernelPath).nlmDenoiseRows(src, dst, params, y0, y1);
  Atomics.store(status, 0, 1);
} catch (e) {
  const bytes = new TextEncoder().encode(String(e && e.stack || e)).subarray(0, message.length);
  message.set(bytes);
  Atomics.store(status, 0, 2);
}
Atomics.notify(status, 0);
`;

/**
 * Splits the rows into `threads` contiguous bands: the first is computed here, the others by worker
 * threads reading and writing shared memory. The caller blocks (Atomics.wait) so the API stays
 * synchronous. Each band recomputes the patch distances of the `searchRadius + patchRadius` rows
 * above it (≈ 10 % extra work for a 321-row image on 2 threads); exact sums make the output
 * identical to one thread.
 */
function runInWorkers(
  src: Float32Array[],
  dst: Float32Array[],
  params: NlmKernelParams,
  threads: number,
): void {
  const kernelPath = require.resolve('./nlmKernel');
  const bounds = Array.from({ length: threads + 1 }, (_, i) => Math.round((i * params.height) / threads));
  const jobs: { worker: Worker; status: Int32Array; message: Uint8Array }[] = [];
  try {
    for (let t = 1; t < threads; t++) {
      const status = new Int32Array(new SharedArrayBuffer(4));
      const message = new Uint8Array(new SharedArrayBuffer(2048));
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { kernelPath, src, dst, params, y0: bounds[t], y1: bounds[t + 1], status, message },
      });
      worker.unref();
      jobs.push({ worker, status, message });
    }
    nlmDenoiseRows(src, dst, params, bounds[0], bounds[1]);
    for (const job of jobs) {
      // 0 = not started yet, 3 = running, 1 = done, 2 = failed.
      const startDeadline = Date.now() + 60_000;
      for (let s = Atomics.load(job.status, 0); s === 0 || s === 3; s = Atomics.load(job.status, 0)) {
        if (s === 0 && Date.now() > startDeadline) {
          throw new Error('nonLocalMeans: a worker thread did not start within 60 s; use workers: 1');
        }
        Atomics.wait(job.status, 0, s, 1000);
      }
      if (Atomics.load(job.status, 0) === 2) {
        const end = job.message.indexOf(0);
        const text = new TextDecoder().decode(job.message.slice(0, end < 0 ? job.message.length : end));
        throw new Error(`nonLocalMeans: a worker thread failed: ${text}`);
      }
    }
  } finally {
    for (const job of jobs) void job.worker.terminate();
  }
}
