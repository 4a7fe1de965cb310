import { assertImage, createImage, type Image } from '../image';
import { borderIndex, resolveBorder, type BorderMode, type BorderOptions } from './borderIndex';
import { invalidParameterError } from '../validate';

/** Options of {@link convolveSeparable}. */
export type ConvolveSeparableOptions = BorderOptions;

/**
 * Correlates `image` with the separable kernel K[j][i] = ky[j]·kx[i]: a horizontal pass with `kx`,
 * then a vertical pass with `ky` — O(kx + ky) work per sample instead of O(kx·ky).
 * Same result as `cv2.sepFilter2D(src, -1, kx, ky, borderType=…)` and as
 * {@link convolve2d} with the outer-product kernel. Each channel is filtered independently.
 * Sums are accumulated in float64 within a pass; the intermediate image is float32.
 * @param kx - horizontal taps, odd length, centred.
 * @param ky - vertical taps, odd length, centred.
 * @throws TypeError / RangeError when the image is malformed, a kernel has even length or
 * non-finite taps, or a border option is invalid.
 */
export function convolveSeparable(image: Image, kx: ArrayLike<number>, ky: ArrayLike<number>, options: ConvolveSeparableOptions = {}): Image {
  assertImage(image, 'convolveSeparable: image');
  checkTaps('convolveSeparable', 'kx', kx);
  checkTaps('convolveSeparable', 'ky', ky);
  const { border, borderValue } = resolveBorder('convolveSeparable', options);
  return separableCore(image, Float64Array.from(kx), Float64Array.from(ky), border === 'constant' ? null : border, borderValue);
}

function checkTaps(fn: string, name: string, k: ArrayLike<number>): void {
  if (k === null || typeof k !== 'object' || typeof k.length !== 'number') {
    throw invalidParameterError(fn, name, 'an array of numbers', k, TypeError);
  }
  if (k.length % 2 !== 1) throw new RangeError(`${fn}: ${name} must have an odd length, got ${k.length}`);
  for (let i = 0; i < k.length; i++) {
    if (typeof k[i] !== 'number' || !Number.isFinite(k[i])) {
      throw invalidParameterError(fn, `${name}[${i}]`, 'a finite number', k[i]);
    }
  }
}

/**
 * @internal The separable correlation without validation, for the filters that built their own
 * kernels. `border === null` means a constant border of `borderValue`.
 */
export function separableCore(
  image: Image,
  kx: Float64Array,
  ky: Float64Array,
  border: Exclude<BorderMode, 'constant'> | null,
  borderValue: number,
): Image {
  const { data: src, width: w, height: h, channels: c } = image;
  const rx = (kx.length - 1) >> 1;
  const ry = (ky.length - 1) >> 1;
  const rowLen = w * c;
  const mode = border ?? 'constant';
  // Horizontal pass into rows ry … ry + h − 1 of a buffer that also holds the vertical border rows.
  const tmp = new Float32Array((h + 2 * ry) * rowLen);
  const padRow = new Float32Array((w + 2 * rx) * c);
  const colSrc = new Int32Array(w + 2 * rx);
  for (let x = -rx; x < w + rx; x++) colSrc[x + rx] = borderIndex(x, w, mode);
  for (let y = 0; y < h; y++) {
    const rowOff = y * rowLen;
    for (let px = 0; px < colSrc.length; px++) {
      const s = colSrc[px];
      const d = px * c;
      if (s < 0) for (let ch = 0; ch < c; ch++) padRow[d + ch] = borderValue;
      else {
        const so = rowOff + s * c;
        for (let ch = 0; ch < c; ch++) padRow[d + ch] = src[so + ch];
      }
    }
    filterLine(padRow, 0, c, tmp, (y + ry) * rowLen, rowLen, kx);
  }
  let sumKx = 0;
  for (let i = 0; i < kx.length; i++) sumKx += kx[i];
  for (let py = 0; py < h + 2 * ry; py++) {
    if (py >= ry && py < h + ry) continue;
    const sy = borderIndex(py - ry, h, mode);
    if (sy < 0) tmp.fill(borderValue * sumKx, py * rowLen, (py + 1) * rowLen);
    else tmp.copyWithin(py * rowLen, (sy + ry) * rowLen, (sy + ry + 1) * rowLen);
  }
  // Vertical pass: the taps of output row y are rows y … y + 2ry of tmp.
  const out = new Float32Array(src.length);
  for (let y = 0; y < h; y++) filterLine(tmp, y * rowLen, rowLen, out, y * rowLen, rowLen, ky);
  return createImage(w, h, c, out);
}

/**
 * dst[d0 + t] = Σ_i k[i] · src[s0 + t + i·stride] for t < n; folds symmetric kernels
 * (k[i] = k[n − 1 − i], e.g. Gaussian, box) to halve the multiplications.
 */
function filterLine(src: Float32Array, s0: number, stride: number, dst: Float32Array, d0: number, n: number, k: Float64Array): void {
  const nk = k.length;
  const r = (nk - 1) >> 1;
  let symmetric = true;
  for (let i = 0; i < r; i++) if (k[i] !== k[nk - 1 - i]) symmetric = false;
  if (symmetric) {
    const kc = k[r];
    const c0 = s0 + r * stride;
    if (r === 1) {
      const k1 = k[2];
      for (let t = 0; t < n; t++) {
        const p = c0 + t;
        dst[d0 + t] = kc * src[p] + k1 * (src[p + stride] + src[p - stride]);
      }
      return;
    }
    for (let t = 0; t < n; t++) {
      const p = c0 + t;
      let s = kc * src[p];
      for (let i = 1, q = stride; i <= r; i++, q += stride) s += k[r + i] * (src[p + q] + src[p - q]);
      dst[d0 + t] = s;
    }
    return;
  }
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let i = 0, p = s0 + t; i < nk; i++, p += stride) s += k[i] * src[p];
    dst[d0 + t] = s;
  }
}
