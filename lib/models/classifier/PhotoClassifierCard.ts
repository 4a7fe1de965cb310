import type { PhotoSourceCount } from '../../datasets/buildPhotoDataset';
import type { BinaryMetrics } from '../../training/computeBinaryMetrics';
import type { EpochRecord } from '../../training/types';
import type { SourceAccuracy } from './evaluateBySource';

/** The model card stored as `card.json` beside the head weights in `models/photo-classifier/`. */
export interface PhotoClassifierCard {
  name: string;
  task: string;
  /** Output: P(photo); label 1 = photo. */
  labels: { 0: string; 1: string };
  architecture: {
    encoder: { registryId: string; input: string; frozen: boolean; featureDim: number };
    head: string;
    parameters: number;
  };
  data: {
    sources: string[];
    counts: PhotoSourceCount[];
    splitSeed: number;
    fractions: readonly [number, number, number];
  };
  training: {
    numEpochs: number;
    bestEpoch: number;
    stoppedEarly: boolean;
    batchSize: number;
    lr: number;
    optimizer: string;
    loss: string;
    classWeights: number[];
    regularisation: string;
    augmentation: string;
    backend: string;
    seconds: number;
    featureSeconds?: number;
    command: string;
    date: string;
    tfjs: string;
    history: EpochRecord[];
  };
  /** Operating point: chosen on the validation split. */
  threshold: { value: number; chosenBy: string };
  metrics: {
    test: BinaryMetrics;
    testAtHalf: BinaryMetrics;
    val: BinaryMetrics;
    perSourceTest: SourceAccuracy[];
    averagePrecisionTest: number;
  };
  limitations: string[];
}

/** One run of `scripts/train/classifier-scratch.js` recorded in {@link ScratchClassifierCard}. */
export interface ScratchTrainingStage {
  /** The exact command of this stage. */
  command: string;
  /** Epochs run in this stage. */
  epochs: number;
  /** `--epochs`: the stage's maximum. */
  maxEpochs: number;
  lr: number;
  /** Early-stopping patience on the validation loss (absent in a weight-averaging stage, which runs every epoch). */
  patience?: number;
  /** Stochastic weight averaging: the stage's model is the mean of the weights at the end of its epochs `averageFrom`..`epochs` (1-based, within the stage). */
  averageFrom?: number;
  /** Validation metrics of those mean weights (`TrainingHistory.average`). */
  average?: { fromEpoch: number; epochs: number; valLoss?: number; valAccuracy?: number; valBalancedAccuracy?: number };
  seconds: number;
  /** Best single epoch so far, counted over all stages (a weight-averaging stage ends with the mean instead). */
  bestEpoch: number;
}

/** The model card of the CNN from scratch, `models/photo-classifier/scratch-cnn/card.json`. */
export interface ScratchClassifierCard {
  name: string;
  task: string;
  architecture: {
    /** e.g. "96×96 RGB in [0, 1], area resize". */
    input: string;
    layers: string;
    parameters: number;
    /** What `buildScratchCnn` was called with. */
    options: { inputSize: number; filters: number[]; denseUnits: number };
  };
  data: PhotoClassifierCard['data'];
  training: Omit<PhotoClassifierCard['training'], 'regularisation' | 'featureSeconds'> & {
    /** The stages in order, each continuing from the previous one's weights. */
    stages: ScratchTrainingStage[];
    resumedFromEpoch: number;
    /** What was done to the weights after training, if anything (e.g. subnormals flushed). */
    postprocessing?: string;
    /** Commands that retrain it from nothing, stage after stage. */
    reproduce?: string;
  };
  /** How scores are computed (absent: one pass on the image). */
  inference?: {
    /** P(photo) is the mean over the image and its left–right mirror (`predictModel({ flipAverage: true })`). */
    testTimeFlip: boolean;
  };
  /** How the shipped weights were chosen among candidates, when there were several. */
  selection?: {
    /** The rule, written down before the candidates were trained or scored. */
    protocol: string;
    /** Each candidate's validation cross-entropy and balanced accuracy (threshold by Youden's J on validation). */
    validation: { candidate: string; valCrossEntropy: number; valBalancedAccuracy: number; /** Prints the row (validation split only). */ command?: string }[];
    /** Test figures of the model that was shipped before (the test split had been seen for it). */
    previousTest: { balancedAccuracy: number; threshold: number };
  };
  threshold: PhotoClassifierCard['threshold'];
  metrics: PhotoClassifierCard['metrics'] & { testAtF1Threshold: PhotoClassifierCard['metrics']['test'] };
}
