import type { Image } from '../image';
import { assertImagePair, checkChannelAndCrop, toPlanes, type MetricChannel } from './planes';

/** Options of {@link computeMse}. */
export interface MseOptions {
  /**
   * Which samples to compare: `'rgb'` = every channel (a grey image has one), `'y'` = BT.601 luma
   * only, scaled as MATLAB `rgb2ycbcr` (Y = (16 + 65.481 R + 128.553 G + 24.966 B) / 255).
   * @default 'rgb'
   */
  channel?: MetricChannel;
  /** Pixels removed from every border before comparing (the SR convention crops the scale factor). @default 0 */
  crop?: number;
}

/**
 * Mean squared error between two images of the same size, over all compared samples, in squared
 * image units (for [0, 1] images, multiply by 255² for the 8-bit scale).
 * Matches `skimage.metrics.mean_squared_error` for `channel: 'rgb'`.
 * @throws TypeError / RangeError when an image is malformed, the sizes differ or an option is invalid.
 */
export function computeMse(a: Image, b: Image, options: MseOptions = {}): number {
  assertImagePair(a, b, 'computeMse');
  const { channel = 'rgb', crop = 0 } = options;
  checkChannelAndCrop('computeMse', a, channel, crop);
  return mseOfPlanes(a, b, channel, crop);
}

/** @internal shared with computePsnr. */
export function mseOfPlanes(a: Image, b: Image, channel: MetricChannel, crop: number): number {
  const pa = toPlanes(a, channel, crop);
  const pb = toPlanes(b, channel, crop);
  let sum = 0;
  let n = 0;
  for (let c = 0; c < pa.length; c++) {
    const x = pa[c].data;
    const y = pb[c].data;
    for (let i = 0; i < x.length; i++) {
      const d = x[i] - y[i];
      sum += d * d;
    }
    n += x.length;
  }
  return sum / n;
}
