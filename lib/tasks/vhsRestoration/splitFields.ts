import { assertImage, createImage, type Image } from '../../image';

/** The two interlaced fields of a frame (see {@link splitFields}). */
export interface VhsFields {
  /** Field 0: frame rows 0, 2, 4, … (⌈height / 2⌉ rows), the first field in the simulator's convention. */
  top: Image;
  /** Field 1: frame rows 1, 3, 5, … (⌊height / 2⌋ rows). */
  bottom: Image;
}

/**
 * Splits an interlaced frame into its two fields. A PAL frame is two fields of 288 lines taken
 * 20 ms apart, and the time-base, head-switching and dropout damage happens per field line (one
 * head scans one field), so the stages that model it look at lines of the same field: the
 * neighbours of frame row y in its own field are rows y ± 2. Even rows are field 0
 * (`YuvFrame` convention of `lib/degrade/vhs`).
 *
 * @param image - a frame of height ≥ 2; not modified.
 * @returns new images; {@link mergeFields} inverts it exactly.
 * @throws TypeError for a malformed image; RangeError when the height is below 2.
 */
export function splitFields(image: Image): VhsFields {
  assertImage(image, 'splitFields: image');
  if (image.height < 2) throw new RangeError(`splitFields: image.height must be at least 2 (two fields), got ${image.height}`);
  const { width: w, height: h, channels: c } = image;
  const rowLen = w * c;
  const top = createImage(w, Math.ceil(h / 2), c);
  const bottom = createImage(w, Math.floor(h / 2), c);
  for (let y = 0; y < h; y++) {
    const dst = (y & 1) === 0 ? top : bottom;
    dst.data.set(image.data.subarray(y * rowLen, (y + 1) * rowLen), (y >> 1) * rowLen);
  }
  return { top, bottom };
}
