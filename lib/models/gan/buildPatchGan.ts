import * as tf from '@tensorflow/tfjs';
import { layerSeed } from '../../random';

/** Options of {@link buildPatchGan}. */
export interface PatchGanOptions {
  /** Channels of each of the two images (condition and candidate). @default 3 */
  channels?: 1 | 3;
  /** Filters of the four 4×4 convolutions (the paper's 70×70 PatchGAN: [64, 128, 256, 512]). @default [32, 64, 128, 256] */
  filters?: readonly [number, number, number, number];
  /** Normalisation after convolutions 2–4. @default 'batch' */
  norm?: 'batch' | 'none';
  /** Seed of the N(0, 0.02) initialisers. @default 0 */
  seed?: number;
}

/** Receptive field of {@link buildPatchGan}'s output units, in input pixels (per side). */
export const PATCHGAN_RECEPTIVE_FIELD = 70;

/**
 * The 70×70 PatchGAN discriminator of Isola et al. 2017 (appendix 6.1.2): C64-C128-C256-C512 with
 * 4×4 convolutions (stride 2, 2, 2, 1), LeakyReLU(0.2), BatchNorm from the second on, then a 4×4
 * stride-1 convolution to one logit per patch. Each logit sees a 70×70 window of its two input
 * images ((((1·1+3)·1+3)·2+2)·2+2)·2+2 = 70: it judges whether that patch of the candidate is a
 * plausible restoration of that patch of the condition — a Markov random field assumption on texture
 * that penalises blur where L1 cannot.
 *
 * Inputs: `[condition, candidate]`, each `[n, h, w, channels]` in [-1, 1], concatenated on channels;
 * output `[n, h/8, w/8, 1]` logits ('same' padding; sigmoid not applied — use a with-logits loss).
 * @returns an uncompiled functional `tf.LayersModel` with two inputs.
 * @throws TypeError / RangeError naming the option for bad options.
 */
export function buildPatchGan(options: PatchGanOptions = {}): tf.LayersModel {
  const fn = 'buildPatchGan';
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}: options must be an object, got ${String(options)}`);
  const { channels = 3, filters = [32, 64, 128, 256], norm = 'batch', seed = 0 } = options;
  if (channels !== 1 && channels !== 3) throw new RangeError(`${fn}: options.channels must be 1 or 3, got ${String(channels)}`);
  if (!Array.isArray(filters) || filters.length !== 4 || filters.some((f) => !Number.isInteger(f) || f < 1 || f > 2048)) {
    throw new RangeError(`${fn}: options.filters must be 4 integers in [1, 2048], got ${JSON.stringify(filters)}`);
  }
  if (norm !== 'batch' && norm !== 'none') throw new RangeError(`${fn}: options.norm must be 'batch' or 'none', got ${String(norm)}`);
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new TypeError(`${fn}: options.seed must be a finite number, got ${String(seed)}`);
  let s = seed;
  const init = (): ReturnType<typeof tf.initializers.randomNormal> => tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: layerSeed(s++) });
  const condition = tf.input({ shape: [null, null, channels], name: 'condition' });
  const candidate = tf.input({ shape: [null, null, channels], name: 'candidate' });
  let x = tf.layers.concatenate({ name: 'pair' }).apply([condition, candidate]) as tf.SymbolicTensor;
  const strides = [2, 2, 2, 1];
  filters.forEach((f, i) => {
    x = tf.layers.conv2d({ filters: f, kernelSize: 4, strides: strides[i] as number, padding: 'same', useBias: i === 0 || norm === 'none', kernelInitializer: init(), name: `c${i + 1}` }).apply(x) as tf.SymbolicTensor;
    if (i > 0 && norm === 'batch') {
      x = tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5, gammaInitializer: tf.initializers.randomNormal({ mean: 1, stddev: 0.02, seed: layerSeed(s++) }), name: `c${i + 1}_bn` }).apply(x) as tf.SymbolicTensor;
    }
    x = tf.layers.leakyReLU({ alpha: 0.2, name: `c${i + 1}_lrelu` }).apply(x) as tf.SymbolicTensor;
  });
  const logits = tf.layers.conv2d({ filters: 1, kernelSize: 4, strides: 1, padding: 'same', kernelInitializer: init(), name: 'patch_logits' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: [condition, candidate], outputs: logits, name: 'patchgan' });
}
