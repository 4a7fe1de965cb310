import { assertImage, createImage, type Image } from '../image';
import { borderIndex, resolveBorder, type BorderMode, type BorderOptions } from './borderIndex';
import { separableCore } from './convolveSeparable';
import type { Kernel2d } from './kernels';
import { booleanValue } from '../validate';

/** A kernel as a {@link Kernel2d} or as rows of numbers (`[[0, 1, 0], [1, -4, 1], [0, 1, 0]]`). */
export type KernelInput = Kernel2d | readonly (readonly number[])[];

/** Options of {@link convolve2d}. */
export interface Convolve2dOptions extends BorderOptions {
  /**
   * Detect rank-1 (separable) kernels and run them as two 1-D passes (same result up to float
   * rounding, (kw + kh) instead of kw·kh operations per sample).
   * @default true
   */
  detectSeparable?: boolean;
}

/**
 * Filters `image` with an odd-sized 2-D kernel anchored at its centre, each channel independently.
 *
 * **Correlation, not convolution**, exactly like `cv2.filter2D`:
 * out(y, x) = Σⱼ Σᵢ K[j][i] · in(y + j − ry, x + i − rx). For a true convolution (as
 * `scipy.signal.convolve2d`), pass the kernel rotated by 180°; symmetric kernels (Gaussian, box,
 * Laplacian, disk) give the same result either way.
 * Pixels outside the image are read according to `border` (default OpenCV BORDER_DEFAULT =
 * `'reflect101'`). Sums are accumulated in float64; the output is float32 and is not clipped.
 * @throws TypeError / RangeError when the image or the kernel is malformed (even size, wrong data
 * length, non-finite taps) or an option is invalid.
 */
export function convolve2d(image: Image, kernel: KernelInput, options: Convolve2dOptions = {}): Image {
  assertImage(image, 'convolve2d: image');
  const k = toKernel2d('convolve2d', kernel);
  const { border, borderValue } = resolveBorder('convolve2d', options);
  const { detectSeparable = true } = options;
  booleanValue('convolve2d', 'options.detectSeparable', detectSeparable);
  const bm = border === 'constant' ? null : border;
  if (detectSeparable && k.width * k.height > 1) {
    const parts = splitSeparable(k);
    if (parts !== null) return separableCore(image, parts.kx, parts.ky, bm, borderValue);
  }
  return directCore(image, k, bm, borderValue);
}

/** Validates a kernel input and returns it as a float64 Kernel2d. */
function toKernel2d(fn: string, kernel: unknown): { width: number; height: number; data: Float64Array } {
  if (Array.isArray(kernel)) {
    const height = kernel.length;
    const width = height > 0 && Array.isArray(kernel[0]) ? (kernel[0] as unknown[]).length : 0;
    const data = new Float64Array(width * height);
    for (let j = 0; j < height; j++) {
      const row: unknown = kernel[j];
      if (!Array.isArray(row) || row.length !== width) {
        throw new RangeError(`${fn}: kernel rows must all be arrays of the same length ${width}, row ${j} is not`);
      }
      for (let i = 0; i < width; i++) data[j * width + i] = row[i] as number;
    }
    return checkKernel(fn, width, height, data);
  }
  const k = kernel as Partial<Kernel2d> | null;
  if (k === null || typeof k !== 'object' || k.data === undefined || typeof k.data.length !== 'number') {
    throw new TypeError(`${fn}: kernel must be {width, height, data} or an array of rows, got ${String(kernel)}`);
  }
  const { width, height } = k as Kernel2d;
  if (!Number.isInteger(width) || !Number.isInteger(height) || k.data.length !== width * height) {
    throw new RangeError(`${fn}: kernel.data has ${k.data.length} taps, expected width×height = ${String(width)}×${String(height)}`);
  }
  return checkKernel(fn, width, height, Float64Array.from(k.data));
}

