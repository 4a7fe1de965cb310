import type * as tf from '@tensorflow/tfjs';
import { assertImage, type Image } from '../../image';
import { inRange, oneOf } from '../../validate';
import { applyVhsResidualNet } from './applyVhsResidualNet';
import { concealDropouts } from './concealDropouts';
import { correctChromaDelay } from './correctChromaDelay';
import { detectDropouts } from './detectDropouts';
import { detectHeadSwitchingBand } from './detectHeadSwitchingBand';
import { estimateChromaDelay } from './estimateChromaDelay';
import { lumaOf } from './lineShiftInternal';
import { predictLineShifts } from './predictLineShifts';
import { realignLines } from './realignLines';
import { repairHeadSwitchingBand } from './repairHeadSwitchingBand';
import { restoreAtRasterSize } from './restoreAtRasterSize';

/** The stages of {@link restoreVhsChain}, in the order they run (the reverse of the recording's). */
export const VHS_CHAIN_STAGES = ['lines', 'band', 'dropouts', 'chroma', 'residual'] as const;

/** One stage of {@link restoreVhsChain}. */
export type VhsChainStage = (typeof VHS_CHAIN_STAGES)[number];

/** The learned parts of the chain; a stage whose model is missing cannot be asked for. */
export interface VhsChainModels {
  /** The per-line shift regressor (`trainLineShiftEstimator`), for the `'lines'` stage. */
  lineShiftNet?: tf.LayersModel;
  /** The residual network (`trainVhsRestoration`), for the `'residual'` stage. */
  residualNet?: tf.LayersModel;
}

/** Options of {@link restoreVhsChain}. */
export interface RestoreVhsChainOptions {
  /** Stages to run (they always run in the chain's order). @default every stage */
  stages?: readonly VhsChainStage[];
  /**
   * The `'lines'` stage keeps the realigned frame only when it lowers the frame's same-field line
   * misfit (Σ of (row − mean of the rows 2 above and below)², luma, the quantity a time-base corrector
   * minimises) by at least this fraction. On a well-timed capture the regressor reads its own noise,
   * and on some textures (dense vertical stalks) it reads false shifts; both raise the misfit. On the
   * VHS tuning split the only frame that realignment harmed (−1.85 dB, digitised-clean) had a ratio
   * of 1.004, every frame it helped ≤ 0.9906. @default 0.005
   */
  minMisfitGain?: number;
  /** Geometry to restore at when the frame is neither 720×576 nor 768×576 (see `restoreAtRasterSize`). @default 'square' */
  raster?: 'square' | 'pal';
  /**
   * `true`: the frame's rows are picture lines whatever its size (a frame simulated on a raster of
   * its own height, as the training frames are), so it is restored as it is, never resampled.
   * @default false
   */
  rowsAreLines?: boolean;
}

/** What {@link restoreVhsChain} found and did. */
export interface VhsChainResult {
  image: Image;
  /** Milliseconds per stage that ran, in order, plus the resampling when there was one. */
  timings: { stage: VhsChainStage | 'resample'; ms: number }[];
  /** Whether the frame was resampled to 576 rows and back (its rows were not picture lines). */
  resampled: boolean;
  estimates: {
    /** RMS of the estimated line shifts outside the band, px at the restored width (`null`: stage not run). */
    lineShiftRms: number | null;
    /** Whether the realigned lines were kept (they lowered the line misfit by `minMisfitGain`). */
    realigned: boolean;
    /** The head-switching band found (rows at the restored size). */
    band: { position: 'top' | 'bottom' | 'none'; start: number; end: number } | null;
    /** Pixels concealed as dropouts. */
    dropoutPixels: number | null;
    /** Chroma lag corrected, px. */
    chromaDelayPx: number | null;
  };
}

/**
 * Restores a PAL VHS frame along the signal chain, undoing the damage in the reverse order of the
 * recording: (1) `lines` — a software time-base corrector: every line's horizontal displacement is
 * estimated from the picture by the learned regressor and undone with a Lanczos-3 resampler;
 * (2) `band` — the head-switching band at the top or bottom edge is found by its noise and concealed
 * from the nearest lines of the same field; (3) `dropouts` — streaks that stand out from the lines
 * above and below in the same field are found and filled along the local edge direction;
 * (4) `chroma` — the colour's lag behind luma is measured by edge cross-correlation and removed;
 * (5) `residual` — a compact convolutional network removes what the stages leave: tape noise,
 * chroma noise, ringing, JPEG blocks and some of the lost sharpness.
 *
 * The line stages need one row per picture line: a 720×576 or 768×576 frame is restored as it is;
 * any other size is resampled to 576 rows first and back afterwards (`restoreAtRasterSize`).
 * @param frame - RGB in [0, 1]; not modified.
 * @param models - the learned parts; `lines` needs `lineShiftNet`, `residual` needs `residualNet`.
 * @throws TypeError for a malformed frame; RangeError for a bad option or a stage without its model.
 */
