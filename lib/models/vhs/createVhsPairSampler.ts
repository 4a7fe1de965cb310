import * as tf from '@tensorflow/tfjs';
import { assertImage, type Image } from '../../image';
import { createRng, type Rng } from '../../random';
import { simulateVhs, VHS_PRESET_NAMES, type VhsPresetName, type VhsRecord } from '../../degrade/vhs';
import type { Pix2pixBatch } from '../../training/trainPix2pixStep';

/** Options of {@link createVhsPairSampler}. */
export interface VhsPairSamplerOptions {
  /** Side of the square training patches (pixels). @default 128 */
  patchSize?: number;
  /** Presets drawn per patch with these weights. @default { SP: 1 } */
  presets?: Partial<Record<VhsPresetName, number>>;
  /** Random horizontal flips of the clean patch (vertical flips would be unnatural photos). @default true */
  flip?: boolean;
}

/** One aligned training pair. */
export interface VhsPair {
  /** The clean patch (target). */
  clean: Image;
  /** Its simulated VHS capture, same size and pixel-aligned (input). */
  degraded: Image;
  record: VhsRecord;
}

/** Draws aligned (degraded, clean) pairs from clean photos; see {@link createVhsPairSampler}. */
export interface VhsPairSampler {
  /** One pair drawn with `rng`. */
  samplePair(rng: Rng): VhsPair;
  /** A batch `{inputs, targets}` of `[n, p, p, 3]` tensors in [-1, 1], drawn from `seed` (caller disposes). */
  sampleBatch(batchSize: number, seed: number): Pix2pixBatch;
}

/**
 * Training pairs generated on the fly: a random `patchSize` crop of a random clean photo (optionally
 * flipped), degraded by {@link simulateVhs} on a working raster at native PAL density — a p×p
 * square-pixel patch covers p·15/16 BT.601 samples × p lines, so every per-pixel parameter of the
 * simulator (jitter in samples, bandwidth in cycles/sample, grain correlation) is as on a real
 * 720×576 capture — and returned at the patch's size (`outputSize: 'input'`), pixel-aligned with it.
 * Seeded: the same seed gives the same pairs.
 * @param images - clean RGB photos, each at least `patchSize` on both sides.
 * @throws TypeError / RangeError naming the parameter for empty or too-small images and bad options.
 */
export function createVhsPairSampler(images: readonly Image[], options: VhsPairSamplerOptions = {}): VhsPairSampler {
  const fn = 'createVhsPairSampler';
  const { patchSize = 128, presets = { SP: 1 }, flip = true } = options;
  if (!Number.isInteger(patchSize) || patchSize < 16) throw new RangeError(`${fn}: options.patchSize must be an integer ≥ 16, got ${String(patchSize)}`);
  if (!Array.isArray(images) || images.length === 0) throw new TypeError(`${fn}: images must be a non-empty array of images`);
  images.forEach((im, i) => {
    assertImage(im, `${fn}: images[${i}]`);
    if (im.channels !== 3) throw new RangeError(`${fn}: images[${i}] must be RGB (3 channels), got ${im.channels}`);
    if (im.width < patchSize || im.height < patchSize) throw new RangeError(`${fn}: images[${i}] is ${im.width}×${im.height}, smaller than options.patchSize ${patchSize}`);
  });
  const names = Object.keys(presets) as VhsPresetName[];
  for (const n of names) {
    if (!(VHS_PRESET_NAMES as readonly string[]).includes(n)) throw new RangeError(`${fn}: options.presets has unknown preset '${n}'; allowed: ${VHS_PRESET_NAMES.join(', ')}`);
    const w = presets[n];
    if (typeof w !== 'number' || !(w >= 0)) throw new RangeError(`${fn}: options.presets.${n} must be a weight ≥ 0, got ${String(w)}`);
  }
  const total = names.reduce((s, n) => s + (presets[n] as number), 0);
  if (!(total > 0)) throw new RangeError(`${fn}: options.presets must have a positive total weight`);
  const raster = { width: Math.round((patchSize * 15) / 16), height: patchSize };

  const samplePair = (rng: Rng): VhsPair => {
    const im = images[rng.nextInt(images.length)] as Image;
    const x0 = rng.nextInt(im.width - patchSize + 1);
    const y0 = rng.nextInt(im.height - patchSize + 1);
    const mirror = flip && rng.next() < 0.5;
    const data = new Float32Array(patchSize * patchSize * 3);
    for (let y = 0; y < patchSize; y++) {
      for (let x = 0; x < patchSize; x++) {
        const sx = x0 + (mirror ? patchSize - 1 - x : x);
        const s = ((y0 + y) * im.width + sx) * 3;
        const d = (y * patchSize + x) * 3;
        data[d] = im.data[s] as number;
        data[d + 1] = im.data[s + 1] as number;
        data[d + 2] = im.data[s + 2] as number;
      }
    }
    const clean: Image = { data, width: patchSize, height: patchSize, channels: 3 };
    let u = rng.next() * total;
    let preset = names[names.length - 1] as VhsPresetName;
    for (const n of names) {
      u -= presets[n] as number;
      if (u < 0) {
        preset = n;
        break;
      }
    }
    const { image: degraded, record } = simulateVhs(clean, { preset, seed: rng.nextSeed(), raster, outputSize: 'input' });
    return { clean, degraded, record };
  };

  return {
    samplePair,
    sampleBatch(batchSize: number, seed: number): Pix2pixBatch {
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`sampleBatch: batchSize must be a positive integer, got ${String(batchSize)}`);
      const rng = createRng(seed);
      const pairs = Array.from({ length: batchSize }, () => samplePair(rng));
      return pairsToBatch(pairs);
    },
  };
}

/** Stacks pairs into `{inputs, targets}` tensors `[n, h, w, 3]` in [-1, 1] (the pix2pix range). */
export function pairsToBatch(pairs: readonly { clean: Image; degraded: Image }[]): Pix2pixBatch {
  if (pairs.length === 0) throw new RangeError('pairsToBatch: pairs must not be empty');
  const first = pairs[0] as { clean: Image };
  const { width: w, height: h, channels: c } = first.clean;
  const xs = new Float32Array(pairs.length * w * h * c);
  const ys = new Float32Array(pairs.length * w * h * c);
  pairs.forEach((p, i) => {
    if (p.clean.width !== w || p.clean.height !== h || p.degraded.width !== w || p.degraded.height !== h || p.degraded.channels !== c || p.clean.channels !== c) {
      throw new RangeError(`pairsToBatch: pair ${i} is not ${w}×${h}×${c} like the first`);
    }
    for (let k = 0; k < w * h * c; k++) {
      xs[i * w * h * c + k] = (p.degraded.data[k] as number) * 2 - 1;
      ys[i * w * h * c + k] = (p.clean.data[k] as number) * 2 - 1;
    }
  });
  return { inputs: tf.tensor4d(xs, [pairs.length, h, w, c]), targets: tf.tensor4d(ys, [pairs.length, h, w, c]) };
}
