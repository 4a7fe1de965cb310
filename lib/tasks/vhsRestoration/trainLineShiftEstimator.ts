import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { VhsPresetName } from '../../degrade/vhs';
import { buildLineShiftNet, type LineShiftNetOptions } from '../../networks/buildLineShiftNet';
import { createRng } from '../../random';
import { CheckpointTransaction, recoverCheckpoint } from '../../training/checkpoint';
import { readNamedTensors, stageWeightsAndSlots } from '../../training/namedTensorFiles';
import type { LineShiftExamples } from './sampleLineShiftExamples';
import { positiveInt } from '../../validate';
import { crashArmed, crashPoint } from '../../io/crashPoint';

/** One logged point of {@link trainLineShiftEstimator}. */
export interface LineShiftTrainingRecord {
  step: number;
  /** Mean training loss since the previous record. */
  loss: number;
  seconds: number;
  lr: number;
  /** Validation RMS error (px) overall and per preset, when validation ran. */
  val?: Record<string, number>;
}

/** Model card of the line-shift regressor. */
export interface LineShiftCard {
  task: 'vhs-line-shift';
  architecture: 'buildLineShiftNet';
  net: Required<Omit<LineShiftNetOptions, 'seed'>> & { seed: number };
  params: number;
  /** What the examples were made from (free text from the caller). */
  data: string;
  trainExamples: number;
  valExamples: number;
  seed: number;
  steps: number;
  batchSize: number;
  lr: number;
  loss: 'huber' | 'mse';
  backend: string;
  seconds: number;
  /** Final validation RMS residual shift (px), overall and per preset. */
  metrics: Record<string, number>;
  history: LineShiftTrainingRecord[];
  /** How the model was trained (the caller's command line). */
  command: string;
}

/** Options of {@link trainLineShiftEstimator}. */
export interface TrainLineShiftEstimatorOptions {
  /** Optimisation steps (the cosine schedule spans them). @default 2000 */
  steps?: number;
  /** Examples per step. @default 128 */
  batchSize?: number;
  /** Initial Adam learning rate. @default 2e-3 */
  lr?: number;
  /** Final learning rate (cosine decay). @default lr / 20 */
  lrEnd?: number;
  /** `'huber'` (δ = 0.5 px: squared near the answer, linear for the few large errors) or `'mse'`. @default 'huber' */
  loss?: 'huber' | 'mse';
  /** Seed of the initial weights and of the batch draws (batch k is drawn from (seed, k), so a resumed run is identical to an uninterrupted one). @default 0 */
  seed?: number;
  /** Network options (window size must match the examples'). */
  net?: Omit<LineShiftNetOptions, 'lines' | 'columns' | 'seed'>;
  /** Validation examples, scored every `validateEvery` steps and at the end. */
  val?: LineShiftExamples;
  /** @default 250 */
  validateEvery?: number;
  /** @default 50 */
  logEvery?: number;
  /** Resumable checkpoints (weights, Adam slots and powers, history) committed together; resumes from it when present. */
  checkpointDir?: string;
  /** @default 120 */
  checkpointEverySeconds?: number;
  /** Steps between checkpoints, in addition to the timed ones (reproducible kill-and-resume tests). @default Infinity */
  checkpointEverySteps?: number;
  /** Stop after a checkpoint once this many seconds have run in total (resume later). @default Infinity */
  maxSeconds?: number;
  /** Stop after this many steps of this call (tests of resuming). @default Infinity */
  stopAfterSteps?: number;
  /** Free-text description of the data for the card. @default '' */
  data?: string;
  /** Command line for the card. @default '' */
  command?: string;
  /** @default console.log; false for silence */
  log?: ((message: string) => void) | false;
}

interface StateFile {
  format: 1;
  stepsDone: number;
  seconds: number;
  history: LineShiftTrainingRecord[];
  weightShapes: number[][];
  accBeta1: number;
  accBeta2: number;
}

/** Root-mean-square error of `net` on `ex`, overall and per preset (px). Leak-free. */
function scoreOn(net: tf.LayersModel, ex: LineShiftExamples): Record<string, number> {
  const per = ex.lines * ex.columns * 2;
  const sums = new Map<string, { s: number; n: number }>();
  const add = (k: string, e: number): void => {
    const v = sums.get(k) ?? { s: 0, n: 0 };
    v.s += e * e;
    v.n++;
    sums.set(k, v);
  };
  for (let i = 0; i < ex.count; i += 256) {
    const n = Math.min(256, ex.count - i);
    const pred = tf.tidy(() => (net.predict(tf.tensor4d(ex.x.subarray(i * per, (i + n) * per), [n, ex.lines, ex.columns, 2])) as tf.Tensor).dataSync());
    for (let j = 0; j < n; j++) {
      const e = (pred[j] as number) - (ex.y[i + j] as number);
      add('all', e);
      add(ex.preset[i + j] as VhsPresetName, e);
    }
  }
  const out: Record<string, number> = {};
  for (const [k, v] of sums) out[`rms_${k}`] = Math.sqrt(v.s / v.n);
  return out;
}

