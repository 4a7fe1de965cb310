/**
 * Private helpers of the VHS simulator: option validation, seeding, 1-D filters along lines,
 * sub-pixel line shifts. Not exported from the barrel.
 */
import { type RandomOptions, type Rng } from '../../random';
// The effects import the one seeded generator through here.
export { resolveRng } from '../../random';
import { assertYuvFrame, type YuvFrame } from './YuvFrame';

/** Options shared by every seeded effect: lib/random's {@link RandomOptions}. */
export type SeedOptions = RandomOptions;

/** Options shared by every effect. */
export interface StrengthOptions {
  /**
   * Severity multiplier. 0 returns the input unchanged (identity, planes shared); 1 applies the
   * documented parameters. Amplitudes (σ, px, gains, rates) are multiplied by it; filters are blended:
   * out = in + strength · (filtered − in).
   * @default 1
   */
  strength?: number;
}

/** Validates a numeric option and returns it. */
export function num(fn: string, name: string, value: unknown, min: number, max: number, integer = false): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'an integer' : 'a number';
    throw new RangeError(`${fn}: options.${name} must be ${kind} in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

export function oneOf<T extends string>(fn: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new RangeError(`${fn}: options.${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${String(value)}`);
  }
  return value as T;
}

export function checkFrame(fn: string, frame: unknown): asserts frame is YuvFrame {
  assertYuvFrame(frame, `${fn}: frame`);
}

export function strengthOf(fn: string, options: StrengthOptions): number {
  return num(fn, 'strength', options.strength ?? 1, 0, 100);
}

/** Gaussian taps (normalised, radius ⌈3.5σ⌉) for a σ in samples; [1] when σ is negligible. */
export function gaussianTaps(sigma: number): Float32Array {
  if (sigma < 0.05) return Float32Array.of(1);
  const r = Math.max(1, Math.ceil(3.5 * sigma));
  const k = new Float32Array(2 * r + 1);
  let s = 0;
  for (let i = -r; i <= r; i++) {
    const w = Math.exp(-(i * i) / (2 * sigma * sigma));
    k[i + r] = w;
    s += w;
  }
  for (let i = 0; i < k.length; i++) k[i] /= s;
  return k;
}

/**
 * σ (in samples) of the Gaussian whose magnitude response exp(−2π²σ²f²) is −3 dB (1/√2) at
 * `cutoff` cycles per sample: σ = √(ln 2) / (2π·cutoff).
 */
export function gaussianSigmaForCutoff(cutoff: number): number {
  return Math.sqrt(Math.LN2) / (2 * Math.PI * cutoff);
}

/** Magnitude response of a symmetric odd FIR at `f` cycles/sample. */
export function firResponse(taps: Float32Array, f: number): number {
  const r = (taps.length - 1) >> 1;
  let s = 0;
  for (let i = 0; i < taps.length; i++) s += taps[i] * Math.cos(2 * Math.PI * f * (i - r));
  return s;
}

/**
 * Hamming-windowed-sinc low-pass whose response is exactly −3 dB at `cutoff` cycles/sample
 * (the sinc corner is found by bisection), with a transition band of about `transition`
 * cycles/sample (N ≈ 3.3 / transition taps). DC gain 1. Returns [1] when cutoff ≥ 0.5 (Nyquist).
 */
export function windowedSincTaps(cutoff: number, transition: number): Float32Array {
  if (cutoff >= 0.5) return Float32Array.of(1);
  let n = Math.ceil(3.3 / transition);
  if (n % 2 === 0) n++;
  n = Math.max(n, 5);
  const make = (fc: number): Float32Array => {
    const r = (n - 1) >> 1;
    const k = new Float32Array(n);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const m = i - r;
      const sinc = m === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * m) / (Math.PI * m);
      const w = 0.54 + 0.46 * Math.cos((Math.PI * m) / (r + 1e-9));
      k[i] = sinc * w;
      s += k[i];
    }
    for (let i = 0; i < n; i++) k[i] /= s;
    return k;
  };
  let lo = cutoff * 0.3, hi = Math.min(0.5, cutoff * 2);
  const target = Math.SQRT1_2;
  for (let it = 0; it < 40; it++) {
    const mid = 0.5 * (lo + hi);
    if (firResponse(make(mid), cutoff) < target) lo = mid;
    else hi = mid;
  }
  return make(0.5 * (lo + hi));
}

/**
 * Filters every row of a plane with a symmetric odd kernel (zero phase), edges replicated.
 * Returns a new plane.
 */
export function filterRows(src: Float32Array, width: number, height: number, taps: Float32Array): Float32Array {
  if (taps.length === 1 && taps[0] === 1) return src.slice();
  const r = (taps.length - 1) >> 1;
  const out = new Float32Array(src.length);
  const pad = new Float32Array(width + 2 * r);
  const n = taps.length;
  for (let y = 0; y < height; y++) {
    const o = y * width;
    const first = src[o], last = src[o + width - 1];
    for (let i = 0; i < r; i++) {
      pad[i] = first;
      pad[r + width + i] = last;
    }
    pad.set(src.subarray(o, o + width), r);
    const c = taps[r];
    for (let x = 0; x < width; x++) {
      // symmetric kernel: fold the two halves to halve the multiplies
      let s = c * pad[x + r];
      for (let j = 0; j < r; j++) s += taps[j] * (pad[x + j] + pad[x + n - 1 - j]);
      out[o + x] = s;
    }
  }
  return out;
}

/** out = a + t·(b − a), element-wise, into a new array (or `b` itself when t = 1). */
export function blend(a: Float32Array, b: Float32Array, t: number): Float32Array {
  if (t === 1) return b;
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] + t * (b[i] - a[i]);
  return out;
}

/**
 * Writes row `y` of `src` shifted right by `shift` pixels (linear interpolation) into `dst`;
 * samples that come from outside the line get `fill` (blanking level) or, when `fill` is null,
 * the nearest edge sample.
 */
export function shiftRowInto(src: Float32Array, dst: Float32Array, width: number, y: number, shift: number, fill: number | null): void {
  const o = y * width;
  if (shift === 0) {
    dst.set(src.subarray(o, o + width), o);
    return;
  }
  const fl = Math.floor(shift);
  const frac = shift - fl;
  // out[x] = frac·in[x − fl − 1] + (1 − frac)·in[x − fl]; both indices inside for x ∈ [fl + 1, width + fl).
  const lo = Math.max(0, Math.min(width, fl + 1));
  const hi = Math.max(lo, Math.min(width, width + fl));
  for (let x = 0; x < lo; x++) dst[o + x] = frac * sampleAt(src, o, width, x - fl - 1, fill) + (1 - frac) * sampleAt(src, o, width, x - fl, fill);
  const base = o - fl;
  for (let x = lo; x < hi; x++) dst[o + x] = frac * src[base + x - 1] + (1 - frac) * src[base + x];
  for (let x = hi; x < width; x++) dst[o + x] = frac * sampleAt(src, o, width, x - fl - 1, fill) + (1 - frac) * sampleAt(src, o, width, x - fl, fill);
}

function sampleAt(src: Float32Array, o: number, width: number, i: number, fill: number | null): number {
  if (i < 0) return fill === null ? src[o] : fill;
  if (i >= width) return fill === null ? src[o + width - 1] : fill;
  return src[o + i];
}

/** A Poisson deviate (Knuth for small means, rounded normal approximation above 30). */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.nextNormal()));
  const l = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > l) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** A standard normal deviate truncated to [−limit, limit] (by clipping). */
export function clippedNormal(rng: Rng, limit: number): number {
  const z = rng.nextNormal();
  return z > limit ? limit : z < -limit ? -limit : z;
}

/**
 * `n` samples of white noise smoothed by a Gaussian of σ = `sigma` samples, rescaled to unit
 * standard deviation (so the amplitude does not depend on the smoothing).
 */
export function smoothNoise(rng: Rng, n: number, sigma: number): Float32Array {
  const white = new Float32Array(n);
  for (let i = 0; i < n; i++) white[i] = rng.nextNormal();
  const smooth = filterRows(white, n, 1, gaussianTaps(sigma));
  let ss = 0;
  for (let i = 0; i < n; i++) ss += smooth[i] * smooth[i];
  const k = ss > 0 ? 1 / Math.sqrt(ss / n) : 0;
  for (let i = 0; i < n; i++) smooth[i] *= k;
  return smooth;
}

/** Rounds a line count to raster rows (at least 1 when the count is positive). */
export function linesToRows(lines: number, scale: number): number {
  return lines <= 0 ? 0 : Math.max(1, Math.round(lines * scale));
}

/** Shape of a line low-pass filter. */
export type LineFilter = 'windowed-sinc' | 'gaussian';

/**
 * A zero-phase low-pass along lines with −3 dB at `cutoffMHz` on a raster of `13.5·scale` MHz
 * sampling: cycles/sample = cutoffMHz / (13.5·scale).
 */
export function designLineLowPass(cutoffMHz: number, rolloffMHz: number, filter: LineFilter, scale: number): Float32Array {
  const fs = 13.5 * scale;
  const fc = cutoffMHz / fs;
  if (fc >= 0.5) return Float32Array.of(1);
  return filter === 'gaussian' ? gaussianTaps(gaussianSigmaForCutoff(fc)) : windowedSincTaps(fc, rolloffMHz / fs);
}

const NORMAL_TABLE_BITS = 12;
/** Φ⁻¹ at the centres of 4096 equal-probability cells (Acklam's rational approximation, |ε| < 1.2e-9). */
const NORMAL_TABLE = (() => {
  const n = 1 << NORMAL_TABLE_BITS;
  const t = new Float32Array(n + 1);
  for (let i = 0; i <= n; i++) t[i] = inverseNormalCdf((i + 0.5) / (n + 1));
  return t;
})();

function inverseNormalCdf(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628274631];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -inverseNormalCdf(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * Fills `out` with N(0, sigma²) deviates, fast: a private sfc32 stream seeded from `rng` (three
 * draws) indexes a 4096-cell inverse-CDF table with linear interpolation. Tails are cut at
 * ≈±3.5σ (variance 0.4 % low) — fine for noise fields, where per-sample `rng.nextNormal()` is
 * ≈5× slower.
 */
export function fillNormal(rng: Rng, out: Float32Array, sigma: number): Float32Array {
  let a = rng.nextSeed(), b = rng.nextSeed(), c = rng.nextSeed(), d = 1;
  const table = NORMAL_TABLE;
  const shift = 32 - NORMAL_TABLE_BITS;
  const fracScale = 1 / (1 << shift);
  for (let i = 0; i < 12 + out.length; i++) {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    if (i < 12) continue;
    const k = t >>> shift;
    const f = (t & ((1 << shift) - 1)) * fracScale;
    out[i - 12] = sigma * (table[k] + f * (table[k + 1] - table[k]));
  }
  return out;
}

/**
 * Row-wise Gaussian-shaped noise of low bandwidth (−3 dB at `cutoff` cycles/sample), made cheaply:
 * white noise at 1/D of the rate (D ≈ 0.2/cutoff) is Gaussian-filtered there, linearly
 * interpolated back, and rescaled to standard deviation `sigma` measured over the plane.
 */
export function lowRateNoise(rng: Rng, w: number, h: number, cutoff: number, sigma: number): Float32Array {
  const out = new Float32Array(w * h);
  if (sigma === 0) return out;
  const dec = Math.max(1, Math.floor(0.2 / cutoff));
  const sig = gaussianSigmaForCutoff(cutoff);
  if (dec === 1) {
    const noise = filterRows(fillNormal(rng, new Float32Array(w * h), 1), w, h, gaussianTaps(sig));
    return rescale(noise, sigma);
  }
  const nw = Math.ceil(w / dec) + 2;
  const low = filterRows(fillNormal(rng, new Float32Array(nw * h), 1), nw, h, gaussianTaps(sig / dec));
  for (let y = 0; y < h; y++) {
    const lo = y * nw, o = y * w;
    for (let x = 0; x < w; x++) {
      const p = x / dec;
      const i = Math.floor(p);
      const t = p - i;
      out[o + x] = (1 - t) * low[lo + i] + t * low[lo + i + 1];
    }
  }
  return rescale(out, sigma);
}

function rescale(p: Float32Array, sigma: number): Float32Array {
  let s = 0, ss = 0;
  for (let i = 0; i < p.length; i++) {
    s += p[i];
    ss += p[i] * p[i];
  }
  const mean = s / p.length;
  const sd = Math.sqrt(Math.max(1e-30, ss / p.length - mean * mean));
  const k = sigma / sd;
  for (let i = 0; i < p.length; i++) p[i] *= k;
  return p;
}
