import { checkFrame, fillNormal, linesToRows, num, oneOf, resolveRng, shiftRowInto, strengthOf, type SeedOptions, type StrengthOptions } from './internal';
import type { YuvFrame } from './YuvFrame';

/** Options of {@link simulateHeadSwitching}. */
export interface HeadSwitchingOptions extends StrengthOptions, SeedOptions {
  /**
   * Where the band is. `'bottom'`: physically, the head switch is ≈7 lines (≈450 µs) before field
   * sync, i.e. the last active lines, normally hidden by overscan [S24]. `'top'`: as seen in the
   * brief's captures, from top flagging, a moved switch point (vhs-decode users move it [S32]), or a
   * capture window/field offset wrapping lines (notes §4, est.).
   * @default 'bottom'
   */
  position?: 'bottom' | 'top';
  /**
   * Height of the band in lines per field (so 2× in the interlaced frame, × scale rows); presets
   * 5 / 6 / 7 / 8 for SP / LP / EP / worn (notes §8; ≈8–14 rows of 576, est.).
   * @default 5
   */
  linesPerField?: number;
  /**
   * Horizontal skew at the outermost line in PAL samples (signed, positive = right); the shift grows
   * as ((k + 1)/n)^1.5 from the switch line towards the frame edge. Presets 6 / 10 / 14 / 30
   * (notes §8, est.; ntsc-rs shifts 72 px at its default).
   * @default 6
   */
  shiftPx?: number;
  /** σ of the extra per-line random skew in PAL samples. @default 1 */
  skewJitterPx?: number;
  /** σ of the luma noise inside the band on the [0, 1] scale. @default 0.04 */
  noise?: number;
  /**
   * Where the switch happens on the first torn line, as a fraction of the line (ntsc-rs 0.95 of the
   * width, jitter 0.03 [S43 code]); that line is torn from this point on, with a bright noisy glitch.
   * @default 0.95
   */
  switchStart?: number;
}

/**
 * Head-switching band: the lines after the video-head switch are displaced horizontally (skew that
 * grows towards the frame edge), noisy, and the first torn line carries a bright glitch from the
 * switch point on; exposed samples are black (blanking). Only the rows of the band change.
 * @throws TypeError / RangeError when the frame or an option is invalid.
 */
export function simulateHeadSwitching(frame: YuvFrame, options: HeadSwitchingOptions = {}): YuvFrame {
  return headSwitchingOf('simulateHeadSwitching', frame, options, null);
}

/** Where {@link simulateHeadSwitching} put the band, in raster rows and pixels of its frame. */
export interface HeadSwitchingBand {
  position: 'bottom' | 'top';
  /** First row of the band (inclusive); `start === end` when there is no band. */
  start: number;
  /** One past the last row of the band. */
  end: number;
  /** Horizontal shift of each band row (raster px, positive = right), index 0 = row `start`. */
  shifts: Float32Array;
  /** Column from which the first torn line (the one next to the picture) is torn. */
  switchX: number;
}

/**
 * {@link simulateHeadSwitching} that also returns the band it drew: the same frame, bit for bit,
 * for the same options and seed (the ground truth of band detection). Rows, shifts and switch point
 * depend only on the frame's size, scale, the options and the seed, not on the picture.
 * @throws TypeError / RangeError when the frame or an option is invalid.
 */
export function simulateHeadSwitchingWithBand(frame: YuvFrame, options: HeadSwitchingOptions = {}): { frame: YuvFrame; band: HeadSwitchingBand } {
  const band: HeadSwitchingBand = { position: 'bottom', start: 0, end: 0, shifts: new Float32Array(0), switchX: 0 };
  return { frame: headSwitchingOf('simulateHeadSwitchingWithBand', frame, options, band), band };
}

function headSwitchingOf(fn: string, frame: YuvFrame, options: HeadSwitchingOptions, band: HeadSwitchingBand | null): YuvFrame {
  checkFrame(fn, frame);
  const strength = strengthOf(fn, options);
  const position = oneOf(fn, 'position', options.position ?? 'bottom', ['bottom', 'top'] as const);
  const linesPerField = num(fn, 'linesPerField', options.linesPerField ?? 5, 0, 1e4);
  const shiftPx = num(fn, 'shiftPx', options.shiftPx ?? 6, -1e4, 1e4);
  const skewJitterPx = num(fn, 'skewJitterPx', options.skewJitterPx ?? 1, 0, 1e4);
  const noise = num(fn, 'noise', options.noise ?? 0.04, 0, 10);
  const switchStart = num(fn, 'switchStart', options.switchStart ?? 0.95, 0, 1);
  const rng = resolveRng(fn, options);
  const { width: w, height: h, scale } = frame;
  const n = Math.min(h, linesToRows(2 * linesPerField, scale));
  if (band !== null) {
    band.position = position;
    band.start = band.end = position === 'bottom' ? h : 0;
    band.switchX = w;
  }
  if (strength === 0 || n === 0) return { ...frame };
  const y = frame.y.slice(), u = frame.u.slice(), v = frame.v.slice();
  const rowIn = new Float32Array(w), rowOut = new Float32Array(w), noiseRow = new Float32Array(w);
  const xs = Math.min(w, Math.max(0, Math.round((switchStart + 0.03 * rng.nextNormal()) * w)));
  if (band !== null) {
    band.start = position === 'bottom' ? h - n : 0;
    band.end = position === 'bottom' ? h : n;
    band.shifts = new Float32Array(n);
    band.switchX = xs;
  }
  for (let k = 0; k < n; k++) {
    // k = 0 is the line right after the switch, n − 1 the outermost line of the frame.
    const r = position === 'bottom' ? h - n + k : n - 1 - k;
    const o = r * w;
    const shift = strength * scale * (shiftPx * Math.pow((k + 1) / n, 1.5) + skewJitterPx * rng.nextNormal());
    if (band !== null) band.shifts[r - band.start] = shift;
    for (const plane of [y, u, v]) {
      rowIn.set(plane.subarray(o, o + w));
      shiftRowInto(rowIn, rowOut, w, 0, shift, 0);
      if (k === 0) plane.set(rowOut.subarray(xs), o + xs);
      else plane.set(rowOut, o);
    }
    const sigma = strength * noise;
    fillNormal(rng, noiseRow, sigma);
    for (let x = 0; x < w; x++) y[o + x] += noiseRow[x];
    if (k === 0) {
      for (let x = xs; x < w; x++) {
        y[o + x] += strength * (0.5 + 0.3 * rng.nextNormal()) * Math.exp((-3 * (x - xs)) / Math.max(1, w - xs));
      }
    }
  }
  return { ...frame, y, u, v };
}
