import type * as tf from '@tensorflow/tfjs';
import type { PhotoDataset, PhotoItem } from '../../datasets/buildPhotoDataset';
import type { AugmentImageOptions } from '../../datasets/augmentImage';
import { chooseThresholdByBalancedAccuracy, chooseThresholdByF1 } from '../../training/computeBinaryMetrics';
import { computeClassWeights } from '../../training/computeClassWeights';
import { createArrayBatches } from '../../training/createArrayBatches';
import { predictModel } from '../../training/predictModel';
import { trainModel, type EarlyStoppingOptions } from '../../training/trainModel';
import type { EpochRecord, TrainingHistory } from '../../training/types';
import { buildTransferHead, type TransferHeadOptions } from './buildTransferHead';
import { extractFeatures } from './extractFeatures';
import { loadMobileNetEncoder, type MobileNetEncoder } from './loadMobileNetEncoder';

/** Options of {@link trainTransferClassifier}. */
export interface TrainTransferClassifierOptions {
  /** A loaded encoder (kept); otherwise one is loaded and disposed. */
  encoder?: MobileNetEncoder;
  /** Maximum epochs of head training. @default 60 */
  numEpochs?: number;
  /** @default 32 */
  batchSize?: number;
  /** Adam learning rate. @default 1e-3 */
  lr?: number;
  /** Augmented feature views per training image besides the plain one (0 = no augmentation). @default 2 */
  augmentViews?: number;
  /** Augmentation of those views. @default augmentImage defaults */
  augment?: AugmentImageOptions;
  /** Seed of shuffles, views and initialisation. @default 0 */
  seed?: number;
  /** Head architecture. @default buildTransferHead defaults */
  head?: TransferHeadOptions;
  /** Balance the loss with `computeClassWeights`. @default true */
  classWeights?: boolean;
  /** Early stopping on validation loss. @default { patience: 8 } */
  earlyStopping?: EarlyStoppingOptions | false;
  /** Feature cache folder (see extractFeatures). @default undefined */
  cacheDir?: string;
  /**
   * How the decision threshold is chosen on validation: `balancedAccuracy` = Youden's J (the target
   * metric of issue 6), `f1` = best F1.
   * @default 'balancedAccuracy'
   */
  thresholdRule?: 'balancedAccuracy' | 'f1';
  /** Checkpoint folder for resumable training. @default undefined */
  checkpointDir?: string;
  /** Continue from the checkpoint. @default true */
  resume?: boolean;
  /** Logger; `false` for silence. @default console.log */
  log?: ((message: string) => void) | false;
  /** Called after every epoch (live plots). */
  onEpochEnd?: (record: EpochRecord, history: TrainingHistory) => void | Promise<void>;
}

/** What {@link trainTransferClassifier} returns. The caller owns (and disposes) `head`. */
export interface TransferClassifierResult {
  head: tf.Sequential;
  history: TrainingHistory;
  classWeights: number[];
  /** Threshold chosen on the validation split (see `thresholdRule`). */
  threshold: number;
  valScores: Float32Array;
  testScores: Float32Array;
  /** Seconds spent encoding (0 when every feature came from the cache). */
  featureSeconds: number;
}

/**
 * Transfer learning for photo-vs-other: the frozen MobileNetV2 encoder turns each image into a
 * 1280-d vector once (cached), then a small head ({@link buildTransferHead}) is trained on those
 * vectors with `trainModel` — class-weighted binary cross-entropy, Adam, dropout + L2, early
 * stopping on validation loss; augmentation enters as extra pre-computed views of the training
 * images. The decision threshold is then chosen on validation (`thresholdRule`) and test scores returned.
 * @param dataset - from `buildPhotoDataset`.
 */
export async function trainTransferClassifier(dataset: PhotoDataset, options: TrainTransferClassifierOptions = {}): Promise<TransferClassifierResult> {
  const augmentViews = options.augmentViews ?? 2;
  if (!Number.isInteger(augmentViews) || augmentViews < 0) throw new RangeError(`trainTransferClassifier: options.augmentViews must be an integer ≥ 0, got ${augmentViews}`);
  const seed = options.seed ?? 0;
  const log = options.log === false ? () => undefined : options.log ?? ((m: string) => console.log(m));
  const encoder = options.encoder ?? (await loadMobileNetEncoder());
  const featureOptions = { ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}), seed, ...(options.augment ? { augment: options.augment } : {}) };
  const t0 = Date.now();
  let encoded = 0;
  const encode = async (items: readonly PhotoItem[], view: number, what: string): Promise<Float32Array> => {
    const f = await extractFeatures(encoder, items.map((it) => it.file), {
      ...featureOptions,
      view,
      onProgress: (d, n) => {
        if (d === n || d % 256 < 16) log(`[features] ${what}: ${d}/${n}`);
      },
    });
    encoded += items.length;
    return f;
  };
  let trainViews: Float32Array[];
  let valX: Float32Array;
  let testX: Float32Array;
  try {
    trainViews = [await encode(dataset.train, 0, 'train')];
    for (let v = 1; v <= augmentViews; v++) trainViews.push(await encode(dataset.train, v, `train view ${v}`));
    valX = await encode(dataset.val, 0, 'val');
    testX = await encode(dataset.test, 0, 'test');
  } finally {
    if (!options.encoder) encoder.dispose();
  }
  const featureSeconds = (Date.now() - t0) / 1000;
  log(`[features] ${encoded} vectors in ${featureSeconds.toFixed(1)} s`);

  const labels = (items: readonly PhotoItem[]): number[] => items.map((it) => it.label);
  const batchSize = options.batchSize ?? 32;
  const dim = encoder.featureDim;
  const classWeights = options.classWeights === false ? [1, 1] : computeClassWeights(labels(dataset.train), 2);
  const head = buildTransferHead({ inputDim: dim, seed, ...options.head });
  const valStream = createArrayBatches(valX, labels(dataset.val), [dim], { batchSize: 256 });
  const history = await trainModel(head, createArrayBatches(trainViews, labels(dataset.train), [dim], { batchSize, shuffle: true, seed }), {
    seed,
    numEpochs: options.numEpochs ?? 60,
    lr: options.lr ?? 1e-3,
    classWeights,
    valData: valStream,
    earlyStopping: options.earlyStopping ?? { patience: 8 },
    ...(options.checkpointDir !== undefined ? { checkpointDir: options.checkpointDir } : {}),
    ...(options.resume !== undefined ? { resume: options.resume } : {}),
    ...(options.onEpochEnd ? { onEpochEnd: options.onEpochEnd } : {}),
    log: options.log ?? ((m: string) => console.log(m)),
  });
  const valScores = (await predictModel(head, valStream(0))).scores;
  const testScores = (await predictModel(head, createArrayBatches(testX, labels(dataset.test), [dim], { batchSize: 256 })(0))).scores;
  const threshold = (options.thresholdRule === 'f1' ? chooseThresholdByF1 : chooseThresholdByBalancedAccuracy)(valScores, labels(dataset.val)).threshold;
  return { head, history, classWeights, threshold, valScores, testScores, featureSeconds };
}
