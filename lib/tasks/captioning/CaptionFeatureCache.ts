/** Layout of a caption feature cache folder (`meta.json` + `shard-NNNNN.f16`). */
export interface CaptionFeatureCacheMeta {
  format: 'tounum-caption-features';
  version: 1;
  /** Registry id of the encoder that made the features. */
  encoder: string;
  /** Regions per image (49 = 7 × 7). */
  regions: number;
  /** Channels per region (1280). */
  featureDim: number;
  /** Sample type on disk: IEEE binary16, little-endian. */
  dtype: 'float16';
  /** Images per shard (the last one may hold fewer). */
  shardSize: number;
  /** Image ids in row order (row r is in shard ⌊r / shardSize⌋). */
  ids: string[];
}

/** A shard file name. */
export function shardName(index: number): string {
  return `shard-${String(index).padStart(5, '0')}.f16`;
}
