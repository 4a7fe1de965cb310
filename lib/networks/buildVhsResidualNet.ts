import * as tf from '@tensorflow/tfjs';
import { layerSeed } from '../random';

/** Options of {@link buildVhsResidualNet}. */
export interface VhsResidualNetOptions {
  /** Channels of the hidden 3×3 convolutions. @default 32 */
  width?: number;
  /** Hidden 3×3 convolutions (after the first). @default 5 */
  depth?: number;
  /**
   * 1: every convolution at full resolution. 2: the head is a 2×2 convolution of stride 2 and the
   * residual a 2×2 transposed convolution of stride 2, so the body works at half resolution (as
   * FFDNet's sub-image input, Zhang et al. 2018): a quarter of the cost per layer and twice the
   * receptive field, which VHS chroma noise (streaks tens of px long) needs; h and w must then be even.
   * @default 1
   */
  scale?: 1 | 2;
  /** Seed of the weight initialisers. @default 0 */
  seed?: number;
}

/**
 * The compact residual network applied after the classical VHS chain: a plain stack of 3×3
 * convolutions + ReLU (as DnCNN, Zhang et al. 2017, without batch norm), the last one zero-initialised
 * and added to the input, so the untrained net is the identity and it learns only the correction the
 * chain leaves. Input and output `[n, h, w, 3]` Y′CbCr in [0, 1] (any h, w). ≈ 48 k parameters with
 * the defaults; with `scale: 2`, width 48 and depth 6, ≈ 125 k at the cost of ≈ 31 k at full resolution.
 * @returns an uncompiled `tf.LayersModel`.
 * @throws RangeError for bad options.
 */
export function buildVhsResidualNet(options: VhsResidualNetOptions = {}): tf.LayersModel {
  const fn = 'buildVhsResidualNet';
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}: options must be an object, got ${String(options)}`);
  const { width = 32, depth = 5, scale = 1, seed = 0 } = options;
  if (scale !== 1 && scale !== 2) throw new RangeError(`${fn}: options.scale must be 1 or 2, got ${String(scale)}`);
  if (!Number.isInteger(width) || width < 1 || width > 256) throw new RangeError(`${fn}: options.width must be an integer in [1, 256], got ${String(width)}`);
  if (!Number.isInteger(depth) || depth < 0 || depth > 32) throw new RangeError(`${fn}: options.depth must be an integer in [0, 32], got ${String(depth)}`);
  let s = seed;
  const he = (): ReturnType<typeof tf.initializers.heNormal> => tf.initializers.heNormal({ seed: layerSeed(s++) });
  const input = tf.input({ shape: [null, null, 3], name: 'ycbcr' });
  const k = scale === 2 ? 2 : 3;
  let x = tf.layers.conv2d({ filters: width, kernelSize: k, strides: scale, padding: 'same', activation: 'relu', kernelInitializer: he(), name: 'head' }).apply(input) as tf.SymbolicTensor;
  for (let i = 0; i < depth; i++) {
    x = tf.layers.conv2d({ filters: width, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: he(), name: `body${i}` }).apply(x) as tf.SymbolicTensor;
  }
  const r = (scale === 2
    ? tf.layers.conv2dTranspose({ filters: 3, kernelSize: 2, strides: 2, padding: 'same', kernelInitializer: 'zeros', name: 'residual' })
    : tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', kernelInitializer: 'zeros', name: 'residual' })
  ).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.add({ name: 'sum' }).apply([input, r]) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'vhsResidualNet' });
}
