import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createRng, withSeededMathRandom, type Rng, type RngState } from '../../random';
import { CheckpointTransaction, readAdamScalars, recoverCheckpoint, restoreAdamScalars } from '../../training/checkpoint';
import { readNamedTensors, stageWeightsAndSlots } from '../../training/namedTensorFiles';
import { crashArmed, crashPoint } from '../../io/crashPoint';

/** A batch produced by a sampler; {@link trainOnPatches} disposes it. */
export interface PatchBatch {
  x: tf.Tensor;
  y: tf.Tensor;
}

/** One logged point of a {@link trainOnPatches} run. */
export interface PatchTrainingRecord {
  step: number;
  /** Mean training loss over the steps since the previous record. */
  loss: number;
  /** Wall-clock seconds since the run started (accumulated across resumes). */
  seconds: number;
  /** Learning rate at this step. */
  lr: number;
  /** Validation values returned by `validate`, when it ran at this step. */
  val?: Record<string, number>;
}

/** Options of {@link trainOnPatches}. */
export interface TrainOnPatchesOptions {
  /** Optimisation steps in total (the learning-rate schedule spans them). */
  steps: number;
  /** Patches per step. @default 16 */
  batchSize?: number;
  /** Initial Adam learning rate. @default 1e-3 */
  lr?: number;
  /** Final learning rate, reached by cosine decay at the last step (Loshchilov & Hutter 2017). @default lr / 20 */
  lrEnd?: number;
  /** Pixel loss: mean squared error (what PSNR measures) or mean absolute error. @default 'mse' */
  loss?: 'mse' | 'l1';
  /** Seed of the sampling stream. @default 0 */
  seed?: number;
  /** Steps between log records. @default 25 */
  logEvery?: number;
  /** Steps between validations (multiple of logEvery recommended). @default 250 */
  validateEvery?: number;
  /** Called on validation steps; returns named values (e.g. PSNR) stored in the history. */
  validate?: (net: tf.LayersModel) => Record<string, number> | Promise<Record<string, number>>;
  /** Folder for resumable checkpoints (weights, Adam slots, history). Resumes from it when present. */
  checkpointDir?: string;
  /** Seconds between checkpoints. @default 180 */
  checkpointEverySeconds?: number;
  /** Also checkpoint after every this many steps (deterministic points, e.g. for tests); unset: by time only. */
  checkpointEverySteps?: number;
  /** Stop (after a checkpoint) once this many seconds have run in total; the run can be resumed later. @default Infinity */
  maxSeconds?: number;
  /**
   * What the cosine schedule spans: `'steps'` (the usual), or `'seconds'` — the learning rate decays
   * over `maxSeconds` of wall-clock time and the run ends when that time is spent (or at `steps`),
   * so a run under a time budget still ends with a fully decayed rate whatever the machine's load.
   * @default 'steps'
   */
  scheduleBy?: 'steps' | 'seconds';
  /** Progress output; `false` for silence. @default console.log */
  log?: ((message: string) => void) | false;
}

/** Result of {@link trainOnPatches}. */
export interface PatchTrainingResult {
  history: PatchTrainingRecord[];
  stepsDone: number;
  seconds: number;
  /** True when the schedule completed (false when `maxSeconds` interrupted a step-scheduled run). */
  finished: boolean;
}

/** tfjs declares `learningRate` protected but reads it at every step; setting it is the documented way to schedule it. */
function setLearningRate(optimizer: tf.AdamOptimizer, rate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = rate;
}

interface CheckpointFile {
  format: 1;
  stepsDone: number;
  seconds: number;
  history: PatchTrainingRecord[];
  weightShapes: number[][];
  /** Position of the sampling stream; absent in checkpoints of older versions (then reseeded from seed and step). */
  rng?: RngState;
  /** Adam's β powers (see CheckpointState.optimizerScalars in lib/training/checkpoint). */
  optimizerScalars?: { accBeta1: number; accBeta2: number };
  /** Loss sum and count of the steps since the last log record. */
  pendingLoss?: { sum: number; count: number };
}

