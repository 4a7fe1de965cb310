import { assertImage, createImage, type Image } from '../image';
import { borderIndex } from '../filters/borderIndex';
import { bm3dKernel } from './bm3dWasm';

/** Speed/quality profiles of {@link bm3dDenoise}. */
export type Bm3dProfile = 'standard' | 'fast';

/** Options of {@link bm3dDenoise}. */
export interface Bm3dOptions {
  /**
   * `'standard'`: the parameters of Lebrun's IPOL analysis (33×33 search window, reference step 3,
   * groups of ≤ 16 / ≤ 32 patches). `'fast'`: 17×17 window, step 4, groups of ≤ 16 in both steps.
   * @default 'standard'
   */
  profile?: Bm3dProfile;
}

interface StepParams {
  ns: number;
  p: number;
  nmax: number;
  tau: number;
}

const SQRT3 = Math.sqrt(3);
const SQRT2 = Math.sqrt(2);
const SQRT6 = Math.sqrt(6);

/**
 * Colour BM3D denoising (CBM3D: Dabov, Foi, Katkovnik & Egiazarian, "Color image denoising via sparse
 * 3D collaborative filtering with grouping constraint in luminance-chrominance space", ICIP 2007;
 * parameters after Lebrun, "An analysis and implementation of the BM3D image denoising method",
 * IPOL 2012).
 *
 * Colour images go to the orthonormal opponent space (R+G+B)/√3, (R−B)/√2, (R−2G+B)/√6 (as in
 * {@link nonLocalMeans}), where white noise keeps its σ in every channel. Block matching runs on the
 * luminance only and each group is shared by the three channels. Step 1: groups of ≤ 16 patches of
 * 8×8 (σ ≤ 40/255; 12×12 above), 2D orthonormal DCT + 1D Haar along the group, hard threshold
 * λ3D·σ (λ3D = 2.7; 2.8 above 40), aggregation with a Kaiser window (β = 2) and weights 1/N_nonzero.
 * Step 2: groups of ≤ 32 matched on the basic estimate, empirical Wiener shrinkage
 * W = B²/(B² + σ²), weights 1/ΣW². τ_match per pixel (8-bit units², on the orthonormal luminance):
 * 7500 / 1200 below σ = 35, 15000 / 10500 above. Borders are mirrored (reflect-101) by one patch.
 * The kernel is WebAssembly SIMD (`wasm/bm3d.as.ts`), single-threaded, float32.
 *
 * Not done (compared with the reference): step 1 uses the DCT, not bior1.5; no 2D pre-filtering of
 * the matching distance at high σ.
 *
 * @param image - grey or RGB image in [0, 1].
 * @param sigma - standard deviation of the additive white Gaussian noise in [0, 1] intensity units
 *   (the 8-bit value divided by 255, as nonLocalMeans' `sigma`), in [0, 1]. 0 returns a copy.
 * @returns a new image of the same size and channels; the input is not modified.
 * @throws TypeError / RangeError naming the bad parameter; Error when WebAssembly SIMD is unavailable.
 */
