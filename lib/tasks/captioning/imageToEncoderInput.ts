import { assertImage, type Image } from '../../image/Image';
import { resizeImageArea } from '../../image/resizeImageArea';

/**
 * Prepares a photo for the caption encoder: RGB (grey replicated), resized to `size × size` by area
 * averaging without keeping the aspect ratio — the Flickr8k copies the captioner learnt from are
 * squashed the same way — and scaled from [0, 1] to [-1, 1] (`x / 127.5 − 1` on 8-bit values, as
 * MobileNetV2 expects).
 * @param image - the photo (not mutated).
 * @param size - side of the encoder input. @default 224
 * @returns `size × size × 3` values, row-major HWC.
 */
export function imageToEncoderInput(image: Image, size = 224): Float32Array {
  assertImage(image);
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`imageToEncoderInput: size must be a positive integer, got ${size}`);
  const resized = image.width === size && image.height === size ? image : resizeImageArea(image, size, size);
  const n = size * size;
  const out = new Float32Array(n * 3);
  const d = resized.data;
  if (resized.channels === 3) for (let i = 0; i < n * 3; i++) out[i] = 2 * Math.min(1, Math.max(0, d[i] as number)) - 1;
  else
    for (let i = 0; i < n; i++) {
      const v = 2 * Math.min(1, Math.max(0, d[i] as number)) - 1;
      out[3 * i] = v;
      out[3 * i + 1] = v;
      out[3 * i + 2] = v;
    }
  return out;
}
