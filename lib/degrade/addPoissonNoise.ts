import { assertImage, createImage, type Image } from '../image';
import type { Rng } from '../random';
import { resolveRng, type RandomOptions } from '../random';

/** Options of {@link addPoissonNoise}. */
export interface PoissonNoiseOptions extends RandomOptions {
  /**
   * Photon count of a white sample: out = Poisson(peak · x) / peak, so the noise variance is
   * x / peak (lower peak = darker scene / shorter exposure = noisier). Typical 1 … 1000.
   * @default 255
   */
  peak?: number;
  /** Clip the result to [0, 1] (counts above `peak` are possible). @default true */
  clip?: boolean;
}

/**
 * Shot (photon) noise: each sample x ∈ [0, 1] becomes Poisson(peak · x) / peak, signal-dependent
 * noise with mean x and variance x / peak. Sampling follows numpy's `Generator.poisson`: Knuth's
 * multiplication method for λ < 10, Hörmann's transformed rejection (PTRS, 1993) above.
 * @throws TypeError / RangeError when the image is malformed, has negative samples, or an option is invalid.
 */
export function addPoissonNoise(image: Image, options: PoissonNoiseOptions = {}): Image {
  assertImage(image, 'addPoissonNoise: image');
  const { peak = 255, clip = true } = options;
  if (typeof peak !== 'number' || !Number.isFinite(peak) || peak <= 0) {
    throw new RangeError(`addPoissonNoise: options.peak must be a positive number (photons for a white sample), got ${String(peak)}`);
  }
  if (typeof clip !== 'boolean') throw new TypeError(`addPoissonNoise: options.clip must be a boolean, got ${String(clip)}`);
  const rng = resolveRng('addPoissonNoise', options);
  const src = image.data;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const x = src[i];
    if (x < 0) throw new RangeError(`addPoissonNoise: image samples must be ≥ 0, sample ${i} is ${x}`);
    let v = samplePoisson(rng, peak * x) / peak;
    if (clip && v > 1) v = 1;
    out[i] = v;
  }
  return createImage(image.width, image.height, image.channels, out);
}

function samplePoisson(rng: Rng, lam: number): number {
  if (lam === 0) return 0;
  if (lam < 10) {
    const limit = Math.exp(-lam);
    let k = 0;
    let prod = rng.next();
    while (prod > limit) {
      k++;
      prod *= rng.next();
    }
    return k;
  }
  const slam = Math.sqrt(lam);
  const loglam = Math.log(lam);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lam + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lam + k * loglam - logGamma(k + 1)) return k;
  }
}

const STIRLING = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4, 8.417508417508418e-4,
  -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2, 1.796443723688307e-1, -1.3924322169059,
];

/** log Γ(x) for x ≥ 1 (Stirling series, shifted up to x ≥ 7; numpy's `random_loggam`). */
function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  const n = x < 7 ? Math.floor(7 - x) : 0;
  let x0 = x + n;
  const x2 = 1 / (x0 * x0);
  let gl0 = STIRLING[9];
  for (let k = 8; k >= 0; k--) gl0 = gl0 * x2 + STIRLING[k];
  let gl = gl0 / x0 + 0.5 * Math.log(2 * Math.PI) + (x0 - 0.5) * Math.log(x0) - x0;
  for (let k = 1; k <= n; k++) {
    gl -= Math.log(x0 - 1);
    x0 -= 1;
  }
  return gl;
}
