/**
 * tounum-lab: the public API. Each concern is also importable on its own, which loads less:
 * `import { computePsnr } from 'tounum-lab/metrics'`.
 */
export * from './backend';
export * from './profile';
export * from './random';
export * from './image';
export * from './io';
export * from './datasets';
export * from './report';
export * from './metrics';
export * from './filters';
// degrade re-exports filters' gaussianBlur: name the rest explicitly to keep the barrel unambiguous.
export { addGaussianNoise, addPoissonNoise, addSaltPepper, motionBlur, defocusBlur, motionBlurKernel, defocusBlurKernel } from './degrade';
export type { GaussianNoiseOptions, PoissonNoiseOptions, SaltPepperOptions, RandomOptions, MotionBlurOptions, DefocusBlurOptions } from './degrade';
export { version } from './version';
