/**
 * VHS restoration along the signal chain (issue 19): each stage undoes one damage, in the reverse
 * order of the recording; plus the fixed test split and its evaluation.
 */
export { sampleVhsTestFrames, VHS_TEST_PHOTOS, VHS_TUNING_PHOTOS } from './sampleVhsTestFrames';
export type { SampleVhsTestFramesOptions, VhsTestFrame, VhsDegradedFrame, VhsFrameTruth } from './sampleVhsTestFrames';
export { evaluateVhsRestoration, summariseVhsEvaluation } from './evaluateVhsRestoration';
export type { EvaluateVhsRestorationOptions, VhsEvaluation, VhsEvaluationRow, VhsEvaluationSummary, VhsRestoreFunction } from './evaluateVhsRestoration';
export { restoreVhsClassical } from './restoreVhsClassical';
export type { RestoreVhsClassicalOptions } from './restoreVhsClassical';
export { computeTrueLineShifts } from './computeTrueLineShifts';
export type { TrueLineShifts } from './computeTrueLineShifts';
export { extractLineWindows } from './extractLineWindows';
export type { ExtractLineWindowsOptions } from './extractLineWindows';
export { sampleLineShiftExamples } from './sampleLineShiftExamples';
export type { SampleLineShiftExamplesOptions, LineShiftExamples } from './sampleLineShiftExamples';
export { trainLineShiftEstimator } from './trainLineShiftEstimator';
export type { TrainLineShiftEstimatorOptions, LineShiftCard, LineShiftTrainingRecord } from './trainLineShiftEstimator';
export { predictLineShifts } from './predictLineShifts';
export type { PredictLineShiftsOptions } from './predictLineShifts';
export { splitFields } from './splitFields';
export type { VhsFields } from './splitFields';
export { mergeFields } from './mergeFields';
export { classifyFrameGeometry, VHS_PAL_SIZE, VHS_SQUARE_SIZE, VHS_PIXEL_ASPECT } from './rasterGeometry';
export type { VhsFrameGeometry } from './rasterGeometry';
export { restoreAtRasterSize } from './restoreAtRasterSize';
export type { RestoreAtRasterSizeOptions, RestoreAtRasterSizeResult } from './restoreAtRasterSize';
export { estimateLineShifts } from './estimateLineShifts';
export type { EstimateLineShiftsOptions } from './estimateLineShifts';
export { realignLines } from './realignLines';
export type { RealignLinesOptions } from './realignLines';
export { estimateChromaDelay } from './estimateChromaDelay';
export type { EstimateChromaDelayOptions } from './estimateChromaDelay';
export { correctChromaDelay } from './correctChromaDelay';
export { sampleVhsRestorationPairs } from './sampleVhsRestorationPairs';
export type { SampleVhsRestorationPairsOptions, VhsRestorationPairs, VhsChainFunction } from './sampleVhsRestorationPairs';
export { applyVhsResidualNet, rgbToYcbcrData } from './applyVhsResidualNet';
export { trainVhsRestoration } from './trainVhsRestoration';
export type { TrainVhsRestorationOptions, VhsResidualCard } from './trainVhsRestoration';
