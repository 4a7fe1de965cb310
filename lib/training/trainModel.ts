import * as tf from '@tensorflow/tfjs';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { evaluateModel } from './evaluateModel';
import { flushDenormalWeights } from './flushDenormalWeights';
import type { BatchStream, EpochRecord, TrainingHistory } from './types';
import { withSeededMathRandom } from '../random';
import { finiteNumber } from '../validate';
import { crashArmed, crashPoint } from '../io/crashPoint';

/** The monitored quantity of early stopping and best-weight selection. */
export type MonitoredMetric = 'valLoss' | 'valAccuracy' | 'valBalancedAccuracy';

/** Early stopping (Prechelt 1998, "Early stopping — but when?"; Keras `EarlyStopping`). */
export interface EarlyStoppingOptions {
  /** Quantity watched. @default 'valLoss' */
  monitor?: MonitoredMetric;
  /** Epochs without improvement before stopping. @default 5 */
  patience?: number;
  /** Smallest change that counts as an improvement. @default 0 */
  minDelta?: number;
  /** At the end, put back the weights of the best epoch. @default true */
  restoreBest?: boolean;
}

/** Options of {@link trainModel}. */
export interface TrainModelOptions {
  /** Epochs to run (a resumed run counts those already done). @default 10 */
  numEpochs?: number;
  /**
   * Seed of the random draws inside each step (dropout masks of layers without a seed): batch b of
   * epoch e draws them from `[seed, e, b]` ({@link withSeededMathRandom}), so a resumed run repeats
   * them. @default 0
   */
  seed?: number;
  /** Optimizer; its state is checkpointed. @default tf.train.adam(lr) */
  optimizer?: tf.Optimizer;
  /** Learning rate of the default Adam optimizer. @default 1e-3 */
  lr?: number;
  /**
   * Loss: binary cross-entropy for a sigmoid output `[n, 1]`, categorical cross-entropy for a
   * softmax output `[n, k]`. Regularisation losses of the layers (L2 kernels) are added.
   * @default 'binaryCrossentropy'
   */
  loss?: 'binaryCrossentropy' | 'categoricalCrossentropy';
  /** Weight of each class in the loss (index = class), e.g. from `computeClassWeights`. @default all 1 */
  classWeights?: readonly number[];
  /** Validation batches, evaluated after each epoch in inference mode. @default none */
  valData?: BatchStream;
  /** Early stopping; `false` runs every epoch (best weights are still tracked when valData is set). @default false */
  earlyStopping?: EarlyStoppingOptions | false;
  /**
   * Folder for resumable checkpoints (weights, optimizer slots, history, best weights), written
   * every `checkpointEvery` epochs and at the end. When it already holds a checkpoint of the same
   * architecture and `resume` is true, training continues from it.
   * @default undefined (no checkpoints)
   */
  checkpointDir?: string;
  /** Epochs between checkpoints. @default 1 */
  checkpointEvery?: number;
  /** Continue from `checkpointDir` when it holds a checkpoint. @default true */
  resume?: boolean;
  /** Called after every epoch (live plots, logging). May be async. */
  onEpochEnd?: (record: EpochRecord, history: TrainingHistory) => void | Promise<void>;
  /** Called after every batch with the batch loss. */
  onBatchEnd?: (batch: number, loss: number) => void;
  /** Log one line per epoch; `false` for silence. @default console.log */
  log?: ((message: string) => void) | false;
  /**
   * After every update, set subnormal weights (|w| < 2⁻¹²⁶) to 0 — see `flushDenormalWeights`: without
   * it, long runs with L2 slow down several-fold on the wasm backend.
   * @default true
   */
  flushDenormals?: boolean;
  /**
   * Stochastic weight averaging (Izmailov et al. 2018, "Averaging weights leads to wider optima and
   * better generalization"): keep the running mean of the weights at the end of every epoch from
   * `fromEpoch` (1-based) on, and finish with that mean instead of the last or best weights; the
   * mean is then evaluated on `valData` into `history.average`. Meant for a fixed-length run at a
   * constant learning rate that starts from trained weights, so it excludes `earlyStopping`.
   * Only valid for networks without batch normalisation (their statistics would need a new pass).
   * @default false
   */
  weightAveraging?: { fromEpoch?: number } | false;
}

