import * as tf from '@tensorflow/tfjs';
import type { TrainBatch } from './types';

/** Predictions over a stream: one row per sample, in stream order. */
export interface Predictions {
  /** `[n × k]` row-major outputs (k = 1 for a sigmoid: the probability of class 1). */
  scores: Float32Array;
  /** `[n × k]` targets as given. */
  targets: Float32Array;
  /** Output width k. */
  width: number;
  /** Number of samples. */
  count: number;
}

/**
 * Runs `net` in inference mode (dropout off, batch-norm moving statistics) over batches and
 * collects outputs and targets. Batch tensors are disposed.
 */
export async function predictModel(net: tf.LayersModel, batches: AsyncIterable<TrainBatch> | Iterable<TrainBatch>): Promise<Predictions> {
  const scores: number[] = [];
  const targets: number[] = [];
  let width = 0;
  for await (const { xs, ys } of batches) {
    try {
      const out = tf.tidy(() => net.predict(xs) as tf.Tensor);
      const [p, y] = await Promise.all([out.data(), ys.data()]);
      out.dispose();
      width = out.shape[out.shape.length - 1] as number;
      for (let i = 0; i < p.length; i++) scores.push(p[i] as number);
      for (let i = 0; i < y.length; i++) targets.push(y[i] as number);
    } finally {
      xs.dispose();
      ys.dispose();
    }
  }
  return { scores: Float32Array.from(scores), targets: Float32Array.from(targets), width, count: width === 0 ? 0 : scores.length / width };
}
