import { assertImage, createImage, type Image } from '../image';
import { borderIndex, resolveBorder, type BorderOptions } from './borderIndex';
import { nonNegativeInt, positiveNumber } from '../validate';

/** Options of {@link bilateralFilter}. */
export interface BilateralFilterOptions extends BorderOptions {
  /**
   * Neighbourhood diameter in pixels; only taps within a disc of radius ⌊diameter / 2⌋ are used.
   * 0 derives it from `sigmaSpace` as OpenCV does (radius = round(1.5 σ_space), at least 1).
   * @default 0
   */
  diameter?: number;
  /**
   * Range (colour) standard deviation, **in image units** ([0, 1] images: 0.1 ≈ 25 grey levels).
   * Larger values mix more different colours (less edge-preserving).
   * @default 0.1
   */
  sigmaColor?: number;
  /** Spatial standard deviation in pixels. @default 2 */
  sigmaSpace?: number;
}

/** Bins of OpenCV's range-weight lookup table, per channel. */
const EXP_BINS_PER_CHANNEL = 1 << 12;

/**
 * Edge-preserving bilateral filter (Tomasi & Manduchi 1998): each pixel becomes the average of
 * its disc neighbourhood weighted by exp(−r²/2σ_space²) · exp(−d²/2σ_color²), where r is the
 * spatial distance and d the colour distance to the centre pixel.
 *
 * Follows `cv2.bilateralFilter(img32f, d, sigmaColor, sigmaSpace)` (OpenCV 4.x, float path):
 * for RGB the colour distance is the **L1** sum |ΔR| + |ΔG| + |ΔB| (not Euclidean), the range
 * weight comes from the same 4096-bins-per-channel lookup table with linear interpolation over the
 * image's [min, max], borders use BORDER_REFLECT_101 by default, and a constant image is
 * returned unchanged. O(radius²) per pixel; for large radii prefer a guided filter or NLM.
 * @throws TypeError / RangeError when the image is malformed or an option is out of range.
 */
export function bilateralFilter(image: Image, options: BilateralFilterOptions = {}): Image {
  assertImage(image, 'bilateralFilter: image');
  const { diameter = 0, sigmaColor = 0.1, sigmaSpace = 2 } = options;
  nonNegativeInt('bilateralFilter', 'options.diameter', diameter, 'a non-negative integer (0 = from sigmaSpace)');
  positiveNumber('bilateralFilter', 'options.sigmaColor', sigmaColor, 'a positive number (image units)');
  positiveNumber('bilateralFilter', 'options.sigmaSpace', sigmaSpace, 'a positive number of pixels');
  const { border, borderValue } = resolveBorder('bilateralFilter', options);
  const { data: src, width: w, height: h, channels: c } = image;
  const radius = Math.max(1, diameter > 0 ? diameter >> 1 : Math.round(sigmaSpace * 1.5));

  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (border === 'constant') {
    // Keep border samples inside the lookup table's range.
    lo = Math.min(lo, borderValue);
    hi = Math.max(hi, borderValue);
  }
  const out = new Float32Array(src.length);
  if (Math.abs(hi - lo) < 1.1920928955078125e-7) {
    out.set(src);
    return createImage(w, h, c, out);
  }
  // Range-weight table over colour distances 0 … c·(max − min), as OpenCV builds it.
  const bins = EXP_BINS_PER_CHANNEL * c;
  const scaleIndex = Math.fround(bins / Math.fround(Math.fround(hi - lo) * c));
  const colorCoeff = -0.5 / (sigmaColor * sigmaColor);
  const expLut = new Float32Array(bins + 2);
  let last = 1;
  for (let i = 0; i < bins + 2; i++) {
    if (last > 0) {
      const d = i / scaleIndex;
      last = expLut[i] = Math.exp(d * d * colorCoeff);
    }
  }
  // Bordered copy and disc of taps.
  const pw = w + 2 * radius;
  const ph = h + 2 * radius;
  const padded = new Float32Array(pw * ph * c);
  for (let py = 0; py < ph; py++) {
    const sy = borderIndex(py - radius, h, border);
    for (let px = 0; px < pw; px++) {
      const sx = borderIndex(px - radius, w, border);
      const d = (py * pw + px) * c;
      for (let ch = 0; ch < c; ch++) padded[d + ch] = sy < 0 || sx < 0 ? borderValue : src[(sy * w + sx) * c + ch];
    }
  }
  const spaceCoeff = -0.5 / (sigmaSpace * sigmaSpace);
  const weights: number[] = [];
  const offsets: number[] = [];
  for (let j = -radius; j <= radius; j++) {
    for (let i = -radius; i <= radius; i++) {
      const r2 = i * i + j * j;
      if (Math.sqrt(r2) > radius) continue;
      weights.push(Math.fround(Math.exp(r2 * spaceCoeff)));
      offsets.push((j * pw + i) * c);
    }
  }
  const sw = Float32Array.from(weights);
  const so = Int32Array.from(offsets);
  const nk = sw.length;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = ((y + radius) * pw + x + radius) * c;
      const o = (y * w + x) * c;
      if (c === 1) {
        const v0 = padded[p];
        let sum = 0;
        let wsum = 0;
        for (let k = 0; k < nk; k++) {
          const v = padded[p + so[k]];
          let a = Math.abs(v - v0) * scaleIndex;
          const idx = Math.floor(a);
          a -= idx;
          const wt = sw[k] * (expLut[idx] + a * (expLut[idx + 1] - expLut[idx]));
          sum += v * wt;
          wsum += wt;
        }
        out[o] = sum / wsum;
      } else {
        const r0 = padded[p];
        const g0 = padded[p + 1];
        const b0 = padded[p + 2];
        let sr = 0;
        let sg = 0;
        let sb = 0;
        let wsum = 0;
        for (let k = 0; k < nk; k++) {
          const q = p + so[k];
          const r = padded[q];
          const g = padded[q + 1];
          const b = padded[q + 2];
          let a = (Math.abs(r - r0) + Math.abs(g - g0) + Math.abs(b - b0)) * scaleIndex;
          const idx = Math.floor(a);
          a -= idx;
          const wt = sw[k] * (expLut[idx] + a * (expLut[idx + 1] - expLut[idx]));
          sr += r * wt;
          sg += g * wt;
          sb += b * wt;
          wsum += wt;
        }
        out[o] = sr / wsum;
        out[o + 1] = sg / wsum;
        out[o + 2] = sb / wsum;
      }
    }
  }
  return createImage(w, h, c, out);
}
