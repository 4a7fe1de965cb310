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

/** Options of {@link predictModel}. */
export interface PredictModelOptions {
  /**
   * Test-time augmentation by mirroring: each output is the mean of the outputs for the image and for its
   * left–right mirror (`tf.image.flipLeftRight`), at twice the inference cost. Needs image batches `[n, h, w, c]`.
   * @default false
   */
  flipAverage?: boolean;
}

/**
 * Runs `net` in inference mode (dropout off, batch-norm moving statistics) over batches and
 * collects outputs and targets. Batch tensors are disposed.
 * @throws RangeError when `flipAverage` meets a batch that is not `[n, h, w, c]`.
 */
export async function predictModel(net: tf.LayersModel, batches: AsyncIterable<TrainBatch> | Iterable<TrainBatch>, options: PredictModelOptions = {}): Promise<Predictions> {
  const flipAverage = options.flipAverage ?? false;
  const scores: number[] = [];
  const targets: number[] = [];
  let width = 0;
  for await (const { xs, ys } of batches) {
    try {
      if (flipAverage && xs.rank !== 4) throw new RangeError(`predictModel: options.flipAverage needs image batches [n, h, w, c], got shape ${JSON.stringify(xs.shape)}`);
      const out = tf.tidy(() => {
        const y = net.predict(xs) as tf.Tensor;
        return flipAverage ? tf.div(tf.add(y, net.predict(tf.image.flipLeftRight(xs as tf.Tensor4D)) as tf.Tensor), 2) : y;
      });
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
