import { borderIndex } from '../filters/borderIndex';
import { assertImage, type Image } from '../image';
import { booleanValue } from '../validate';

/** Options of {@link computeBlurScore}. */
export interface BlurScoreOptions {
  /**
   * Round the grey image to 8 bits first, exactly as `cv2.cvtColor(rgb8, cv2.COLOR_RGB2GRAY)` does
   * (fixed point, weights 9798/19235/3735 ÷ 2¹⁵), so that scores equal OpenCV's on 8-bit images.
   * With `false` the grey image stays in float (0.299 R + 0.587 G + 0.114 B, on the 0–255 scale).
   * @default true
   */
  quantize?: boolean;
}

/**
 * Sharpness score "variance of the Laplacian" (Pech-Pacheco et al. 2000; popularised as the
 * OpenCV blur detector): the variance of the 4-neighbour Laplacian of the grey image.
 * Lower = blurrier. The score is on the **0–255 scale** so that it equals
 * `cv2.Laplacian(cv2.cvtColor(rgb8, cv2.COLOR_RGB2GRAY), cv2.CV_64F).var()` for an 8-bit image
 * (kernel [0 1 0; 1 −4 1; 0 1 0], BORDER_REFLECT_101, population variance), and thresholds
 * quoted for OpenCV (e.g. "below 100 is blurry") carry over. It depends on image size and content,
 * so compare scores of images of similar size and subject only.
 * @throws TypeError / RangeError when the image is malformed or an option is invalid.
 */
export function computeBlurScore(image: Image, options: BlurScoreOptions = {}): number {
  assertImage(image, 'computeBlurScore: image');
  const { quantize = true } = options;
  booleanValue('computeBlurScore', 'options.quantize', quantize);
  const { data, width: w, height: h, channels } = image;
  const n = w * h;
  const grey = new Float64Array(n);
  if (channels === 3) {
    for (let i = 0, s = 0; i < n; i++, s += 3) {
      if (quantize) {
        const r = to8(data[s]);
        const g = to8(data[s + 1]);
        const b = to8(data[s + 2]);
        grey[i] = (r * 9798 + g * 19235 + b * 3735 + 16384) >> 15;
      } else {
        grey[i] = 255 * (0.299 * data[s] + 0.587 * data[s + 1] + 0.114 * data[s + 2]);
      }
    }
  } else {
    for (let i = 0; i < n; i++) grey[i] = quantize ? to8(data[i]) : 255 * data[i];
  }
  const lap = new Float64Array(n);
  let sum = 0;
  for (let y = 0; y < h; y++) {
    const up = borderIndex(y - 1, h, 'reflect101') * w;
    const dn = borderIndex(y + 1, h, 'reflect101') * w;
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const l = borderIndex(x - 1, w, 'reflect101');
      const r = borderIndex(x + 1, w, 'reflect101');
      const v = grey[up + x] + grey[dn + x] + grey[o + l] + grey[o + r] - 4 * grey[o + x];
      lap[o + x] = v;
      sum += v;
    }
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = lap[i] - mean;
    ss += d * d;
  }
  return ss / n;
}

/** [0, 1] float → 8-bit integer, rounding and saturating like OpenCV's convertTo. */
function to8(v: number): number {
  const q = Math.round(v * 255);
  return q < 0 ? 0 : q > 255 ? 255 : q;
}
