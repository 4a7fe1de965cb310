import * as path from 'path';
import { cropImage } from '../../image/cropImage';
import { resolveDataset, listImageFiles } from '../../datasets';
import { simulateVhs, VHS_PRESET_NAMES, SQUARE_WIDTH, PAL_HEIGHT, type VhsPresetName, type VhsRecord, type VhsOverrides } from '../../degrade/vhs';
import { resizeImageArea, type Image } from '../../image';
import { readImage } from '../../io';
import { createRng } from '../../random';

/**
 * The mate-photos (file stems) that make the VHS **test** split. They are never used for training or
 * for tuning any choice of the restoration chain (the shipped pix2pix of `scripts/train/vhs-pix2pix.js`
 * did see every mate-photo, resized to ≤ 512 px, so its figures on this split are, if anything,
 * flattering to it). A fixed, hand-written list so that it does not depend on a shuffle implementation.
 */
export const VHS_TEST_PHOTOS: readonly string[] = ['Aqua', 'Blinds', 'Dune', 'FreshFlower', 'GreenMeadow', 'LadyBird', 'RainDrops', 'TwoWings'];

/**
 * The other four mate-photos: the **tuning** split, for choosing parameters (NLM h, unsharp amount,
 * thresholds) and as validation for learned parts. Disjoint from {@link VHS_TEST_PHOTOS}.
 */
export const VHS_TUNING_PHOTOS: readonly string[] = ['Garden', 'Storm', 'Wood', 'YellowFlower'];

/** Ground truth the simulator knows about one degraded frame, in pixels of the output frame. */
export interface VhsFrameTruth {
  /** Horizontal chroma lag behind luma, px at the frame's width (positive = colour to the right). */
  chromaDelayPx: number;
  /** Where the head-switching band was placed. */
  headSwitchingPosition: 'top' | 'bottom';
}

/** One preset's degraded version of a clean frame. */
export interface VhsDegradedFrame {
  preset: VhsPresetName;
  /** Seed given to {@link simulateVhs}. */
  seed: number;
  /** The overrides given to {@link simulateVhs} on top of the preset. */
  overrides: VhsOverrides;
  image: Image;
  record: VhsRecord;
  truth: VhsFrameTruth;
}

/** One clean frame of the split with its degraded versions. */
export interface VhsTestFrame {
  /** `<photo>#<crop>`, e.g. `Aqua#0`. */
  id: string;
  /** Source photo path. */
  source: string;
  /** Area-downscale factor applied to the photo (≥ 1: a photo is never enlarged). */
  downscale: number;
  /** Crop of the downscaled photo, in its pixels. */
  crop: { x: number; y: number; width: number; height: number };
  /** The clean 768×576 square-pixel target. */
  clean: Image;
  /** One entry per requested preset, in the order of `presets`. */
  degraded: VhsDegradedFrame[];
}

/** Options of {@link sampleVhsTestFrames}. */
export interface SampleVhsTestFramesOptions {
  /** `'test'` (the reported figures) or `'tuning'` (parameter choices). @default 'test' */
  split?: 'test' | 'tuning';
  /** Presets to degrade each frame with. @default every preset, digitised-clean … worn */
  presets?: readonly VhsPresetName[];
  /** Crops per photo (at seeded positions). @default 1 */
  cropsPerPhoto?: number;
  /** Use only the first `maxPhotos` photos of the split (smoke runs). @default all */
  maxPhotos?: number;
  /**
   * How much larger than the frame the downscaled photo is (each side), leaving room for the crops:
   * the photo is area-downscaled by min(W / (768·margin), H / (576·margin)), but never by less than 1.
   * @default 1.25
   */
  margin?: number;
  /** Seed of the crop positions and of the simulations (frame i, preset p gets seed + 100·i + p). @default 1900 */
  seed?: number;
  /**
   * Head-switching band placement: `'alternate'` puts it at the bottom on even frames and at the top
   * on odd frames (both occur on real tapes); or force one. @default 'alternate'
   */
  headSwitching?: 'alternate' | 'top' | 'bottom';
  /** Folder of the photos; default: the `mate-photos` dataset (mirror or cache). */
  dir?: string;
}

/**
 * The fixed, seeded VHS test (or tuning) split: clean 768×576 square-pixel frames cut from the
 * mate-photos (12 sharp photos, 1280–2560 px) by area downscaling and cropping — never enlarging —
 * and, for each preset, the frame degraded by {@link simulateVhs} (full PAL raster, pixel-aligned
 * with the clean frame) together with its record and ground truth. Same options, same frames.
 * @throws TypeError / RangeError for a bad option; Error when a listed photo is missing.
 */
