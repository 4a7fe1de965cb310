import { convolve2d, type BorderOptions } from '../filters';
import { assertImage, type Image } from '../image';
import { defocusBlurKernel } from './blurKernels';

/** Options of {@link defocusBlur}. */
export type DefocusBlurOptions = BorderOptions;

/**
 * Simulates out-of-focus blur: convolution with {@link defocusBlurKernel}(radius), a normalised
 * anti-aliased uniform disc (the "pillbox" PSF of a defocused lens).
 * @param radius - disc radius in pixels, ≥ 0 (0 = unchanged).
 * @throws TypeError / RangeError when the image is malformed or `radius` is out of range.
 */
export function defocusBlur(image: Image, radius: number, options: DefocusBlurOptions = {}): Image {
  assertImage(image, 'defocusBlur: image');
  return convolve2d(image, defocusBlurKernel(radius), options);
}
