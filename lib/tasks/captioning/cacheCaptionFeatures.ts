import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { readImage } from '../../io/readImage';
import { encodeFloat16 } from '../../io/float16';
import { writeFileAtomic } from '../../io/writeFileAtomic';
import type { CaptionEncoder } from './loadCaptionEncoder';
import { imageToEncoderInput } from './imageToEncoderInput';
import { shardName, type CaptionFeatureCacheMeta } from './CaptionFeatureCache';

/** Options of {@link cacheCaptionFeatures}. */
export interface CacheCaptionFeaturesOptions {
  /** Image ids stored in the cache (row order). @default the files' base names */
  ids?: readonly string[];
  /** Images per shard: one shard of 256 holds 256 × 49 × 1280 halves = 32 MB. @default 256 */
  shardSize?: number;
  /** Images per encoder call. @default 16 */
  batchSize?: number;
  /** Progress after each batch: (done, total), counting shards found complete. */
  onProgress?: (done: number, total: number) => void;
}

/** What {@link cacheCaptionFeatures} did. */
export interface CacheCaptionFeaturesResult {
  dir: string;
  images: number;
  shards: number;
  /** Shards computed now (the others were already complete). */
  computed: number;
  /** Seconds spent encoding now. */
  seconds: number;
}

/**
 * Runs the frozen encoder once per image and stores each image's region grid (`regions × featureDim`,
 * float16) on disk in fixed-size shards, so that training reads features instead of running the
 * CNN, and streams them so that memory stays bounded whatever the number of images.
 * Resumable: each shard is written whole under a temporary name then renamed, and a shard already
 * complete (right size) is kept; a folder made for another encoder or another image list is refused.
 * @param encoder - from `loadCaptionEncoder`.
 * @param files - image paths, in row order.
 * @param dir - cache folder (created).
 * @throws Error naming the file for an unreadable image; Error when `dir` holds another cache.
 */
export async function cacheCaptionFeatures(encoder: CaptionEncoder, files: readonly string[], dir: string, options: CacheCaptionFeaturesOptions = {}): Promise<CacheCaptionFeaturesResult> {
  const shardSize = options.shardSize ?? 256;
  const batchSize = options.batchSize ?? 16;
  if (!Array.isArray(files) || files.length === 0) throw new RangeError('cacheCaptionFeatures: files must be a non-empty array of paths');
  if (!Number.isInteger(shardSize) || shardSize < 1) throw new RangeError(`cacheCaptionFeatures: options.shardSize must be a positive integer, got ${shardSize}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`cacheCaptionFeatures: options.batchSize must be a positive integer, got ${batchSize}`);
  const ids = options.ids ?? files.map((f) => path.basename(f));
  if (ids.length !== files.length) throw new RangeError(`cacheCaptionFeatures: options.ids has ${ids.length} entries for ${files.length} files`);
  const meta: CaptionFeatureCacheMeta = { format: 'tounum-caption-features', version: 1, encoder: encoder.id, regions: encoder.regions, featureDim: encoder.featureDim, dtype: 'float16', shardSize, ids: [...ids] };
  fs.mkdirSync(dir, { recursive: true });
  const metaFile = path.join(dir, 'meta.json');
  if (fs.existsSync(metaFile)) {
    const old = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as CaptionFeatureCacheMeta;
    if (old.encoder !== meta.encoder || old.shardSize !== shardSize || old.ids.length !== ids.length || old.ids.some((id, i) => id !== ids[i])) {
      throw new Error(`cacheCaptionFeatures: ${dir} holds a cache for another encoder or image list (${old.encoder}, ${old.ids.length} images); use another folder`);
    }
  } else await writeFileAtomic(metaFile, JSON.stringify(meta));
  const per = encoder.regions * encoder.featureDim;
  const shards = Math.ceil(files.length / shardSize);
  const size = encoder.inputSize;
  let computed = 0;
  let done = 0;
  const t0 = Date.now();
  for (let s = 0; s < shards; s++) {
    const lo = s * shardSize;
    const hi = Math.min(files.length, lo + shardSize);
    const file = path.join(dir, shardName(s));
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat !== undefined && stat.size === (hi - lo) * per * 2) {
      done = hi;
      options.onProgress?.(done, files.length);
      continue;
    }
    const halves = new Uint16Array((hi - lo) * per);
    for (let b = lo; b < hi; b += batchSize) {
      const idx = Array.from({ length: Math.min(batchSize, hi - b) }, (_, k) => b + k);
      const input = new Float32Array(idx.length * size * size * 3);
      const images = await Promise.all(
        idx.map(async (i) => {
          try {
            return await readImage(files[i] as string, { channels: 3 });
          } catch (e) {
            throw new Error(`cacheCaptionFeatures: cannot read ${files[i]}: ${(e as Error).message}`, { cause: e });
          }
        }),
      );
      images.forEach((im, k) => input.set(imageToEncoderInput(im, size), k * size * size * 3));
      const out = tf.tidy(() => encoder.net.predict(tf.tensor4d(input, [idx.length, size, size, 3])) as tf.Tensor);
      const values = (await out.data()) as Float32Array;
      out.dispose();
      halves.set(encodeFloat16(values), (b - lo) * per);
      done = b + idx.length;
      options.onProgress?.(done, files.length);
    }
    await writeFileAtomic(file, new Uint8Array(halves.buffer));
    computed++;
  }
  return { dir, images: files.length, shards, computed, seconds: (Date.now() - t0) / 1000 };
}
