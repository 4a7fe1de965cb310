// Internal helpers shared by the full-reference metrics (not part of the public API).
import { assertImage, type Image } from '../image';
import { nonNegativeInt, oneOf } from '../validate';

/** Which samples a full-reference metric compares. */
export type MetricChannel = 'rgb' | 'y';

/** One channel of an image (or its luma) as float64, row-major. */
export interface Plane {
  data: Float64Array;
  width: number;
  height: number;
}

/**
 * BT.601 luma in the "studio swing" scaling of MATLAB's `rgb2ycbcr`, expressed in [0, 1]:
 * Y = (16 + 65.481 R + 128.553 G + 24.966 B) / 255 for R, G, B in [0, 1], so Y ∈ [16/255, 235/255].
 * This is the convention of the super-resolution literature (SRCNN, EDSR, BasicSR `test_y_channel`).
 */
export const LUMA_OFFSET = 16 / 255;
export const LUMA_R = 65.481 / 255;
export const LUMA_G = 128.553 / 255;
export const LUMA_B = 24.966 / 255;

/** Validates a pair of images for a full-reference metric; `fn` names the caller in messages. */
export function assertImagePair(a: unknown, b: unknown, fn: string): asserts a is Image {
  assertImage(a, `${fn}: a`);
  assertImage(b, `${fn}: b`);
  const ia = a as Image;
  const ib = b as Image;
  if (ia.width !== ib.width || ia.height !== ib.height || ia.channels !== ib.channels) {
    throw new RangeError(
      `${fn}: a and b must have the same size and channels, got ${ia.width}×${ia.height}×${ia.channels} and ${ib.width}×${ib.height}×${ib.channels}`,
    );
  }
}

/** Validates the `channel` and `crop` options shared by the metrics. */
export function checkChannelAndCrop(fn: string, image: Image, channel: unknown, crop: unknown): void {
  oneOf(fn, 'options.channel', channel, ['rgb', 'y'], "'rgb' or 'y'");
  const c = nonNegativeInt(fn, 'options.crop', crop);
  if (2 * c >= image.width || 2 * c >= image.height) {
    throw new RangeError(`${fn}: options.crop = ${c} leaves nothing of a ${image.width}×${image.height} image`);
  }
}

/**
 * Splits `image` into float64 planes after cropping `crop` pixels from every border:
 * one plane per channel for 'rgb', one luma plane for 'y' (a grey image is its own luma).
 */
export function toPlanes(image: Image, channel: MetricChannel, crop: number): Plane[] {
  const { data, width, channels } = image;
  const w = image.width - 2 * crop;
  const h = image.height - 2 * crop;
  if (channel === 'y' && channels === 3) {
    const y = new Float64Array(w * h);
    for (let r = 0; r < h; r++) {
      let s = ((r + crop) * width + crop) * 3;
      const o = r * w;
      for (let x = 0; x < w; x++, s += 3) {
        y[o + x] = LUMA_OFFSET + LUMA_R * data[s] + LUMA_G * data[s + 1] + LUMA_B * data[s + 2];
      }
    }
    return [{ data: y, width: w, height: h }];
  }
  const planes: Plane[] = [];
  for (let c = 0; c < channels; c++) {
    const p = new Float64Array(w * h);
    for (let r = 0; r < h; r++) {
      let s = ((r + crop) * width + crop) * channels + c;
      const o = r * w;
      for (let x = 0; x < w; x++, s += channels) p[o + x] = data[s];
    }
    planes.push({ data: p, width: w, height: h });
  }
  return planes;
}

/**
 * Index of sample `i` of an axis of length `n` under half-sample symmetric extension
 * (`dcba|abcd|dcba`: scipy.ndimage 'reflect', pywt 'symmetric', OpenCV BORDER_REFLECT),
 * repeated as often as needed.
 */
export function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  const k = ((i % period) + period) % period;
  return k < n ? k : period - 1 - k;
}
