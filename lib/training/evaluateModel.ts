import type * as tf from '@tensorflow/tfjs';
import { predictModel } from './predictModel';
import type { TrainBatch } from './types';

/** Metrics of {@link evaluateModel}. */
export interface Evaluation {
  /** Mean unweighted cross-entropy (no regularisation term). */
  loss: number;
  accuracy: number;
  /** Mean over classes of the recall of that class (robust to imbalance). */
  balancedAccuracy: number;
  count: number;
}

/**
 * Loss, accuracy and balanced accuracy of `net` over batches, in inference mode.
 * Binary (sigmoid `[n, 1]`, threshold 0.5) or categorical (softmax `[n, k]`, argmax).
 */
export async function evaluateModel(
  net: tf.LayersModel,
  batches: AsyncIterable<TrainBatch> | Iterable<TrainBatch>,
  options: { loss?: 'binaryCrossentropy' | 'categoricalCrossentropy' } = {},
): Promise<Evaluation> {
  const { scores, targets, width, count } = await predictModel(net, batches);
  if (count === 0) throw new RangeError('evaluateModel: batches yielded no sample');
  const eps = 1e-7;
  let loss = 0;
  let correct = 0;
  const k = width === 1 ? 2 : width;
  const hits = new Array<number>(k).fill(0);
  const totals = new Array<number>(k).fill(0);
  const binary = (options.loss ?? (width === 1 ? 'binaryCrossentropy' : 'categoricalCrossentropy')) === 'binaryCrossentropy';
  for (let i = 0; i < count; i++) {
    let truth: number;
    let guess: number;
    if (binary) {
      const p = Math.min(1 - eps, Math.max(eps, scores[i] as number));
      const y = targets[i] as number;
      loss -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
      truth = y >= 0.5 ? 1 : 0;
      guess = p >= 0.5 ? 1 : 0;
    } else {
      truth = 0;
      guess = 0;
      for (let j = 0; j < width; j++) {
        const y = targets[i * width + j] as number;
        if (y > 0) loss -= y * Math.log(Math.min(1 - eps, Math.max(eps, scores[i * width + j] as number)));
        if (y > (targets[i * width + truth] as number)) truth = j;
        if ((scores[i * width + j] as number) > (scores[i * width + guess] as number)) guess = j;
      }
    }
    totals[truth] = (totals[truth] as number) + 1;
    if (truth === guess) {
      correct++;
      hits[truth] = (hits[truth] as number) + 1;
    }
  }
  const present = totals.map((t, c) => (t > 0 ? (hits[c] as number) / t : null)).filter((r): r is number => r !== null);
  return { loss: loss / count, accuracy: correct / count, balancedAccuracy: present.reduce((a, b) => a + b, 0) / present.length, count };
}