/**
 * Trains the learned line-shift estimator (a software time-base corrector's regressor, see
 * `buildLineShiftNet`) on examples from {@link sampleLineShiftExamples}: Adam (Kingma & Ba 2015)
 * with cosine decay, Huber loss on the shift in px. Batch k is drawn from a generator seeded by
 * (seed, k), and checkpoints hold weights, Adam's moments and its β powers committed as one
 * {@link CheckpointTransaction}, so a run resumed from a checkpoint is identical to an uninterrupted
 * one on the same backend.
 * @returns the trained network and its card (validation RMS residual shift per preset).
 * @throws RangeError for bad options; Error when a checkpoint belongs to another architecture.
 */
export async function trainLineShiftEstimator(train: LineShiftExamples, options: TrainLineShiftEstimatorOptions = {}): Promise<{ net: tf.LayersModel; card: LineShiftCard }> {
  const fn = 'trainLineShiftEstimator';
  if (train === null || typeof train !== 'object' || !(train.x instanceof Float32Array) || !(train.y instanceof Float32Array) || train.count < 1) {
    throw new TypeError(`${fn}: train must be LineShiftExamples with at least one example`);
  }
  if (train.x.length !== train.count * train.lines * train.columns * 2 || train.y.length !== train.count) throw new RangeError(`${fn}: train.x / train.y do not hold train.count examples`);
  const { steps = 2000, batchSize = 128, lr = 2e-3, loss = 'huber', seed = 0, validateEvery = 250, logEvery = 50, checkpointEverySeconds = 120, checkpointEverySteps = Infinity, maxSeconds = Infinity, stopAfterSteps = Infinity } = options;
  const lrEnd = options.lrEnd ?? lr / 20;
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`${fn}: options.steps must be a positive integer, got ${String(steps)}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`${fn}: options.batchSize must be a positive integer, got ${String(batchSize)}`);
  if (!(lr > 0) || !(lrEnd > 0)) throw new RangeError(`${fn}: options.lr and options.lrEnd must be positive, got ${String(lr)} and ${String(lrEnd)}`);
  if (loss !== 'huber' && loss !== 'mse') throw new RangeError(`${fn}: options.loss must be 'huber' or 'mse', got ${String(loss)}`);
  if (!Number.isInteger(validateEvery) || validateEvery < 1) throw new RangeError(`${fn}: options.validateEvery must be a positive integer, got ${String(validateEvery)}`);
  if (!Number.isInteger(logEvery) || logEvery < 1) throw new RangeError(`${fn}: options.logEvery must be a positive integer, got ${String(logEvery)}`);
  if (checkpointEverySteps !== Infinity) positiveInt(fn, 'options.checkpointEverySteps', checkpointEverySteps);
  if (options.val !== undefined && (options.val.lines !== train.lines || options.val.columns !== train.columns)) throw new RangeError(`${fn}: options.val has another window size than train`);
  const log = options.log === false ? (): void => undefined : options.log ?? ((m: string): void => console.log(m));
  const dir = options.checkpointDir;

  const netOptions = { ...options.net, lines: train.lines, columns: train.columns, seed };
  const net = buildLineShiftNet(netOptions);
  const optimizer = tf.train.adam(lr);
  const adam = optimizer as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable; learningRate: number };
  let stepsDone = 0;
  let secondsBefore = 0;
  let history: LineShiftTrainingRecord[] = [];
  if (dir !== undefined) recoverCheckpoint(dir);
  if (dir !== undefined && fs.existsSync(path.join(dir, 'state.json'))) {
    const state = JSON.parse(await fs.promises.readFile(path.join(dir, 'state.json'), 'utf8')) as StateFile;
    if (JSON.stringify(net.getWeights().map((t) => t.shape)) !== JSON.stringify(state.weightShapes)) {
      throw new Error(`${fn}: checkpoint ${dir} was saved from a different architecture (weight shapes differ); delete it to start afresh`);
    }
    const weights = await readNamedTensors(path.join(dir, 'weights'));
    net.setWeights(weights.map((w) => w.tensor));
    weights.forEach((w) => w.tensor.dispose());
    const opt = await readNamedTensors(path.join(dir, 'optimizer'));
    await optimizer.setWeights(opt);
    opt.forEach((w) => w.tensor.dispose());
    // setWeights recomputes β powers as pow(β, t + 1), which differs in the last bits from the product accumulated step by step.
    tf.tidy(() => {
      adam.accBeta1.assign(tf.scalar(state.accBeta1));
      adam.accBeta2.assign(tf.scalar(state.accBeta2));
    });
    stepsDone = state.stepsDone;
    secondsBefore = state.seconds;
    history = state.history;
    log(`[line-shift] resumed from ${dir} at step ${stepsDone}`);
  }
  const varList = net.trainableWeights.map((w) => w.read() as tf.Variable);
  const start = Date.now();
  const elapsed = (): number => secondsBefore + (Date.now() - start) / 1000;
  let lastCheckpoint = Date.now();
  const checkpoint = async (): Promise<void> => {
    if (dir === undefined) return;
    await fs.promises.mkdir(dir, { recursive: true });
    const tx = new CheckpointTransaction(dir);
    await stageWeightsAndSlots(tx, net, optimizer);
    const state: StateFile = {
      format: 1, stepsDone, seconds: elapsed(), history, weightShapes: net.getWeights().map((t) => t.shape),
      accBeta1: adam.accBeta1 instanceof tf.Variable ? (adam.accBeta1.dataSync()[0] as number) : 1,
      accBeta2: adam.accBeta2 instanceof tf.Variable ? (adam.accBeta2.dataSync()[0] as number) : 1,
    };
    await tx.stage('state.json', JSON.stringify(state));
    await tx.commit();
    lastCheckpoint = Date.now();
  };

  const per = train.lines * train.columns * 2;
  const xb = new Float32Array(batchSize * per);
  const yb = new Float32Array(batchSize);
  let lossSum = 0;
  let lossCount = 0;
  let stepsThisCall = 0;
  let finished = true;
  while (stepsDone < steps) {
    if (elapsed() >= maxSeconds || stepsThisCall >= stopAfterSteps) {
      finished = false;
      break;
    }
    const rate = lrEnd + 0.5 * (lr - lrEnd) * (1 + Math.cos((Math.PI * stepsDone) / steps));
    adam.learningRate = rate;
    const rng = createRng(seed * 1_000_003 + stepsDone + 1);
    for (let b = 0; b < batchSize; b++) {
      const i = rng.nextInt(train.count);
      xb.set(train.x.subarray(i * per, (i + 1) * per), b * per);
      yb[b] = train.y[i] as number;
    }
    const value = tf.tidy(() => {
      const x = tf.tensor4d(xb, [batchSize, train.lines, train.columns, 2]);
      const y = tf.tensor2d(yb, [batchSize, 1]);
      return optimizer.minimize(() => {
        const pred = net.apply(x, { training: true }) as tf.Tensor;
        return (loss === 'huber' ? tf.losses.huberLoss(y, pred, undefined, 0.5) : tf.losses.meanSquaredError(y, pred)) as tf.Scalar;
      }, true, varList) as tf.Scalar;
    });
    lossSum += (await value.data())[0] as number;
    value.dispose();
    lossCount++;
    stepsDone++;
    if (crashArmed('training-step')) crashPoint('training-step');
    stepsThisCall++;
    const validating = options.val !== undefined && (stepsDone % validateEvery === 0 || stepsDone === steps);
    if (stepsDone % logEvery === 0 || validating || stepsDone === steps) {
      const record: LineShiftTrainingRecord = { step: stepsDone, loss: lossSum / lossCount, seconds: elapsed(), lr: rate };
      if (validating && options.val) record.val = scoreOn(net, options.val);
      history.push(record);
      log(`[line-shift] step ${stepsDone}/${steps} loss ${record.loss.toExponential(3)} lr ${rate.toExponential(2)} ${record.seconds.toFixed(0)} s${record.val ? ' ' + JSON.stringify(record.val) : ''}`);
      lossSum = 0;
      lossCount = 0;
    }
    if ((Date.now() - lastCheckpoint) / 1000 >= checkpointEverySeconds || (stepsDone % checkpointEverySteps === 0 && stepsDone < steps)) await checkpoint();
  }
  await checkpoint();
  optimizer.dispose();
  if (!finished) log(`[line-shift] stopped at step ${stepsDone}; resume with the same checkpointDir`);
  const params = net.countParams();
  const lastVal = [...history].reverse().find((r) => r.val !== undefined)?.val ?? {};
  const card: LineShiftCard = {
    task: 'vhs-line-shift', architecture: 'buildLineShiftNet',
    net: { lines: train.lines, columns: train.columns, filters: netOptions.filters ?? [16, 16, 24], hidden: netOptions.hidden ?? 32, seed },
    params, data: options.data ?? '', trainExamples: train.count, valExamples: options.val?.count ?? 0,
    seed, steps: stepsDone, batchSize, lr, loss, backend: tf.getBackend(), seconds: elapsed(), metrics: lastVal, history, command: options.command ?? '',
  };
  return { net, card };
}
