import { assertImage, createImage, type Image } from '../../image';
import { createRng } from '../../random';
import { fromPalRaster } from './fromPalRaster';
import { num, oneOf } from './internal';
import { PAL_HEIGHT, PAL_WIDTH } from './palConstants';
import { VHS_EFFECT_ORDER, VHS_PRESET_NAMES, VHS_PRESETS, type VhsEffectName, type VhsEffectSettings, type VhsPresetName } from './presets';
import type { SourceRect } from './resample';
import { simulateChromaBandwidth } from './simulateChromaBandwidth';
import { simulateChromaBars } from './simulateChromaBars';
import { simulateChromaDelay } from './simulateChromaDelay';
import { simulateDropouts } from './simulateDropouts';
import { simulateGrain } from './simulateGrain';
import { simulateHeadSwitching } from './simulateHeadSwitching';
import { simulateInterlace } from './simulateInterlace';
import { simulateJpeg } from './simulateJpeg';
import { simulateLevels } from './simulateLevels';
import { simulateLumaBandwidth } from './simulateLumaBandwidth';
import { simulatePalDelayLine } from './simulatePalDelayLine';
import { simulatePosterise } from './simulatePosterise';
import { simulateRinging } from './simulateRinging';
import { simulateSnow } from './simulateSnow';
import { simulateTimebaseJitter } from './simulateTimebaseJitter';
import { simulateTrackingNoise } from './simulateTrackingNoise';
import { toPalRaster, type RasterFit } from './toPalRaster';
import { createYuvFrame, type YuvFrame } from './YuvFrame';

/** Per-effect changes to a preset: a partial parameter object, or `false` to switch the effect off. */
export type VhsOverrides = { [K in VhsEffectName]?: Partial<VhsEffectSettings[K]> | false };

/** Output size of {@link simulateVhs}. */
export type VhsOutputSize = 'square' | 'pal' | 'input';

/** Options of {@link simulateVhs}. */
export interface SimulateVhsOptions {
  /** Preset to start from (see {@link VHS_PRESETS}). @default 'SP' */
  preset?: VhsPresetName;
  /** Seed of the whole simulation; each effect gets its own child seed drawn in a fixed order, so
   * switching one effect off does not change the randomness of the others. @default 0 */
  seed?: number;
  /** Per-effect parameter changes, merged over the preset. @default {} */
  overrides?: VhsOverrides;
  /**
   * `'square'`: square pixels, (raster width × 16/15) / scale × height / scale — 768×576 for the
   * default raster; `'pal'`: the BT.601 raster at scale 1 — 720×576; `'input'`: the input's size,
   * pixel-aligned with it (requires `fit: 'stretch'`, the default then).
   * @default 'square'
   */
  outputSize?: VhsOutputSize;
  /**
   * The working raster. Default: the full PAL raster 720×576 at scale 1. `scale` (default 1) is the
   * density in raster pixels per BT.601 sample / per line, so `{width: 256, height: 256}` is a
   * training patch at native PAL density (fast; every per-pixel parameter as on a real capture),
   * while `{width: 360, height: 288, scale: 0.5}` is a whole frame at half resolution. Parameters
   * are physical and scale with it: px and µs × scale, MHz → cycles/pixel f/(13.5·scale), lines ×
   * scale, dropout rates × covered picture area, snow per covered PAL sample; noise σ are of the
   * band-limited noise and do not change.
   */
  raster?: { width: number; height: number; scale?: number };
  /** How the input is placed on the raster ({@link toPalRaster}). @default 'cover', or 'stretch' for outputSize 'input' */
  fit?: RasterFit;
}

/** One applied effect in a {@link VhsRecord}. */
export interface VhsEffectRecord {
  name: VhsEffectName;
  /** The parameters used (preset merged with overrides; strength 0 when switched off). */
  params: Record<string, unknown>;
  /** The child seed the effect drew from. */
  seed: number;
}

/** What {@link simulateVhs} did, enough to reproduce it. */
export interface VhsRecord {
  preset: VhsPresetName;
  seed: number;
  raster: { width: number; height: number; scale: number };
  /** Region of the input shown (input pixels): cut the clean target with it for aligned pairs. */
  crop: SourceRect;
  output: { width: number; height: number; channels: 1 | 3 };
  effects: VhsEffectRecord[];
}

/** Result of {@link simulateVhs}. */
export interface SimulateVhsResult {
  image: Image;
  record: VhsRecord;
}

/**
 * Simulates a PAL VHS recording, playback and digitisation of a still picture. Synchronous and
 * deterministic for a given seed.
 *
 * Pipeline (notes §8 stage order): input → {@link toPalRaster} (Y′UV, BT.601 raster, 16:15 pixels)
 * → interlace/field mismatch → luma and chroma bandwidth (record) → grain, snow, dropouts (tape)
 * → tracking noise, time-base jitter, head switching, ringing/peaking (playback) → PAL delay line,
 * chroma delay (decoder) → levels (over-exposure, saturation), pinking/greening bars (capture)
 * → {@link fromPalRaster} (RGB, output size) → posterisation, JPEG re-encoding (file).
 * Output channels = input channels (a grey input gives the luma of the result).
 *
 * @example
 * const { image, record } = simulateVhs(photo, { preset: 'LP', seed: 7, overrides: { headSwitching: { position: 'top' } } });
 * @throws TypeError / RangeError when the image or an option is invalid.
 */
