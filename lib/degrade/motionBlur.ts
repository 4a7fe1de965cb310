import { convolve2d, type BorderOptions } from '../filters';
import { assertImage, type Image } from '../image';
import { motionBlurKernel } from './blurKernels';

/** Options of {@link motionBlur}. */
export type MotionBlurOptions = BorderOptions;

/**
 * Simulates linear motion blur: convolution with {@link motionBlurKernel}(length, angleDeg), a
 * normalised anti-aliased line (the PSF is point-symmetric, so correlation = convolution).
 * @param length - blur extent in pixels, ≥ 1 (1 at 0° or 90° = unchanged).
 * @param angleDeg - direction in degrees counter-clockwise from horizontal, as seen on screen.
 * @throws TypeError / RangeError when the image is malformed or a parameter is out of range.
 */
export function motionBlur(image: Image, length: number, angleDeg: number, options: MotionBlurOptions = {}): Image {
  assertImage(image, 'motionBlur: image');
  return convolve2d(image, motionBlurKernel(length, angleDeg), options);
}
