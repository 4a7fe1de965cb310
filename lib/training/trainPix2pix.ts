import fs from 'node:fs';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { CheckpointTransaction, hasCheckpoint, loadCheckpoint, recoverCheckpoint, saveCheckpoint } from './checkpoint';
import { createPix2pixOptimizers, trainPix2pixStep, type Pix2pixBatch, type Pix2pixStepLosses } from './trainPix2pixStep';
import { finiteNumber, positiveInt } from '../validate';
import { crashArmed, crashPoint } from '../io/crashPoint';

/** One logged point of a {@link trainPix2pix} run: losses averaged since the previous point. */
export interface GanLogRecord extends Pix2pixStepLosses {
  /** Steps done (1-based, counting from the first run before any resume). */
  step: number;
  /** Training seconds so far (accumulated across resumes). */
  seconds: number;
}

/** One validation of a {@link trainPix2pix} run. */
export interface GanValidationRecord {
  step: number;
  seconds: number;
  /** Values returned by `validate` (e.g. valPsnr, valSsim). */
  values: Record<string, number>;
}

/** History of a {@link trainPix2pix} run (also stored in its checkpoints). */
export interface GanHistory {
  log: GanLogRecord[];
  validation: GanValidationRecord[];
  /** Step the run resumed from (0 for a fresh run). */
  resumedFromStep: number;
}

/** Options of {@link trainPix2pix}. */
export interface TrainPix2pixOptions {
  /** `'pix2pix'` (cGAN + λ·L1) or `'l1'` (the L1-only baseline, no discriminator). @default 'pix2pix' */
  mode?: 'pix2pix' | 'l1';
  /** Total steps. @default Infinity (then maxSeconds must be finite) */
  steps?: number;
  /** Stop (after a checkpoint) once this many training seconds have run in total. @default Infinity */
  maxSeconds?: number;
  /** λ of the L1 term. @default 100 */
  lambdaL1?: number;
  /** Adam learning rate. @default 2e-4 */
  lr?: number;
  /** Adam β1. @default 0.5 */
  beta1?: number;
  /** Steps between log records. @default 10 */
  logEvery?: number;
  /** Steps between validations (also run at the end). @default 100 */
  validateEvery?: number;
  /** Returns named validation values for the generator (run in inference mode). */
  validate?: (generator: tf.LayersModel) => Record<string, number> | Promise<Record<string, number>>;
  /** Folder for resumable checkpoints (`generator/`, `discriminator/` via the training checkpoint format, and `gan-state.json`). */
  checkpointDir?: string;
  /** Seconds between checkpoints. @default 180 */
  checkpointEverySeconds?: number;
  /**
   * Steps between checkpoints, in addition to the timed ones: checkpoints at fixed steps make a
   * killed run and its resumption reproducible step for step (what the kill tests of the training
   * scripts rely on). @default Infinity (timed checkpoints only)
   */
  checkpointEverySteps?: number;
  /** Progress output; `false` for silence. @default console.log */
  log?: ((message: string) => void) | false;
  /** Seed of the dropout masks: step k draws them from `[seed, k]` ({@link withSeededMathRandom}), so a resumed run repeats them. @default 0 */
  seed?: number;
}

/** Result of {@link trainPix2pix}. */
export interface TrainPix2pixResult {
  history: GanHistory;
  /** Steps done in total (across resumes). */
  stepsDone: number;
  /** Training seconds in total (across resumes). */
  seconds: number;
}

interface GanState {
  format: 1;
  mode: 'pix2pix' | 'l1';
  step: number;
  seconds: number;
  history: GanHistory;
}

/**
 * The pix2pix training loop: `sample(step)` gives the step's batch (seeded by the step index, so a
 * resumed run sees the batches an uninterrupted run would), {@link trainPix2pixStep} updates D then
 * G, losses are logged every `logEvery` steps, `validate` runs every `validateEvery` steps, and a
 * resumable checkpoint (weights, BatchNorm statistics, Adam slots, history) is written every
 * `checkpointEverySeconds` and at the end. Resumes from `checkpointDir` when it holds a checkpoint.
 * Stops at `steps` or `maxSeconds`, whichever comes first.
 * @param sample - returns the batch of a step; the loop disposes its tensors.
 * @throws Error when a checkpoint was written by another mode or architecture.
 */