/**
 * The project's training loop for tf.layers models: mini-batch gradient descent over a
 * {@link BatchStream}, class-weighted cross-entropy plus the layers' regularisation losses,
 * validation after each epoch, early stopping with best-weight restore, resumable checkpoints
 * and a history of every epoch. Dropout and batch-norm run in training mode during the update
 * (`net.apply(xs, { training: true })`), in inference mode for validation.
 * Follows Keras `Model.fit` semantics (class weights scale each sample's loss; the mean is over the batch).
 * Leak-free: every batch and intermediate tensor is disposed.
 * @param net - the model to train (its weights are updated in place).
 * @param trainData - training batches per epoch.
 * @returns the history (also in `checkpointDir/state.json`).
 * @throws RangeError for bad options; Error when a checkpoint does not match the architecture.
 */
export async function trainModel(net: tf.LayersModel, trainData: BatchStream, options: TrainModelOptions = {}): Promise<TrainingHistory> {
  if (net === null || typeof net !== 'object' || typeof (net as tf.LayersModel).apply !== 'function') throw new TypeError('trainModel: net must be a tf.LayersModel');
  if (typeof trainData !== 'function') throw new TypeError('trainModel: trainData must be a function epoch → batches');
  const numEpochs = options.numEpochs ?? 10;
  if (!Number.isInteger(numEpochs) || numEpochs < 0) throw new RangeError(`trainModel: options.numEpochs must be an integer ≥ 0, got ${numEpochs}`);
  const seed = finiteNumber('trainModel', 'options.seed', options.seed ?? 0);
  const lr = options.lr ?? 1e-3;
  if (!(lr > 0)) throw new RangeError(`trainModel: options.lr must be > 0, got ${lr}`);
  const lossKind = options.loss ?? 'binaryCrossentropy';
  if (lossKind !== 'binaryCrossentropy' && lossKind !== 'categoricalCrossentropy') throw new RangeError(`trainModel: options.loss must be 'binaryCrossentropy' or 'categoricalCrossentropy', got ${String(lossKind)}`);
  const classWeights = options.classWeights;
  if (classWeights !== undefined && (!Array.isArray(classWeights) || classWeights.some((w) => !(w >= 0)))) {
    throw new RangeError(`trainModel: options.classWeights must be an array of weights ≥ 0, got ${JSON.stringify(classWeights)}`);
  }
  const es = options.earlyStopping === false || options.earlyStopping === undefined ? null : options.earlyStopping;
  const monitor: MonitoredMetric = es?.monitor ?? 'valLoss';
  const patience = es?.patience ?? 5;
  const minDelta = es?.minDelta ?? 0;
  if (es && (!Number.isInteger(patience) || patience < 0)) throw new RangeError(`trainModel: earlyStopping.patience must be an integer ≥ 0, got ${patience}`);
  if (es && !options.valData) throw new RangeError('trainModel: earlyStopping needs options.valData');
  const restoreBest = es ? es.restoreBest ?? true : false;
  const checkpointEvery = options.checkpointEvery ?? 1;
  if (!Number.isInteger(checkpointEvery) || checkpointEvery < 1) throw new RangeError(`trainModel: options.checkpointEvery must be an integer ≥ 1, got ${checkpointEvery}`);
  const averageFrom = options.weightAveraging ? options.weightAveraging.fromEpoch ?? 1 : 0;
  if (options.weightAveraging && (!Number.isInteger(averageFrom) || averageFrom < 1 || averageFrom > numEpochs)) {
    throw new RangeError(`trainModel: weightAveraging.fromEpoch must be an integer in [1, numEpochs = ${numEpochs}], got ${averageFrom}`);
  }
  if (options.weightAveraging && es) throw new RangeError('trainModel: weightAveraging runs a fixed number of epochs; set earlyStopping to false');
  const log = options.log === false ? () => undefined : options.log ?? ((m: string) => console.log(m));
  const optimizer = options.optimizer ?? tf.train.adam(lr);
  const flushDenormals = options.flushDenormals ?? true;
  const sign = monitor === 'valLoss' ? -1 : 1; // +1: larger is better

  let history: TrainingHistory = { epochs: [], bestEpoch: 0, stoppedEarly: false, resumedFromEpoch: 0, seconds: 0 };
  let best = { value: -Infinity, epoch: 0, wait: 0 };
  let bestWeights: tf.Tensor[] | null = null;
  let average: { weights: tf.Tensor[]; count: number } | null = null;
  let startEpoch = 0;
  if (options.checkpointDir && (options.resume ?? true) && hasCheckpoint(options.checkpointDir)) {
    const restored = await loadCheckpoint(options.checkpointDir, net, optimizer);
    history = { ...restored.state.history, resumedFromEpoch: restored.state.epochsDone };
    best = restored.state.best;
    bestWeights = restored.bestWeights;
    if (restored.averageWeights) average = { weights: restored.averageWeights, count: restored.state.averageCount ?? 0 };
    startEpoch = restored.state.epochsDone;
    if (averageFrom > 0 && startEpoch >= averageFrom && !average) {
      throw new Error(`trainModel: checkpoint ${options.checkpointDir} is past epoch ${averageFrom} but holds no weight average (saved without weightAveraging); delete it or pass resume: false`);
    }
    log(`[train] resumed from ${options.checkpointDir} after epoch ${startEpoch}`);
  }
  const keepBest = (): void => {
    bestWeights?.forEach((t) => t.dispose());
    bestWeights = net.getWeights().map((t) => t.clone());
  };
  const checkpoint = async (epochsDone: number): Promise<void> => {
    if (!options.checkpointDir) return;
    await saveCheckpoint(options.checkpointDir, net, optimizer, { epochsDone, history, best, ...(average ? { averageCount: average.count } : {}) }, bestWeights, average?.weights ?? null);
  };
  // Running mean m ← m + (w − m)/(k + 1), in float32 like the weights.
  const accumulateAverage = (): void => {
    const current = net.getWeights();
    if (!average) {
      average = { weights: current.map((t) => t.clone()), count: 1 };
      return;
    }
    const k = average.count;
    const next = average.weights.map((m, i) => tf.tidy(() => tf.add(m, tf.div(tf.sub(current[i] as tf.Tensor, m), k + 1))));
    average.weights.forEach((t) => t.dispose());
    average = { weights: next, count: k + 1 };
  };

  const weightOf = (ys: tf.Tensor): tf.Tensor1D | null => {
    if (!classWeights) return null;
    const cls = lossKind === 'binaryCrossentropy' ? ys.reshape([-1]).round().toInt() : ys.argMax(-1);
    return tf.gather(tf.tensor1d(classWeights as number[]), cls) as tf.Tensor1D;
  };

  if (history.stoppedEarly) startEpoch = numEpochs;
  for (let epoch = startEpoch; epoch < numEpochs; epoch++) {
    const t0 = Date.now();
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    let batchIndex = 0;
    for await (const batch of trainData(epoch)) {
      const { xs, ys } = batch;
      try {
        const n = xs.shape[0] as number;
        let predsCorrect: tf.Scalar | null = null;
        const lossTensor = withSeededMathRandom([seed, epoch, batchIndex], () =>
          optimizer.minimize(() => {
            const yPred = net.apply(xs, { training: true }) as tf.Tensor;
            const perSample = sampleLoss(ys, yPred, lossKind);
            const w = weightOf(ys);
            let loss: tf.Scalar = (w ? tf.mean(tf.mul(perSample, w)) : tf.mean(perSample)) as tf.Scalar;
            for (const reg of net.calculateLosses()) loss = tf.add(loss, reg as tf.Scalar) as tf.Scalar;
            predsCorrect = tf.keep(countCorrect(ys, yPred, lossKind));
            return loss;
          }, true),
        ) as tf.Scalar;
        if (flushDenormals) flushDenormalWeights(net);
        const [l, c] = await Promise.all([lossTensor.data(), (predsCorrect as unknown as tf.Scalar).data()]);
        lossTensor.dispose();
        (predsCorrect as unknown as tf.Scalar).dispose();
        lossSum += (l[0] as number) * n;
        correct += c[0] as number;
        seen += n;
        options.onBatchEnd?.(batchIndex, l[0] as number);
        batchIndex++;
        if (crashArmed('training-step')) crashPoint('training-step');
      } finally {
        xs.dispose();
        ys.dispose();
      }
    }
    if (seen === 0) throw new RangeError(`trainModel: trainData(${epoch}) yielded no batch`);
    const record: EpochRecord = { epoch: epoch + 1, loss: lossSum / seen, accuracy: correct / seen, seconds: 0 };
    if (options.valData) {
      const v = await evaluateModel(net, options.valData(epoch), { loss: lossKind });
      record.valLoss = v.loss;
      record.valAccuracy = v.accuracy;
      record.valBalancedAccuracy = v.balancedAccuracy;
    }
    record.seconds = (Date.now() - t0) / 1000;
    history.epochs.push(record);
    history.seconds += record.seconds;
    const value = options.valData ? sign * (record[monitor] as number) : -record.loss;
    if (value > best.value + minDelta || best.epoch === 0) {
      best = { value, epoch: record.epoch, wait: 0 };
      if (options.valData) keepBest();
    } else best.wait++;
    history.bestEpoch = best.epoch;
    if (averageFrom > 0 && record.epoch >= averageFrom) accumulateAverage();
    log(
      `[train] epoch ${record.epoch}/${numEpochs} loss ${record.loss.toFixed(4)} acc ${record.accuracy.toFixed(3)}` +
        (options.valData ? ` | val loss ${record.valLoss?.toFixed(4)} acc ${record.valAccuracy?.toFixed(3)} bal ${record.valBalancedAccuracy?.toFixed(3)}` : '') +
        ` | ${record.seconds.toFixed(1)} s`,
    );
    const stop = es !== null && best.wait >= Math.max(1, patience);
    if (stop) history.stoppedEarly = true;
    await options.onEpochEnd?.(record, history);
    if (stop || (epoch + 1) % checkpointEvery === 0 || epoch + 1 === numEpochs) await checkpoint(epoch + 1);
    if (stop) {
      log(`[train] early stopping: no ${monitor} improvement for ${best.wait} epochs; best epoch ${best.epoch}`);
      break;
    }
  }
  if (restoreBest && bestWeights) net.setWeights(bestWeights);
  (bestWeights as tf.Tensor[] | null)?.forEach((t) => t.dispose());
  const averaged = average as { weights: tf.Tensor[]; count: number } | null;
  if (averaged) {
    net.setWeights(averaged.weights);
    averaged.weights.forEach((t) => t.dispose());
    if (flushDenormals) flushDenormalWeights(net);
    history.average = { fromEpoch: averageFrom, epochs: averaged.count };
    if (options.valData) {
      const v = await evaluateModel(net, options.valData(numEpochs), { loss: lossKind });
      history.average = { ...history.average, valLoss: v.loss, valAccuracy: v.accuracy, valBalancedAccuracy: v.balancedAccuracy };
    }
    log(
      `[train] weight average of epochs ${averageFrom}–${averageFrom + averaged.count - 1}` +
        (history.average.valLoss !== undefined ? ` | val loss ${history.average.valLoss.toFixed(4)} acc ${history.average.valAccuracy?.toFixed(3)} bal ${history.average.valBalancedAccuracy?.toFixed(3)}` : ''),
    );
  }
  if (!options.optimizer) optimizer.dispose();
  return history;
}

