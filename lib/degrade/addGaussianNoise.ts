import { assertImage, createImage, type Image } from '../image';
import { resolveRng, type RandomOptions } from '../random';

/** Options of {@link addGaussianNoise}. */
export interface GaussianNoiseOptions extends RandomOptions {
  /** Clip the result to [0, 1]. Clipping lowers the effective σ near black and white. @default true */
  clip?: boolean;
}

/**
 * Adds independent zero-mean Gaussian noise N(0, σ²) to every sample (additive white Gaussian
 * noise, the standard synthetic-denoising degradation).
 * @param sigma - standard deviation **in [0, 1] image units**: the usual "σ = 25" of 8-bit
 * denoising benchmarks is `25 / 255`.
 * @throws TypeError / RangeError when the image is malformed, `sigma` is negative or an option is invalid.
 */
export function addGaussianNoise(image: Image, sigma: number, options: GaussianNoiseOptions = {}): Image {
  assertImage(image, 'addGaussianNoise: image');
  if (typeof sigma !== 'number' || !Number.isFinite(sigma) || sigma < 0) {
    throw new RangeError(`addGaussianNoise: sigma must be a non-negative number in [0, 1] image units (8-bit σ 25 → 25/255), got ${String(sigma)}`);
  }
  const { clip = true } = options;
  if (typeof clip !== 'boolean') throw new TypeError(`addGaussianNoise: options.clip must be a boolean, got ${String(clip)}`);
  const rng = resolveRng('addGaussianNoise', options);
  const src = image.data;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    let v = src[i] + sigma * rng.nextNormal();
    if (clip) v = v < 0 ? 0 : v > 1 ? 1 : v;
    out[i] = v;
  }
  return createImage(image.width, image.height, image.channels, out);
}
