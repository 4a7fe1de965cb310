import * as tf from '@tensorflow/tfjs';
import { assertImage, type Image } from '../../image';
import { gaussianBlur } from '../../filters';
import type { Rng } from '../../random';

/** A synthetic degradation: Gaussian blur then additive white Gaussian noise. */
export interface Degradation {
  /** Standard deviation of the Gaussian blur in pixels; 0 = none. */
  blurSigma: number;
  /** Standard deviation of the noise in [0, 1] units (8-bit σ 10 → 10/255); 0 = none. @default 0 */
  noiseSigma?: number;
}

/**
 * The three training degradations of the original enhancement study (notebook 05): mild blur,
 * stronger blur, and mild blur with noise.
 */
export const ENHANCE_TRIALS: Readonly<Record<'mild' | 'strong' | 'noisy', Required<Degradation>>> = {
  mild: { blurSigma: 1, noiseSigma: 0 },
  strong: { blurSigma: 2, noiseSigma: 0 },
  noisy: { blurSigma: 1, noiseSigma: 15 / 255 },
};

/** Options of {@link createRestorationSampler}. */
export interface RestorationSamplerOptions {
  /** Patch side in pixels (a multiple of the U-Net's size multiple). @default 64 */
  patchSize?: number;
  /** Apply one of the 8 flips/rotations to every patch. @default true */
  augment?: boolean;
}

/** Draws (degraded, clean) patch pairs. */
export interface RestorationSampler {
  degradation: Required<Degradation>;
  /** `{x: degraded, y: clean}` tensors `[n, p, p, c]`; the caller disposes them. */
  sample(batchSize: number, rng: Rng): { x: tf.Tensor4D; y: tf.Tensor4D };
}

function validateDegradation(d: Degradation, fn: string): Required<Degradation> {
  if (d === null || typeof d !== 'object') throw new TypeError(`${fn}: degradation must be an object {blurSigma, noiseSigma?}, got ${String(d)}`);
  const { blurSigma, noiseSigma = 0 } = d;
  if (typeof blurSigma !== 'number' || !(blurSigma >= 0) || blurSigma > 20) throw new RangeError(`${fn}: degradation.blurSigma must be in [0, 20] pixels, got ${String(blurSigma)}`);
  if (typeof noiseSigma !== 'number' || !(noiseSigma >= 0) || noiseSigma > 1) throw new RangeError(`${fn}: degradation.noiseSigma must be in [0, 1] image units, got ${String(noiseSigma)}`);
  return { blurSigma, noiseSigma };
}

/**
 * Applies a {@link Degradation} to a whole image: Gaussian blur (reflect border), then seeded noise,
 * clipped to [0, 1]. Returns a new image.
 * @throws TypeError / RangeError for a malformed image or degradation.
 */
export function degradeImage(image: Image, degradation: Degradation, rng: Rng): Image {
  assertImage(image, 'degradeImage: image');
  const d = validateDegradation(degradation, 'degradeImage');
  const blurred = d.blurSigma > 0 ? gaussianBlur(image, d.blurSigma) : { ...image, data: image.data.slice() };
  if (d.noiseSigma > 0) {
    const data = blurred.data;
    for (let i = 0; i < data.length; i++) {
      const v = (data[i] as number) + d.noiseSigma * rng.nextNormal();
      data[i] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
  return blurred;
}

function dihedral(t: number, y: number, x: number, n: number): [number, number] {
  let sy = t & 4 ? x : y;
  let sx = t & 4 ? y : x;
  if (t & 1) sy = n - 1 - sy;
  if (t & 2) sx = n - 1 - sx;
  return [sy, sx];
}

/**
 * Training pairs for a restoration network: the clean images are blurred once (the blur is
 * deterministic), and every drawn patch gets fresh noise, so the network never sees the same noise
 * twice. Images are chosen with probability proportional to their area.
 * @param images - clean images, all with the same channel count, each at least `patchSize` on a side.
 * @throws RangeError / TypeError for bad images, degradation or options.
 */
export function createRestorationSampler(images: readonly Image[], degradation: Degradation, options: RestorationSamplerOptions = {}): RestorationSampler {
  const d = validateDegradation(degradation, 'createRestorationSampler');
  const { patchSize = 64, augment = true } = options;
  if (!Number.isInteger(patchSize) || patchSize < 4) throw new RangeError(`createRestorationSampler: options.patchSize must be an integer ≥ 4, got ${String(patchSize)}`);
  if (!Array.isArray(images) || images.length === 0) throw new RangeError('createRestorationSampler: images must be a non-empty array');
  images.forEach((im, i) => assertImage(im, `createRestorationSampler: images[${i}]`));
  const c = (images[0] as Image).channels;
  images.forEach((im, i) => {
    if (im.channels !== c) throw new RangeError(`createRestorationSampler: images[${i}] has ${im.channels} channels, images[0] has ${c}`);
    if (im.width < patchSize || im.height < patchSize) throw new RangeError(`createRestorationSampler: images[${i}] is ${im.width}×${im.height}, smaller than options.patchSize = ${patchSize}`);
  });
  const blurred = images.map((im) => (d.blurSigma > 0 ? gaussianBlur(im, d.blurSigma) : im));
  const cumulative: number[] = [];
  let total = 0;
  for (const im of images) cumulative.push((total += (im.width - patchSize + 1) * (im.height - patchSize + 1)));
  const P = patchSize;
  return {
    degradation: d,
    sample(batchSize: number, rng: Rng) {
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`RestorationSampler.sample: batchSize must be a positive integer, got ${String(batchSize)}`);
      const x = new Float32Array(batchSize * P * P * c);
      const y = new Float32Array(batchSize * P * P * c);
      for (let n = 0; n < batchSize; n++) {
        const r = rng.next() * total;
        let k = 0;
        while ((cumulative[k] as number) <= r && k < images.length - 1) k++;
        const clean = images[k] as Image;
        const blur = blurred[k] as Image;
        const x0 = rng.nextInt(clean.width - P + 1);
        const y0 = rng.nextInt(clean.height - P + 1);
        const t = augment ? rng.nextInt(8) : 0;
        for (let yy = 0; yy < P; yy++) {
          for (let xx = 0; xx < P; xx++) {
            const [sy, sx] = dihedral(t, yy, xx, P);
            const s = ((y0 + sy) * clean.width + x0 + sx) * c;
            const o = ((n * P + yy) * P + xx) * c;
            for (let ch = 0; ch < c; ch++) {
              y[o + ch] = clean.data[s + ch] as number;
              let v = blur.data[s + ch] as number;
              if (d.noiseSigma > 0) {
                v += d.noiseSigma * rng.nextNormal();
                v = v < 0 ? 0 : v > 1 ? 1 : v;
              }
              x[o + ch] = v;
            }
          }
        }
      }
      return { x: tf.tensor4d(x, [batchSize, P, P, c]), y: tf.tensor4d(y, [batchSize, P, P, c]) };
    },
  };
}
