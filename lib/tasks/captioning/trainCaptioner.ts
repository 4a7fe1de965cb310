import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildCaptionDecoder, type CaptionDecoder, type CaptionDecoderConfig } from '../../networks/CaptionDecoder';
import { maskedSoftmaxCrossEntropy } from '../../training/maskedSoftmaxCrossEntropy';
import { encodeTensors } from '../../models/writeTensors';
import { CheckpointTransaction, readAdamScalars, recoverCheckpoint, restoreAdamScalars } from '../../training/checkpoint';
import { readTensors } from '../../models/readTensors';
import type { Flickr8kItem } from '../../datasets/readFlickr8kCaptions';
import { openCaptionFeatureCache } from './openCaptionFeatureCache';
import { sampleCaptionBatches, type CaptionBatch, type EncodedCaption } from './sampleCaptionBatches';
import { evaluateCaptioner } from './evaluateCaptioner';
import { tokenizeCaption } from './tokenizeCaption';
import { buildVocabulary } from './buildVocabulary';
import { encodeCaption } from './encodeCaption';
import type { Vocabulary } from './Vocabulary';
import type { CaptionerCard, CaptionerEpochRecord } from './CaptionerCard';
import { readCaptionDecoder } from './readCaptionDecoder';
import { crashArmed, crashPoint } from '../../io/crashPoint';

/** Options of {@link trainCaptioner}. */
export interface TrainCaptionerOptions {
  /** Architecture overrides (the vocabulary size comes from the data). @default CAPTION_DECODER_DEFAULTS */
  decoder?: Partial<Omit<CaptionDecoderConfig, 'vocabSize' | 'regions' | 'featureDim'>>;
  /** Passes over the training captions. @default 8 */
  numEpochs?: number;
  /** Captions per step. @default 64 */
  batchSize?: number;
  /** Adam learning rate of the first epoch. @default 1e-3 */
  lr?: number;
  /** Learning rate multiplier per epoch (lr · decay^epoch). @default 0.8 */
  lrDecay?: number;
  /** Gradient clipping by global norm. @default 5 */
  clipNorm?: number;
  /** Minimum count of a training word to enter the vocabulary. @default 5 */
  minCount?: number;
  /** Training captions are cut to this many words (p95 of Flickr8k is 18). @default 20 */
  maxLength?: number;
  /** Seed of initial weights, batch order and dropout. @default 0 */
  seed?: number;
  /** Use only the first N training images (smoke runs). @default all */
  trainImages?: number;
  /** Validation images scored by greedy BLEU-4 after each epoch. @default all */
  valImages?: number;
  /** Stop each epoch after N steps (smoke runs). @default all */
  maxStepsPerEpoch?: number;
  /** Folder of resumable checkpoints; a run with the same folder resumes where it stopped. @default undefined */
  checkpointDir?: string;
  /** Steps between checkpoints (one is also written after each epoch). @default 100 */
  checkpointEverySteps?: number;
  /** Called every `progressEverySteps` steps. */
  onProgress?: (p: { epoch: number; step: number; steps: number; loss: number; tokensPerSecond: number; rssMB: number }) => void;
  /** @default 20 */
  progressEverySteps?: number;
  /** Called after each epoch. */
  onEpoch?: (r: CaptionerEpochRecord) => void;
}

/** Result of {@link trainCaptioner}. */
export interface TrainCaptionerResult {
  /** The decoder of the best epoch (validation BLEU-4). */
  net: CaptionDecoder;
  vocab: Vocabulary;
  /** The card, without test metrics (`evaluateCaptioner` adds them) and with `command`/`backend` left to the caller. */
  card: CaptionerCard;
}

interface TrainState {
  format: 'tounum-captioner-checkpoint';
  epoch: number;
  step: number;
  lossSum: number;
  tokenSum: number;
  epochSeconds: number;
  seconds: number;
  history: CaptionerEpochRecord[];
  best: { epoch: number; bleu4: number };
  peakRssMB: number;
  /** Adam's running powers, restored exactly on resume (see `CheckpointState.optimizerScalars`). */
  optimizerScalars?: { accBeta1: number; accBeta2: number };
}

function rssMB(): number {
  return Math.max(process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024) / 2 ** 20;
}

/** Sets to 0 the weights (and Adam moments) below 1e-30 in magnitude: wasm has no flush-to-zero, and subnormal arithmetic is several times slower. */
function flushTiny(vars: readonly tf.Variable[]): void {
  tf.tidy(() => {
    for (const v of vars) v.assign(tf.where(tf.less(tf.abs(v), 1e-30), tf.zerosLike(v), v));
  });
}

