import { assertImage, type Image } from '../image';
import type { Rng } from '../random';
import { inRange } from '../validate';

/** Options of {@link augmentImage}; each transform is drawn independently from `rng`. */
export interface AugmentImageOptions {
  /** Smallest side of the random square crop, as a fraction of the image side, in (0, 1]. @default 0.8 */
  minCropScale?: number;
  /** Mirror left–right with probability 0.5. @default true */
  flip?: boolean;
  /** Brightness offset drawn uniformly in ±this (image values are in [0, 1]). @default 0.1 */
  brightness?: number;
  /** Contrast factor drawn uniformly in 1 ± this, around the image mean. @default 0.15 */
  contrast?: number;
}

/**
 * Training-time augmentation for the photo classifier: a random crop (side in
 * [minCropScale, 1] of the image, random position) resized back to the input size bilinearly,
 * a random horizontal flip, then brightness and contrast jitter, clipped to [0, 1].
 * These are label-preserving for photo-vs-document (a flipped receipt is still not a photo);
 * rotations and colour-hue shifts are left out because hue is itself a cue (scans are grey).
 * Follows the "random resized crop + flip + colour jitter" recipe of torchvision's ImageNet training.
 * @param image - input (not mutated); output has the same size and channels.
 * @param rng - seeded generator (same state, same result).
 * @throws RangeError for options out of range.
 */
export function augmentImage(image: Image, rng: Rng, options: AugmentImageOptions = {}): Image {
  assertImage(image, 'image');
  if (rng === null || typeof rng !== 'object' || typeof rng.next !== 'function') throw new TypeError('augmentImage: rng must be an Rng from createRng');
  const minCrop = options.minCropScale ?? 0.8;
  inRange('augmentImage', 'options.minCropScale', minCrop, 0, 1, { minExclusive: true, expected: 'in (0, 1]' });
  const bright = options.brightness ?? 0.1;
  const contrast = options.contrast ?? 0.15;
  inRange('augmentImage', 'options.brightness', bright, 0, 1, { expected: 'in [0, 1]' });
  inRange('augmentImage', 'options.contrast', contrast, 0, 1, { maxExclusive: true, expected: 'in [0, 1)' });
  const { width: w, height: h, channels: c } = image;
  const scale = minCrop + (1 - minCrop) * rng.next();
  const cw = scale * w;
  const ch = scale * h;
  const x0 = (w - cw) * rng.next();
  const y0 = (h - ch) * rng.next();
  const flip = (options.flip ?? true) && rng.next() < 0.5;
  const db = (2 * rng.next() - 1) * bright;
  const k = 1 + (2 * rng.next() - 1) * contrast;
  const out = new Float32Array(w * h * c);
  const src = image.data;
  for (let y = 0; y < h; y++) {
    const sy = Math.min(Math.max(y0 + ((y + 0.5) * ch) / h - 0.5, 0), h - 1);
    const iy = Math.floor(sy);
    const ty = sy - iy;
    const iy1 = Math.min(iy + 1, h - 1);
    for (let x = 0; x < w; x++) {
      const xx = flip ? w - 1 - x : x;
      const sx = Math.min(Math.max(x0 + ((xx + 0.5) * cw) / w - 0.5, 0), w - 1);
      const ix = Math.floor(sx);
      const tx = sx - ix;
      const ix1 = Math.min(ix + 1, w - 1);
      for (let q = 0; q < c; q++) {
        const a = src[(iy * w + ix) * c + q] as number;
        const b = src[(iy * w + ix1) * c + q] as number;
        const d = src[(iy1 * w + ix) * c + q] as number;
        const e = src[(iy1 * w + ix1) * c + q] as number;
        out[(y * w + x) * c + q] = (1 - ty) * ((1 - tx) * a + tx * b) + ty * ((1 - tx) * d + tx * e);
      }
    }
  }
  let mean = 0;
  for (let i = 0; i < out.length; i++) mean += out[i] as number;
  mean /= out.length;
  for (let i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, mean + k * ((out[i] as number) - mean) + db));
  return { data: out, width: w, height: h, channels: c };
}
