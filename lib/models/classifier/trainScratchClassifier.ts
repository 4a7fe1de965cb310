import type * as tf from '@tensorflow/tfjs';
import type { AugmentImageOptions } from '../../datasets/augmentImage';
import type { PhotoDataset, PhotoItem } from '../../datasets/buildPhotoDataset';
import { createPhotoBatches } from '../../datasets/createPhotoBatches';
import { chooseThresholdByBalancedAccuracy, chooseThresholdByF1 } from '../../training/computeBinaryMetrics';
import { computeClassWeights } from '../../training/computeClassWeights';
import { predictModel } from '../../training/predictModel';
import { trainModel, type EarlyStoppingOptions } from '../../training/trainModel';
import type { BatchStream, EpochRecord, TrainingHistory } from '../../training/types';
import { buildScratchCnn, type ScratchCnnOptions } from './buildScratchCnn';

/** Options of {@link trainScratchClassifier}. */
export interface TrainScratchClassifierOptions {
  /** Network; `inputSize` also sets the image size read from disk. @default buildScratchCnn defaults (96×96) */
  cnn?: ScratchCnnOptions;
  /** A network to train instead of building one (e.g. shipped weights to fine-tune). */
  net?: tf.LayersModel;
  /** @default 30 */
  numEpochs?: number;
  /** @default 32 */
  batchSize?: number;
  /** Adam learning rate. @default 2e-3 */
  lr?: number;
  /** Training-time augmentation (never applied to validation or test); `false` disables. @default true */
  augment?: boolean | AugmentImageOptions;
  /** Balance the loss with `computeClassWeights`. @default true */
  classWeights?: boolean;
  /** @default { patience: 5 } (false when `weightAveraging` is set) */
  earlyStopping?: EarlyStoppingOptions | false;
  /** Stochastic weight averaging over the epochs from `fromEpoch` on (see `trainModel`); the run ends with the mean weights. @default false */
  weightAveraging?: { fromEpoch?: number } | false;
  /** Seed of shuffles, augmentation and initialisation. @default 0 */
  seed?: number;
  /** Disk cache of the resized images (see loadSquareImage). @default undefined */
  cacheDir?: string;
  /**
   * Score validation and test images as the mean of P(photo) for the image and its mirror (`predictModel`'s
   * `flipAverage`); the threshold is then chosen on those validation scores. Validation during training is unchanged.
   * @default false
   */
  testTimeFlip?: boolean;
  /** Threshold choice on validation: Youden's J (`balancedAccuracy`) or best F1. @default 'balancedAccuracy' */
  thresholdRule?: 'balancedAccuracy' | 'f1';
  checkpointDir?: string;
  /** @default true */
  resume?: boolean;
  log?: ((message: string) => void) | false;
  onEpochEnd?: (record: EpochRecord, history: TrainingHistory) => void | Promise<void>;
}

/** What {@link trainScratchClassifier} returns; the caller owns `net`. */
export interface ScratchClassifierResult {
  net: tf.LayersModel;
  history: TrainingHistory;
  classWeights: number[];
  /** Threshold chosen on validation (see `thresholdRule`). */
  threshold: number;
  valScores: Float32Array;
  testScores: Float32Array;
}

/**
 * Trains the CNN from scratch ({@link buildScratchCnn}) on the photo-vs-other data, streaming
 * batches from disk with `createPhotoBatches` (augmented and reshuffled per epoch for training,
 * plain for validation / test), with the project loop `trainModel`: class-weighted binary
 * cross-entropy, Adam, dropout + L2, early stopping on validation loss, resumable checkpoints.
 * @param dataset - from `buildPhotoDataset`.
 */
export async function trainScratchClassifier(dataset: PhotoDataset, options: TrainScratchClassifierOptions = {}): Promise<ScratchClassifierResult> {
  const seed = options.seed ?? 0;
  const net = options.net ?? buildScratchCnn({ seed, ...options.cnn });
  const inputShape = net.inputs[0]?.shape ?? [];
  const size = inputShape[1] as number;
  if (!Number.isInteger(size) || inputShape[3] !== 3) throw new RangeError(`trainScratchClassifier: net must take [n, s, s, 3] images, got ${JSON.stringify(inputShape)}`);
  const batchSize = options.batchSize ?? 32;
  const cache = options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {};
  const stream = (items: readonly PhotoItem[], train: boolean): BatchStream => (epoch) =>
    createPhotoBatches(items, { size, batchSize: train ? batchSize : 64, shuffle: train, augment: train ? options.augment ?? true : false, seed: seed + 1000 * epoch, ...cache });
  const classWeights = options.classWeights === false ? [1, 1] : computeClassWeights(dataset.train.map((it) => it.label), 2);
  const history = await trainModel(net, stream(dataset.train, true), {
    seed,
    numEpochs: options.numEpochs ?? 30,
    lr: options.lr ?? 2e-3,
    classWeights,
    valData: stream(dataset.val, false),
    earlyStopping: options.earlyStopping ?? (options.weightAveraging ? false : { patience: 5 }),
    ...(options.weightAveraging ? { weightAveraging: options.weightAveraging } : {}),
    ...(options.checkpointDir !== undefined ? { checkpointDir: options.checkpointDir } : {}),
    ...(options.resume !== undefined ? { resume: options.resume } : {}),
    ...(options.onEpochEnd ? { onEpochEnd: options.onEpochEnd } : {}),
    log: options.log ?? ((m: string) => console.log(m)),
  });
  const flip = { flipAverage: options.testTimeFlip ?? false };
  const valScores = (await predictModel(net, stream(dataset.val, false)(0), flip)).scores;
  const testScores = (await predictModel(net, stream(dataset.test, false)(0), flip)).scores;
  const threshold = (options.thresholdRule === 'f1' ? chooseThresholdByF1 : chooseThresholdByBalancedAccuracy)(valScores, dataset.val.map((it) => it.label)).threshold;
  return { net, history, classWeights, threshold, valScores, testScores };
}
