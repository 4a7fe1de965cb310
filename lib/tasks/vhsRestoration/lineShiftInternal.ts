/**
 * Private helpers of the line realignment stage (not exported from the barrel): luma extraction,
 * Lanczos-3 sub-pixel row shifts, 1-D Lucas–Kanade registration of two lines, and a banded
 * Cholesky solver for the normal equations of the shift estimate.
 */
import type { Image } from '../../image';

/** Y′ = 0.299 R′ + 0.587 G′ + 0.114 B′ (BT.601), or the grey plane itself. */
export function lumaOf(image: Image): Float32Array {
  const { data, channels } = image;
  if (channels === 1) return data;
  const n = image.width * image.height;
  const y = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) y[i] = 0.299 * data[j] + 0.587 * data[j + 1] + 0.114 * data[j + 2];
  return y;
}

/** Lanczos kernel of order `a`. */
function lanczos(x: number, a: number): number {
  if (x === 0) return 1;
  const ax = Math.abs(x);
  if (ax >= a) return 0;
  const px = Math.PI * x;
  return (a * Math.sin(px) * Math.sin(px / a)) / (px * px);
}

/** Taps `w[k]`, k = 0 … 2a−1, weighting samples floor(t) − a + 1 + k for a position with fraction `frac`. */
export function interpolationTaps(frac: number, kernel: 'lanczos3' | 'cubic' | 'linear'): Float32Array {
  if (kernel === 'linear') return Float32Array.of(1 - frac, frac);
  const a = kernel === 'lanczos3' ? 3 : 2;
  const taps = new Float32Array(2 * a);
  let s = 0;
  for (let k = 0; k < 2 * a; k++) {
    const d = frac - (k - a + 1);
    taps[k] = kernel === 'lanczos3' ? lanczos(d, 3) : keys(d);
    s += taps[k];
  }
  for (let k = 0; k < 2 * a; k++) taps[k] /= s;
  return taps;
}

/** Keys' cubic convolution kernel, a = −0.5 (Keys 1981). */
function keys(x: number): number {
  const ax = Math.abs(x);
  if (ax <= 1) return 1.5 * ax * ax * ax - 2.5 * ax * ax + 1;
  if (ax <= 2) return -0.5 * ax * ax * ax + 2.5 * ax * ax - 4 * ax + 2;
  return 0;
}

/**
 * Writes dst[dOff + x·stride] = src(x + s) for x = 0 … w−1, reading src[sOff + i·stride] with the
 * given interpolation kernel; samples beyond the line repeat its end sample. `s > 0` moves the line
 * left (undoing a shift to the right by s).
 */
export function shiftLine(src: Float32Array, sOff: number, dst: Float32Array, dOff: number, w: number, stride: number, s: number, kernel: 'lanczos3' | 'cubic' | 'linear'): void {
  if (s === 0) {
    for (let x = 0; x < w; x++) dst[dOff + x * stride] = src[sOff + x * stride];
    return;
  }
  const fl = Math.floor(s);
  const taps = interpolationTaps(s - fl, kernel);
  const n = taps.length;
  const first = fl - (n >> 1) + 1;
  const last = w - 1;
  for (let x = 0; x < w; x++) {
    const i0 = x + first;
    let v = 0;
    if (i0 >= 0 && i0 + n - 1 <= last) {
      const base = sOff + i0 * stride;
      for (let k = 0; k < n; k++) v += taps[k] * src[base + k * stride];
    } else {
      for (let k = 0; k < n; k++) {
        const i = i0 + k;
        v += taps[k] * src[sOff + (i < 0 ? 0 : i > last ? last : i) * stride];
      }
    }
    dst[dOff + x * stride] = v;
  }
}

/** One registration: displacement `d` (px, b relative to a) and its gradient energy. */
export interface LineMatch {
  d: number;
  energy: number;
}

/**
 * 1-D Lucas–Kanade displacement of line `b` relative to line `a` (b(x) ≈ a(x − d)), linearised at 0:
 * d = Σ g (a − b) / Σ g², g = (a′ + b′)/2, over x ∈ [lo, hi). Robust along the line: the line is cut
 * into segments of `segment` px, each gives d_k; the estimate uses only the segments within
 * `tolerance` px of their energy-weighted median (so a dropout or a moving object does not drag it).
 */
