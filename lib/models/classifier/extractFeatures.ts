import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { augmentImage, type AugmentImageOptions } from '../../datasets/augmentImage';
import { loadSquareImage } from '../../datasets/loadSquareImage';
import { createRng } from '../../random';
import type { MobileNetEncoder } from './loadMobileNetEncoder';

/** Options of {@link extractFeatures}. */
export interface ExtractFeaturesOptions {
  /** Images per encoder call. @default 16 */
  batchSize?: number;
  /**
   * View of each image: 0 = the plain image; v ≥ 1 = an augmented copy drawn with seed
   * `hash(file) ^ (seed + v)` (training-time augmentation baked into the cache, since the encoder is frozen).
   * @default 0
   */
  view?: number;
  /** Seed of the augmented views. @default 0 */
  seed?: number;
  /** Augmentation of views ≥ 1. @default {} (augmentImage defaults) */
  augment?: AugmentImageOptions;
  /** Folder of the feature cache (one 5 kB file per image and view). @default undefined (no cache) */
  cacheDir?: string;
  /** Progress after each batch: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Encodes image files into MobileNetV2 feature vectors `[n × 1280]` (row-major), reading each file
 * at 224×224 (area resize, RGB, scaled to [-1, 1]). With `cacheDir`, each vector is stored once and
 * re-read on later calls — so training the head for many epochs costs one encoder pass per image.
 * @param encoder - from `loadMobileNetEncoder`.
 * @param files - image paths.
 * @returns features, row i for files[i].
 * @throws the reader's ImageReadError for an unreadable file.
 */
export async function extractFeatures(encoder: MobileNetEncoder, files: readonly string[], options: ExtractFeaturesOptions = {}): Promise<Float32Array> {
  const batchSize = options.batchSize ?? 16;
  const view = options.view ?? 0;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`extractFeatures: options.batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(view) || view < 0) throw new RangeError(`extractFeatures: options.view must be an integer ≥ 0, got ${view}`);
  const dim = encoder.featureDim;
  const size = encoder.inputSize;
  const out = new Float32Array(files.length * dim);
  const keyOf = (f: string): string => crypto.createHash('sha1').update(`${path.resolve(f)}\0${view}\0${view === 0 ? 0 : seed}\0${JSON.stringify(options.augment ?? {})}\0${encoder.dir}`).digest('hex');
  const cachePath = (f: string): string | undefined => (options.cacheDir === undefined ? undefined : path.join(options.cacheDir, `mnv2-${view}`, `${keyOf(f)}.f32`));
  const todo: number[] = [];
  for (let i = 0; i < files.length; i++) {
    const p = cachePath(files[i] as string);
    const buf = p === undefined ? undefined : await fs.promises.readFile(p).catch(() => undefined);
    if (buf !== undefined && buf.length === dim * 4) out.set(new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)), i * dim);
    else todo.push(i);
  }
  let done = files.length - todo.length;
  for (let b = 0; b < todo.length; b += batchSize) {
    const idx = todo.slice(b, b + batchSize);
    const data = new Float32Array(idx.length * size * size * 3);
    const images = await Promise.all(idx.map((i) => loadSquareImage(files[i] as string, size)));
    images.forEach((img, k) => {
      const i = idx[k] as number;
      const im = view === 0 ? img : augmentImage(img, createRng((parseInt(keyOf(files[i] as string).slice(0, 8), 16) ^ (seed + view)) >>> 0), options.augment ?? {});
      const off = k * size * size * 3;
      for (let q = 0; q < im.data.length; q++) data[off + q] = 2 * (im.data[q] as number) - 1;
    });
    const feats = tf.tidy(() => encoder.net.predict(tf.tensor4d(data, [idx.length, size, size, 3])) as tf.Tensor);
    const values = (await feats.data()) as Float32Array;
    feats.dispose();
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k] as number;
      const row = values.subarray(k * dim, (k + 1) * dim);
      out.set(row, i * dim);
      const p = cachePath(files[i] as string);
      if (p !== undefined) {
        await fs.promises.mkdir(path.dirname(p), { recursive: true });
        await fs.promises.writeFile(`${p}.${process.pid}.tmp`, Buffer.from(row.slice().buffer));
        await fs.promises.rename(`${p}.${process.pid}.tmp`, p);
      }
    }
    done += idx.length;
    options.onProgress?.(done, files.length);
  }
  return out;
}