function encodeSplit(items: readonly Flickr8kItem[], vocab: Vocabulary, rowOf: (id: string) => number, maxLength: number): EncodedCaption[] {
  const out: EncodedCaption[] = [];
  for (const it of items) {
    const row = rowOf(it.id);
    if (row < 0) throw new Error(`trainCaptioner: image ${it.id} is not in the feature cache`);
    for (const c of it.captions) out.push({ row, ids: encodeCaption(tokenizeCaption(c), vocab, { maxLength }) });
  }
  return out;
}

function batchTensors(batch: CaptionBatch, features: Float32Array, regions: number, featureDim: number): { f: tf.Tensor3D; x: tf.Tensor2D; y: tf.Tensor1D; m: tf.Tensor1D } {
  const b = batch.rows.length;
  return {
    f: tf.tensor3d(features, [b, regions, featureDim]),
    x: tf.tensor2d(batch.inputs, [b, batch.steps], 'int32'),
    y: tf.tensor1d(batch.targets, 'int32'),
    m: tf.tensor1d(batch.mask, 'float32'),
  };
}

/**
 * The captioning recipe: tokenises the training captions, builds the vocabulary from them only,
 * and trains a {@link CaptionDecoder} on cached encoder features with teacher forcing, Adam,
 * gradient clipping, dropout and length-bucketed batches. Features are streamed from the cache one
 * batch at a time, so memory does not grow with the data. After each epoch: teacher-forced
 * validation loss and greedy BLEU-4 on the validation images; the best epoch by BLEU-4 is kept.
 * With `checkpointDir`, the run writes a checkpoint every `checkpointEverySteps` steps and resumes
 * from it exactly (batch order and dropout masks derive from the seed, epoch and step).
 * @param train - training images with their captions (Flickr8k train split).
 * @param val - validation images (Flickr8k dev split).
 * @param featureDir - feature cache holding both (`cacheCaptionFeatures`).
 */
