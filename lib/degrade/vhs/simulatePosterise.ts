import { assertImage, createImage, type Image } from '../../image';
import { num, strengthOf, type StrengthOptions } from './internal';

/** Options of {@link simulatePosterise}. */
export interface PosteriseOptions extends StrengthOptions {
  /**
   * Bits per channel kept: 2^bits levels per channel. 8 is an ordinary 8-bit capture (the
   * quantisation every digitised tape has, notes §8 stage order); fewer bits posterise, as seen in
   * digitised tapes after low-depth or heavy processing. Presets: 8 (est.).
   * @default 8
   */
  bits?: number;
}

/**
 * Posterisation / capture quantisation of the output image: each R′G′B′ (or grey) sample is
 * rounded to 2^bits − 1 steps, without dithering; the result is blended with the input by strength.
 * @throws TypeError / RangeError when the image or an option is invalid.
 */
export function simulatePosterise(image: Image, options: PosteriseOptions = {}): Image {
  const fn = 'simulatePosterise';
  assertImage(image, `${fn}: image`);
  const strength = strengthOf(fn, options);
  const bits = num(fn, 'bits', options.bits ?? 8, 1, 16, true);
  const out = createImage(image.width, image.height, image.channels, image.data.slice());
  if (strength === 0) return out;
  const q = 2 ** bits - 1;
  const d = out.data;
  for (let i = 0; i < d.length; i++) {
    const x = d[i] < 0 ? 0 : d[i] > 1 ? 1 : d[i];
    const p = Math.round(x * q) / q;
    d[i] = d[i] + strength * (p - d[i]);
  }
  return out;
}
