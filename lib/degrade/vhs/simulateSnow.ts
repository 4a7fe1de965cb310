import type { Rng } from '../../random';
import { checkFrame, num, poisson, resolveRng, strengthOf, type SeedOptions, type StrengthOptions } from './internal';
import type { YuvFrame } from './YuvFrame';

/** Options of {@link simulateSnow}. */
export interface SnowOptions extends StrengthOptions, SeedOptions {
  /**
   * Expected specks per PAL sample (per 74 ns × 1 line cell); × 414 720 gives specks per frame.
   * ntsc-rs uses 0.00025 for its default noise [S43 code]; presets 0 / 1e-5 / 3e-5 / 6e-5 / 2.5e-4
   * (clean … worn, est.). Multiplied by `strength`.
   * @default 1e-5
   */
  density?: number;
  /** Shortest speck in PAL samples (ntsc-rs: 8–64 px). @default 8 */
  minLengthPx?: number;
  /** Longest speck in PAL samples. @default 64 */
  maxLengthPx?: number;
  /** Peak luma added by the brightest speck, on the [0, 1] scale. @default 0.6 */
  amplitude?: number;
}

/**
 * Snow: short bright horizontal specks with a decaying, noisy tail, from FM "sparkles" when the
 * carrier momentarily drops near the limiter threshold. Count ~ Poisson(density × PAL samples
 * covered by the raster = w·h/scale²); lengths log-uniform in [min, max]; each speck on one row.
 * Only luma changes.
 * @throws TypeError / RangeError when the frame or an option is invalid.
 */
export function simulateSnow(frame: YuvFrame, options: SnowOptions = {}): YuvFrame {
  const fn = 'simulateSnow';
  checkFrame(fn, frame);
  const strength = strengthOf(fn, options);
  const density = num(fn, 'density', options.density ?? 1e-5, 0, 1);
  const minLengthPx = num(fn, 'minLengthPx', options.minLengthPx ?? 8, 0.1, 1e4);
  const maxLengthPx = num(fn, 'maxLengthPx', options.maxLengthPx ?? 64, minLengthPx, 1e4);
  const amplitude = num(fn, 'amplitude', options.amplitude ?? 0.6, 0, 10);
  const rng = resolveRng(fn, options);
  if (strength === 0 || density === 0 || amplitude === 0) return { ...frame };
  const { width: w, height: h, scale } = frame;
  const count = poisson(rng, (strength * density * w * h) / (scale * scale));
  const y = frame.y.slice();
  for (let k = 0; k < count; k++) drawSpeck(rng, y, w, h, scale, minLengthPx, maxLengthPx, amplitude);
  return { ...frame, y };
}

/** Adds one decaying bright streak at a random place. Exported for the tracking-noise bands. */
export function drawSpeck(rng: Rng, y: Float32Array, w: number, h: number, scale: number, minLen: number, maxLen: number, amplitude: number, row?: number): void {
  const r = row ?? rng.nextInt(h);
  const x0 = rng.nextInt(w);
  const len = Math.max(1, minLen * Math.pow(maxLen / minLen, rng.next()) * scale);
  const a = amplitude * (0.5 + 0.5 * rng.next());
  const end = Math.min(w, x0 + Math.ceil(len));
  const o = r * w;
  for (let x = x0; x < end; x++) {
    const t = (x - x0) / len;
    y[o + x] += a * Math.exp(-3 * t) * (1 + 0.3 * rng.nextNormal());
  }
}