export async function trainPix2pix(
  generator: tf.LayersModel,
  discriminator: tf.LayersModel | null,
  sample: (step: number) => Pix2pixBatch | Promise<Pix2pixBatch>,
  options: TrainPix2pixOptions = {},
): Promise<TrainPix2pixResult> {
  const fn = 'trainPix2pix';
  const { mode = 'pix2pix', steps = Infinity, maxSeconds = Infinity, lambdaL1 = 100, lr = 2e-4, beta1 = 0.5, logEvery = 10, validateEvery = 100, checkpointEverySeconds = 180, checkpointEverySteps = Infinity } = options;
  if (!Number.isFinite(steps) && !Number.isFinite(maxSeconds)) throw new RangeError(`${fn}: give options.steps or options.maxSeconds (both are infinite)`);
  if (!(steps >= 0)) throw new RangeError(`${fn}: options.steps must be ≥ 0, got ${String(steps)}`);
  if (!(maxSeconds > 0)) throw new RangeError(`${fn}: options.maxSeconds must be > 0, got ${String(maxSeconds)}`);
  for (const [k, v] of [['logEvery', logEvery], ['validateEvery', validateEvery]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${fn}: options.${k} must be a positive integer, got ${String(v)}`);
  }
  if (checkpointEverySteps !== Infinity) positiveInt(fn, 'options.checkpointEverySteps', checkpointEverySteps);
  const seed = finiteNumber(fn, 'options.seed', options.seed ?? 0);
  if (mode === 'pix2pix' && !discriminator) throw new TypeError(`${fn}: mode 'pix2pix' needs a discriminator`);
  const log = options.log === false ? (): void => {} : (options.log ?? ((m: string): void => console.log(m)));
  const optimizers = createPix2pixOptimizers({ lr, beta1, withDiscriminator: mode === 'pix2pix' });
  const dir = options.checkpointDir;
  let step = 0;
  let secondsBefore = 0;
  const history: GanHistory = { log: [], validation: [], resumedFromStep: 0 };
  if (dir) recoverCheckpoint(dir);
  if (dir && hasCheckpoint(path.join(dir, 'generator')) && fs.existsSync(path.join(dir, 'gan-state.json'))) {
    const state = JSON.parse(await fs.promises.readFile(path.join(dir, 'gan-state.json'), 'utf8')) as GanState;
    if (state.mode !== mode) throw new Error(`${fn}: checkpoint ${dir} was written in mode '${state.mode}', this run is '${mode}'; delete it or use another folder`);
    (await loadCheckpoint(path.join(dir, 'generator'), generator, optimizers.generator)).bestWeights?.forEach((t) => t.dispose());
    if (mode === 'pix2pix' && discriminator && optimizers.discriminator) {
      (await loadCheckpoint(path.join(dir, 'discriminator'), discriminator, optimizers.discriminator)).bestWeights?.forEach((t) => t.dispose());
    }
    step = state.step;
    secondsBefore = state.seconds;
    history.log = state.history.log;
    history.validation = state.history.validation;
    history.resumedFromStep = step;
    log(`[${mode}] resumed from ${dir} at step ${step} (${secondsBefore.toFixed(0)} s)`);
  }
  const started = Date.now();
  const elapsed = (): number => secondsBefore + (Date.now() - started) / 1000;
  const checkpoint = async (): Promise<void> => {
    if (!dir) return;
    // The generic checkpoint holds one model and one optimizer: one folder per network, and the
    // GAN's own state (step, loss history); all three are committed together, so a crash can never
    // pair a generator of one step with a discriminator or state of another.
    const dummy = { epochsDone: step, history: { epochs: [], bestEpoch: 0, stoppedEarly: false, resumedFromEpoch: 0, seconds: elapsed() }, best: { value: NaN, epoch: 0, wait: 0 } };
    await fs.promises.mkdir(dir, { recursive: true });
    const tx = new CheckpointTransaction(dir);
    await saveCheckpoint(path.join(dir, 'generator'), generator, optimizers.generator, dummy, null, null, tx);
    if (mode === 'pix2pix' && discriminator && optimizers.discriminator) await saveCheckpoint(path.join(dir, 'discriminator'), discriminator, optimizers.discriminator, dummy, null, null, tx);
    const state: GanState = { format: 1, mode, step, seconds: elapsed(), history };
    await tx.stage('gan-state.json', JSON.stringify(state));
    await tx.commit();
  };
  const runValidation = async (): Promise<void> => {
    if (!options.validate) return;
    if (history.validation.some((v) => v.step === step)) return;
    const values = await options.validate(generator);
    history.validation.push({ step, seconds: elapsed(), values });
    log(`[${mode}] step ${step} validation ${Object.entries(values).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}`);
  };
  if (step === 0) await runValidation();
  let lastCheckpoint = Date.now();
  const keys = ['dLoss', 'dReal', 'dFake', 'gGan', 'gL1', 'gTotal'] as const;
  let acc = { dLoss: 0, dReal: 0, dFake: 0, gGan: 0, gL1: 0, gTotal: 0 };
  let accN = 0;
  try {
    while (step < steps && elapsed() < maxSeconds) {
      const batch = await sample(step);
      let losses: Pix2pixStepLosses;
      try {
        losses = trainPix2pixStep(generator, discriminator, optimizers, batch, { lambdaL1, mode, randomSeeds: [seed, step] });
      } finally {
        batch.inputs.dispose();
        batch.targets.dispose();
      }
      if (!Number.isFinite(losses.gTotal)) throw new Error(`${fn}: the generator loss became ${losses.gTotal} at step ${step + 1}`);
      step++;
      if (crashArmed('training-step')) crashPoint('training-step');
      for (const k of keys) acc[k] += losses[k];
      accN++;
      if (step % logEvery === 0) {
        const rec = { step, seconds: elapsed() } as GanLogRecord;
        for (const k of keys) rec[k] = acc[k] / accN;
        history.log.push(rec);
        log(`[${mode}] step ${step} ${rec.seconds.toFixed(0)} s  D ${rec.dLoss.toFixed(3)} (real ${rec.dReal.toFixed(2)}, fake ${rec.dFake.toFixed(2)})  G gan ${rec.gGan.toFixed(3)} L1 ${rec.gL1.toFixed(4)}`);
        acc = { dLoss: 0, dReal: 0, dFake: 0, gGan: 0, gL1: 0, gTotal: 0 };
        accN = 0;
      }
      if (step % validateEvery === 0) await runValidation();
      if (dir && (step % checkpointEverySteps === 0 || (Date.now() - lastCheckpoint) / 1000 >= checkpointEverySeconds)) {
        await checkpoint();
        lastCheckpoint = Date.now();
      }
    }
    await runValidation();
  } finally {
    await checkpoint();
    optimizers.generator.dispose();
    optimizers.discriminator?.dispose();
  }
  return { history, stepsDone: step, seconds: elapsed() };
}