export function matchLines(a: Float32Array, aOff: number, b: Float32Array, bOff: number, lo: number, hi: number, segment: number, tolerance: number, num: Float64Array, den: Float64Array): LineMatch {
  let k = 0;
  for (let x0 = lo; x0 < hi; x0 += segment, k++) {
    const x1 = Math.min(hi, x0 + segment);
    let sn = 0, sd = 0;
    for (let x = x0; x < x1; x++) {
      const g = 0.25 * (a[aOff + x + 1] - a[aOff + x - 1] + b[bOff + x + 1] - b[bOff + x - 1]);
      sn += g * (b[bOff + x] - a[aOff + x]);
      sd += g * g;
    }
    // b − a ≈ −d·g  ⇒  d = −Σ g (b − a) / Σ g²
    num[k] = -sn;
    den[k] = sd;
  }
  const m = weightedMedianRatio(num, den, k);
  let sn = 0, sd = 0;
  for (let j = 0; j < k; j++) {
    if (den[j] <= 0) continue;
    if (Math.abs(num[j] / den[j] - m) <= tolerance) {
      sn += num[j];
      sd += den[j];
    }
  }
  return sd > 0 ? { d: sn / sd, energy: sd } : { d: 0, energy: 0 };
}

/** Energy-weighted median of num[j]/den[j] over j < n (den > 0). */
function weightedMedianRatio(num: Float64Array, den: Float64Array, n: number): number {
  const idx: number[] = [];
  let total = 0;
  for (let j = 0; j < n; j++) if (den[j] > 0) {
    idx.push(j);
    total += den[j];
  }
  if (idx.length === 0) return 0;
  idx.sort((p, q) => num[p] / den[p] - num[q] / den[q]);
  let acc = 0;
  for (const j of idx) {
    acc += den[j];
    if (acc >= 0.5 * total) return num[j] / den[j];
  }
  const j = idx[idx.length - 1];
  return num[j] / den[j];
}

/**
 * Integer-lag search then parabolic sub-pixel fit: the d ∈ [−r, r] minimising the mean squared
 * difference of the mean-removed lines, b(x) ≈ a(x − d), over x ∈ [lo, hi).
 */
export function searchLines(a: Float32Array, aOff: number, b: Float32Array, bOff: number, lo: number, hi: number, r: number, cost: Float64Array): number {
  let ma = 0, mb = 0;
  for (let x = lo; x < hi; x++) {
    ma += a[aOff + x];
    mb += b[bOff + x];
  }
  ma /= hi - lo;
  mb /= hi - lo;
  let best = 0;
  for (let d = -r; d <= r; d++) {
    let s = 0;
    for (let x = lo; x < hi; x++) {
      const e = b[bOff + x] - mb - (a[aOff + x - d] - ma);
      s += e * e;
    }
    cost[d + r] = s;
    if (s < cost[best + r]) best = d;
  }
  if (best === -r || best === r) return best;
  const c0 = cost[best + r - 1], c1 = cost[best + r], c2 = cost[best + r + 1];
  const den = c0 - 2 * c1 + c2;
  return den > 0 ? best + (0.5 * (c0 - c2)) / den : best;
}

/**
 * Solves (N) x = rhs in place for a symmetric positive-definite N stored dense (n × n, row-major)
 * whose non-zeros lie within `band` of the diagonal (banded Cholesky, O(n·band²)). Returns x.
 */
export function solveBanded(N: Float64Array, rhs: Float64Array, n: number, band: number): Float64Array {
  for (let j = 0; j < n; j++) {
    const k0 = Math.max(0, j - band);
    let d = N[j * n + j];
    for (let k = k0; k < j; k++) d -= N[j * n + k] * N[j * n + k];
    d = Math.sqrt(Math.max(d, 1e-12));
    N[j * n + j] = d;
    for (let i = j + 1; i <= Math.min(n - 1, j + band); i++) {
      let s = N[i * n + j];
      for (let k = Math.max(0, i - band); k < j; k++) s -= N[i * n + k] * N[j * n + k];
      N[i * n + j] = s / d;
    }
  }
  const x = Float64Array.from(rhs);
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let k = Math.max(0, i - band); k < i; k++) s -= N[i * n + k] * x[k];
    x[i] = s / N[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k <= Math.min(n - 1, i + band); k++) s -= N[k * n + i] * x[k];
    x[i] = s / N[i * n + i];
  }
  return x;
}
