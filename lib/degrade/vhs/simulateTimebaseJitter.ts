import { checkFrame, clippedNormal, num, oneOf, resolveRng, shiftRowInto, smoothNoise, strengthOf, type SeedOptions, type StrengthOptions } from './internal';
import type { YuvFrame } from './YuvFrame';

/** Options of {@link simulateTimebaseJitter} and {@link computeTimebaseShifts}. */
export interface TimebaseJitterOptions extends StrengthOptions, SeedOptions {
  /**
   * σ of the independent per-line shift in PAL samples (1 px = 74 ns): the residual after the capture
   * card's line PLL, ≈0.2–1.5 px (notes §4, est.); presets 0.2 / 0.4 / 0.7 / 1.5. Draws are clipped
   * at ±`jitterLimit`·σ so shifts are bounded.
   * @default 0.2
   */
  jitterPx?: number;
  /** Clip of the per-line jitter in units of σ. @default 3 */
  jitterLimit?: number;
  /**
   * Peak amplitude of the "edge wave" in PAL samples: a slow random wander of the line start
   * (smoothed noise over successive lines in time order, field after field, rescaled so that its
   * largest |value| equals this) [S43 ntsc-rs edge_wave]; presets 0.5 / 1 / 1.5 / 3 (notes §8, est.).
   * @default 0.5
   */
  edgeWavePx?: number;
  /**
   * Typical period of the edge wave in field lines (20–60, notes §8); the smoothing Gaussian has
   * σ = period/4 lines. @default 40
   */
  edgeWavePeriodLines?: number;
  /**
   * Top flagging/skew: shift at the first line of each field in PAL samples (signed, positive =
   * right), decaying quadratically to 0 over the top `flaggingFraction` of the field — the head
   * entering the tape stretches it, so the first 10–20 % of lines vary most [S30, S31]; presets
   * 1 / 3 / 4 / 10 (notes §8, est.).
   * @default 1
   */
  flaggingPx?: number;
  /** Fraction of each field affected by flagging. @default 0.15 */
  flaggingFraction?: number;
  /**
   * What enters at the line ends: `'black'` = blanking (Y′ = 0, no colour, as real captures show
   * ragged black left edges) or `'edge'` = the nearest sample. @default 'black'
   */
  fill?: 'black' | 'edge';
}

/**
 * The horizontal shift of every row, in raster pixels, that {@link simulateTimebaseJitter} applies
 * with the same options and seed: jitter + edge wave + top flagging, all × strength × scale.
 * |shift| ≤ (jitterLimit·jitterPx + |edgeWavePx| + |flaggingPx|)·strength·scale.
 * @throws RangeError when an option is invalid.
 */
export function computeTimebaseShifts(height: number, scale: number, options: TimebaseJitterOptions = {}): Float32Array {
  const fn = 'computeTimebaseShifts';
  num(fn, 'height', height, 1, 1e6, true);
  num(fn, 'scale', scale, 1e-3, 16);
  return shiftsOf(fn, height, scale, options);
}

function shiftsOf(fn: string, h: number, scale: number, options: TimebaseJitterOptions): Float32Array {
  const strength = strengthOf(fn, options);
  const jitterPx = num(fn, 'jitterPx', options.jitterPx ?? 0.2, 0, 1000);
  const jitterLimit = num(fn, 'jitterLimit', options.jitterLimit ?? 3, 0, 10);
  const edgeWavePx = num(fn, 'edgeWavePx', options.edgeWavePx ?? 0.5, -1000, 1000);
  const edgeWavePeriodLines = num(fn, 'edgeWavePeriodLines', options.edgeWavePeriodLines ?? 40, 1, 1e5);
  const flaggingPx = num(fn, 'flaggingPx', options.flaggingPx ?? 1, -1000, 1000);
  const flaggingFraction = num(fn, 'flaggingFraction', options.flaggingFraction ?? 0.15, 0, 1);
  const rng = resolveRng(fn, options);
  const shifts = new Float32Array(h);
  if (strength === 0) return shifts;
  const k = strength * scale;
  const fieldRows = Math.ceil(h / 2);
  let wave: Float32Array | null = null;
  if (edgeWavePx !== 0) {
    wave = smoothNoise(rng, 2 * fieldRows, (edgeWavePeriodLines / 4) * scale);
    let m = 0;
    for (let i = 0; i < wave.length; i++) m = Math.max(m, Math.abs(wave[i]));
    if (m > 0) for (let i = 0; i < wave.length; i++) wave[i] /= m;
  }
  const flagRows = flaggingFraction * (h / 2);
  for (let y = 0; y < h; y++) {
    const field = y & 1;
    const line = y >> 1;
    let s = jitterPx > 0 ? jitterPx * clippedNormal(rng, jitterLimit) : 0;
    if (wave !== null) s += edgeWavePx * wave[field * fieldRows + line];
    if (flaggingPx !== 0 && line < flagRows) {
      const d = 1 - line / flagRows;
      s += flaggingPx * d * d;
    }
    shifts[y] = s * k;
  }
  return shifts;
}

/**
 * Time-base errors of an un-corrected VCR playback: every line is shifted horizontally by per-line
 * jitter, a slow edge wave and top-of-field flagging (see {@link computeTimebaseShifts}); Y′, U and V
 * move together (same head, same timing). Sub-pixel shifts use linear interpolation.
 * @throws TypeError / RangeError when the frame or an option is invalid.
 */
export function simulateTimebaseJitter(frame: YuvFrame, options: TimebaseJitterOptions = {}): YuvFrame {
  const fn = 'simulateTimebaseJitter';
  checkFrame(fn, frame);
  const fill = oneOf(fn, 'fill', options.fill ?? 'black', ['black', 'edge'] as const);
  const shifts = shiftsOf(fn, frame.height, frame.scale, options);
  if (shifts.every((s) => s === 0)) return { ...frame };
  return shiftRows(frame, shifts, fill === 'black');
}

/** Shifts each row of all three planes by `shifts[row]` raster pixels. */
export function shiftRows(frame: YuvFrame, shifts: Float32Array, black: boolean): YuvFrame {
  const { width: w, height: h } = frame;
  const y = new Float32Array(w * h), u = new Float32Array(w * h), v = new Float32Array(w * h);
  for (let r = 0; r < h; r++) {
    shiftRowInto(frame.y, y, w, r, shifts[r], black ? 0 : null);
    shiftRowInto(frame.u, u, w, r, shifts[r], black ? 0 : null);
    shiftRowInto(frame.v, v, w, r, shifts[r], black ? 0 : null);
  }
  return { ...frame, y, u, v };
}