export function restoreVhsChain(frame: Image, models: VhsChainModels, options: RestoreVhsChainOptions = {}): VhsChainResult {
  const fn = 'restoreVhsChain';
  assertImage(frame, `${fn}: frame`);
  if (frame.channels !== 3) throw new RangeError(`${fn}: frame must be RGB, got ${frame.channels} channel(s)`);
  if (models === null || typeof models !== 'object') throw new TypeError(`${fn}: models must be an object { lineShiftNet?, residualNet? }, got ${String(models)}`);
  const stages = options.stages ?? VHS_CHAIN_STAGES;
  if (!Array.isArray(stages)) throw new TypeError(`${fn}: options.stages must be an array of stage names`);
  for (const s of stages) oneOf(fn, 'options.stages[]', s, VHS_CHAIN_STAGES);
  if (stages.includes('lines') && models.lineShiftNet === undefined) throw new RangeError(`${fn}: the 'lines' stage needs models.lineShiftNet`);
  if (stages.includes('residual') && models.residualNet === undefined) throw new RangeError(`${fn}: the 'residual' stage needs models.residualNet`);
  const minGain = inRange(fn, 'options.minMisfitGain', options.minMisfitGain ?? 0.005, -1, 1);
  const raster = oneOf(fn, 'options.raster', options.raster ?? 'square', ['square', 'pal'] as const);

  const timings: VhsChainResult['timings'] = [];
  const estimates: VhsChainResult['estimates'] = { lineShiftRms: null, realigned: false, band: null, dropoutPixels: null, chromaDelayPx: null };
  const timed = <T>(stage: VhsChainStage, run: () => T): T => {
    const t0 = performance.now();
    const v = run();
    timings.push({ stage, ms: performance.now() - t0 });
    return v;
  };
  const has = (s: VhsChainStage): boolean => stages.includes(s);
  const t0 = performance.now();
  const rowsAreLines = options.rowsAreLines ?? false;
  if (typeof rowsAreLines !== 'boolean') throw new TypeError(`${fn}: options.rowsAreLines must be a boolean, got ${String(rowsAreLines)}`);
  // The band detector needs 6 × 24 rows; a smaller frame is resampled to 576 lines unless its rows are lines.
  if (rowsAreLines && (frame.height < 144 || frame.width < 64)) throw new RangeError(`${fn}: frame is ${frame.width}×${frame.height}; with options.rowsAreLines it must be at least 64×144`);
  const restore = (x: Image): Image => {
    let im = x;
    // The band is found on the input (its noise does not depend on the lines' alignment), so that
    // the line stage can leave its rows out of the shift statistics.
    const tBand = performance.now();
    const band = has('band') ? detectHeadSwitchingBand(im) : null;
    const bandDetectMs = performance.now() - tBand;
    if (has('lines')) {
      im = timed('lines', () => {
        const shifts = predictLineShifts(models.lineShiftNet as tf.LayersModel, im);
        let s2 = 0, n = 0;
        for (let r = 0; r < shifts.length; r++) {
          if (band !== null && r >= band.start && r < band.end) continue;
          s2 += (shifts[r] as number) ** 2;
          n++;
        }
        estimates.lineShiftRms = Math.sqrt(s2 / Math.max(1, n));
        const realigned = realignLines(im, shifts);
        estimates.realigned = lineMisfit(realigned) <= (1 - minGain) * lineMisfit(im);
        return estimates.realigned ? realigned : im;
      });
    }
    if (band !== null) {
      im = timed('band', () => repairHeadSwitchingBand(im, band));
      (timings[timings.length - 1] as { ms: number }).ms += bandDetectMs;
      estimates.band = { position: band.position, start: band.start, end: band.end };
    }
    if (has('dropouts')) {
      im = timed('dropouts', () => {
        const excludeRows = band !== null && band.end > band.start ? [{ start: band.start, end: band.end }] : [];
        const { mask } = detectDropouts(im, { excludeRows });
        let count = 0;
        for (let i = 0; i < mask.length; i++) count += mask[i] as number;
        estimates.dropoutPixels = count;
        return count > 0 ? concealDropouts(im, mask) : im;
      });
    }
    if (has('chroma')) {
      im = timed('chroma', () => {
        const d = estimateChromaDelay(im);
        estimates.chromaDelayPx = d;
        return d !== 0 ? correctChromaDelay(im, d) : im;
      });
    }
    if (has('residual')) im = timed('residual', () => applyVhsResidualNet(models.residualNet as tf.LayersModel, im));
    return im;
  };
  const result = rowsAreLines ? { image: restore(frame), resampled: false } : restoreAtRasterSize(frame, restore, { raster });
  if (result.resampled) timings.unshift({ stage: 'resample', ms: performance.now() - t0 - timings.reduce((s, t) => s + t.ms, 0) });
  return { image: result.image, timings, resampled: result.resampled, estimates };
}

/** Σ over rows 2 … h−3 and x 8 … w−9 of (Y′ − mean of the same-field rows above and below)². */
function lineMisfit(im: Image): number {
  const { width: w, height: h } = im;
  const y = lumaOf(im);
  let e = 0;
  for (let r = 2; r < h - 2; r++) {
    for (let x = 8; x < w - 8; x++) {
      const v = (y[r * w + x] as number) - 0.5 * ((y[(r - 2) * w + x] as number) + (y[(r + 2) * w + x] as number));
      e += v * v;
    }
  }
  return e;
}
