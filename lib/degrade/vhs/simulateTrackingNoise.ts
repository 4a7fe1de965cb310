import { checkFrame, fillNormal, linesToRows, num, resolveRng, shiftRowInto, smoothNoise, strengthOf, type SeedOptions, type StrengthOptions } from './internal';
import { drawSpeck } from './simulateSnow';
import type { YuvFrame } from './YuvFrame';

/** Options of {@link simulateTrackingNoise}. */
export interface TrackingNoiseOptions extends StrengthOptions, SeedOptions {
  /** Number of noise bands. Tracking errors show as noise bands; scratches → stationary, wrinkles → rolling [S33]. @default 1 */
  bands?: number;
  /** Height of each band in frame lines (ntsc-rs default 12 [S43 code]). @default 12 */
  heightLines?: number;
  /** Centre of the band as a fraction of the height (0 = top), or `'random'` (uniform). @default 'random' */
  position?: number | 'random';
  /** Peak horizontal displacement inside the band in PAL samples (ntsc-rs "wave" 15). @default 15 */
  shiftPx?: number;
  /** σ of the luma noise at the band centre on the [0, 1] scale (ntsc-rs 0.25). @default 0.25 */
  noise?: number;
  /** Snow specks per PAL sample at the band centre (ntsc-rs 0.025). @default 0.025 */
  snowDensity?: number;
  /** Fraction of chroma lost at the band centre (FM/colour-under carrier too weak; est.). @default 0.8 */
  chromaLoss?: number;
}

/**
 * Tracking-error noise bands: horizontal bands of rows where the head runs off the track, with a
 * bell-shaped profile p = sin(π·k/H) across the band: displacement up to `shiftPx`·p (a random
 * smooth wave), luma noise σ = `noise`·p, snow, chroma loss. Rows outside the bands are unchanged.
 * Parameters follow ntsc-rs `tracking_noise` defaults (notes §7), scaled: lines × scale rows, px × scale.
 * @throws TypeError / RangeError when the frame or an option is invalid.
 */
export function simulateTrackingNoise(frame: YuvFrame, options: TrackingNoiseOptions = {}): YuvFrame {
  const fn = 'simulateTrackingNoise';
  checkFrame(fn, frame);
  const strength = strengthOf(fn, options);
  const bands = num(fn, 'bands', options.bands ?? 1, 0, 100, true);
  const heightLines = num(fn, 'heightLines', options.heightLines ?? 12, 0, 1e5);
  const position = options.position ?? 'random';
  if (position !== 'random') num(fn, 'position', position, 0, 1);
  const shiftPx = num(fn, 'shiftPx', options.shiftPx ?? 15, -1e4, 1e4);
  const noise = num(fn, 'noise', options.noise ?? 0.25, 0, 10);
  const snowDensity = num(fn, 'snowDensity', options.snowDensity ?? 0.025, 0, 1);
  const chromaLoss = num(fn, 'chromaLoss', options.chromaLoss ?? 0.8, 0, 1);
  const rng = resolveRng(fn, options);
  const { width: w, height: h, scale } = frame;
  const rows = Math.min(h, linesToRows(heightLines, scale));
  if (strength === 0 || bands === 0 || rows === 0) return { ...frame };
  const y = frame.y.slice(), u = frame.u.slice(), v = frame.v.slice();
  const rowIn = new Float32Array(w), rowOut = new Float32Array(w), noiseRow = new Float32Array(w);
  for (let b = 0; b < bands; b++) {
    const centre = position === 'random' ? rng.next() : position;
    const top = Math.min(h - rows, Math.max(0, Math.round(centre * h - rows / 2)));
    const wave = smoothNoise(rng, rows, Math.max(1, rows / 6));
    for (let k = 0; k < rows; k++) {
      const r = top + k;
      const p = Math.sin((Math.PI * (k + 0.5)) / rows) * strength;
      const o = r * w;
      const shift = shiftPx * scale * p * wave[k];
      for (const plane of [y, u, v]) {
        rowIn.set(plane.subarray(o, o + w));
        shiftRowInto(rowIn, rowOut, w, 0, shift, null);
        plane.set(rowOut, o);
      }
      const sigma = noise * p;
      const keep = Math.max(0, 1 - chromaLoss * p);
      fillNormal(rng, noiseRow, sigma);
      for (let x = 0; x < w; x++) {
        y[o + x] += noiseRow[x];
        u[o + x] *= keep;
        v[o + x] *= keep;
      }
      const specks = Math.round((snowDensity * p * w) / scale);
      for (let s = 0; s < specks; s++) drawSpeck(rng, y, w, h, scale, 8, 64, 0.6, r);
    }
  }
  return { ...frame, y, u, v };
}
