import fs from 'node:fs';
import path from 'node:path';
import { decodeFloat16 } from '../../io/float16';
import { shardName, type CaptionFeatureCacheMeta } from './CaptionFeatureCache';

/** A read handle on a feature cache made by `cacheCaptionFeatures`. */
export interface CaptionFeatureCache {
  meta: CaptionFeatureCacheMeta;
  /** Row of an image id, or -1. */
  rowOf(id: string): number;
  /**
   * Reads the features of `rows` into one `[rows.length, regions, featureDim]` float32 block
   * (from disk each time: memory holds only this block).
   */
  read(rows: readonly number[], out?: Float32Array): Float32Array;
  /** Closes the shard files. */
  close(): void;
}

/**
 * Opens a caption feature cache for streaming reads.
 * @param dir - the cache folder.
 * @throws Error naming the folder when it holds no complete cache.
 */
export function openCaptionFeatureCache(dir: string): CaptionFeatureCache {
  const metaFile = path.join(dir, 'meta.json');
  let meta: CaptionFeatureCacheMeta;
  try {
    meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as CaptionFeatureCacheMeta;
  } catch (e) {
    throw new Error(`openCaptionFeatureCache: ${metaFile} cannot be read (${(e as Error).message}); run cacheCaptionFeatures first`, { cause: e });
  }
  if (meta.format !== 'tounum-caption-features' || meta.dtype !== 'float16') throw new Error(`openCaptionFeatureCache: ${metaFile} is not a tounum caption feature cache`);
  const per = meta.regions * meta.featureDim;
  const shards = Math.ceil(meta.ids.length / meta.shardSize);
  const fds: number[] = [];
  for (let s = 0; s < shards; s++) {
    const file = path.join(dir, shardName(s));
    const rows = Math.min(meta.shardSize, meta.ids.length - s * meta.shardSize);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (st === undefined || st.size !== rows * per * 2) {
      fds.forEach((fd) => fs.closeSync(fd));
      throw new Error(`openCaptionFeatureCache: ${file} is missing or incomplete; run cacheCaptionFeatures again to finish the cache`);
    }
    fds.push(fs.openSync(file, 'r'));
  }
  const index = new Map(meta.ids.map((id, i) => [id, i]));
  const buf = Buffer.alloc(per * 2);
  const halves = new Uint16Array(buf.buffer, buf.byteOffset, per);
  return {
    meta,
    rowOf: (id) => index.get(id) ?? -1,
    read(rows, out = new Float32Array(rows.length * per)) {
      if (out.length !== rows.length * per) throw new RangeError(`CaptionFeatureCache.read: out has ${out.length} values, expected ${rows.length * per}`);
      rows.forEach((r, k) => {
        if (!Number.isInteger(r) || r < 0 || r >= meta.ids.length) throw new RangeError(`CaptionFeatureCache.read: row ${r} is outside [0, ${meta.ids.length})`);
        const s = Math.floor(r / meta.shardSize);
        fs.readSync(fds[s] as number, buf, 0, per * 2, (r - s * meta.shardSize) * per * 2);
        decodeFloat16(halves, out.subarray(k * per, (k + 1) * per));
      });
      return out;
    },
    close: () => fds.splice(0).forEach((fd) => fs.closeSync(fd)),
  };
}