/**
 * A minimal fit loop for image-to-image networks trained on random patches: Adam
 * (Kingma & Ba 2015) with cosine learning-rate decay, a fresh batch from `sample` at every step,
 * periodic validation, and resumable checkpoints written every few minutes (weights, Adam moments,
 * history, the sampling stream's position; committed as one transaction). Re-running with the same
 * `checkpointDir` continues where it stopped, with the sampling stream where it was: with
 * `scheduleBy: 'steps'`, on a deterministic backend, a run stopped (or killed) and resumed ends with
 * the same weights, byte for byte, as an uninterrupted one, provided `sample` draws its randomness
 * only from `rng`. (Checkpoints written before the stream position was saved resume reseeded from
 * (seed, step).) With `scheduleBy: 'seconds'` the learning rate follows the clock, so no two runs
 * are identical.
 *
 * Used instead of the epoch-based `lib/training` loop because SR/restoration training has no epochs:
 * patches are drawn on the fly, and runs are bounded by wall-clock time on a CPU.
 * @param net - the network to train (modified in place).
 * @param sample - returns a batch `{x, y}` of `batchSize` patches drawn with `rng`.
 * @throws RangeError for bad options; Error when a checkpoint belongs to another architecture.
 */
export async function trainOnPatches(
  net: tf.LayersModel,
  sample: (batchSize: number, rng: Rng) => PatchBatch,
  options: TrainOnPatchesOptions,
): Promise<PatchTrainingResult> {
  const { steps, batchSize = 16, lr = 1e-3, loss = 'mse', seed = 0, logEvery = 25, validateEvery = 250, checkpointEverySeconds = 180, maxSeconds = Infinity } = options;
  const lrEnd = options.lrEnd ?? lr / 20;
  const scheduleBy = options.scheduleBy ?? 'steps';
  if (scheduleBy !== 'steps' && scheduleBy !== 'seconds') throw new RangeError(`trainOnPatches: options.scheduleBy must be 'steps' or 'seconds', got ${String(scheduleBy)}`);
  if (scheduleBy === 'seconds' && !Number.isFinite(maxSeconds)) throw new RangeError("trainOnPatches: options.scheduleBy 'seconds' needs a finite options.maxSeconds");
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`trainOnPatches: options.steps must be a positive integer, got ${String(steps)}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`trainOnPatches: options.batchSize must be a positive integer, got ${String(batchSize)}`);
  if (!(lr > 0) || !(lrEnd > 0)) throw new RangeError(`trainOnPatches: options.lr and options.lrEnd must be positive, got ${String(lr)} and ${String(lrEnd)}`);
  if (loss !== 'mse' && loss !== 'l1') throw new RangeError(`trainOnPatches: options.loss must be 'mse' or 'l1', got ${String(loss)}`);
  if (!Number.isInteger(logEvery) || logEvery < 1) throw new RangeError(`trainOnPatches: options.logEvery must be a positive integer, got ${String(logEvery)}`);
  if (!Number.isInteger(validateEvery) || validateEvery < 1) throw new RangeError(`trainOnPatches: options.validateEvery must be a positive integer, got ${String(validateEvery)}`);
  const checkpointEverySteps = options.checkpointEverySteps;
  if (checkpointEverySteps !== undefined && (!Number.isInteger(checkpointEverySteps) || checkpointEverySteps < 1)) throw new RangeError(`trainOnPatches: options.checkpointEverySteps must be a positive integer, got ${String(checkpointEverySteps)}`);
  if (!(checkpointEverySeconds > 0)) throw new RangeError(`trainOnPatches: options.checkpointEverySeconds must be positive, got ${String(checkpointEverySeconds)}`);
  if (!(maxSeconds > 0)) throw new RangeError(`trainOnPatches: options.maxSeconds must be positive, got ${String(maxSeconds)}`);
  const log = options.log === false ? (): void => undefined : options.log ?? ((m: string): void => console.log(m));
  const dir = options.checkpointDir;

  const optimizer = tf.train.adam(lr);
  let stepsDone = 0;
  let secondsBefore = 0;
  let history: PatchTrainingRecord[] = [];
  let rngState: RngState | undefined;
  let lossSum = 0;
  let lossCount = 0;
  // Finishes (or discards) a checkpoint that a crash interrupted, so that the files below are of one step.
  if (dir !== undefined) recoverCheckpoint(dir);
  if (dir !== undefined && fs.existsSync(path.join(dir, 'state.json'))) {
    const state = JSON.parse(await fs.promises.readFile(path.join(dir, 'state.json'), 'utf8')) as CheckpointFile;
    const shapes = net.getWeights().map((t) => t.shape);
    if (JSON.stringify(shapes) !== JSON.stringify(state.weightShapes)) {
      throw new Error(`trainOnPatches: checkpoint ${dir} was saved from a different architecture (weight shapes differ); delete it to start afresh`);
    }
    const weights = await readNamedTensors(path.join(dir, 'weights'));
    net.setWeights(weights.map((w) => w.tensor));
    weights.forEach((w) => w.tensor.dispose());
    // Adam's slots are matched to variables by position, in the order of varList below.
    const opt = await readNamedTensors(path.join(dir, 'optimizer'));
    await optimizer.setWeights(opt);
    // setWeights copies the values into new variables; the loaded tensors are ours to dispose.
    opt.forEach((w) => w.tensor.dispose());
    if (state.optimizerScalars) restoreAdamScalars(optimizer, state.optimizerScalars);
    rngState = state.rng;
    if (state.pendingLoss) ({ sum: lossSum, count: lossCount } = state.pendingLoss);
    stepsDone = state.stepsDone;
    secondsBefore = state.seconds;
    history = state.history;
    log(`[train] resumed from ${dir} at step ${stepsDone} (${secondsBefore.toFixed(0)} s done)`);
  }
  // Train exactly this network's weights, in a fixed order (the optimizer's slots are saved by position).
  const varList = net.trainableWeights.map((w) => w.read() as tf.Variable);
  const rng = createRng(rngState ? seed : seed + 1_000_003 * stepsDone);
  if (rngState) rng.setState(rngState);
  const start = Date.now();
  const elapsed = (): number => secondsBefore + (Date.now() - start) / 1000;
  let lastCheckpoint = Date.now();
  const checkpoint = async (): Promise<void> => {
    if (dir === undefined) return;
    await fs.promises.mkdir(dir, { recursive: true });
    // Weights, Adam slots and state are committed together (journal), so a kill never pairs files of two steps.
    const tx = new CheckpointTransaction(dir);
    await stageWeightsAndSlots(tx, net, optimizer);
    const scalars = readAdamScalars(optimizer);
    const state: CheckpointFile = {
      format: 1, stepsDone, seconds: elapsed(), history, weightShapes: net.getWeights().map((t) => t.shape),
      rng: rng.getState(), ...(scalars ? { optimizerScalars: scalars } : {}), pendingLoss: { sum: lossSum, count: lossCount },
    };
    await tx.stage('state.json', JSON.stringify(state));
    await tx.commit();
    lastCheckpoint = Date.now();
  };

  const progress = (): number => (scheduleBy === 'steps' ? stepsDone / steps : Math.min(1, elapsed() / maxSeconds));
  const done = (): boolean => stepsDone >= steps || (scheduleBy === 'seconds' && elapsed() >= maxSeconds);
  while (!done()) {
    const rate = lrEnd + 0.5 * (lr - lrEnd) * (1 + Math.cos(Math.PI * progress()));
    setLearningRate(optimizer, rate);
    const batch = sample(batchSize, rng);
    // Random draws inside the step (dropout in the net, if any) come from [seed, step]: a resumed run repeats them.
    const value = withSeededMathRandom([seed, stepsDone], () =>
      tf.tidy(() =>
        optimizer.minimize(() => {
          const pred = net.apply(batch.x, { training: true }) as tf.Tensor;
          return (loss === 'mse' ? tf.losses.meanSquaredError(batch.y, pred) : tf.losses.absoluteDifference(batch.y, pred)) as tf.Scalar;
        }, true, varList) as tf.Scalar,
      ),
    );
    tf.dispose([batch.x, batch.y]);
    lossSum += (await value.data())[0] as number;
    value.dispose();
    lossCount++;
    stepsDone++;
    if (crashArmed('training-step')) crashPoint('training-step');
    const last = done();
    const validating = options.validate !== undefined && (stepsDone % validateEvery === 0 || last);
    if (stepsDone % logEvery === 0 || validating || last) {
      const record: PatchTrainingRecord = { step: stepsDone, loss: lossSum / lossCount, seconds: elapsed(), lr: rate };
      if (validating && options.validate) record.val = await options.validate(net);
      history.push(record);
      log(`[train] step ${stepsDone}/${steps} loss ${record.loss.toExponential(3)} lr ${rate.toExponential(2)} ${record.seconds.toFixed(0)} s${record.val ? ' ' + JSON.stringify(record.val) : ''}`);
      lossSum = 0;
      lossCount = 0;
    }
    if ((Date.now() - lastCheckpoint) / 1000 >= checkpointEverySeconds || (checkpointEverySteps !== undefined && stepsDone % checkpointEverySteps === 0 && !last)) await checkpoint();
    if (scheduleBy === 'steps' && elapsed() >= maxSeconds && stepsDone < steps) {
      await checkpoint();
      log(`[train] stopped at step ${stepsDone} after ${elapsed().toFixed(0)} s (maxSeconds); resume with the same checkpointDir`);
      optimizer.dispose();
      return { history, stepsDone, seconds: elapsed(), finished: false };
    }
  }
  await checkpoint();
  optimizer.dispose();
  return { history, stepsDone, seconds: elapsed(), finished: true };
}
