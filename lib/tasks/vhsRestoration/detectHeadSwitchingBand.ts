import { assertImage, type Image } from '../../image';
import { inRange, oneOf, positiveInt } from '../../validate';
import { median } from './lineRepairInternal';
import { lumaOf } from './lineShiftInternal';

/** Options of {@link detectHeadSwitchingBand}. */
export interface DetectHeadSwitchingBandOptions {
  /** Where to look: `'auto'` tries both frame edges and keeps the one with the longer band. @default 'auto' */
  position?: 'auto' | 'top' | 'bottom';
  /** Rows examined at each edge (a PAL band is 5–8 lines per field: 10–16 frame rows). @default 24 */
  maxRows?: number;
  /**
   * A row belongs to the band when its noise is at least this many times the typical row noise of
   * the picture next to it (the median over the `2 × maxRows` rows inside the examined zone). @default 2.5
   */
  noiseRatio?: number;
  /** Shortest band kept, rows; a shorter run at an edge is a picture feature. @default 3 */
  minRows?: number;
}

/** Result of {@link detectHeadSwitchingBand}. */
export interface HeadSwitchingBandRows {
  /** The edge where a band was found, or `'none'`. */
  position: 'top' | 'bottom' | 'none';
  /** First row of the band (inclusive) and one past its last; `start === end` when none. */
  start: number;
  end: number;
  /** Noise of every examined row divided by the typical row noise of the picture next to its zone (0 for rows not examined). */
  ratio: Float32Array;
}

/**
 * Finds the head-switching band at the top or bottom edge of a frame from the picture alone. After
 * the video-head switch the lines are torn sideways and, read by a head leaving or entering the tape,
 * far noisier than the picture above them: each row's noise is measured as the median absolute
 * second difference of luma along the row (robust to edges, which are few per row), and the band is
 * the run of rows from the edge whose noise is at least `noiseRatio` times the typical row noise.
 * The run may skip one quiet row. The band's innermost lines, barely torn, can stay below the
 * threshold on a busy picture; they are left in place (concealing them from lines further away
 * costs more than their small skew: −0.08 dB on a kodak24 LP frame), for the residual stage.
 * @param frame - a frame with one row per picture line, grey or RGB in [0, 1]; not modified.
 * @throws TypeError for a malformed image; RangeError for a bad option or a frame shorter than 6 × maxRows.
 */
export function detectHeadSwitchingBand(frame: Image, options: DetectHeadSwitchingBandOptions = {}): HeadSwitchingBandRows {
  const fn = 'detectHeadSwitchingBand';
  assertImage(frame, `${fn}: frame`);
  const position = oneOf(fn, 'options.position', options.position ?? 'auto', ['auto', 'top', 'bottom'] as const);
  const maxRows = positiveInt(fn, 'options.maxRows', options.maxRows ?? 24);
  const noiseRatio = inRange(fn, 'options.noiseRatio', options.noiseRatio ?? 2.5, 1, 1e3, { minExclusive: true });
  const minRows = positiveInt(fn, 'options.minRows', options.minRows ?? 3);
  const { width: w, height: h } = frame;
  if (h < 6 * maxRows) throw new RangeError(`${fn}: the frame has ${h} rows, fewer than 6 × options.maxRows = ${6 * maxRows}`);
  if (w < 16) throw new RangeError(`${fn}: the frame is ${w} px wide, narrower than 16`);
  const y = lumaOf(frame);
  const noise = new Float32Array(h);
  const row = new Float32Array(w - 2);
  for (let r = 0; r < h; r++) {
    const o = r * w;
    for (let x = 1; x < w - 1; x++) row[x - 1] = Math.abs((y[o + x - 1] as number) - 2 * (y[o + x] as number) + (y[o + x + 1] as number));
    noise[r] = median(row);
  }
  // The reference is the picture next to each zone: texture changes across a frame, and a busy
  // picture has a higher second-difference level everywhere.
  const topRef = Math.max(1e-4, median(noise.slice(maxRows, 3 * maxRows)));
  const bottomRef = Math.max(1e-4, median(noise.slice(h - 3 * maxRows, h - maxRows)));
  const ratio = new Float32Array(h);
  for (let k = 0; k < maxRows; k++) {
    ratio[k] = (noise[k] as number) / topRef;
    ratio[h - 1 - k] = (noise[h - 1 - k] as number) / bottomRef;
  }
  let best: HeadSwitchingBandRows = { position: 'none', start: 0, end: 0, ratio };
  let bestRows = 0;
  const sides: ('top' | 'bottom')[] = position === 'auto' ? ['bottom', 'top'] : [position];
  for (const side of sides) {
    let n = 0, quiet = 0;
    for (let k = 0; k < maxRows; k++) {
      const v = ratio[side === 'bottom' ? h - 1 - k : k] as number;
      if (v >= noiseRatio) {
        n = k + 1;
        quiet = 0;
      } else if (++quiet > 1) break;
    }
    if (n < minRows || n <= bestRows) continue;
    bestRows = n;
    best = side === 'bottom' ? { position: side, start: h - n, end: h, ratio } : { position: side, start: 0, end: n, ratio };
  }
  return best;
}