/** Per-sample cross-entropy, with predictions clipped to [ε, 1 − ε] as Keras does (ε = 1e-7). */
export function sampleLoss(ys: tf.Tensor, yPred: tf.Tensor, kind: 'binaryCrossentropy' | 'categoricalCrossentropy'): tf.Tensor1D {
  return tf.tidy(() => {
    const p = tf.clipByValue(yPred, 1e-7, 1 - 1e-7);
    if (kind === 'binaryCrossentropy') {
      const y = ys.reshape([-1]);
      const q = p.reshape([-1]);
      return tf.neg(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q))))) as tf.Tensor1D;
    }
    return tf.neg(tf.sum(tf.mul(ys, tf.log(p)), -1)) as tf.Tensor1D;
  });
}

function countCorrect(ys: tf.Tensor, yPred: tf.Tensor, kind: 'binaryCrossentropy' | 'categoricalCrossentropy'): tf.Scalar {
  return tf.tidy(() => {
    if (kind === 'binaryCrossentropy') return tf.sum(tf.equal(tf.greaterEqual(yPred.reshape([-1]), 0.5), tf.greaterEqual(ys.reshape([-1]), 0.5)).toFloat()) as tf.Scalar;
    return tf.sum(tf.equal(tf.argMax(yPred, -1), tf.argMax(ys, -1)).toFloat()) as tf.Scalar;
  });
}
