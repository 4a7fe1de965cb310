import { simulateVhs, VHS_PRESET_NAMES, type VhsPresetName } from '../../degrade/vhs';
import { cropImage } from '../../image/cropImage';
import { assertImage, type Image } from '../../image';
import { createRng } from '../../random';
import { computeTrueLineShifts } from './computeTrueLineShifts';
import { extractLineWindows } from './extractLineWindows';

/** Options of {@link sampleLineShiftExamples}. */
export interface SampleLineShiftExamplesOptions {
  /** Frames to simulate (photos are taken in turn, presets in turn). @default 2 × photos */
  frames?: number;
  /** Presets, used in turn. @default every preset */
  presets?: readonly VhsPresetName[];
  /** Window lines (odd). @default 7 */
  lines?: number;
  /** Samples at each line end. @default 64 */
  columns?: number;
  /** Largest crop cut from a photo (square px × lines): a full PAL frame. @default { width: 768, height: 576 } */
  maxSize?: { width: number; height: number };
  /** Keep every `rowStep`-th eligible row (rows of a frame are strongly correlated). @default 1 */
  rowStep?: number;
  /** Seed of crops, presets' seeds and band placement. @default 0 */
  seed?: number;
}

/** Supervised examples for the line-shift regressor. */
export interface LineShiftExamples {
  /** `[count, lines, columns, 2]` windows ({@link extractLineWindows}). */
  x: Float32Array;
  /** True shift of each centre line, px of the degraded frame (square pixels). */
  y: Float32Array;
  /** Preset of each example. */
  preset: VhsPresetName[];
  count: number;
  lines: number;
  columns: number;
}

/**
 * Training data for the learned line-shift estimator, from the simulator's ground truth: each frame
 * is a crop of a clean photo at the photo's own scale (never enlarged: at most `maxSize`, at least
 * 64 px), degraded by `simulateVhs` on a raster at native PAL density that covers the crop exactly
 * (width × 15/16 samples, one line per row; `outputSize: 'input'`, so the degraded frame is
 * pixel-aligned with the crop), with the head-switching band at the top or the bottom at random.
 * Each row outside the band gives one example: its window and its true time-base shift
 * ({@link computeTrueLineShifts}). Deterministic for a given seed.
 * @param photos - clean RGB photos (none of the test split).
 * @throws TypeError / RangeError naming the parameter.
 */
export function sampleLineShiftExamples(photos: readonly Image[], options: SampleLineShiftExamplesOptions = {}): LineShiftExamples {
  const fn = 'sampleLineShiftExamples';
  if (!Array.isArray(photos) || photos.length === 0) throw new TypeError(`${fn}: photos must be a non-empty array of images`);
  photos.forEach((p, i) => assertImage(p, `${fn}: photos[${i}]`));
  const frames = options.frames ?? 2 * photos.length;
  const presets = options.presets ?? VHS_PRESET_NAMES;
  const lines = options.lines ?? 7;
  const columns = options.columns ?? 64;
  const maxSize = options.maxSize ?? { width: 768, height: 576 };
  const rowStep = options.rowStep ?? 1;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(frames) || frames < 1) throw new RangeError(`${fn}: options.frames must be a positive integer, got ${String(frames)}`);
  if (!Array.isArray(presets) || presets.length === 0 || presets.some((p) => !VHS_PRESET_NAMES.includes(p))) throw new RangeError(`${fn}: options.presets must be preset names (${VHS_PRESET_NAMES.join(', ')}), got ${JSON.stringify(presets)}`);
  if (!Number.isInteger(rowStep) || rowStep < 1) throw new RangeError(`${fn}: options.rowStep must be a positive integer, got ${String(rowStep)}`);
  if (!Number.isInteger(maxSize.width) || !Number.isInteger(maxSize.height) || maxSize.width < 64 || maxSize.height < 16) {
    throw new RangeError(`${fn}: options.maxSize must be integers ≥ 64 × 16, got ${JSON.stringify(maxSize)}`);
  }
  const rng = createRng(seed);
  const xs: Float32Array[] = [];
  const ys: number[] = [];
  const names: VhsPresetName[] = [];
  for (let f = 0; f < frames; f++) {
    const photo = photos[f % photos.length] as Image;
    const preset = presets[f % presets.length] as VhsPresetName;
    const cw = Math.min(photo.width, maxSize.width);
    const ch = Math.min(photo.height, maxSize.height) & ~1;
    if (cw < Math.max(64, columns) || ch < 16) throw new RangeError(`${fn}: photos[${f % photos.length}] is ${photo.width}×${photo.height}, too small for a frame`);
    const x0 = rng.nextInt(photo.width - cw + 1);
    const y0 = rng.nextInt(photo.height - ch + 1);
    const crop = cropImage(photo, x0, y0, cw, ch);
    const position = rng.next() < 0.5 ? 'top' : 'bottom';
    const raster = { width: Math.round((cw * 15) / 16), height: ch };
    const { image, record } = simulateVhs(crop, { preset, seed: rng.nextSeed(), raster, outputSize: 'input', fit: 'stretch', overrides: { headSwitching: { position } } });
    const truth = computeTrueLineShifts(record, image.width, image.height);
    const rows: number[] = [];
    for (let r = f % rowStep; r < ch; r += rowStep) if (truth.band[r] === 0) rows.push(r);
    xs.push(extractLineWindows(image, { lines, columns, rows }));
    for (const r of rows) {
      ys.push(truth.shifts[r] as number);
      names.push(preset);
    }
  }
  const per = lines * columns * 2;
  const x = new Float32Array(ys.length * per);
  let o = 0;
  for (const a of xs) {
    x.set(a, o);
    o += a.length;
  }
  return { x, y: Float32Array.from(ys), preset: names, count: ys.length, lines, columns };
}

