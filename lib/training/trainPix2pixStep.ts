import * as tf from '@tensorflow/tfjs';
import { withSeededMathRandom } from '../random';

/** The two Adam optimizers of a pix2pix run (`discriminator` absent for the L1-only baseline). */
export interface Pix2pixOptimizers {
  generator: tf.Optimizer;
  discriminator?: tf.Optimizer;
}

/** Options of {@link createPix2pixOptimizers}. */
export interface Pix2pixOptimizerOptions {
  /** Adam learning rate. @default 2e-4 (Isola et al. 2017) */
  lr?: number;
  /** Adam β1. @default 0.5 (Isola et al. 2017, after Radford et al. 2016) */
  beta1?: number;
  /** Also create the discriminator's optimizer. @default true */
  withDiscriminator?: boolean;
}

/** Adam(lr 2e-4, β1 0.5, β2 0.999) for the generator and the discriminator, as in pix2pix. */
export function createPix2pixOptimizers(options: Pix2pixOptimizerOptions = {}): Pix2pixOptimizers {
  const { lr = 2e-4, beta1 = 0.5, withDiscriminator = true } = options;
  if (typeof lr !== 'number' || !(lr > 0 && lr < 1)) throw new RangeError(`createPix2pixOptimizers: options.lr must be in (0, 1), got ${String(lr)}`);
  if (typeof beta1 !== 'number' || !(beta1 >= 0 && beta1 < 1)) throw new RangeError(`createPix2pixOptimizers: options.beta1 must be in [0, 1), got ${String(beta1)}`);
  return {
    generator: tf.train.adam(lr, beta1, 0.999, 1e-8),
    ...(withDiscriminator ? { discriminator: tf.train.adam(lr, beta1, 0.999, 1e-8) } : {}),
  };
}

/** A batch of aligned pairs, both `[n, h, w, c]` in [-1, 1]. The caller keeps ownership. */
export interface Pix2pixBatch {
  /** Degraded images (the condition x). */
  inputs: tf.Tensor4D;
  /** Clean images (the target y). */
  targets: tf.Tensor4D;
}

/** Options of {@link trainPix2pixStep}. */
export interface Pix2pixStepOptions {
  /** Weight λ of the L1 term. @default 100 (Isola et al. 2017) */
  lambdaL1?: number;
  /** `'pix2pix'`: cGAN + λ·L1 with a discriminator step first; `'l1'`: λ·L1 only (the baseline), no discriminator. @default 'pix2pix' */
  mode?: 'pix2pix' | 'l1';
  /**
   * Seeds of this step's random draws (dropout masks of layers without a seed), e.g. `[runSeed, step]`;
   * see {@link withSeededMathRandom}. Absent, they come from `Math.random` and the step is not reproducible.
   */
  randomSeeds?: readonly number[];
}

/** Losses of one step (numbers, read back after the update). */
export interface Pix2pixStepLosses {
  /** Discriminator loss ½[BCE(D(x,y), 1) + BCE(D(x,G(x)), 0)]; NaN in 'l1' mode. ln 2 ≈ 0.693 per term at chance. */
  dLoss: number;
  /** Mean D output probability on real pairs (D(x,y)); NaN in 'l1' mode. */
  dReal: number;
  /** Mean D output probability on generated pairs (D(x,G(x))), before the generator update; NaN in 'l1' mode. */
  dFake: number;
  /** Generator adversarial loss BCE(D(x,G(x)), 1) (non-saturating form); NaN in 'l1' mode. */
  gGan: number;
  /** Mean absolute error |y − G(x)| on the [-1, 1] scale (the λ-free L1 term). */
  gL1: number;
  /** What the generator minimised: gGan + λ·gL1 (or λ·gL1). */
  gTotal: number;
}

function bceWithLogits(logits: tf.Tensor, label: 0 | 1): tf.Scalar {
  return tf.losses.sigmoidCrossEntropy(label === 1 ? tf.onesLike(logits) : tf.zerosLike(logits), logits) as tf.Scalar;
}

/**
 * One pix2pix optimisation step (Isola et al. 2017, §3 and the reference implementation): first the
 * discriminator ascends log D(x,y) + log(1 − D(x,G(x))) (its loss halved, "to slow down the rate at
 * which D learns relative to G"), then the generator minimises −log D(x,G(x)) + λ·‖y − G(x)‖₁ with a
 * fresh forward pass (dropout noise active). Both networks run in training mode (BatchNorm on batch
 * statistics, moving averages updated). In `'l1'` mode only the generator step with λ·L1 runs.
 *
 * Synchronous; leak-free (every intermediate tensor is disposed).
 * @param generator - `[n,h,w,c] → [n,h,w,c]`, e.g. `buildPix2pixGenerator`.
 * @param discriminator - two inputs `[condition, candidate]` → patch logits, e.g. `buildPatchGan`; may be null in 'l1' mode.
 * @throws TypeError / RangeError for mismatched batches or options.
 */
