/**
 * Super-resolution (notebook 05, issue 7): a compact ESPCN-style network on the luma channel with a
 * residual over MATLAB-compatible bicubic interpolation, its patch sampler and training loop, tiled
 * inference, benchmark evaluation (Set5/Set14, Y-channel PSNR/SSIM) and the shipped models' loader.
 */
export { buildSrNetwork, assertSrScale, SR_SCALES } from './buildSrNetwork';
export type { SrScale, SrNetworkOptions } from './buildSrNetwork';
// Moved to lib/image; still exported here because `tounum-lab/models/sr` is a public subpath.
export { resizeBicubic, rgbToYcbcr, ycbcrToRgb } from '../../image';
export type { ResizeBicubicOptions, YcbcrPlanes } from '../../image';
export { prepareSrPair, createSrPatchSampler } from './createSrPatchSampler';
export type { SrTrainingPair, SrBatch, SrPatchSampler, SrPatchSamplerOptions } from './createSrPatchSampler';
export { trainOnPatches } from './trainOnPatches';
export type { PatchBatch, PatchTrainingRecord, TrainOnPatchesOptions, PatchTrainingResult } from './trainOnPatches';
export { upscaleLuma } from './upscaleLuma';
export type { UpscaleLumaOptions, LumaPlane } from './upscaleLuma';
export { upscaleImage } from './upscaleImage';
export type { UpscaleImageOptions } from './upscaleImage';
export { listSrBenchmark, evaluateSuperResolution, upscaleBicubic, SR_BENCHMARK_NAMES } from './evaluateSuperResolution';
export type { SrBenchmarkPair, SrImageScore, SrEvaluation } from './evaluateSuperResolution';
export { saveSrModel, loadSrModel, defaultSrModelDir, shippedModelDir } from './srModel';
export type { SrModel, SrModelCard } from './srModel';
