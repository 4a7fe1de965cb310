import * as tf from '@tensorflow/tfjs';
import { createRng, shuffle } from '../random';
import type { BatchStream, TrainBatch } from './types';

/** Options of {@link createArrayBatches}. */
export interface ArrayBatchesOptions {
  /** Samples per batch. @default 32 */
  batchSize?: number;
  /** Reshuffle every epoch (seeded by `seed + epoch`). @default false */
  shuffle?: boolean;
  /** Seed of the shuffles and view choices. @default 0 */
  seed?: number;
}

/**
 * A {@link BatchStream} over in-memory samples (e.g. cached encoder features): `x` holds one row
 * of `sampleShape` per sample; several `x` arrays are *views* of the same samples (augmented
 * copies) and each epoch draws one view per sample at random — how augmentation reaches a head
 * trained on frozen features. Targets `y` are `[n, 1]` labels. Inputs are not copied or mutated.
 * @param x - one or several views, each `n × prod(sampleShape)` values.
 * @param y - n labels (or n × k one-hot rows when `k` is given by `targetWidth`).
 * @param sampleShape - shape of one sample, e.g. `[1280]`.
 * @throws RangeError for mismatched sizes.
 */
export function createArrayBatches(
  x: Float32Array | readonly Float32Array[],
  y: ArrayLike<number>,
  sampleShape: readonly number[],
  options: ArrayBatchesOptions & { targetWidth?: number } = {},
): BatchStream {
  const views = x instanceof Float32Array ? [x] : [...x];
  if (views.length === 0) throw new RangeError('createArrayBatches: x must hold at least one view');
  const per = sampleShape.reduce((a, b) => a * b, 1);
  const width = options.targetWidth ?? 1;
  const n = y.length / width;
  if (!Number.isInteger(n) || n === 0) throw new RangeError(`createArrayBatches: y has ${y.length} values, not a positive multiple of targetWidth ${width}`);
  views.forEach((v, i) => {
    if (v.length !== n * per) throw new RangeError(`createArrayBatches: view ${i} has ${v.length} values, expected ${n} samples × ${per} = ${n * per}`);
  });
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`createArrayBatches: options.batchSize must be a positive integer, got ${batchSize}`);
  const seed = options.seed ?? 0;
  return function* (epoch: number): Generator<TrainBatch> {
    const rng = createRng(seed + epoch * 7919);
    const idx = Array.from({ length: n }, (_, i) => i);
    const order = options.shuffle ? shuffle(idx, rng) : idx;
    for (let b = 0; b < n; b += batchSize) {
      const part = order.slice(b, b + batchSize);
      const xb = new Float32Array(part.length * per);
      const yb = new Float32Array(part.length * width);
      part.forEach((i, k) => {
        const v = views.length === 1 ? (views[0] as Float32Array) : (views[rng.nextInt(views.length)] as Float32Array);
        xb.set(v.subarray(i * per, (i + 1) * per), k * per);
        for (let j = 0; j < width; j++) yb[k * width + j] = y[i * width + j] as number;
      });
      yield { xs: tf.tensor(xb, [part.length, ...sampleShape]), ys: tf.tensor2d(yb, [part.length, width]) };
    }
  };
}
