import { assertImage, type Image } from '../image';
import { resolveBorder, type BorderOptions } from './borderIndex';
import { separableCore } from './convolveSeparable';
import { checkOddSize } from './kernels';

/** Options of {@link boxBlur}. */
export type BoxBlurOptions = BorderOptions;

/**
 * Mean filter over a `size`×`size` window (as `cv2.blur(img, (size, size))`), computed as two
 * separable 1-D passes. Default border `'reflect101'` (OpenCV's BORDER_DEFAULT).
 * @param size - odd window side in pixels.
 * @throws TypeError / RangeError when the image is malformed, `size` is not odd positive or an option is invalid.
 */
export function boxBlur(image: Image, size: number, options: BoxBlurOptions = {}): Image {
  assertImage(image, 'boxBlur: image');
  checkOddSize('boxBlur', 'size', size);
  const { border, borderValue } = resolveBorder('boxBlur', options);
  const k = new Float64Array(size).fill(1 / size);
  return separableCore(image, k, k, border === 'constant' ? null : border, borderValue);
}