function checkKernel(fn: string, width: number, height: number, data: Float64Array): { width: number; height: number; data: Float64Array } {
  if (width % 2 !== 1 || height % 2 !== 1) {
    throw new RangeError(`${fn}: kernel width and height must be odd (the anchor is the centre tap), got ${width}×${height}`);
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new RangeError(`${fn}: kernel tap ${i} must be a finite number, got ${data[i]}`);
  }
  return { width, height, data };
}

/**
 * If K = ky ⊗ kx (rank 1, relative tolerance 1e-9), returns the factors; otherwise null.
 * The factors are a row and a column through the largest tap, so no division by a tiny pivot.
 */
function splitSeparable(k: { width: number; height: number; data: Float64Array }): { kx: Float64Array; ky: Float64Array } | null {
  const { width: w, height: h, data } = k;
  let p = 0;
  for (let i = 1; i < data.length; i++) if (Math.abs(data[i]) > Math.abs(data[p])) p = i;
  const pivot = data[p];
  if (pivot === 0) return null;
  const pr = Math.floor(p / w);
  const pc = p % w;
  const kx = new Float64Array(w);
  const ky = new Float64Array(h);
  for (let i = 0; i < w; i++) kx[i] = data[pr * w + i] / pivot;
  for (let j = 0; j < h; j++) ky[j] = data[j * w + pc];
  const tol = 1e-9 * Math.abs(pivot);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) if (Math.abs(ky[j] * kx[i] - data[j * w + i]) > tol) return null;
  }
  return { kx, ky };
}

/** Direct 2-D correlation over a bordered copy of the image; inner loops run along whole rows. */
function directCore(
  image: Image,
  k: { width: number; height: number; data: Float64Array },
  border: Exclude<BorderMode, 'constant'> | null,
  borderValue: number,
): Image {
  const { data: src, width: w, height: h, channels: c } = image;
  const rx = (k.width - 1) >> 1;
  const ry = (k.height - 1) >> 1;
  const pw = w + 2 * rx;
  const ph = h + 2 * ry;
  const padded = new Float32Array(pw * ph * c);
  const colSrc = new Int32Array(pw);
  for (let x = 0; x < pw; x++) colSrc[x] = border === null ? borderIndex(x - rx, w, 'constant') : borderIndex(x - rx, w, border);
  for (let py = 0; py < ph; py++) {
    const sy = border === null ? borderIndex(py - ry, h, 'constant') : borderIndex(py - ry, h, border);
    const d0 = py * pw * c;
    if (sy < 0) {
      padded.fill(borderValue, d0, d0 + pw * c);
      continue;
    }
    for (let px = 0; px < pw; px++) {
      const sx = colSrc[px];
      const d = d0 + px * c;
      if (sx < 0) for (let ch = 0; ch < c; ch++) padded[d + ch] = borderValue;
      else {
        const s = (sy * w + sx) * c;
        for (let ch = 0; ch < c; ch++) padded[d + ch] = src[s + ch];
      }
    }
  }
  const rowLen = w * c;
  // Non-zero taps as offsets into the bordered image, relative to the output sample.
  const offs: number[] = [];
  const wts: number[] = [];
  for (let j = 0; j < k.height; j++) {
    for (let i = 0; i < k.width; i++) {
      const kv = k.data[j * k.width + i];
      if (kv !== 0) {
        offs.push((j * pw + i) * c);
        wts.push(kv);
      }
    }
  }
  const tapOff = Int32Array.from(offs);
  const tapW = Float64Array.from(wts);
  const nt = tapW.length;
  const out = new Float32Array(src.length);
  for (let y = 0; y < h; y++) {
    const base = y * pw * c;
    const o = y * rowLen;
    for (let t = 0; t < rowLen; t++) {
      const p = base + t;
      let s = 0;
      for (let q = 0; q < nt; q++) s += tapW[q] * padded[p + tapOff[q]];
      out[o + t] = s;
    }
  }
  return createImage(w, h, c, out);
}
