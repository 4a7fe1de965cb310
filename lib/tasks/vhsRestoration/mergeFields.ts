import { assertImage, createImage, type Image } from '../../image';

/**
 * Interleaves two fields back into a frame: `top` gives rows 0, 2, 4, …, `bottom` rows 1, 3, 5, …
 * The inverse of {@link splitFields}.
 *
 * @param top - field 0, ⌈H / 2⌉ rows; not modified.
 * @param bottom - field 1, ⌊H / 2⌋ rows (equal to `top`'s height, or one less), same width and channels; not modified.
 * @throws TypeError for a malformed image; RangeError when the fields' sizes or channels do not pair.
 */
export function mergeFields(top: Image, bottom: Image): Image {
  assertImage(top, 'mergeFields: top');
  assertImage(bottom, 'mergeFields: bottom');
  if (top.width !== bottom.width || top.channels !== bottom.channels) {
    throw new RangeError(`mergeFields: top (${top.width} wide, ${top.channels} channels) and bottom (${bottom.width} wide, ${bottom.channels} channels) must have the same width and channels`);
  }
  if (top.height !== bottom.height && top.height !== bottom.height + 1) {
    throw new RangeError(`mergeFields: top.height must equal bottom.height or bottom.height + 1, got ${top.height} and ${bottom.height}`);
  }
  const { width: w, channels: c } = top;
  const h = top.height + bottom.height;
  const rowLen = w * c;
  const out = createImage(w, h, c);
  for (let y = 0; y < h; y++) {
    const src = (y & 1) === 0 ? top : bottom;
    const r = y >> 1;
    out.data.set(src.data.subarray(r * rowLen, (r + 1) * rowLen), y * rowLen);
  }
  return out;
}
