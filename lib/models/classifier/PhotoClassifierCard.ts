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
