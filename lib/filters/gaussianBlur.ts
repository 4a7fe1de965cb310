import { assertImage, type Image } from '../image';
import { resolveBorder, type BorderOptions } from './borderIndex';
import { separableCore } from './convolveSeparable';
import { gaussianKernel1d } from './kernels';
import { nonNegativeInt, positiveNumber } from '../validate';

/** Options of {@link gaussianBlur}. */
export interface GaussianBlurOptions extends BorderOptions {
  /**
   * Kernel half-width in pixels. Default: OpenCV's rule for float images, ksize = round(8σ + 1) | 1
   * (radius ≈ 4σ), so the result equals `cv2.GaussianBlur(img, (0, 0), sigma)` on float32 input.
   * @default (round(8σ + 1) | 1 − 1) / 2
   */
  radius?: number;
}

/**
 * Isotropic Gaussian blur with standard deviation `sigma` pixels, as two separable 1-D passes.
 * Matches `cv2.GaussianBlur(img, (0, 0), sigma, borderType=…)` for float32 images (default border
 * `'reflect101'` = BORDER_DEFAULT); with `radius: ⌊4σ + 0.5⌋` and `border: 'reflect'` it matches
 * `skimage.filters.gaussian(img, sigma, mode='reflect')`. Output is not clipped (it cannot leave the
 * input range anyway, the kernel being positive and normalised).
 * @param sigma - standard deviation in pixels, > 0.
 * @throws TypeError / RangeError when the image is malformed, `sigma` is not positive or an option is invalid.
 */
export function gaussianBlur(image: Image, sigma: number, options: GaussianBlurOptions = {}): Image {
  assertImage(image, 'gaussianBlur: image');
  positiveNumber('gaussianBlur', 'sigma', sigma, 'a positive number of pixels');
  const { radius } = options;
  if (radius !== undefined) nonNegativeInt('gaussianBlur', 'options.radius', radius);
  const { border, borderValue } = resolveBorder('gaussianBlur', options);
  const k = gaussianKernel1d(sigma, radius === undefined ? {} : { radius });
  return separableCore(image, k, k, border === 'constant' ? null : border, borderValue);
}
