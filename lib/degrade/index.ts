/**
 * Synthetic degradations for training and evaluating restoration: seeded noise (Gaussian,
 * Poisson, salt-and-pepper) and blur (Gaussian, linear motion, defocus). Analog-video effects
 * live in `degrade/vhs`.
 */
export { addGaussianNoise } from './addGaussianNoise';
export type { GaussianNoiseOptions } from './addGaussianNoise';
export { addPoissonNoise } from './addPoissonNoise';
export type { PoissonNoiseOptions } from './addPoissonNoise';
export { addSaltPepper } from './addSaltPepper';
export type { SaltPepperOptions } from './addSaltPepper';
export type { RandomOptions } from '../random';
/** Gaussian blur degradation: the same operation as `filters/gaussianBlur` (re-exported, not duplicated). */
export { gaussianBlur } from '../filters/gaussianBlur';
export type { GaussianBlurOptions } from '../filters/gaussianBlur';
export { motionBlur } from './motionBlur';
export type { MotionBlurOptions } from './motionBlur';
export { defocusBlur } from './defocusBlur';
export type { DefocusBlurOptions } from './defocusBlur';
export { motionBlurKernel, defocusBlurKernel } from './blurKernels';
