/**
 * Automatic enhancement of scanned photographs: measure noise and blur, denoise (NLM or a baseline)
 * and sharpen (unsharp mask or Laplacian) at calibrated strengths, in the right order. The wrappers
 * {@link denoiseImage} and {@link sharpenImage} are shared by the CLI (`tounum denoise|sharpen|enhance`)
 * and notebook 01.
 */
export type { EnhanceStep } from './EnhanceStep';
export { measureDegradation } from './measureDegradation';
export type { DegradationMeasurements } from './measureDegradation';
export { DEFAULT_ENHANCE_RULES, resolveEnhanceRules, autoUnsharpAmount } from './enhanceRules';
export type { EnhanceRules } from './enhanceRules';
export { denoiseImage, DENOISE_METHODS } from './denoiseImage';
export type { DenoiseImageOptions, DenoiseImageResult, DenoiseMethod } from './denoiseImage';
export { sharpenImage, SHARPEN_METHODS } from './sharpenImage';
export type { SharpenImageOptions, SharpenImageResult, SharpenMethod } from './sharpenImage';
export { enhanceImage } from './enhanceImage';
export type { EnhanceImageOptions, EnhanceImageResult, EnhanceDecisions } from './enhanceImage';
