import * as tf from '@tensorflow/tfjs';
import { assertImage, resizeBicubic, rgbToYcbcr, type Image } from '../../image';
import type { Rng } from '../../random';
import { assertSrScale, type SrScale } from './buildSrNetwork';

/** One training image prepared for super-resolution: LR luma and HR residual over bicubic. */
export interface SrTrainingPair {
  /** Low-resolution Y plane (MATLAB bicubic downscale of the HR image, 8-bit rounded, then Y). */
  lrY: Float32Array;
  lrWidth: number;
  lrHeight: number;
  /** HR Y minus the bicubic upscale of `lrY`, at `scale·lrWidth × scale·lrHeight`. */
  residual: Float32Array;
}

/** A batch of training patches, owned by the caller (dispose both). */
export interface SrBatch {
  /** `[n, p, p, 1]` LR luma patches. */
  x: tf.Tensor4D;
  /** `[n, p, p, scale²]` space-to-depth of the HR residual patches (the network's target). */
  y: tf.Tensor4D;
}

/** Options of {@link createSrPatchSampler}. */
export interface SrPatchSamplerOptions {
  /** Side of the LR patches in pixels (HR side = scale × this). @default 32 */
  patchSize?: number;
  /** Apply one of the 8 flips/rotations (dihedral group) to every patch. @default true */
  augment?: boolean;
}

/** Draws random patch batches from prepared pairs. */
export interface SrPatchSampler {
  scale: SrScale;
  patchSize: number;
  pairs: readonly SrTrainingPair[];
  /** A batch of `batchSize` patches drawn with `rng` (images weighted by area). */
  sample(batchSize: number, rng: Rng): SrBatch;
}

/**
 * Prepares an HR image for SR training the way the benchmarks were made: crop to a multiple of `scale`,
 * MATLAB-bicubic downscale with antialiasing and 8-bit rounding (as Set5/Set14's LR files), BT.601 Y of
 * both, and the HR residual over the bicubic upscale of the LR luma.
 * @throws TypeError for a malformed image; RangeError when the image is smaller than 2·scale.
 */
export function prepareSrPair(hr: Image, scale: SrScale): SrTrainingPair {
  assertImage(hr, 'prepareSrPair: hr');
  assertSrScale(scale, 'prepareSrPair: scale');
  const lrWidth = Math.floor(hr.width / scale);
  const lrHeight = Math.floor(hr.height / scale);
  if (lrWidth < 2 || lrHeight < 2) throw new RangeError(`prepareSrPair: hr must be at least ${2 * scale}×${2 * scale} pixels at scale ${scale}, got ${hr.width}×${hr.height}`);
  const W = lrWidth * scale;
  const H = lrHeight * scale;
  const cropped = cropImage(hr, W, H);
  const lr = resizeBicubic(cropped, lrWidth, lrHeight, { quantize: true });
  const lrY = rgbToYcbcr(lr).y;
  const hrY = rgbToYcbcr(cropped).y;
  const up = resizeBicubic({ data: lrY, width: lrWidth, height: lrHeight, channels: 1 }, W, H);
  const residual = new Float32Array(W * H);
  for (let i = 0; i < residual.length; i++) residual[i] = (hrY[i] as number) - (up.data[i] as number);
  return { lrY, lrWidth, lrHeight, residual };
}

/** Top-left `width × height` of an image (a copy). */
function cropImage(image: Image, width: number, height: number): Image {
  if (width === image.width && height === image.height) return image;
  const c = image.channels;
  const data = new Float32Array(width * height * c);
  for (let y = 0; y < height; y++) data.set(image.data.subarray(y * image.width * c, (y * image.width + width) * c), y * width * c);
  return { data, width, height, channels: c };
}

/** Source coordinates of output (y, x) in an n×n patch under dihedral transform t ∈ [0, 8). */
function dihedral(t: number, y: number, x: number, n: number): [number, number] {
  let sy = t & 4 ? x : y;
  let sx = t & 4 ? y : x;
  if (t & 1) sy = n - 1 - sy;
  if (t & 2) sx = n - 1 - sx;
  return [sy, sx];
}

