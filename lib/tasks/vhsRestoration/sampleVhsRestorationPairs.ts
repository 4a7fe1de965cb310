import { simulateVhs, VHS_PRESET_NAMES, type VhsPresetName } from '../../degrade/vhs';
import { assertImage, type Image } from '../../image';
import { createRng } from '../../random';

/** The classical chain whose output the residual net refines: degraded frame in, frame of the same size out. */
export type VhsChainFunction = (degraded: Image) => Image;

/** Options of {@link sampleVhsRestorationPairs}. */
export interface SampleVhsRestorationPairsOptions {
  /** Frames to simulate (photos in turn, presets in turn). @default photos.length */
  frames?: number;
  /** @default every preset */
  presets?: readonly VhsPresetName[];
  /** Largest crop of a photo (square px × lines). @default { width: 768, height: 576 } */
  maxSize?: { width: number; height: number };
  /** @default 0 */
  seed?: number;
}

/** Cached (chain output, clean) pairs, pixel-aligned, RGB. */
export interface VhsRestorationPairs {
  inputs: Image[];
  targets: Image[];
  presets: VhsPresetName[];
}

/**
 * Training pairs for the residual network after the classical chain: each frame is a crop of a clean
 * photo at its own scale (never enlarged), simulated whole by `simulateVhs` on a raster at native PAL
 * density covering the crop (so band, jitter and dropouts have their true statistics and position;
 * band at the top or bottom at random), then passed once through `chain` — the expensive part, so
 * the results are cached here and patches are cut from them by `trainVhsRestoration`.
 * @param photos - clean RGB photos (none of the test split).
 * @param chain - the classical restoration chain (e.g. `restoreVhsChain` without its learned stage).
 * @throws TypeError / RangeError naming the parameter.
 */
export function sampleVhsRestorationPairs(photos: readonly Image[], chain: VhsChainFunction, options: SampleVhsRestorationPairsOptions = {}): VhsRestorationPairs {
  const fn = 'sampleVhsRestorationPairs';
  if (!Array.isArray(photos) || photos.length === 0) throw new TypeError(`${fn}: photos must be a non-empty array of images`);
  photos.forEach((p, i) => assertImage(p, `${fn}: photos[${i}]`));
  if (typeof chain !== 'function') throw new TypeError(`${fn}: chain must be a function (image) => image`);
  const frames = options.frames ?? photos.length;
  const presets = options.presets ?? VHS_PRESET_NAMES;
  const maxSize = options.maxSize ?? { width: 768, height: 576 };
  if (!Number.isInteger(frames) || frames < 1) throw new RangeError(`${fn}: options.frames must be a positive integer, got ${String(frames)}`);
  if (!Array.isArray(presets) || presets.length === 0 || presets.some((p) => !VHS_PRESET_NAMES.includes(p))) throw new RangeError(`${fn}: options.presets must be preset names, got ${JSON.stringify(presets)}`);
  const rng = createRng(options.seed ?? 0);
  const out: VhsRestorationPairs = { inputs: [], targets: [], presets: [] };
  for (let f = 0; f < frames; f++) {
    const photo = photos[f % photos.length] as Image;
    if (photo.channels !== 3) throw new RangeError(`${fn}: photos[${f % photos.length}] must be RGB`);
    const preset = presets[f % presets.length] as VhsPresetName;
    const cw = Math.min(photo.width, maxSize.width);
    const ch = Math.min(photo.height, maxSize.height) & ~1;
    const x0 = rng.nextInt(photo.width - cw + 1), y0 = rng.nextInt(photo.height - ch + 1);
    const clean = new Float32Array(cw * ch * 3);
    for (let y = 0; y < ch; y++) clean.set(photo.data.subarray(((y0 + y) * photo.width + x0) * 3, ((y0 + y) * photo.width + x0 + cw) * 3), y * cw * 3);
    const target: Image = { data: clean, width: cw, height: ch, channels: 3 };
    const position = rng.next() < 0.5 ? 'top' : 'bottom';
    const { image } = simulateVhs(target, { preset, seed: rng.nextSeed(), raster: { width: Math.round((cw * 15) / 16), height: ch }, outputSize: 'input', fit: 'stretch', overrides: { headSwitching: { position } } });
    const restored = chain(image);
    assertImage(restored, `${fn}: chain output`);
    if (restored.width !== cw || restored.height !== ch || restored.channels !== 3) throw new RangeError(`${fn}: chain must return a ${cw}×${ch} RGB image, got ${restored.width}×${restored.height}×${restored.channels}`);
    out.inputs.push(restored);
    out.targets.push(target);
    out.presets.push(preset);
  }
  return out;
}
