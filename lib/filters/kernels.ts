import { nonNegativeInt, oddInt, positiveNumber } from '../validate';
/**
 * A 2-D filter kernel, row-major: tap (row j, column i) is `data[j * width + i]`; `width` and
 * `height` are odd and the anchor is the centre tap. `data` may be a Float32Array, Float64Array
 * or a plain array.
 */
export interface Kernel2d {
  readonly width: number;
  readonly height: number;
  readonly data: ArrayLike<number>;
}

function frozenKernel(width: number, height: number, data: number[]): Readonly<Kernel2d> {
  return Object.freeze({ width, height, data: Object.freeze(data) });
}

/** 4-neighbour Laplacian [0 1 0; 1 −4 1; 0 1 0] (what `cv2.Laplacian(ksize=1)` applies). */
export const laplacian4: Readonly<Kernel2d> = frozenKernel(3, 3, [0, 1, 0, 1, -4, 1, 0, 1, 0]);

/** 8-neighbour Laplacian [1 1 1; 1 −8 1; 1 1 1]. */
export const laplacian8: Readonly<Kernel2d> = frozenKernel(3, 3, [1, 1, 1, 1, -8, 1, 1, 1, 1]);

/** Sharpening kernel identity − {@link laplacian4} = [0 −1 0; −1 5 −1; 0 −1 0]. */
export const sharpen4: Readonly<Kernel2d> = frozenKernel(3, 3, [0, -1, 0, -1, 5, -1, 0, -1, 0]);

/** Sharpening kernel identity − {@link laplacian8} = [−1 −1 −1; −1 9 −1; −1 −1 −1]. */
export const sharpen8: Readonly<Kernel2d> = frozenKernel(3, 3, [-1, -1, -1, -1, 9, -1, -1, -1, -1]);

/**
 * Normalised `size`×`size` box (mean) kernel, every tap 1/size² (as `cv2.blur`).
 * @param size - odd positive integer.
 * @throws RangeError when `size` is not an odd positive integer.
 */
export function boxKernel(size: number): Kernel2d {
  checkOddSize('boxKernel', 'size', size);
  return { width: size, height: size, data: new Float64Array(size * size).fill(1 / (size * size)) };
}

/** Options of {@link gaussianKernel1d} and {@link gaussianKernel}. */
export interface GaussianKernelOptions {
  /**
   * Half-width in pixels (kernel length 2·radius + 1). By default OpenCV's rule for float images
   * (`cv2.GaussianBlur(..., ksize=(0, 0))` on CV_32F): ksize = round(8σ + 1) | 1, i.e. about 4σ.
   * scikit-image / scipy use ⌊truncate·σ + 0.5⌋ with truncate = 4.
   * @default (round(8σ + 1) | 1 − 1) / 2
   */
  radius?: number;
}

/**
 * Sampled, normalised 1-D Gaussian: tap i ∝ exp(−(i − radius)² / 2σ²), summing to 1
 * (`cv2.getGaussianKernel(2·radius + 1, sigma)`).
 * @param sigma - standard deviation in pixels, > 0.
 * @throws RangeError when `sigma` is not positive or `radius` is not a non-negative integer.
 */
export function gaussianKernel1d(sigma: number, options: GaussianKernelOptions = {}): Float64Array {
  positiveNumber('gaussianKernel1d', 'sigma', sigma, 'a positive number of pixels');
  const radius = nonNegativeInt('gaussianKernel1d', 'options.radius', options.radius ?? defaultGaussianRadius(sigma));
  const k = new Float64Array(2 * radius + 1);
  const scale = -0.5 / (sigma * sigma);
  let sum = 0;
  for (let i = 0; i < k.length; i++) {
    const x = i - radius;
    sum += k[i] = Math.exp(scale * x * x);
  }
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/**
 * 2-D isotropic Gaussian kernel, the outer product of {@link gaussianKernel1d} with itself.
 * Prefer {@link gaussianBlur}, which applies the two 1-D passes directly.
 */
export function gaussianKernel(sigma: number, options: GaussianKernelOptions = {}): Kernel2d {
  const k = gaussianKernel1d(sigma, options);
  const n = k.length;
  const data = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) data[j * n + i] = k[j] * k[i];
  return { width: n, height: n, data };
}

/** OpenCV's default Gaussian half-width for float images: (round(8σ + 1) | 1 − 1) / 2. */
export function defaultGaussianRadius(sigma: number): number {
  return ((Math.round(sigma * 8 + 1) | 1) - 1) / 2;
}

/** @internal throws unless `value` is an odd positive integer. */
export function checkOddSize(fn: string, name: string, value: unknown): asserts value is number {
  oddInt(fn, name, value);
}
