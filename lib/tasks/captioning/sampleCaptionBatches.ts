import { createRng } from '../../random/createRng';
import { PAD_ID } from './Vocabulary';

/** One encoded training caption: the feature row of its image and `[<start>, words…, <end>]`. */
export interface EncodedCaption {
  row: number;
  ids: Int32Array;
}

/** A teacher-forcing batch: inputs are the ids shifted right of the targets, padded with `<pad>` (0). */
export interface CaptionBatch {
  /** Feature rows of the images, one per caption. */
  rows: number[];
  /** Time steps T (longest caption of the batch, without `<start>`). */
  steps: number;
  /** `[B·T]` previous words (`<start>` first). */
  inputs: Int32Array;
  /** `[B·T]` next words (`<end>` last). */
  targets: Int32Array;
  /** `[B·T]` 1 for real positions, 0 for padding. */
  mask: Float32Array;
}

/** Options of {@link sampleCaptionBatches}. */
export interface SampleCaptionBatchesOptions {
  /** Captions per batch. @default 64 */
  batchSize?: number;
  /** Seed of the order; with `epoch`, the same seed gives the same batches. @default 0 */
  seed?: number;
  /** Epoch index, mixed into the seed so each epoch has its own order. @default 0 */
  epoch?: number;
  /** Keep the given order (evaluation): no shuffle, still bucketed. @default true */
  shuffle?: boolean;
}

/**
 * Cuts captions into batches bucketed by length: captions are sorted by length (ties broken by a
 * seeded shuffle), cut into runs of `batchSize`, and the runs are shuffled. Each batch is then padded
 * only to its own longest caption, so almost no step is spent on padding (Flickr8k captions run
 * from 1 to 36 words).
 * @param captions - encoded captions (not mutated).
 */
export function sampleCaptionBatches(captions: readonly EncodedCaption[], options: SampleCaptionBatchesOptions = {}): CaptionBatch[] {
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`sampleCaptionBatches: options.batchSize must be a positive integer, got ${batchSize}`);
  const rng = createRng(((options.seed ?? 0) * 1000003 + (options.epoch ?? 0)) >>> 0);
  const order = captions.map((c, i) => {
    if (!(c.ids instanceof Int32Array) || c.ids.length < 2) throw new RangeError(`sampleCaptionBatches: caption ${i} must hold at least <start> and <end>`);
    return { i, len: c.ids.length, key: options.shuffle === false ? i : rng.next() };
  });
  order.sort((a, b) => a.len - b.len || a.key - b.key);
  const runs: number[][] = [];
  for (let k = 0; k < order.length; k += batchSize) runs.push(order.slice(k, k + batchSize).map((o) => o.i));
  if (options.shuffle !== false)
    for (let k = runs.length - 1; k > 0; k--) {
      const j = rng.nextInt(k + 1);
      [runs[k], runs[j]] = [runs[j] as number[], runs[k] as number[]];
    }
  return runs.map((run) => {
    const steps = Math.max(...run.map((i) => (captions[i] as EncodedCaption).ids.length - 1));
    const n = run.length * steps;
    const inputs = new Int32Array(n).fill(PAD_ID);
    const targets = new Int32Array(n).fill(PAD_ID);
    const mask = new Float32Array(n);
    run.forEach((i, b) => {
      const ids = (captions[i] as EncodedCaption).ids;
      for (let t = 0; t < ids.length - 1; t++) {
        inputs[b * steps + t] = ids[t] as number;
        targets[b * steps + t] = ids[t + 1] as number;
        mask[b * steps + t] = 1;
      }
    });
    return { rows: run.map((i) => (captions[i] as EncodedCaption).row), steps, inputs, targets, mask };
  });
}