export async function sampleVhsTestFrames(options: SampleVhsTestFramesOptions = {}): Promise<VhsTestFrame[]> {
  const fn = 'sampleVhsTestFrames';
  const split = options.split ?? 'test';
  if (split !== 'test' && split !== 'tuning') throw new RangeError(`${fn}: options.split must be 'test' or 'tuning', got ${String(split)}`);
  const presets = options.presets ?? VHS_PRESET_NAMES;
  if (!Array.isArray(presets) || presets.length === 0) throw new TypeError(`${fn}: options.presets must be a non-empty array of preset names`);
  for (const p of presets) if (!VHS_PRESET_NAMES.includes(p)) throw new RangeError(`${fn}: options.presets has '${String(p)}'; allowed: ${VHS_PRESET_NAMES.join(', ')}`);
  const cropsPerPhoto = options.cropsPerPhoto ?? 1;
  if (!Number.isInteger(cropsPerPhoto) || cropsPerPhoto < 1 || cropsPerPhoto > 16) throw new RangeError(`${fn}: options.cropsPerPhoto must be an integer in [1, 16], got ${String(cropsPerPhoto)}`);
  const names = split === 'test' ? VHS_TEST_PHOTOS : VHS_TUNING_PHOTOS;
  const maxPhotos = options.maxPhotos ?? names.length;
  if (!Number.isInteger(maxPhotos) || maxPhotos < 1) throw new RangeError(`${fn}: options.maxPhotos must be a positive integer, got ${String(maxPhotos)}`);
  const margin = options.margin ?? 1.25;
  if (typeof margin !== 'number' || !(margin >= 1 && margin <= 4)) throw new RangeError(`${fn}: options.margin must be in [1, 4], got ${String(margin)}`);
  const seed = options.seed ?? 1900;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new TypeError(`${fn}: options.seed must be a finite number, got ${String(seed)}`);
  const hsMode = options.headSwitching ?? 'alternate';
  if (hsMode !== 'alternate' && hsMode !== 'top' && hsMode !== 'bottom') throw new RangeError(`${fn}: options.headSwitching must be 'alternate', 'top' or 'bottom', got ${String(hsMode)}`);
  const dir = options.dir ?? (await resolveDataset('mate-photos')).dir;

  const files = listImageFiles(dir);
  const W = SQUARE_WIDTH, H = PAL_HEIGHT;
  const rng = createRng(seed);
  const frames: VhsTestFrame[] = [];
  for (const name of names.slice(0, maxPhotos)) {
    const file = files.find((f) => path.parse(f).name === name);
    if (file === undefined) throw new Error(`${fn}: photo '${name}' is missing from ${dir}`);
    const photo = await readImage(file, { channels: 3 });
    const downscale = Math.max(1, Math.min(photo.width / (W * margin), photo.height / (H * margin)));
    const sw = Math.round(photo.width / downscale), sh = Math.round(photo.height / downscale);
    if (sw < W || sh < H) throw new Error(`${fn}: photo '${name}' (${photo.width}×${photo.height}) is smaller than a ${W}×${H} frame; it would need enlarging`);
    const small = downscale === 1 ? photo : resizeImageArea(photo, sw, sh);
    for (let k = 0; k < cropsPerPhoto; k++) {
      const x = rng.nextInt(sw - W + 1), y = rng.nextInt(sh - H + 1);
      const clean = cropImage(small, x, y, W, H);
      const index = frames.length;
      const position: 'top' | 'bottom' = hsMode === 'alternate' ? (index % 2 === 0 ? 'bottom' : 'top') : hsMode;
      const degraded = presets.map((preset): VhsDegradedFrame => {
        const p = VHS_PRESET_NAMES.indexOf(preset);
        const s = seed + 100 * index + p;
        const overrides: VhsOverrides = { headSwitching: { position } };
        const { image, record } = simulateVhs(clean, { preset, seed: s, overrides });
        return { preset, seed: s, overrides, image, record, truth: truthOf(record, W, position) };
      });
      frames.push({ id: `${name}#${k}`, source: file, downscale, crop: { x, y, width: W, height: H }, clean, degraded });
    }
  }
  return frames;
}

/** The chroma delay the simulator applied, converted from PAL samples to output pixels. */
function truthOf(record: VhsRecord, outWidth: number, position: 'top' | 'bottom'): VhsFrameTruth {
  const cd = record.effects.find((e) => e.name === 'chromaDelay');
  const params = (cd?.params ?? {}) as { shiftPx?: number; strength?: number };
  const rasterPx = (params.shiftPx ?? 0) * (params.strength ?? 1) * record.raster.scale;
  // The raster is resampled to the output width.
  const chromaDelayPx = rasterPx * (outWidth / record.raster.width);
  return { chromaDelayPx, headSwitchingPosition: position };
}