export async function trainCaptioner(train: readonly Flickr8kItem[], val: readonly Flickr8kItem[], featureDir: string, options: TrainCaptionerOptions = {}): Promise<TrainCaptionerResult> {
  const numEpochs = options.numEpochs ?? 8;
  const batchSize = options.batchSize ?? 64;
  const lr0 = options.lr ?? 1e-3;
  const lrDecay = options.lrDecay ?? 0.8;
  const clipNorm = options.clipNorm ?? 5;
  const minCount = options.minCount ?? 5;
  const maxLength = options.maxLength ?? 20;
  const seed = options.seed ?? 0;
  const every = options.checkpointEverySteps ?? 100;
  const progressEvery = options.progressEverySteps ?? 20;
  for (const [k, v] of Object.entries({ numEpochs, batchSize, minCount, maxLength, checkpointEverySteps: every, progressEverySteps: progressEvery })) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`trainCaptioner: options.${k} must be a positive integer, got ${String(v)}`);
  }
  if (!(lr0 > 0)) throw new RangeError(`trainCaptioner: options.lr must be > 0, got ${lr0}`);
  if (!(lrDecay > 0 && lrDecay <= 1)) throw new RangeError(`trainCaptioner: options.lrDecay must be in (0, 1], got ${lrDecay}`);
  if (!(clipNorm > 0)) throw new RangeError(`trainCaptioner: options.clipNorm must be > 0, got ${clipNorm}`);
  if (train.length === 0 || val.length === 0) throw new RangeError('trainCaptioner: train and val must be non-empty');
  const trainItems = train.slice(0, options.trainImages ?? train.length);
  const valItems = val.slice(0, options.valImages ?? val.length);

  const cache = openCaptionFeatureCache(featureDir);
  const { regions, featureDim } = cache.meta;
  const vocab = buildVocabulary(trainItems.flatMap((it) => it.captions.map(tokenizeCaption)), { minCount });
  const trainCaps = encodeSplit(trainItems, vocab, cache.rowOf, maxLength);
  const valCaps = encodeSplit(valItems, vocab, cache.rowOf, maxLength);
  const valBatches = sampleCaptionBatches(valCaps, { batchSize, shuffle: false });

  const dir = options.checkpointDir;
  let net: CaptionDecoder;
  const optimizer = tf.train.adam(lr0);
  let state: TrainState = { format: 'tounum-captioner-checkpoint', epoch: 0, step: 0, lossSum: 0, tokenSum: 0, epochSeconds: 0, seconds: 0, history: [], best: { epoch: -1, bleu4: -1 }, peakRssMB: 0 };
  const stateFile = dir === undefined ? undefined : path.join(dir, 'state.json');
  if (dir !== undefined) recoverCheckpoint(dir);
  if (stateFile !== undefined && fs.existsSync(stateFile)) {
    state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as TrainState;
    net = await readCaptionDecoder(dir as string, 'last');
    if (net.config.vocabSize !== vocab.words.length) throw new Error(`trainCaptioner: the checkpoint in ${dir} has a vocabulary of ${net.config.vocabSize} words, this data gives ${vocab.words.length}: use another checkpointDir`);
    const opt = await readTensors(path.join(dir as string, 'optimizer'));
    await optimizer.setWeights([...opt].map(([name, tensor]) => ({ name, tensor })));
    opt.forEach((t) => t.dispose());
    if (state.optimizerScalars !== undefined) restoreAdamScalars(optimizer, state.optimizerScalars);
  } else {
    net = buildCaptionDecoder({ ...options.decoder, vocabSize: vocab.words.length, regions, featureDim }, { seed });
  }
  const vars = [...net.weights.values()];

  const names = [...net.weights.keys()];
  /** Writes weights, Adam's slots, the state (and the best weights, when given) as one checkpoint. */
  const save = async (best: tf.Tensor[] | null = null): Promise<void> => {
    if (dir === undefined) return;
    const tx = new CheckpointTransaction(dir);
    const stageTensors = async (base: string, tensors: readonly { name: string; tensor: tf.Tensor }[]): Promise<void> => {
      const { index, data } = await encodeTensors(tensors);
      await tx.stage(`${base}.bin`, data);
      await tx.stage(`${base}.json`, index);
    };
    await tx.stage('decoder.json', `${JSON.stringify({ format: 'tounum-caption-decoder', version: 1, config: net.config }, null, 1)}\n`);
    await stageTensors('last', [...net.weights].map(([name, tensor]) => ({ name, tensor })));
    const ow = await optimizer.getWeights();
    await stageTensors('optimizer', ow);
    ow.forEach((w) => w.tensor instanceof tf.Variable || w.tensor.dispose());
    if (best !== null) await stageTensors('best', names.map((name, i) => ({ name, tensor: best[i] as tf.Tensor })));
    const scalars = readAdamScalars(optimizer);
    if (scalars !== undefined) state.optimizerScalars = scalars;
    await tx.stage('state.json', JSON.stringify(state));
    await tx.commit();
  };

  let bestWeights: tf.Tensor[] | null = null;
  if (dir !== undefined && state.best.epoch >= 0 && fs.existsSync(path.join(dir, 'best.json'))) {
    const t = await readTensors(path.join(dir, 'best'));
    bestWeights = names.map((k) => t.get(k) as tf.Tensor);
  }

  for (let epoch = state.epoch; epoch < numEpochs; epoch++) {
    const lr = lr0 * lrDecay ** epoch;
    (optimizer as unknown as { learningRate: number }).learningRate = lr;
    const batches = sampleCaptionBatches(trainCaps, { batchSize, seed, epoch });
    const steps = Math.min(batches.length, options.maxStepsPerEpoch ?? batches.length);
    let tWindow = Date.now();
    let tokWindow = 0;
    for (let step = state.step; step < steps; step++) {
      const t0 = Date.now();
      const batch = batches[step] as CaptionBatch;
      const { f, x, y, m } = batchTensors(batch, cache.read(batch.rows), regions, featureDim);
      const dropoutSeed = (seed * 7919 + epoch * 100003 + step * 13) >>> 0;
      const { value, grads } = tf.variableGrads(() => maskedSoftmaxCrossEntropy(net.forward(f, x, dropoutSeed).logits, y, m), vars);
      const clipped = tf.tidy(() => {
        const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
        const scale = tf.minimum(1, tf.div(clipNorm, tf.maximum(norm, 1e-12)));
        const out: Record<string, tf.Tensor> = {};
        for (const [k, g] of Object.entries(grads)) out[k] = tf.mul(g, scale);
        return out;
      });
      optimizer.applyGradients(Object.entries(clipped).map(([name, tensor]) => ({ name, tensor })));
      const loss = (await value.data())[0] as number;
      tf.dispose([value, f, x, y, m, ...Object.values(grads), ...Object.values(clipped)]);
      if (!Number.isFinite(loss)) throw new Error(`trainCaptioner: the loss became ${loss} at epoch ${epoch + 1}, step ${step + 1}; lower options.lr`);
      if ((step + 1) % 50 === 0) {
        const ow = await optimizer.getWeights();
        flushTiny([...vars, ...ow.map((w) => w.tensor).filter((t): t is tf.Variable => t instanceof tf.Variable)]);
        ow.forEach((w) => w.tensor instanceof tf.Variable || w.tensor.dispose());
      }
      const tokens = batch.mask.reduce((a, v) => a + v, 0);
      state.lossSum += loss * tokens;
      state.tokenSum += tokens;
      tokWindow += tokens;
      const dt = (Date.now() - t0) / 1000;
      state.epochSeconds += dt;
      state.seconds += dt;
      state.step = step + 1;
      if (crashArmed('training-step')) crashPoint('training-step');
      state.peakRssMB = Math.max(state.peakRssMB, rssMB());
      if ((step + 1) % progressEvery === 0 || step + 1 === steps) {
        options.onProgress?.({ epoch: epoch + 1, step: step + 1, steps, loss: state.lossSum / state.tokenSum, tokensPerSecond: tokWindow / Math.max(1e-3, (Date.now() - tWindow) / 1000), rssMB: state.peakRssMB });
        tWindow = Date.now();
        tokWindow = 0;
      }
      if ((step + 1) % every === 0 && step + 1 < steps) await save();
    }
    // Validation: teacher-forced loss, then greedy BLEU-4.
    let vSum = 0;
    let vTok = 0;
    for (const batch of valBatches) {
      const { f, x, y, m } = batchTensors(batch, cache.read(batch.rows), regions, featureDim);
      const l = tf.tidy(() => maskedSoftmaxCrossEntropy(net.forward(f, x, null).logits, y, m));
      const tokens = batch.mask.reduce((a, v) => a + v, 0);
      vSum += ((await l.data())[0] as number) * tokens;
      vTok += tokens;
      tf.dispose([l, f, x, y, m]);
    }
    const ev = await evaluateCaptioner(net, vocab, valItems, cache, { beam: 1, maxLength });
    const record: CaptionerEpochRecord = {
      epoch: epoch + 1,
      loss: state.lossSum / Math.max(1, state.tokenSum),
      valLoss: vSum / Math.max(1, vTok),
      valBleu4: ev.bleu[3] as number,
      lr,
      seconds: state.epochSeconds,
      tokensPerSecond: state.tokenSum / Math.max(1e-3, state.epochSeconds),
    };
    state.history.push(record);
    let improved = false;
    if (record.valBleu4 > state.best.bleu4) {
      state.best = { epoch: epoch + 1, bleu4: record.valBleu4 };
      bestWeights?.forEach((t) => t.dispose());
      bestWeights = vars.map((v) => v.clone());
      improved = true;
    }
    options.onEpoch?.(record);
    state = { ...state, epoch: epoch + 1, step: 0, lossSum: 0, tokenSum: 0, epochSeconds: 0 };
    await save(improved ? bestWeights : null);
  }
  cache.close();
  optimizer.dispose();
  if (bestWeights !== null) {
    vars.forEach((v, i) => v.assign((bestWeights as tf.Tensor[])[i] as tf.Tensor));
    bestWeights.forEach((t) => t.dispose());
  }
  const card: CaptionerCard = {
    task: 'captioning',
    created: new Date().toISOString(),
    data: {
      dataset: 'flickr8k',
      licence: 'research / non-commercial (Hodosh, Young & Hockenmaier 2013)',
      splits: { train: trainItems.length, dev: valItems.length, test: 1000 },
      captionsPerImage: 5,
      note: 'images are 224×224 copies squashed from the originals; vocabulary from the training split only',
    },
    encoder: { id: cache.meta.encoder, layer: cache.meta.encoder === 'mobilenetv2-100-224' ? 'Conv_1' : 'out_relu', regions, featureDim, frozen: true },
    vocabulary: { minCount, size: vocab.words.length, maxLength },
    architecture: { ...net.config, params: net.countParams() },
    seed,
    training: { epochs: state.history.length, batchSize, lr: lr0, lrDecay, clipNorm, bestEpoch: state.best.epoch, selection: 'epoch with the highest greedy BLEU-4 on the validation (dev) split', seconds: state.seconds, peakRssMB: state.peakRssMB, history: state.history },
    inference: { beam: 5, maxLength, lengthPenalty: 0.7 },
    storage: { weights: 'float16' },
    metrics: {},
    backend: tf.getBackend(),
    command: '',
    versions: { tfjs: tf.version.tfjs },
  };
  return { net, vocab, card };
}
