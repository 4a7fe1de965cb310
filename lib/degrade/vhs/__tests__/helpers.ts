/** Shared test utilities for the VHS effects (not part of the library). */
import { createYuvFrame, type YuvFrame } from '../YuvFrame';

/** A frame whose planes are given by functions of (x, y). */
export function frameFrom(
  width: number,
  height: number,
  fy: (x: number, y: number) => number,
  fu: (x: number, y: number) => number = () => 0,
  fv: (x: number, y: number) => number = () => 0,
  scale = 1,
): YuvFrame {
  const f = createYuvFrame(width, height, scale);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      f.y[i] = fy(x, y);
      f.u[i] = fu(x, y);
      f.v[i] = fv(x, y);
    }
  }
  return f;
}

/** A frame of seeded uniform noise in every plane (values around mid-grey / zero chroma). */
export function noiseFrame(width: number, height: number, seed: number, scale = 1): YuvFrame {
  let s = seed >>> 0 || 1;
  const rnd = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296 - 0.5;
  };
  return frameFrom(width, height, () => 0.5 + 0.3 * rnd(), () => 0.2 * rnd(), () => 0.2 * rnd(), scale);
}

/**
 * Amplitude of the component at `f` cycles/sample in row `y` of a plane, by projection onto
 * cos and sin over the columns [x0, x1) (an exact DFT bin when (x1 − x0)·f is an integer).
 */
export function rowAmplitude(plane: Float32Array, width: number, y: number, f: number, x0: number, x1: number): number {
  let c = 0, s = 0;
  for (let x = x0; x < x1; x++) {
    const v = plane[y * width + x];
    c += v * Math.cos(2 * Math.PI * f * x);
    s += v * Math.sin(2 * Math.PI * f * x);
  }
  return (2 * Math.hypot(c, s)) / (x1 - x0);
}

/** Mean DFT power per bin along rows, by bin k = 0 … n/2 (direct DFT over `n` samples per row). */
export function rowPowerSpectrum(plane: Float32Array, width: number, height: number, n = width): Float64Array {
  const p = new Float64Array((n >> 1) + 1);
  const cos = new Float64Array(n), sin = new Float64Array(n);
  for (let k = 0; k <= n >> 1; k++) {
    for (let x = 0; x < n; x++) {
      cos[x] = Math.cos((2 * Math.PI * k * x) / n);
      sin[x] = Math.sin((2 * Math.PI * k * x) / n);
    }
    let acc = 0;
    for (let y = 0; y < height; y++) {
      let c = 0, s = 0;
      const o = y * width;
      for (let x = 0; x < n; x++) {
        c += plane[o + x] * cos[x];
        s += plane[o + x] * sin[x];
      }
      acc += c * c + s * s;
    }
    p[k] = acc / height;
  }
  return p;
}

/** Sum of spectrum bins whose frequency (k/n cycles/sample) lies in [lo, hi). */
export function bandPower(spec: Float64Array, n: number, lo: number, hi: number): number {
  let s = 0;
  for (let k = 1; k < spec.length; k++) {
    const f = k / n;
    if (f >= lo && f < hi) s += spec[k];
  }
  return s;
}

export function std(a: ArrayLike<number>): number {
  let s = 0, ss = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i];
    ss += a[i] * a[i];
  }
  const m = s / a.length;
  return Math.sqrt(ss / a.length - m * m);
}

/** Position (sub-pixel) of the rising half-level crossing of a step in row `y` between levels lo and hi. */
export function edgePosition(plane: Float32Array, width: number, y: number, lo: number, hi: number): number {
  const mid = (lo + hi) / 2;
  for (let x = 1; x < width; x++) {
    const a = plane[y * width + x - 1], b = plane[y * width + x];
    if (a < mid && b >= mid) return x - 1 + (mid - a) / (b - a);
  }
  return NaN;
}

export function sameArray(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return true;
}

export function sameFrame(a: YuvFrame, b: YuvFrame): boolean {
  return a.width === b.width && a.height === b.height && sameArray(a.y, b.y) && sameArray(a.u, b.u) && sameArray(a.v, b.v);
}

export function copyFrame(f: YuvFrame): YuvFrame {
  return { ...f, y: f.y.slice(), u: f.u.slice(), v: f.v.slice() };
}
