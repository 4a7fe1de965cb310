/**
 * Photo-vs-other classifiers (notebook 02, issue 6): a CNN from scratch and MobileNetV2 transfer
 * learning, their training recipes, evaluation per source and the shipped model's loader.
 */
export { buildScratchCnn } from './buildScratchCnn';
export type { ScratchCnnOptions } from './buildScratchCnn';
export { buildTransferHead } from './buildTransferHead';
export type { TransferHeadOptions } from './buildTransferHead';
export { loadMobileNetEncoder, MOBILENET_ENCODER_ID } from './loadMobileNetEncoder';
export type { MobileNetEncoder } from './loadMobileNetEncoder';
export { extractFeatures } from './extractFeatures';
export type { ExtractFeaturesOptions } from './extractFeatures';
export { trainTransferClassifier } from './trainTransferClassifier';
export type { TrainTransferClassifierOptions, TransferClassifierResult } from './trainTransferClassifier';
export { trainScratchClassifier } from './trainScratchClassifier';
export type { TrainScratchClassifierOptions, ScratchClassifierResult } from './trainScratchClassifier';
export { evaluateBySource } from './evaluateBySource';
export type { SourceAccuracy, PhotoEvaluation } from './evaluateBySource';
export { loadPhotoClassifier, savePhotoClassifier, defaultPhotoClassifierDir } from './photoClassifier';
export type { PhotoClassifier, LoadPhotoClassifierOptions } from './photoClassifier';
export type { PhotoClassifierCard, ScratchClassifierCard, ScratchTrainingStage } from './PhotoClassifierCard';
export { fileSystemLoader, fileSystemSaver, loadLayersModelFromDisk, saveLayersModelToDisk } from '../io';
