/**
 * Linear and non-linear neighbourhood filters on {@link Image}s, matching OpenCV / scikit-image:
 * 2-D correlation with OpenCV border modes, separable passes, Gaussian / box blur, unsharp mask,
 * median and bilateral filters, and the classic kernels.
 */
export { borderIndex, BORDER_MODES } from './borderIndex';
export type { BorderMode, BorderOptions } from './borderIndex';
export { convolve2d } from './convolve2d';
export type { Convolve2dOptions, KernelInput } from './convolve2d';
export { convolveSeparable } from './convolveSeparable';
export type { ConvolveSeparableOptions } from './convolveSeparable';
export { laplacian4, laplacian8, sharpen4, sharpen8, boxKernel, gaussianKernel1d, gaussianKernel, defaultGaussianRadius } from './kernels';
export type { Kernel2d, GaussianKernelOptions } from './kernels';
export { gaussianBlur } from './gaussianBlur';
export type { GaussianBlurOptions } from './gaussianBlur';
export { boxBlur } from './boxBlur';
export type { BoxBlurOptions } from './boxBlur';
export { unsharpMask } from './unsharpMask';
export type { UnsharpMaskOptions } from './unsharpMask';
export { medianFilter } from './medianFilter';
export { bilateralFilter } from './bilateralFilter';
export type { BilateralFilterOptions } from './bilateralFilter';
