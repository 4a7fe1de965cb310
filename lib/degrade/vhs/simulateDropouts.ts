import { checkFrame, num, poisson, resolveRng, strengthOf, type SeedOptions, type StrengthOptions } from './internal';
import { PAL_HEIGHT, PAL_SAMPLE_RATE_MHZ, PAL_WIDTH } from './palConstants';
import type { YuvFrame } from './YuvFrame';

/** Options of {@link simulateDropouts}. */
export interface DropoutOptions extends StrengthOptions, SeedOptions {
  /**
   * Visible (uncompensated) dropouts per field, for a raster covering a whole frame (scaled by the
   * fraction of the 720×576 picture the raster covers). Presets 0.2 / 0.5 / 1 / 10 for
   * SP / LP / EP / worn (notes §8, est.). Multiplied by `strength`.
   * @default 0.2
   */
  ratePerField?: number;
  /**
   * Median dropout length in µs (1 µs = 13.5 samples): counts rise as length falls to 1–2 µs [S34];
   * 10–50 µs also cited [S36]. Lengths are log-normal with this median and σ_ln = ln(max/median)/3,
   * clipped to [minLengthUs, maxLengthUs]. @default 2
   */
  medianLengthUs?: number;
  /** Shortest dropout in µs ("nothing below ≈0.5 µs" [S34]). @default 0.5 */
  minLengthUs?: number;
  /** Longest dropout in µs (tail to 50 µs, notes §8). @default 50 */
  maxLengthUs?: number;
  /** Fraction of dropouts that are white (the rest black) [S36, S37]. @default 0.7 */
  whiteFraction?: number;
  /** Length of the noisy recovery tail after each streak, in µs [S36, S37]. @default 1.5 */
  tailUs?: number;
  /**
   * Fraction of dropouts concealed by a dropout compensator, which repeats the previous line of the
   * field (64 µs earlier = two rows up) instead of showing a streak [S37]. @default 0
   */
  concealFraction?: number;
}

/**
 * Tape dropouts: oxide loss or debris lifts the tape off the head, the FM carrier vanishes and the
 * line shows a white or black horizontal streak, colourless, with a noisy tail [S34–S37]; or,
 * when concealed, a repeat of the previous line of the field. Each dropout lies on one row.
 * @throws TypeError / RangeError when the frame or an option is invalid.
 */
export function simulateDropouts(frame: YuvFrame, options: DropoutOptions = {}): YuvFrame {
  return dropoutsOf('simulateDropouts', frame, options, null);
}

/** One dropout drawn by {@link simulateDropouts}, in raster pixels of the frame it was applied to. */
export interface DropoutSegment {
  /** Raster row. */
  row: number;
  /** First sample of the streak. */
  x0: number;
  /** One past the last sample of the streak (the noisy tail follows up to `tailEnd`). */
  x1: number;
  /** One past the last sample of the recovery tail (= `x1` when concealed or without tail). */
  tailEnd: number;
  /** `'white'` / `'black'` streak, or `'concealed'` (the line two rows away was repeated). */
  kind: 'white' | 'black' | 'concealed';
}

/**
 * {@link simulateDropouts} that also returns where it put every dropout: the same frame, bit for
 * bit, for the same options and seed (the ground truth of dropout detection). The positions depend
 * only on the frame's size, scale, the options and the seed, not on the picture.
 * @throws TypeError / RangeError when the frame or an option is invalid.
 */
export function simulateDropoutsWithSegments(frame: YuvFrame, options: DropoutOptions = {}): { frame: YuvFrame; segments: DropoutSegment[] } {
  const segments: DropoutSegment[] = [];
  return { frame: dropoutsOf('simulateDropoutsWithSegments', frame, options, segments), segments };
}

function dropoutsOf(fn: string, frame: YuvFrame, options: DropoutOptions, segments: DropoutSegment[] | null): YuvFrame {
  checkFrame(fn, frame);
  const strength = strengthOf(fn, options);
  const ratePerField = num(fn, 'ratePerField', options.ratePerField ?? 0.2, 0, 1e5);
  const minLengthUs = num(fn, 'minLengthUs', options.minLengthUs ?? 0.5, 0.01, 64);
  const maxLengthUs = num(fn, 'maxLengthUs', options.maxLengthUs ?? 50, minLengthUs, 64);
  const medianLengthUs = num(fn, 'medianLengthUs', options.medianLengthUs ?? 2, minLengthUs, maxLengthUs);
  const whiteFraction = num(fn, 'whiteFraction', options.whiteFraction ?? 0.7, 0, 1);
  const tailUs = num(fn, 'tailUs', options.tailUs ?? 1.5, 0, 64);
  const concealFraction = num(fn, 'concealFraction', options.concealFraction ?? 0, 0, 1);
  const rng = resolveRng(fn, options);
  if (strength === 0 || ratePerField === 0) return { ...frame };
  const { width: w, height: h, scale } = frame;
  const area = (w * h) / (scale * scale) / (PAL_WIDTH * PAL_HEIGHT);
  const count = poisson(rng, 2 * ratePerField * strength * area);
  if (count === 0) return { ...frame };
  const y = frame.y.slice(), u = frame.u.slice(), v = frame.v.slice();
  const pxPerUs = PAL_SAMPLE_RATE_MHZ * scale;
  const sigmaLn = Math.log(maxLengthUs / medianLengthUs) / 3;
  for (let k = 0; k < count; k++) {
    const row = rng.nextInt(h);
    const lenUs = Math.min(maxLengthUs, Math.max(minLengthUs, medianLengthUs * Math.exp(sigmaLn * rng.nextNormal())));
    const len = Math.max(1, Math.round(lenUs * pxPerUs));
    const x0 = rng.nextInt(w);
    const x1 = Math.min(w, x0 + len);
    const o = row * w;
    if (rng.next() < concealFraction) {
      const src = (row >= 2 ? row - 2 : row + 2 < h ? row + 2 : row) * w;
      for (let x = x0; x < x1; x++) {
        y[o + x] = y[src + x];
        u[o + x] = u[src + x];
        v[o + x] = v[src + x];
      }
      if (segments !== null) segments.push({ row, x0, x1, tailEnd: x1, kind: 'concealed' });
      continue;
    }
    const level = rng.next() < whiteFraction ? 1 : 0;
    for (let x = x0; x < x1; x++) {
      y[o + x] = level + 0.04 * rng.nextNormal();
      u[o + x] = 0;
      v[o + x] = 0;
    }
    const tail = Math.round(tailUs * pxPerUs);
    if (segments !== null) segments.push({ row, x0, x1, tailEnd: Math.min(w, x1 + tail), kind: level === 1 ? 'white' : 'black' });
    for (let x = x1; x < Math.min(w, x1 + tail); x++) {
      const t = Math.exp((-3 * (x - x1)) / tail) * Math.min(1, Math.abs(0.7 + 0.5 * rng.nextNormal()));
      y[o + x] += t * (level - y[o + x]);
      u[o + x] *= 1 - t;
      v[o + x] *= 1 - t;
    }
  }
  return { ...frame, y, u, v };
}
