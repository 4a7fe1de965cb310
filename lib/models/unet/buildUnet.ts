import * as tf from '@tensorflow/tfjs';
import { layerSeed } from '../../random';

/** Options of {@link buildUnet}. */
export interface UnetOptions {
  /** Image channels of input and output (3 = RGB, 1 = grey). @default 3 */
  channels?: 1 | 3;
  /** Channels at each resolution, finest first; one 2× downsampling between levels. @default [16, 32, 64] */
  filters?: readonly number[];
  /**
   * Predict a correction added to the input (output = input + net(input)) instead of the image
   * itself. The untrained network is then the identity, and what it learns is the restoration alone.
   * @default true
   */
  residual?: boolean;
  /** Seed of the weight initialisers. @default 0 */
  seed?: number;
}

/**
 * A small U-Net (Ronneberger, Fischer & Brox 2015) for same-size image restoration: an encoder of
 * [3×3 conv + ReLU] × 2 blocks with 2×2 max-pooling between them, a decoder of 2×2 transposed
 * convolutions whose output is concatenated with the encoder block of the same resolution (skip
 * connections keep the fine detail that pooling loses), and a 1×1 output convolution. With
 * `residual`, the output is added to the input (as DnCNN, Zhang et al. 2017, learns the residual).
 *
 * Input `[n, h, w, channels]` in [0, 1], with h and w multiples of 2^(levels − 1) (`restoreImage` pads
 * for you); output the same shape, unclipped. With the defaults: ≈ 117 k parameters.
 * @returns an uncompiled functional `tf.LayersModel` accepting any such size.
 * @throws RangeError for bad options.
 */
export function buildUnet(options: UnetOptions = {}): tf.LayersModel {
  if (options === null || typeof options !== 'object') throw new TypeError(`buildUnet: options must be an object, got ${String(options)}`);
  const { channels = 3, filters = [16, 32, 64], residual = true, seed = 0 } = options;
  if (channels !== 1 && channels !== 3) throw new RangeError(`buildUnet: options.channels must be 1 or 3, got ${String(channels)}`);
  if (!Array.isArray(filters) || filters.length < 2 || filters.some((f) => !Number.isInteger(f) || f < 1 || f > 1024)) {
    throw new RangeError(`buildUnet: options.filters must be ≥ 2 integers in [1, 1024], got ${JSON.stringify(filters)}`);
  }
  if (typeof residual !== 'boolean') throw new TypeError(`buildUnet: options.residual must be a boolean, got ${String(residual)}`);
  let s = seed;
  const he = (): ReturnType<typeof tf.initializers.heNormal> => tf.initializers.heNormal({ seed: layerSeed(s++) });
  const conv = (f: number, name: string): tf.layers.Layer =>
    tf.layers.conv2d({ filters: f, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: he(), name });
  const input = tf.input({ shape: [null, null, channels], name: 'image' });
  const skips: tf.SymbolicTensor[] = [];
  let x: tf.SymbolicTensor = input;
  filters.forEach((f, level) => {
    if (level > 0) x = tf.layers.maxPooling2d({ poolSize: 2, name: `down${level}` }).apply(x) as tf.SymbolicTensor;
    x = conv(f, `enc${level}a`).apply(x) as tf.SymbolicTensor;
    x = conv(f, `enc${level}b`).apply(x) as tf.SymbolicTensor;
    skips.push(x);
  });
  for (let level = filters.length - 2; level >= 0; level--) {
    const f = filters[level] as number;
    x = tf.layers.conv2dTranspose({ filters: f, kernelSize: 2, strides: 2, padding: 'same', kernelInitializer: he(), name: `up${level + 1}` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.concatenate({ name: `skip${level}` }).apply([skips[level] as tf.SymbolicTensor, x]) as tf.SymbolicTensor;
    x = conv(f, `dec${level}a`).apply(x) as tf.SymbolicTensor;
    x = conv(f, `dec${level}b`).apply(x) as tf.SymbolicTensor;
  }
  let out = tf.layers.conv2d({ filters: channels, kernelSize: 1, kernelInitializer: residual ? 'zeros' : he(), name: 'out' }).apply(x) as tf.SymbolicTensor;
  if (residual) out = tf.layers.add({ name: 'residual' }).apply([input, out]) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'unet' });
}
