/**
 * Image-quality metrics: full-reference (MSE, PSNR, SSIM, against OpenCV / scikit-image conventions)
 * and no-reference (variance-of-Laplacian blur score, wavelet noise-σ estimate).
 */
export { computeMse } from './computeMse';
export type { MseOptions } from './computeMse';
export { computePsnr } from './computePsnr';
export type { PsnrOptions } from './computePsnr';
export { computeSsim } from './computeSsim';
export type { SsimOptions } from './computeSsim';
export { computeBlurScore } from './computeBlurScore';
export type { BlurScoreOptions } from './computeBlurScore';
export { estimateNoiseSigma } from './estimateNoiseSigma';
export type { MetricChannel } from './planes';
export { computeCorpusBleu } from './computeCorpusBleu';
export type { BleuSmoothing, CorpusBleuOptions, CorpusBleuResult } from './computeCorpusBleu';
export { computeCiderD } from './computeCiderD';
export type { CiderDOptions, CiderDResult } from './computeCiderD';
