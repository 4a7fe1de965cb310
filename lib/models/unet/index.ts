/**
 * Enhancement U-Net (notebook 05, issue 7): a small residual U-Net trained to undo blur and noise of a
 * controlled strength, its degradation sampler, tiled inference and the shipped models' loader.
 * Training uses `trainOnPatches` from `models/sr`.
 */
export { buildUnet } from './buildUnet';
export type { UnetOptions } from './buildUnet';
export { createRestorationSampler, degradeImage, ENHANCE_TRIALS } from './createRestorationSampler';
export type { Degradation, RestorationSampler, RestorationSamplerOptions } from './createRestorationSampler';
export { restoreImage } from './restoreImage';
export type { RestoreImageOptions } from './restoreImage';
export { saveEnhanceModel, loadEnhanceModel, defaultEnhanceModelDir } from './enhanceModel';
export type { EnhanceModel, EnhanceModelCard } from './enhanceModel';
