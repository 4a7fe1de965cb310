import type { Image } from '../image';
import { mseOfPlanes } from './computeMse';
import { assertImagePair, checkChannelAndCrop, type MetricChannel } from './planes';
import { positiveNumber } from '../validate';

/** Options of {@link computePsnr}. */
export interface PsnrOptions {
  /** Distance between the smallest and largest possible sample value. @default 1 */
  dataRange?: number;
  /**
   * `'rgb'`: MSE over every channel jointly (as `skimage.metrics.peak_signal_noise_ratio`).
   * `'y'`: MSE of the BT.601 luma only, with MATLAB `rgb2ycbcr` scaling
   * Y = (16 + 65.481 R + 128.553 G + 24.966 B) / 255 for R, G, B ∈ [0, 1] — the convention of
   * super-resolution papers (SRCNN, EDSR, BasicSR `test_y_channel=True`). A grey image is its own Y.
   * @default 'rgb'
   */
  channel?: MetricChannel;
  /** Pixels removed from every border first (SR papers crop `scale` pixels). @default 0 */
  crop?: number;
}

/**
 * Peak signal-to-noise ratio in decibels: 10·log10(dataRange² / MSE). Identical images give `Infinity`.
 * Matches `skimage.metrics.peak_signal_noise_ratio(a, b, data_range=1)` for `channel: 'rgb'`, and
 * BasicSR's `calculate_psnr(..., test_y_channel=True)` for `channel: 'y'` (without its rounding to 8 bits).
 * @throws TypeError / RangeError when an image is malformed, the sizes differ or an option is invalid.
 */
export function computePsnr(a: Image, b: Image, options: PsnrOptions = {}): number {
  assertImagePair(a, b, 'computePsnr');
  const { dataRange = 1, channel = 'rgb', crop = 0 } = options;
  positiveNumber('computePsnr', 'options.dataRange', dataRange);
  checkChannelAndCrop('computePsnr', a, channel, crop);
  const mse = mseOfPlanes(a, b, channel, crop);
  return mse === 0 ? Infinity : 10 * Math.log10((dataRange * dataRange) / mse);
}
