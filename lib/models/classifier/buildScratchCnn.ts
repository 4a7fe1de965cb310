import * as tf from '@tensorflow/tfjs';
import { layerSeed } from '../../random';

/** Options of {@link buildScratchCnn}. */
export interface ScratchCnnOptions {
  /** Side of the square RGB input in pixels. @default 96 */
  inputSize?: number;
  /** Filters of each convolution block (3×3 conv + ReLU + 2×2 max-pool); one block per entry. @default [32, 64, 128, 128] */
  filters?: readonly number[];
  /** Units of the hidden dense layer. @default 128 */
  denseUnits?: number;
  /** Dropout rate before each dense layer, in [0, 1). @default 0.3 */
  dropout?: number;
  /** L2 penalty λ on every kernel (added to the loss as λ·Σw²). @default 1e-4 */
  l2?: number;
  /** Seed of the weight initialisers (Glorot uniform). @default 0 */
  seed?: number;
}

/**
 * A small CNN from scratch for photo-vs-other classification, in the VGG style
 * (Simonyan & Zisserman 2015): blocks of [3×3 convolution, ReLU, 2×2 max-pooling] that halve the
 * resolution and double the channels, then global average pooling (Lin et al. 2014, "Network in
 * network"), dropout (Srivastava et al. 2014), a dense ReLU layer, dropout and one sigmoid unit
 * P(photo). Returned uncompiled: train it with `trainModel`.
 *
 * With the defaults (the shipped `models/photo-classifier/scratch-cnn`, 96×96 input):
 * 96×96×3 → 48×48×32 → 24×24×64 → 12×12×128 → 6×6×128 → 128 → 128 → 1, 257 473 parameters.
 * The first teaching version (`{ inputSize: 64, filters: [16, 32, 64], denseUnits: 64 }`, 27 809 parameters)
 * reached 0.887 test balanced accuracy.
 * @throws RangeError for options out of range.
 */
export function buildScratchCnn(options: ScratchCnnOptions = {}): tf.Sequential {
  const inputSize = options.inputSize ?? 96;
  const filters = options.filters ?? [32, 64, 128, 128];
  const denseUnits = options.denseUnits ?? 128;
  const dropout = options.dropout ?? 0.3;
  const l2 = options.l2 ?? 1e-4;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(inputSize) || inputSize < 8) throw new RangeError(`buildScratchCnn: options.inputSize must be an integer ≥ 8, got ${inputSize}`);
  if (!Array.isArray(filters) || filters.length === 0 || filters.some((f) => !Number.isInteger(f) || f < 1)) {
    throw new RangeError(`buildScratchCnn: options.filters must be a non-empty array of positive integers, got ${JSON.stringify(filters)}`);
  }
  if (inputSize / 2 ** filters.length < 1) throw new RangeError(`buildScratchCnn: ${filters.length} pooling blocks need options.inputSize ≥ ${2 ** filters.length}, got ${inputSize}`);
  if (!Number.isInteger(denseUnits) || denseUnits < 1) throw new RangeError(`buildScratchCnn: options.denseUnits must be a positive integer, got ${denseUnits}`);
  if (!(dropout >= 0 && dropout < 1)) throw new RangeError(`buildScratchCnn: options.dropout must be in [0, 1), got ${dropout}`);
  if (!(l2 >= 0)) throw new RangeError(`buildScratchCnn: options.l2 must be ≥ 0, got ${l2}`);
  const reg = l2 > 0 ? tf.regularizers.l2({ l2 }) : undefined;
  let s = seed;
  const init = (): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: layerSeed(s++) });
  const net = tf.sequential({ name: 'photo_cnn_scratch' });
  filters.forEach((f, i) => {
    net.add(
      tf.layers.conv2d({
        ...(i === 0 ? { inputShape: [inputSize, inputSize, 3] } : {}),
        filters: f,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(),
        ...(reg ? { kernelRegularizer: reg } : {}),
        name: `block${i + 1}_conv`,
      }),
    );
    net.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `block${i + 1}_pool` }));
  });
  net.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
  if (dropout > 0) net.add(tf.layers.dropout({ rate: dropout, seed: s++, name: 'dropout1' }));
  net.add(tf.layers.dense({ units: denseUnits, activation: 'relu', kernelInitializer: init(), ...(reg ? { kernelRegularizer: reg } : {}), name: 'dense' }));
  if (dropout > 0) net.add(tf.layers.dropout({ rate: dropout, seed: s++, name: 'dropout2' }));
  net.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: init(), name: 'p_photo' }));
  return net;
}
