import * as tf from '@tensorflow/tfjs';
import { createRng, shuffle } from '../random';
import { augmentImage, type AugmentImageOptions } from './augmentImage';
import type { PhotoItem } from './buildPhotoDataset';
import { loadSquareImage } from './loadSquareImage';
import { positiveInt } from '../validate';

/** One batch: pixels, labels and the items they came from. The consumer disposes the tensors. */
export interface PhotoBatch {
  /** `[n, size, size, 3]`, values in [0, 1] (or in the range `scale` maps to). */
  xs: tf.Tensor4D;
  /** `[n, 1]`, 1 = photo. */
  ys: tf.Tensor2D;
  items: PhotoItem[];
}

/** Options of {@link createPhotoBatches}. */
export interface CreatePhotoBatchesOptions {
  /** Side of the square network input in pixels. @default 224 */
  size?: number;
  /** Images per batch (the last batch may be smaller). @default 32 */
  batchSize?: number;
  /** Shuffle the order (training). @default false */
  shuffle?: boolean;
  /** Apply {@link augmentImage} (training only — never for validation or test). `true` = defaults. @default false */
  augment?: boolean | AugmentImageOptions;
  /** Seed of the shuffle and augmentation; combine with the epoch so each epoch differs but reruns match. @default 0 */
  seed?: number;
  /** Map [0, 1] pixels to [lo, hi], e.g. `[-1, 1]` for MobileNetV2. @default [0, 1] */
  range?: readonly [number, number];
  /** Disk cache of resized pixels, see `loadSquareImage`. @default undefined */
  cacheDir?: string;
}

/**
 * Streams a list of images from disk as tensor batches: at most two batches are in memory (the
 * current one and the one being read ahead). Each epoch is one call; pass `seed: base + epoch` to
 * reshuffle reproducibly. Unreadable files throw (the dataset is curated: a bad file is a bug).
 * @param items - images with labels (not mutated).
 */
export async function* createPhotoBatches(items: readonly PhotoItem[], options: CreatePhotoBatchesOptions = {}): AsyncGenerator<PhotoBatch> {
  const size = options.size ?? 224;
  const batchSize = options.batchSize ?? 32;
  positiveInt('createPhotoBatches', 'options.size', size);
  positiveInt('createPhotoBatches', 'options.batchSize', batchSize);
  const [lo, hi] = options.range ?? [0, 1];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) throw new RangeError(`createPhotoBatches: options.range must be [lo, hi] with lo < hi, got ${JSON.stringify(options.range)}`);
  const rng = createRng(options.seed ?? 0);
  const order = options.shuffle ? shuffle(items, rng) : items.slice();
  const augment = options.augment === true ? {} : options.augment === false || options.augment === undefined ? undefined : options.augment;
  const cache = options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir };
  // One child generator per image so that the augmentation of an image does not depend on read timing.
  const seeds = order.map(() => rng.nextSeed());

  const load = async (start: number): Promise<{ data: Float32Array; labels: Float32Array; items: PhotoItem[] }> => {
    const part = order.slice(start, start + batchSize);
    const data = new Float32Array(part.length * size * size * 3);
    const images = await Promise.all(part.map((it) => loadSquareImage(it.file, size, cache)));
    images.forEach((img, i) => {
      const im = augment ? augmentImage(img, createRng(seeds[start + i] as number), augment) : img;
      const off = i * size * size * 3;
      for (let k = 0; k < im.data.length; k++) data[off + k] = lo + (hi - lo) * (im.data[k] as number);
    });
    return { data, labels: Float32Array.from(part, (it) => it.label), items: part };
  };

  let next = order.length > 0 ? load(0) : undefined;
  for (let start = 0; start < order.length; start += batchSize) {
    const cur = await (next as ReturnType<typeof load>);
    next = start + batchSize < order.length ? load(start + batchSize) : undefined;
    yield {
      xs: tf.tensor4d(cur.data, [cur.items.length, size, size, 3]),
      ys: tf.tensor2d(cur.labels, [cur.items.length, 1]),
      items: cur.items,
    };
  }
}