export function trainPix2pixStep(
  generator: tf.LayersModel,
  discriminator: tf.LayersModel | null,
  optimizers: Pix2pixOptimizers,
  batch: Pix2pixBatch,
  options: Pix2pixStepOptions = {},
): Pix2pixStepLosses {
  const seeds = options.randomSeeds;
  if (seeds === undefined) return pix2pixStep(generator, discriminator, optimizers, batch, options);
  return withSeededMathRandom(seeds, () => pix2pixStep(generator, discriminator, optimizers, batch, options));
}

function pix2pixStep(
  generator: tf.LayersModel,
  discriminator: tf.LayersModel | null,
  optimizers: Pix2pixOptimizers,
  batch: Pix2pixBatch,
  options: Pix2pixStepOptions,
): Pix2pixStepLosses {
  const fn = 'trainPix2pixStep';
  const { lambdaL1 = 100, mode = 'pix2pix' } = options;
  if (mode !== 'pix2pix' && mode !== 'l1') throw new RangeError(`${fn}: options.mode must be 'pix2pix' or 'l1', got ${String(mode)}`);
  if (typeof lambdaL1 !== 'number' || !(lambdaL1 >= 0) || !Number.isFinite(lambdaL1)) throw new RangeError(`${fn}: options.lambdaL1 must be a finite number ≥ 0, got ${String(lambdaL1)}`);
  if (!batch || !(batch.inputs instanceof tf.Tensor) || !(batch.targets instanceof tf.Tensor)) throw new TypeError(`${fn}: batch must be {inputs, targets} tensors`);
  if (batch.inputs.rank !== 4 || JSON.stringify(batch.inputs.shape) !== JSON.stringify(batch.targets.shape)) {
    throw new RangeError(`${fn}: batch.inputs and batch.targets must be rank-4 tensors of the same shape, got ${JSON.stringify(batch.inputs.shape)} and ${JSON.stringify(batch.targets.shape)}`);
  }
  if (mode === 'pix2pix' && (!discriminator || !optimizers.discriminator)) throw new TypeError(`${fn}: mode 'pix2pix' needs a discriminator and optimizers.discriminator`);
  const { inputs: x, targets: y } = batch;
  const gVars = generator.trainableWeights.map((w) => w.read() as tf.Variable);

  let dLoss = NaN;
  let dReal = NaN;
  let dFake = NaN;
  if (mode === 'pix2pix' && discriminator && optimizers.discriminator) {
    const dVars = discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
    const fake = tf.tidy(() => generator.apply(x, { training: true }) as tf.Tensor4D);
    const probs: tf.Scalar[] = [];
    const cost = optimizers.discriminator.minimize(() => {
      const real = discriminator.apply([x, y], { training: true }) as tf.Tensor;
      const gen = discriminator.apply([x, fake], { training: true }) as tf.Tensor;
      probs.push(tf.keep(tf.sigmoid(real).mean()), tf.keep(tf.sigmoid(gen).mean()));
      return tf.mul(0.5, tf.add(bceWithLogits(real, 1), bceWithLogits(gen, 0))) as tf.Scalar;
    }, true, dVars);
    fake.dispose();
    dLoss = cost ? (cost.dataSync()[0] as number) : NaN;
    cost?.dispose();
    dReal = probs[0]?.dataSync()[0] as number;
    dFake = probs[1]?.dataSync()[0] as number;
    probs.forEach((p) => p.dispose());
  }

  const parts: tf.Scalar[] = [];
  const gCost = optimizers.generator.minimize(() => {
    const out = generator.apply(x, { training: true }) as tf.Tensor4D;
    const l1 = tf.mean(tf.abs(tf.sub(y, out))) as tf.Scalar;
    parts.push(tf.keep(l1.clone()));
    if (mode === 'l1' || !discriminator) return tf.mul(lambdaL1, l1) as tf.Scalar;
    const logits = discriminator.apply([x, out], { training: true }) as tf.Tensor;
    const gan = bceWithLogits(logits, 1);
    parts.push(tf.keep(gan.clone()));
    return tf.add(gan, tf.mul(lambdaL1, l1)) as tf.Scalar;
  }, true, gVars);
  const gTotal = gCost ? (gCost.dataSync()[0] as number) : NaN;
  gCost?.dispose();
  const gL1 = parts[0]?.dataSync()[0] as number;
  const gGan = parts[1] ? (parts[1].dataSync()[0] as number) : NaN;
  parts.forEach((p) => p.dispose());
  return { dLoss, dReal, dFake, gGan, gL1, gTotal };
}
