/**
 * VHS restoration with pix2pix (notebook 04, issue 5): on-the-fly training pairs from clean photos
 * through the PAL VHS simulator, the shipped generator's loader, and — re-exported here for one
 * import — the pix2pix networks (`models/gan`), training step and loop (`training/`) and tiled
 * inference (`restore/`).
 */
export { createVhsPairSampler, pairsToBatch } from './createVhsPairSampler';
export type { VhsPair, VhsPairSampler, VhsPairSamplerOptions } from './createVhsPairSampler';
export { saveVhsModel, loadVhsModel, defaultVhsModelDir } from './vhsModel';
export type { VhsModel, VhsModelCard } from './vhsModel';
export { buildPix2pixGenerator, buildPatchGan, generatorSizeMultiple, PATCHGAN_RECEPTIVE_FIELD } from '../gan';
export type { Pix2pixGeneratorOptions, PatchGanOptions } from '../gan';
export { trainPix2pixStep, createPix2pixOptimizers } from '../../training/trainPix2pixStep';
export type { Pix2pixBatch, Pix2pixOptimizers, Pix2pixOptimizerOptions, Pix2pixStepLosses, Pix2pixStepOptions } from '../../training/trainPix2pixStep';
export { trainPix2pix } from '../../training/trainPix2pix';
export type { TrainPix2pixOptions, TrainPix2pixResult, GanHistory, GanLogRecord, GanValidationRecord } from '../../training/trainPix2pix';
export { restoreFrame } from '../../restore';
export type { RestoreFrameOptions } from '../../restore';