export function bm3dDenoise(image: Image, sigma: number, options: Bm3dOptions = {}): Image {
  assertImage(image, 'bm3dDenoise: image');
  if (!(typeof sigma === 'number' && Number.isFinite(sigma) && sigma >= 0 && sigma <= 1)) {
    throw new RangeError(`bm3dDenoise: sigma must be a finite number in [0, 1] (8-bit σ / 255), got ${String(sigma)}`);
  }
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`bm3dDenoise: options must be an object, got ${String(options)}`);
  }
  const { profile = 'standard' } = options;
  if (profile !== 'standard' && profile !== 'fast') {
    throw new RangeError(`bm3dDenoise: options.profile must be 'standard' or 'fast', got ${String(profile)}`);
  }
  const { width, height, channels, data } = image;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new RangeError(`bm3dDenoise: image.data[${i}] is ${data[i]}, expected a finite number`);
    }
  }
  if (sigma === 0) return createImage(width, height, channels, data.slice());
  const k = bm3dKernel();
  if (k === null) throw new Error('bm3dDenoise: WebAssembly SIMD is not available');

  const s255 = sigma * 255;
  const high = s255 > 40;
  const K = high ? 12 : 8;
  const fast = profile === 'fast';
  const hard: StepParams = { ns: fast ? 8 : 16, p: fast ? 4 : high ? 4 : 3, nmax: 16, tau: s255 < 35 ? 7500 : 15000 };
  const wien: StepParams = { ns: fast ? 8 : 16, p: fast ? 4 : high ? 4 : 3, nmax: fast ? 16 : 32, tau: s255 < 35 ? 1200 : 10500 };
  const lambda = high ? 2.8 : 2.7;

  const P = K;
  const PW = width + 2 * P;
  const PH = height + 2 * P;
  const refCols = (p: number): Int32Array => {
    const xs: number[] = [];
    for (let x = 0; x < PW - K; x += p) xs.push(x);
    xs.push(PW - K);
    return Int32Array.from(xs);
  };
  const nrmax = refCols(Math.min(hard.p, wien.p)).length;
  const base = k.prepare(PW, PH, channels, K, Math.max(hard.nmax, wien.nmax), nrmax);
  if (base === 0) throw new RangeError(`bm3dDenoise: out of WebAssembly memory for a ${width}×${height} image`);
  const planeFloats = k.planeBytes() / 4;
  const mem = (): Float32Array => new Float32Array(k.memory.buffer);
  // Padded opponent planes.
  const f = mem();
  const b0 = base / 4;
  const xs = Int32Array.from({ length: PW }, (_, x) => borderIndex(x - P, width, 'reflect101'));
  for (let py = 0; py < PH; py++) {
    const row = borderIndex(py - P, height, 'reflect101') * width;
    const o = b0 + py * PW;
    for (let x = 0; x < PW; x++) {
      const i = row + xs[x];
      if (channels === 1) f[o + x] = data[i];
      else {
        const r = data[3 * i];
        const g = data[3 * i + 1];
        const b = data[3 * i + 2];
        f[o + x] = (r + g + b) / SQRT3;
        f[o + planeFloats + x] = (r - b) / SQRT2;
        f[o + 2 * planeFloats + x] = (r - 2 * g + b) / SQRT6;
      }
    }
  }
  const dct = new Float32Array(K * K);
  for (let a = 0; a < K; a++) {
    const s = a === 0 ? Math.sqrt(1 / K) : Math.sqrt(2 / K);
    for (let b = 0; b < K; b++) dct[a * K + b] = s * Math.cos((Math.PI * (2 * b + 1) * a) / (2 * K));
  }
  const dctT = new Float32Array(K * K);
  for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) dctT[a * K + b] = dct[b * K + a];
  const kaiser = new Float32Array(K * K);
  const k1 = Array.from({ length: K }, (_, i) => besselI0(2 * Math.sqrt(1 - ((2 * i) / (K - 1) - 1) ** 2)) / besselI0(2));
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) kaiser[i * K + j] = k1[i] * k1[j];
  f.set(dct, k.dctAddress() / 4);
  f.set(dctT, k.dctTAddress() / 4);
  f.set(kaiser, k.kaiserAddress() / 4);

  const run = (mode: 1 | 2, sp: StepParams): void => {
    const cols = refCols(sp.p);
    new Int32Array(k.memory.buffer).set(cols, k.refColAddress() / 4);
    const tauSum = ((sp.tau / (255 * 255)) * K * K);
    k.runStep(mode, cols.length, sp.p, sp.ns, sp.nmax, tauSum, lambda * sigma, sigma * sigma);
    k.finish();
  };
  run(1, hard);
  run(2, wien);

  const out = new Float32Array(width * height * channels);
  const m = mem();
  const bb = k.basicAddress() / 4;
  for (let y = 0; y < height; y++) {
    const o = bb + (y + P) * PW + P;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (channels === 1) out[i] = m[o + x];
      else {
        const Y = m[o + x] / SQRT3;
        const c1 = m[o + planeFloats + x] / SQRT2;
        const c2 = m[o + 2 * planeFloats + x] / SQRT6;
        out[3 * i] = Y + c1 + c2;
        out[3 * i + 1] = Y - 2 * c2;
        out[3 * i + 2] = Y - c1 + c2;
      }
    }
  }
  return createImage(width, height, channels, out);
}

/** Modified Bessel function of the first kind, order 0 (power series; |x| ≤ 10 here). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let n = 1; n < 50; n++) {
    term *= (x / (2 * n)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}