/**
 * Random LR/HR patch batches for training {@link buildSrNetwork}: each patch is taken at a uniformly
 * random position of an image chosen with probability proportional to its area, optionally
 * flipped/rotated (the 8-fold augmentation of Timofte et al. 2016, "Seven ways to improve example-based
 * single image super resolution"). Deterministic for a given `rng` state.
 * @param pairs - prepared images ({@link prepareSrPair}); each must be at least `patchSize` LR pixels on a side.
 * @throws RangeError for bad options, an empty list or an image smaller than the patch.
 */
export function createSrPatchSampler(pairs: readonly SrTrainingPair[], scale: SrScale, options: SrPatchSamplerOptions = {}): SrPatchSampler {
  assertSrScale(scale, 'createSrPatchSampler: scale');
  const { patchSize = 32, augment = true } = options;
  if (!Number.isInteger(patchSize) || patchSize < 4) throw new RangeError(`createSrPatchSampler: options.patchSize must be an integer ≥ 4, got ${String(patchSize)}`);
  if (typeof augment !== 'boolean') throw new TypeError(`createSrPatchSampler: options.augment must be a boolean, got ${String(augment)}`);
  if (!Array.isArray(pairs) || pairs.length === 0) throw new RangeError('createSrPatchSampler: pairs must be a non-empty array of prepared images');
  pairs.forEach((p, i) => {
    if (p.lrWidth < patchSize || p.lrHeight < patchSize) {
      throw new RangeError(`createSrPatchSampler: pairs[${i}] is ${p.lrWidth}×${p.lrHeight} LR pixels, smaller than options.patchSize = ${patchSize}`);
    }
  });
  const cumulative: number[] = [];
  let total = 0;
  for (const p of pairs) cumulative.push((total += (p.lrWidth - patchSize + 1) * (p.lrHeight - patchSize + 1)));
  const s = scale;
  const P = patchSize;
  const HP = P * s;
  return {
    scale,
    patchSize,
    pairs,
    sample(batchSize: number, rng: Rng): SrBatch {
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`SrPatchSampler.sample: batchSize must be a positive integer, got ${String(batchSize)}`);
      const x = new Float32Array(batchSize * P * P);
      const y = new Float32Array(batchSize * P * P * s * s);
      for (let n = 0; n < batchSize; n++) {
        const r = rng.next() * total;
        let k = 0;
        while ((cumulative[k] as number) <= r && k < pairs.length - 1) k++;
        const pair = pairs[k] as SrTrainingPair;
        const x0 = rng.nextInt(pair.lrWidth - P + 1);
        const y0 = rng.nextInt(pair.lrHeight - P + 1);
        const t = augment ? rng.nextInt(8) : 0;
        const W = pair.lrWidth * s;
        for (let yy = 0; yy < P; yy++) {
          for (let xx = 0; xx < P; xx++) {
            const [sy, sx] = dihedral(t, yy, xx, P);
            x[(n * P + yy) * P + xx] = pair.lrY[(y0 + sy) * pair.lrWidth + x0 + sx] as number;
          }
        }
        const base = n * P * P * s * s;
        for (let Y = 0; Y < HP; Y++) {
          for (let X = 0; X < HP; X++) {
            const [sy, sx] = dihedral(t, Y, X, HP);
            const v = pair.residual[(y0 * s + sy) * W + x0 * s + sx] as number;
            // space-to-depth, tf.depthToSpace 'NHWC' order: channel = i·s + j for the sub-pixel (i, j)
            const ly = Math.floor(Y / s);
            const lx = Math.floor(X / s);
            y[base + (ly * P + lx) * s * s + (Y - ly * s) * s + (X - lx * s)] = v;
          }
        }
      }
      return { x: tf.tensor4d(x, [batchSize, P, P, 1]), y: tf.tensor4d(y, [batchSize, P, P, s * s]) };
    },
  };
}
