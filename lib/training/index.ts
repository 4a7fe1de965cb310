/**
 * Training: the generic fit loop (early stopping, resumable checkpoints, history, class weights),
 * evaluation and classification metrics. Introduced by notebook 02 (classification).
 */
export { trainModel, sampleLoss } from './trainModel';
export { flushDenormalWeights, FLOAT32_MIN_NORMAL } from './flushDenormalWeights';
export type { TrainModelOptions, EarlyStoppingOptions, MonitoredMetric } from './trainModel';
export type { TrainBatch, BatchStream, EpochRecord, TrainingHistory } from './types';
export { computeClassWeights } from './computeClassWeights';
export { evaluateModel } from './evaluateModel';
export type { Evaluation } from './evaluateModel';
export { predictModel } from './predictModel';
export type { Predictions, PredictModelOptions } from './predictModel';
export { computeBinaryMetrics, computePrecisionRecallCurve, chooseThresholdByF1, chooseThresholdByBalancedAccuracy } from './computeBinaryMetrics';
export type { BinaryMetrics, PrecisionRecallCurve } from './computeBinaryMetrics';
export { hasCheckpoint } from './checkpoint';
export { buildHistoryFigures } from './buildHistoryFigures';
export { createArrayBatches } from './createArrayBatches';
export type { ArrayBatchesOptions } from './createArrayBatches';
export { trainPix2pixStep, createPix2pixOptimizers } from './trainPix2pixStep';
export type { Pix2pixBatch, Pix2pixOptimizers, Pix2pixOptimizerOptions, Pix2pixStepLosses, Pix2pixStepOptions } from './trainPix2pixStep';
export { trainPix2pix } from './trainPix2pix';
export type { TrainPix2pixOptions, TrainPix2pixResult, GanHistory, GanLogRecord, GanValidationRecord } from './trainPix2pix';
export { maskedSoftmaxCrossEntropy } from './maskedSoftmaxCrossEntropy';
