/**
 * Restoration inference (notebook 04): runs a trained image-to-image generator over frames of any
 * size by overlapping tiles, with PAL 720×576 frames resampled to 768×576 square pixels.
 */
export { restoreFrame } from './restoreFrame';
export type { RestoreFrameOptions } from './restoreFrame';
export { predictTiled } from './predictTiled';
export type { PredictTiledOptions } from './predictTiled';
