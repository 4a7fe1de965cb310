import { checkFrame, num, oneOf, resolveRng, strengthOf, type SeedOptions, type StrengthOptions } from './internal';
import type { YuvFrame } from './YuvFrame';

/** Colour of a chroma bar: `'pink'` (magenta) or `'green'`. */
export type ChromaBarColour = 'pink' | 'green';

/** Options of {@link simulateChromaBars}. */
export interface ChromaBarsOptions extends StrengthOptions, SeedOptions {
  /** Probability that the frame gets a bar at all (drawn from the seed). @default 1 */
  probability?: number;
  /** `'pink'`, `'green'` or `'random'` (equal odds). @default 'random' */
  colour?: ChromaBarColour | 'random';
  /** Height of the bar as a fraction of the frame height (the reference crops show ≈20 %). @default 0.2 */
  heightFraction?: number;
  /** Top edge of the bar as a fraction of the height, `'top'` (0) or `'random'`. @default 'top' */
  position?: number | 'top' | 'random';
  /**
   * How far U and V are pulled to the extreme inside the bar (0…1, × strength); luma is kept.
   * @default 0.7
   */
  opacity?: number;
  /** Soft edge of the bar in picture lines (linear ramp, × scale rows). @default 2 */
  edgeLines?: number;
}

/** U, V of 8-bit Cb = Cr = 0 (decodes green) and 255 (magenta): (byte − 128)/224 × 0.8736 / 1.2296. */
const EXTREMES: Record<ChromaBarColour, { u: number; v: number }> = {
  green: { u: (-128 / 224) * 0.8736, v: (-128 / 224) * 1.2296 },
  pink: { u: (127 / 224) * 0.8736, v: (127 / 224) * 1.2296 },
};

/**
 * Pinking / greening bars seen in digitised tapes: a horizontal band of rows whose chroma planes
 * are damaged — Cb/Cr ≈ 0 decodes green, both maximal decode magenta [S41, S42; inverse S10]
 * (the most likely cause, notes §6; analog barber-poling [S39] looks similar). Luma is untouched;
 * U and V are blended towards the extreme by `opacity`, with a soft edge.
 * @throws TypeError / RangeError when the frame or an option is invalid.
 */
export function simulateChromaBars(frame: YuvFrame, options: ChromaBarsOptions = {}): YuvFrame {
  const fn = 'simulateChromaBars';
  checkFrame(fn, frame);
  const strength = strengthOf(fn, options);
  const probability = num(fn, 'probability', options.probability ?? 1, 0, 1);
  const colourOpt = oneOf(fn, 'colour', options.colour ?? 'random', ['pink', 'green', 'random'] as const);
  const heightFraction = num(fn, 'heightFraction', options.heightFraction ?? 0.2, 0, 1);
  const position = options.position ?? 'top';
  if (position !== 'top' && position !== 'random') num(fn, 'position', position, 0, 1);
  const opacity = num(fn, 'opacity', options.opacity ?? 0.7, 0, 1);
  const edgeLines = num(fn, 'edgeLines', options.edgeLines ?? 2, 0, 1e4);
  const rng = resolveRng(fn, options);
  const occurs = rng.next() < probability;
  const colour: ChromaBarColour = colourOpt === 'random' ? (rng.next() < 0.5 ? 'pink' : 'green') : colourOpt;
  const startFrac = position === 'top' ? 0 : position === 'random' ? rng.next() * (1 - heightFraction) : position;
  const a = Math.min(1, opacity * strength);
  const { width: w, height: h, scale } = frame;
  const top = Math.round(startFrac * h);
  const bottom = Math.min(h, top + Math.round(heightFraction * h));
  if (!occurs || a === 0 || bottom <= top) return { ...frame };
  const u = frame.u.slice(), v = frame.v.slice();
  const ext = EXTREMES[colour];
  const edge = edgeLines * scale;
  for (let r = top; r < bottom; r++) {
    const d = Math.min(r - top + 1, bottom - r);
    const t = a * (edge > 0 ? Math.min(1, d / edge) : 1);
    for (let i = r * w; i < (r + 1) * w; i++) {
      u[i] += t * (ext.u - u[i]);
      v[i] += t * (ext.v - v[i]);
    }
  }
  return { ...frame, u, v };
}
