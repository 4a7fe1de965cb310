import { assertImage, type Image } from '../../image';
import { toPlanes } from './chromaInternal';

/** Options of {@link estimateChromaDelay}. */
export interface EstimateChromaDelayOptions {
  /** Largest |delay| searched, px at the frame's width. @default 8 */
  maxDelayPx?: number;
}

/**
 * Estimates the horizontal chroma/luma misregistration of a frame (px at its width; positive =
 * colour lags, i.e. sits to the right of luma, as {@link simulateChromaDelay} makes it): the lag
 * maximising the cross-correlation of horizontal edge magnitudes |∂U/∂x| + |∂V/∂x| with |∂Y′/∂x|
 * summed over all rows (edges of luma and colour coincide in most pictures), refined to sub-pixel
 * precision by a parabola through the peak and its two neighbours. Luma edges are low-passed with
 * a [1 2 3 2 1] kernel first, so that they have roughly the chroma's width.
 * @returns the delay in px (0 for a grey picture or one without edges).
 * @throws TypeError / RangeError for a malformed image or a bad option.
 */
export function estimateChromaDelay(image: Image, options: EstimateChromaDelayOptions = {}): number {
  const fn = 'estimateChromaDelay';
  assertImage(image, `${fn}: image`);
  const maxDelayPx = options.maxDelayPx ?? 8;
  if (!Number.isInteger(maxDelayPx) || maxDelayPx < 1 || maxDelayPx > 64) throw new RangeError(`${fn}: options.maxDelayPx must be an integer in [1, 64], got ${String(maxDelayPx)}`);
  if (image.channels === 1) return 0;
  const { y, u, v, width: w, height: h } = toPlanes(image);
  const L = maxDelayPx;
  const gy = new Float64Array(w), gc = new Float64Array(w), ys = new Float64Array(w);
  const score = new Float64Array(2 * L + 1);
  for (let r = 0; r < h; r++) {
    const o = r * w;
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -2; k <= 2; k++) s += (3 - Math.abs(k)) * (y[o + Math.min(w - 1, Math.max(0, x + k))] as number);
      ys[x] = s / 9;
    }
    for (let x = 1; x < w - 1; x++) {
      gy[x] = Math.abs((ys[x + 1] as number) - (ys[x - 1] as number));
      gc[x] = Math.abs((u[o + x + 1] as number) - (u[o + x - 1] as number)) + Math.abs((v[o + x + 1] as number) - (v[o + x - 1] as number));
    }
    for (let d = -L; d <= L; d++) {
      let s = 0;
      const lo = Math.max(1, 1 - d), hi = Math.min(w - 1, w - 1 - d);
      for (let x = lo; x < hi; x++) s += (gy[x] as number) * (gc[x + d] as number);
      score[d + L] = (score[d + L] as number) + s;
    }
  }
  let best = 0;
  for (let i = 1; i < score.length; i++) if ((score[i] as number) > (score[best] as number)) best = i;
  if (!((score[best] as number) > 0)) return 0;
  let frac = 0;
  if (best > 0 && best < score.length - 1) {
    const a = score[best - 1] as number, b = score[best] as number, c = score[best + 1] as number;
    const den = a - 2 * b + c;
    if (den < 0) frac = Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den));
  }
  return best - L + frac;
}