export function simulateVhs(image: Image, options: SimulateVhsOptions = {}): SimulateVhsResult {
  const fn = 'simulateVhs';
  assertImage(image, `${fn}: image`);
  const preset = oneOf(fn, 'preset', options.preset ?? 'SP', VHS_PRESET_NAMES);
  const seed = options.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new TypeError(`${fn}: options.seed must be a finite number, got ${String(seed)}`);
  const outputSize = oneOf(fn, 'outputSize', options.outputSize ?? 'square', ['square', 'pal', 'input'] as const);
  const fit = oneOf(fn, 'fit', options.fit ?? (outputSize === 'input' ? 'stretch' : 'cover'), ['cover', 'stretch'] as const);
  if (outputSize === 'input' && fit !== 'stretch') {
    throw new RangeError(`${fn}: options.fit must be 'stretch' when outputSize is 'input' (a cropped raster cannot be returned at the input's size), got '${fit}'`);
  }
  const raster = options.raster ?? { width: PAL_WIDTH, height: PAL_HEIGHT };
  if (raster === null || typeof raster !== 'object') throw new TypeError(`${fn}: options.raster must be {width, height, scale?}, got ${String(raster)}`);
  const rw = num(fn, 'raster.width', raster.width, 8, 16384, true);
  const rh = num(fn, 'raster.height', raster.height, 8, 16384, true);
  const scale = num(fn, 'raster.scale', raster.scale ?? 1, 1e-3, 16);
  const settings = mergeSettings(fn, VHS_PRESETS[preset], options.overrides ?? {});

  validateSettings(settings);

  const master = createRng(seed);
  const seeds = {} as Record<VhsEffectName, number>;
  for (const name of VHS_EFFECT_ORDER) seeds[name] = master.nextSeed();

  const { frame: start, crop } = toPalRaster(image, { width: rw, height: rh, scale, fit });
  let f: YuvFrame = start;
  const s = settings;
  f = simulateInterlace(f, s.interlace);
  f = simulateLumaBandwidth(f, s.lumaBandwidth);
  f = simulateChromaBandwidth(f, s.chromaBandwidth);
  f = simulateGrain(f, { ...s.grain, seed: seeds.grain });
  f = simulateSnow(f, { ...s.snow, seed: seeds.snow });
  f = simulateDropouts(f, { ...s.dropouts, seed: seeds.dropouts });
  f = simulateTrackingNoise(f, { ...s.trackingNoise, seed: seeds.trackingNoise });
  f = simulateTimebaseJitter(f, { ...s.timebase, seed: seeds.timebase });
  f = simulateHeadSwitching(f, { ...s.headSwitching, seed: seeds.headSwitching });
  f = simulateRinging(f, s.ringing);
  f = simulatePalDelayLine(f, s.palDelayLine);
  f = simulateChromaDelay(f, s.chromaDelay);
  f = simulateLevels(f, s.levels);
  f = simulateChromaBars(f, { ...s.chromaBars, seed: seeds.chromaBars });
  const size = outputSize === 'input' ? { width: image.width, height: image.height } : outputSize;
  let out = fromPalRaster(f, { size, channels: image.channels });
  out = simulatePosterise(out, s.posterise);
  out = simulateJpeg(out, s.jpeg);

  const effects: VhsEffectRecord[] = VHS_EFFECT_ORDER.map((name) => ({
    name,
    params: { ...(settings[name] as Record<string, unknown>) },
    seed: seeds[name],
  }));
  return {
    image: out,
    record: {
      preset,
      seed,
      raster: { width: rw, height: rh, scale },
      crop,
      output: { width: out.width, height: out.height, channels: out.channels },
      effects,
    },
  };
}

/** Runs every effect once on a tiny frame so that a bad parameter throws before any real work. */
function validateSettings(s: VhsEffectSettings): void {
  const f = createYuvFrame(8, 8, 1);
  simulateInterlace(f, s.interlace);
  simulateLumaBandwidth(f, s.lumaBandwidth);
  simulateChromaBandwidth(f, s.chromaBandwidth);
  simulateGrain(f, s.grain);
  simulateSnow(f, s.snow);
  simulateDropouts(f, s.dropouts);
  simulateTrackingNoise(f, s.trackingNoise);
  simulateTimebaseJitter(f, s.timebase);
  simulateHeadSwitching(f, s.headSwitching);
  simulateRinging(f, s.ringing);
  simulatePalDelayLine(f, s.palDelayLine);
  simulateChromaDelay(f, s.chromaDelay);
  simulateLevels(f, s.levels);
  simulateChromaBars(f, s.chromaBars);
  const img = createImage(8, 8, 3);
  simulatePosterise(img, s.posterise);
  simulateJpeg(img, s.jpeg);
}

function mergeSettings(fn: string, base: Readonly<VhsEffectSettings>, overrides: VhsOverrides): VhsEffectSettings {
  if (overrides === null || typeof overrides !== 'object') throw new TypeError(`${fn}: options.overrides must be an object, got ${String(overrides)}`);
  const merged = {} as Record<VhsEffectName, Record<string, unknown>>;
  for (const name of VHS_EFFECT_ORDER) merged[name] = { ...(base[name] as Record<string, unknown>) };
  for (const key of Object.keys(overrides)) {
    if (!(VHS_EFFECT_ORDER as readonly string[]).includes(key)) {
      throw new RangeError(`${fn}: options.overrides.${key} is not an effect; allowed: ${VHS_EFFECT_ORDER.join(', ')}`);
    }
    const name = key as VhsEffectName;
    const o: unknown = overrides[name];
    if (o === undefined) continue;
    if (o === false) merged[name].strength = 0;
    else if (o !== null && typeof o === 'object') Object.assign(merged[name], o);
    else throw new TypeError(`${fn}: options.overrides.${name} must be an object of parameters or false, got ${String(o)}`);
  }
  // The merged objects are validated by each effect when it runs.
  return merged as unknown as VhsEffectSettings;
}
