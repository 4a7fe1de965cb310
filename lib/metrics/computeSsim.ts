import type { Image } from '../image';
import { assertImagePair, checkChannelAndCrop, reflectIndex, toPlanes, type MetricChannel, type Plane } from './planes';
import { nonNegativeNumber, positiveNumber } from '../validate';

/** Options of {@link computeSsim}. */
export interface SsimOptions {
  /** Distance between the smallest and largest possible sample value (sets C1, C2). @default 1 */
  dataRange?: number;
  /**
   * `'rgb'`: SSIM of each channel, averaged. `'y'`: SSIM of the BT.601 luma (MATLAB `rgb2ycbcr`
   * scaling, see {@link computePsnr}); a grey image is its own Y.
   * @default 'rgb'
   */
  channel?: MetricChannel;
  /** Pixels removed from every border first. @default 0 */
  crop?: number;
  /** Standard deviation of the Gaussian window, in pixels; the window radius is ⌊3.5σ + 0.5⌋. @default 1.5 */
  sigma?: number;
  /** Stabilising constant C1 = (K1·dataRange)². @default 0.01 */
  k1?: number;
  /** Stabilising constant C2 = (K2·dataRange)². @default 0.03 */
  k2?: number;
}

/**
 * Mean structural similarity (Wang, Bovik, Sheikh & Simoncelli 2004) between two images, in [-1, 1]
 * (1 = identical).
 *
 * Follows `skimage.metrics.structural_similarity(a, b, gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=1, channel_axis=-1)` exactly: local statistics with a
 * Gaussian window truncated at 3.5σ, borders extended by half-sample reflection (`mode='reflect'`),
 * population covariances, the SSIM map averaged over the pixels at least one window radius from
 * the border, and the per-channel means averaged. Computed in float64.
 * @throws TypeError / RangeError when an image is malformed, the sizes differ, an option is invalid,
 * or the (cropped) image is smaller than the window.
 */
export function computeSsim(a: Image, b: Image, options: SsimOptions = {}): number {
  assertImagePair(a, b, 'computeSsim');
  const { dataRange = 1, channel = 'rgb', crop = 0, sigma = 1.5, k1 = 0.01, k2 = 0.03 } = options;
  positiveNumber('computeSsim', 'options.dataRange', dataRange);
  positiveNumber('computeSsim', 'options.sigma', sigma, 'a positive number of pixels');
  nonNegativeNumber('computeSsim', 'options.k1', k1);
  nonNegativeNumber('computeSsim', 'options.k2', k2);
  checkChannelAndCrop('computeSsim', a, channel, crop);
  const radius = Math.floor(3.5 * sigma + 0.5);
  const w = a.width - 2 * crop;
  const h = a.height - 2 * crop;
  if (2 * radius + 1 > Math.min(w, h)) {
    throw new RangeError(
      `computeSsim: the ${2 * radius + 1}×${2 * radius + 1} window (sigma ${sigma}) is larger than the ${w}×${h} image`,
    );
  }
  const kernel = new Float64Array(2 * radius + 1);
  let ks = 0;
  for (let i = -radius; i <= radius; i++) ks += kernel[i + radius] = Math.exp((-0.5 * i * i) / (sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i] /= ks;
  const c1 = (k1 * dataRange) ** 2;
  const c2 = (k2 * dataRange) ** 2;
  const pa = toPlanes(a, channel, crop);
  const pb = toPlanes(b, channel, crop);
  let total = 0;
  for (let c = 0; c < pa.length; c++) total += ssimOfPlane(pa[c], pb[c], kernel, c1, c2);
  return total / pa.length;
}

function ssimOfPlane(pa: Plane, pb: Plane, kernel: Float64Array, c1: number, c2: number): number {
  const { width: w, height: h } = pa;
  const n = w * h;
  const x = pa.data;
  const y = pb.data;
  const xx = new Float64Array(n);
  const yy = new Float64Array(n);
  const xy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xx[i] = x[i] * x[i];
    yy[i] = y[i] * y[i];
    xy[i] = x[i] * y[i];
  }
  const tmp = new Float64Array((h + kernel.length - 1) * w);
  const rowBuf = new Float64Array(w + kernel.length - 1);
  const ux = blur(x, w, h, kernel, tmp, rowBuf);
  const uy = blur(y, w, h, kernel, tmp, rowBuf);
  const uxx = blur(xx, w, h, kernel, tmp, rowBuf);
  const uyy = blur(yy, w, h, kernel, tmp, rowBuf);
  const uxy = blur(xy, w, h, kernel, tmp, rowBuf);
  const pad = (kernel.length - 1) >> 1;
  let sum = 0;
  for (let r = pad; r < h - pad; r++) {
    for (let i = r * w + pad, end = r * w + w - pad; i < end; i++) {
      const mx = ux[i];
      const my = uy[i];
      const vx = uxx[i] - mx * mx;
      const vy = uyy[i] - my * my;
      const vxy = uxy[i] - mx * my;
      sum += ((2 * mx * my + c1) * (2 * vxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
    }
  }
  return sum / ((h - 2 * pad) * (w - 2 * pad));
}

/**
 * Separable correlation with a symmetric kernel and half-sample reflection at the border
 * (scipy.ndimage mode='reflect'). `tmp` holds h + 2r rows, `rowBuf` w + 2r samples.
 */
function blur(src: Float64Array, w: number, h: number, k: Float64Array, tmp: Float64Array, rowBuf: Float64Array): Float64Array {
  const r = (k.length - 1) >> 1;
  const kc = k[r];
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let i = -r; i < w + r; i++) rowBuf[i + r] = src[o + reflectIndex(i, w)];
    const d = (y + r) * w;
    for (let x = 0; x < w; x++) {
      const p = x + r;
      let s = kc * rowBuf[p];
      for (let i = 1; i <= r; i++) s += k[r + i] * (rowBuf[p + i] + rowBuf[p - i]);
      tmp[d + x] = s;
    }
  }
  for (let py = 0; py < r; py++) {
    tmp.copyWithin(py * w, (reflectIndex(py - r, h) + r) * w, (reflectIndex(py - r, h) + r + 1) * w);
    const pb = h + r + py;
    tmp.copyWithin(pb * w, (reflectIndex(pb - r, h) + r) * w, (reflectIndex(pb - r, h) + r + 1) * w);
  }
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    const c0 = (y + r) * w;
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const p = c0 + x;
      let s = kc * tmp[p];
      for (let i = 1, q = w; i <= r; i++, q += w) s += k[r + i] * (tmp[p + q] + tmp[p - q]);
      out[o + x] = s;
    }
  }
  return out;
}
