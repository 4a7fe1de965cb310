import { assertImage, type Image } from './Image';

/**
 * Resizes an image to `width × height` by area averaging: each output pixel is the mean of the
 * input area it covers, with fractional edge weights (OpenCV `INTER_AREA` for downscaling, done
 * separably). Downscaling a 3000-pixel scan this way keeps thin strokes visible instead of the
 * aliasing a point-sampled bilinear resize gives. Aspect ratio is not kept (the image is squashed),
 * so that a whole page fits the network input.
 * @param image - input (not mutated).
 * @param width - output width in pixels (positive integer).
 * @param height - output height in pixels (positive integer).
 * @throws RangeError for a non-positive or non-integer size.
 */
export function resizeImageArea(image: Image, width: number, height: number): Image {
  assertImage(image, 'image');
  if (!Number.isInteger(width) || width <= 0) throw new RangeError(`resizeImageArea: width must be a positive integer, got ${width}`);
  if (!Number.isInteger(height) || height <= 0) throw new RangeError(`resizeImageArea: height must be a positive integer, got ${height}`);
  const c = image.channels;
  const tmp = resizeAxis(image.data, image.width, image.height, c, width, true);
  const out = resizeAxis(tmp, width, image.height, c, height, false);
  return { data: out, width, height, channels: c };
}

/** Weights of the input samples (index, weight) covered by each of `outN` output samples. */
function areaWeights(inN: number, outN: number): Array<Array<[number, number]>> {
  const scale = inN / outN;
  const rows: Array<Array<[number, number]>> = [];
  for (let o = 0; o < outN; o++) {
    const row: Array<[number, number]> = [];
    if (scale <= 1) {
      // Upscaling: linear interpolation between the two nearest input samples (pixel centres).
      const x = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), inN - 1);
      const i0 = Math.floor(x);
      const t = x - i0;
      row.push([i0, 1 - t]);
      if (t > 0 && i0 + 1 < inN) row.push([i0 + 1, t]);
    } else {
      const a = o * scale;
      const b = Math.min((o + 1) * scale, inN);
      for (let i = Math.floor(a); i < Math.ceil(b); i++) {
        const w = Math.min(b, i + 1) - Math.max(a, i);
        if (w > 1e-12) row.push([i, w / (b - a)]);
      }
    }
    rows.push(row);
  }
  return rows;
}

function resizeAxis(src: Float32Array, w: number, h: number, c: number, outN: number, alongX: boolean): Float32Array {
  const inN = alongX ? w : h;
  const weights = areaWeights(inN, outN);
  const ow = alongX ? outN : w;
  const oh = alongX ? h : outN;
  const out = new Float32Array(ow * oh * c);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      const row = weights[alongX ? x : y] as Array<[number, number]>;
      for (let k = 0; k < c; k++) {
        let s = 0;
        for (const [i, wt] of row) s += wt * (src[((alongX ? y : i) * w + (alongX ? i : x)) * c + k] as number);
        out[(y * ow + x) * c + k] = s;
      }
    }
  }
  return out;
}
