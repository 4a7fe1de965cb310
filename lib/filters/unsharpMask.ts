import { assertImage, createImage, type Image } from '../image';
import { gaussianBlur } from './gaussianBlur';
import { booleanValue, finiteNumber, nonNegativeNumber, positiveNumber } from '../validate';

/** Options of {@link unsharpMask}. */
export interface UnsharpMaskOptions {
  /** Standard deviation of the Gaussian blur, in pixels (skimage's `radius`). @default 1 */
  radius?: number;
  /** Strength: how many times the detail (image − blurred) is added back. @default 1 */
  amount?: number;
  /**
   * Minimum |image − blurred| (in image units, [0, 1]) for a sample to be sharpened; smaller
   * details — mostly noise — are left unchanged, as the threshold of GIMP's Unsharp Mask. 0 sharpens everything.
   * @default 0
   */
  threshold?: number;
  /** Clip the result to [0, 1] (as skimage does for non-negative images). @default true */
  clip?: boolean;
}

/**
 * Unsharp masking: out = image + amount · (image − G_σ * image), per channel, where the detail is
 * zeroed where |image − G_σ * image| < threshold.
 * With `threshold: 0` this is `skimage.filters.unsharp_mask(image, radius, amount, channel_axis=-1)`:
 * Gaussian truncated at 4σ (radius ⌊4σ + 0.5⌋), half-sample reflection at the border, result clipped to [0, 1].
 * @throws TypeError / RangeError when the image is malformed or an option is out of range.
 */
export function unsharpMask(image: Image, options: UnsharpMaskOptions = {}): Image {
  assertImage(image, 'unsharpMask: image');
  const { radius = 1, amount = 1, threshold = 0, clip = true } = options;
  positiveNumber('unsharpMask', 'options.radius', radius, 'a positive number of pixels (the Gaussian σ)');
  finiteNumber('unsharpMask', 'options.amount', amount);
  nonNegativeNumber('unsharpMask', 'options.threshold', threshold);
  booleanValue('unsharpMask', 'options.clip', clip);
  const blurred = gaussianBlur(image, radius, { radius: Math.floor(4 * radius + 0.5), border: 'reflect' }).data;
  const src = image.data;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const detail = src[i] - blurred[i];
    let v = Math.abs(detail) < threshold ? src[i] : src[i] + amount * detail;
    if (clip) v = v < 0 ? 0 : v > 1 ? 1 : v;
    out[i] = v;
  }
  return createImage(image.width, image.height, image.channels, out);
}
