import * as tf from '@tensorflow/tfjs';
import { layerSeed } from '../../random';

/** Options of {@link buildPix2pixGenerator}. */
export interface Pix2pixGeneratorOptions {
  /** Image channels of input and output (3 = RGB, 1 = grey). @default 3 */
  channels?: 1 | 3;
  /**
   * Encoder filters, finest first; every level is a 4×4 stride-2 convolution, so the input side must
   * be a multiple of 2^filters.length. The paper's 256×256 generator is [64, 128, 256, 512, 512, 512,
   * 512, 512]; the default is a 4× narrower, 5-level version sized for CPU training in ≤ 30 min
   * (≈ 4.2 M parameters with 3 channels; the shipped VHS model uses [16, 32, 64, 128, 128], ≈ 1.0 M).
   * @default [32, 64, 128, 256, 256]
   */
  filters?: readonly number[];
  /** Dropout rate of the deepest decoder blocks (the paper's noise source, rate 0.5 on the 3 deepest). @default 0.5 */
  dropout?: number;
  /** How many of the deepest decoder blocks get dropout. @default 3 (clamped to filters.length − 1) */
  dropoutBlocks?: number;
  /** Normalisation after each convolution but the first and the last: BatchNorm as in the paper, or none. @default 'batch' */
  norm?: 'batch' | 'none';
  /**
   * `false` (the paper): output = tanh(last layer). `true`: output = input + last layer (initialised
   * to zero), so the untrained generator is the identity and training learns only the correction —
   * a deviation that matters when the training budget is minutes, not days.
   * @default false
   */
  residual?: boolean;
  /**
   * Seed of the weight initialisers (N(0, 0.02) as in the paper). Dropout masks are deliberately not
   * seeded: a seeded tfjs Dropout layer draws the same mask at every call, which would turn the
   * paper's noise into a fixed thinning; training is therefore not bit-reproducible.
   * @default 0
   */
  seed?: number;
}

/**
 * The pix2pix generator of Isola, Zhu, Zhou & Efros 2017 ("Image-to-Image Translation with
 * Conditional Adversarial Networks", appendix 6.1.1): a U-Net whose encoder blocks are
 * Conv4×4/2 → BatchNorm → LeakyReLU(0.2) (no BatchNorm on the first), whose decoder blocks are
 * ReLU → TransposedConv4×4/2 → BatchNorm → Dropout(0.5, deepest three only), each concatenated with
 * the encoder block of the same resolution (the skips carry the low-level detail the bottleneck
 * loses), and a last ReLU → TransposedConv4×4/2 → tanh. Weights initialised N(0, 0.02).
 *
 * Input and output `[n, h, w, channels]` in **[-1, 1]** (the paper's convention), h and w multiples of
 * 2^filters.length. Dropout is active only in training mode (`apply(x, {training: true})`): at test
 * time the network is deterministic (the paper keeps dropout at test time; we do not, so that
 * restoration is reproducible).
 * @returns an uncompiled functional `tf.LayersModel` accepting any such size.
 * @throws TypeError / RangeError naming the option for bad options.
 */
export function buildPix2pixGenerator(options: Pix2pixGeneratorOptions = {}): tf.LayersModel {
  const fn = 'buildPix2pixGenerator';
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}: options must be an object, got ${String(options)}`);
  const { channels = 3, filters = [32, 64, 128, 256, 256], dropout = 0.5, norm = 'batch', residual = false, seed = 0 } = options;
  if (channels !== 1 && channels !== 3) throw new RangeError(`${fn}: options.channels must be 1 or 3, got ${String(channels)}`);
  if (!Array.isArray(filters) || filters.length < 2 || filters.length > 9 || filters.some((f) => !Number.isInteger(f) || f < 1 || f > 1024)) {
    throw new RangeError(`${fn}: options.filters must be 2–9 integers in [1, 1024], got ${JSON.stringify(filters)}`);
  }
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw new RangeError(`${fn}: options.dropout must be in [0, 1), got ${String(dropout)}`);
  const dropoutBlocks = options.dropoutBlocks ?? 3;
  if (!Number.isInteger(dropoutBlocks) || dropoutBlocks < 0) throw new RangeError(`${fn}: options.dropoutBlocks must be a non-negative integer, got ${String(dropoutBlocks)}`);
  if (norm !== 'batch' && norm !== 'none') throw new RangeError(`${fn}: options.norm must be 'batch' or 'none', got ${String(norm)}`);
  if (typeof residual !== 'boolean') throw new TypeError(`${fn}: options.residual must be a boolean, got ${String(residual)}`);
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new TypeError(`${fn}: options.seed must be a finite number, got ${String(seed)}`);

  let s = seed;
  const init = (): ReturnType<typeof tf.initializers.randomNormal> => tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: layerSeed(s++) });
  const bn = (x: tf.SymbolicTensor, name: string): tf.SymbolicTensor =>
    norm === 'batch'
      ? (tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5, gammaInitializer: tf.initializers.randomNormal({ mean: 1, stddev: 0.02, seed: layerSeed(s++) }), name }).apply(x) as tf.SymbolicTensor)
      : x;
  const input = tf.input({ shape: [null, null, channels], name: 'degraded' });
  const skips: tf.SymbolicTensor[] = [];
  let x: tf.SymbolicTensor = input;
  filters.forEach((f, i) => {
    if (i > 0) x = tf.layers.leakyReLU({ alpha: 0.2, name: `enc${i}_lrelu` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.conv2d({ filters: f, kernelSize: 4, strides: 2, padding: 'same', useBias: norm === 'none' || i === 0, kernelInitializer: init(), name: `enc${i + 1}` }).apply(x) as tf.SymbolicTensor;
    if (i > 0 && i < filters.length - 1) x = bn(x, `enc${i + 1}_bn`);
    skips.push(x);
  });
  const nDec = filters.length - 1;
  for (let i = nDec - 1, k = 0; i >= 0; i--, k++) {
    const f = filters[i] as number;
    x = tf.layers.reLU({ name: `dec${i + 1}_relu` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.conv2dTranspose({ filters: f, kernelSize: 4, strides: 2, padding: 'same', useBias: norm === 'none', kernelInitializer: init(), name: `dec${i + 1}` }).apply(x) as tf.SymbolicTensor;
    x = bn(x, `dec${i + 1}_bn`);
    if (k < dropoutBlocks && dropout > 0) x = tf.layers.dropout({ rate: dropout, name: `dec${i + 1}_dropout` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.concatenate({ name: `skip${i + 1}` }).apply([x, skips[i] as tf.SymbolicTensor]) as tf.SymbolicTensor;
  }
  x = tf.layers.reLU({ name: 'out_relu' }).apply(x) as tf.SymbolicTensor;
  let out = tf.layers.conv2dTranspose({
    filters: channels, kernelSize: 4, strides: 2, padding: 'same',
    kernelInitializer: residual ? 'zeros' : init(), name: 'out',
  }).apply(x) as tf.SymbolicTensor;
  if (residual) out = tf.layers.add({ name: 'residual' }).apply([input, out]) as tf.SymbolicTensor;
  else out = tf.layers.activation({ activation: 'tanh', name: 'tanh' }).apply(out) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'pix2pix_generator' });
}

/** The size multiple a generator built with `filters` needs (2^levels). */
export function generatorSizeMultiple(filters: readonly number[] = [32, 64, 128, 256, 256]): number {
  return 2 ** filters.length;
}
