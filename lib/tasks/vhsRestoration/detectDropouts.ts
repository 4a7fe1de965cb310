import { assertImage, type Image } from '../../image';
import { lumaPlane, median, numberOption } from './lineRepairInternal';

/** Options of {@link detectDropouts}. */
export interface DetectDropoutsOptions {
  /**
   * Row distance to the neighbouring lines of the same field: 2 for an interlaced frame with one row
   * per picture line (768×576, 720×576); 1 for a progressive or resampled frame. The other field is
   * another instant (16.7/20 ms away), so it is not trusted. @default 2
   */
  lineStep?: number;
  /** Strong threshold of the robust residual, in units of the frame's residual σ: a segment must reach it. @default 8 */
  threshold?: number;
  /** Weak threshold (hysteresis along the line): a segment extends while the residual stays above it with the same sign. @default 3 */
  lowThreshold?: number;
  /** Shortest segment kept, in px. @default 4 */
  minLength?: number;
  /** Largest slope (px per line pair) tried by the edge-directed prediction from the lines above and below. @default 2 */
  maxSlope?: number;
  /**
   * `true`: keep only segments that contain a flat plateau near white or black, as an FM dropout
   * does (the demodulator outputs its limit level, colourless); this rejects snow specks and picture
   * detail. `false`: keep every outlier segment. @default true
   */
  requirePlateau?: boolean;
  /** Luma distance to 1 (white) or 0 (black) that counts as the plateau level. @default 0.2 */
  plateauTolerance?: number;
  /** Shortest plateau run in px. @default 3 */
  minPlateau?: number;
  /** Smallest mean |residual| of a segment on the [0, 1] luma scale (weaker ones are invisible or picture detail). @default 0.12 */
  minContrast?: number;
  /**
   * `true`: reject a segment when a line of the other field next to it (r ± 1) shows the same
   * values — a thin horizontal picture feature, not a one-line dropout. Only a veto: where the other
   * field differs (motion), the same-field test decides alone. @default true
   */
  otherFieldVeto?: boolean;
  /**
   * The veto's tolerance, as a fraction of the segment's contrast: the segment is picture when its
   * mean |difference| to a line of the other field is below this × its contrast against its own field.
   * On textured pictures (kodak24 frames, rows as lines) 0.5 concealed picture detail (−0.94 dB on
   * digitised-clean, −0.28 at SP); 0.95 cut that to −0.007 and +0.018 while keeping recall on the VHS
   * tuning split (SP 0.85, EP 0.86). @default 0.95
   */
  otherFieldTolerance?: number;
  /** Px added to each side of every segment in the mask (resampling and JPEG spread the edges). @default 1 */
  dilate?: number;
  /** Rows to leave out (e.g. the head-switching band, whose lines are all outliers). @default [] */
  excludeRows?: readonly { start: number; end: number }[];
}

/** One detected dropout (row, columns [x0, x1) including the dilation). */
export interface DetectedDropout {
  row: number;
  x0: number;
  x1: number;
  /** `'white'` (residual above the prediction) or `'black'`. */
  kind: 'white' | 'black';
  /** Peak |residual| in σ units. */
  score: number;
}

/** Result of {@link detectDropouts}. */
export interface DetectDropoutsResult {
  /** 1 where a dropout was found, row-major h×w. */
  mask: Uint8Array;
  segments: DetectedDropout[];
  /** The robust σ of the line-prediction residual used as the unit of the thresholds ([0, 1] luma). */
  residualSigma: number;
}

/**
 * Finds tape-dropout streaks: horizontal segments of one line that are outliers against the
 * neighbouring lines of the same field. Each row is predicted from the lines `lineStep` above and
 * below along the direction (among ±`maxSlope`) where those two agree best, as edge-based line
 * averaging (ELA) deinterlacers do; the residual counts only where the row is off from **both**
 * neighbours in the same direction (so a horizontal edge between them is not an outlier); it is
 * scaled by its robust σ (1.4826 × median |residual| over the frame), median-filtered over 3 px and
 * thresholded with hysteresis along the line (seed ≥ `threshold`, grow while ≥ `lowThreshold`).
 * The detector reads luma only; rows without a same-field neighbour on one side use the two lines
 * on the other. Follows the idea of ld-decode's dropout detection, which compares the line against
 * its neighbours (here without the RF envelope, from the decoded picture alone).
 *
 * Tested through restoreVhsChain (lib/tasks/vhsRestoration/__tests__/restoreVhsChain.test.ts) and measured on the VHS test split (scripts/train/vhs-chain-evaluate.js).
 *
 * @param frame - the frame, grey or RGB, [0, 1]; not modified.
 * @throws TypeError / RangeError for a bad frame or option.
 */
export function detectDropouts(frame: Image, options: DetectDropoutsOptions = {}): DetectDropoutsResult {
  const fn = 'detectDropouts';
  assertImage(frame, `${fn}: frame`);
  const lineStep = numberOption(fn, 'lineStep', options.lineStep, 2, 1, 8, true);
  const threshold = numberOption(fn, 'threshold', options.threshold, 8, 0.1, 1e4);
  const lowThreshold = numberOption(fn, 'lowThreshold', options.lowThreshold, 3, 0, threshold);
  const minLength = numberOption(fn, 'minLength', options.minLength, 4, 1, 1e5, true);
  const maxSlope = numberOption(fn, 'maxSlope', options.maxSlope, 2, 0, 16, true);
  const requirePlateau = options.requirePlateau ?? true;
  if (typeof requirePlateau !== 'boolean') throw new TypeError(`${fn}: options.requirePlateau must be a boolean, got ${String(requirePlateau)}`);
  const plateauTolerance = numberOption(fn, 'plateauTolerance', options.plateauTolerance, 0.2, 0, 1);
  const minPlateau = numberOption(fn, 'minPlateau', options.minPlateau, 3, 1, 1e5, true);
  const minContrast = numberOption(fn, 'minContrast', options.minContrast, 0.12, 0, 1);
  const otherFieldVeto = options.otherFieldVeto ?? true;
  if (typeof otherFieldVeto !== 'boolean') throw new TypeError(`${fn}: options.otherFieldVeto must be a boolean, got ${String(otherFieldVeto)}`);
  const otherFieldTolerance = numberOption(fn, 'otherFieldTolerance', options.otherFieldTolerance, 0.95, 0, 1, false);
  const dilate = numberOption(fn, 'dilate', options.dilate, 1, 0, 64, true);
  const excludeRows = options.excludeRows ?? [];
  if (!Array.isArray(excludeRows)) throw new TypeError(`${fn}: options.excludeRows must be an array of {start, end}`);
  const { width: w, height: h } = frame;
  const skip = new Uint8Array(h);
  for (const r of excludeRows as readonly { start: number; end: number }[]) {
    if (r === null || typeof r !== 'object' || !Number.isInteger(r.start) || !Number.isInteger(r.end)) {
      throw new TypeError(`${fn}: options.excludeRows must hold {start, end} integer row ranges, got ${JSON.stringify(r)}`);
    }
    skip.fill(1, Math.max(0, r.start), Math.min(h, r.end));
  }
  const mask = new Uint8Array(w * h);
  const segments: DetectedDropout[] = [];
  if (h < lineStep + 1) return { mask, segments, residualSigma: 0 };

  const y = lumaPlane(frame);
  const residual = lineResiduals(y, w, h, lineStep, maxSlope);
  // Robust σ of the plain prediction error, from a subsample of rows (all of it on small frames).
  const sample: number[] = [];
  const rowStride = Math.max(1, Math.floor((w * h) / 200000));
  for (let r = 0; r < h; r += rowStride) for (let x = 0; x < w; x++) sample.push(Math.abs(residual.plain[r * w + x] as number));
  const sigma = Math.max(1 / 255, 1.4826 * median(sample));

  const s = new Float32Array(w);
  const score = new Float32Array(w);
  for (let r = 0; r < h; r++) {
    if (skip[r] === 1) continue;
    const o = r * w;
    for (let x = 0; x < w; x++) s[x] = (residual.robust[o + x] as number) / sigma;
    for (let x = 0; x < w; x++) score[x] = median3(s[x - 1 < 0 ? 0 : x - 1] as number, s[x] as number, s[x + 1 >= w ? w - 1 : x + 1] as number);
    let x = 0;
    while (x < w) {
      const v = score[x] as number;
      if (Math.abs(v) < threshold) { x++; continue; }
      const sign = v > 0 ? 1 : -1;
      let a = x, b = x + 1;
      while (a > 0 && (score[a - 1] as number) * sign >= lowThreshold) a--;
      while (b < w && (score[b] as number) * sign >= lowThreshold) b++;
      // Bridge gaps of ≤ 2 px to a following run of the same sign that reaches the weak threshold.
      for (;;) {
        let c = b;
        while (c < w && c < b + 3 && (score[c] as number) * sign < lowThreshold) c++;
        if (c >= w || c >= b + 3) break;
        b = c;
        while (b < w && (score[b] as number) * sign >= lowThreshold) b++;
      }
      let peak = 0;
      for (let i = a; i < b; i++) peak = Math.max(peak, (score[i] as number) * sign);
      const kind = sign > 0 ? 'white' : 'black';
      let contrast = 0;
      for (let i = a; i < b; i++) contrast += Math.abs(residual.robust[o + i] as number);
      contrast /= b - a;
      const keep = b - a >= minLength && contrast >= minContrast
        && (!requirePlateau || plateauRun(y, o, a, b, kind, plateauTolerance) >= minPlateau)
        && (!otherFieldVeto || lineStep < 2 || !sameAsOtherField(y, w, h, r, a, b, otherFieldTolerance * contrast));
      if (keep) {
        const x0 = Math.max(0, a - dilate), x1 = Math.min(w, b + dilate);
        mask.fill(1, o + x0, o + x1);
        segments.push({ row: r, x0, x1, kind, score: peak });
      }
      x = b;
    }
  }
  return { mask, segments, residualSigma: sigma };
}

/** Whether row r ± 1 matches row r over [a, b) within `tol` mean absolute difference. */
function sameAsOtherField(y: Float32Array, w: number, h: number, r: number, a: number, b: number, tol: number): boolean {
  for (const q of [r - 1, r + 1]) {
    if (q < 0 || q >= h) continue;
    let d = 0;
    for (let x = a; x < b; x++) d += Math.abs((y[r * w + x] as number) - (y[q * w + x] as number));
    if (d / (b - a) < tol) return true;
  }
  return false;
}

function median3(a: number, b: number, c: number): number {
  return a > b ? (b > c ? b : a > c ? c : a) : a > c ? a : b > c ? c : b;
}

/** Longest run of samples at the dropout level (≥ 1 − tol for white, ≤ tol for black) in [a, b). */
function plateauRun(y: Float32Array, o: number, a: number, b: number, kind: 'white' | 'black', tol: number): number {
  let best = 0, run = 0;
  for (let x = a; x < b; x++) {
    const v = y[o + x] as number;
    if (kind === 'white' ? v >= 1 - tol : v <= tol) best = Math.max(best, ++run);
    else run = 0;
  }
  return best;
}

/**
 * Per pixel: `plain` = row − edge-directed prediction from the same-field lines above and below;
 * `robust` = signed min(|row − above|, |row − below|) along that direction when both differences
 * have the same sign, else 0.
 */
function lineResiduals(y: Float32Array, w: number, h: number, step: number, maxSlope: number): { plain: Float32Array; robust: Float32Array } {
  const plain = new Float32Array(w * h), robust = new Float32Array(w * h);
  const at = (r: number, x: number): number => y[r * w + (x < 0 ? 0 : x >= w ? w - 1 : x)] as number;
  for (let r = 0; r < h; r++) {
    let ra = r - step, rb = r + step;
    // One-sided at the frame edges: the two nearest same-field lines on the side that exists.
    if (ra < 0) { ra = rb; rb = Math.min(h - 1, r + 2 * step); }
    if (rb >= h) { rb = ra; ra = Math.max(0, r - 2 * step); }
    const o = r * w;
    for (let x = 0; x < w; x++) {
      let best = Infinity, bs = 0;
      for (let s = -maxSlope; s <= maxSlope; s++) {
        let c = 0;
        for (let k = -1; k <= 1; k++) c += Math.abs(at(ra, x + s + k) - at(rb, x - s + k));
        c += 1e-4 * Math.abs(s);
        if (c < best) { best = c; bs = s; }
      }
      const a = at(ra, x + bs), b = at(rb, x - bs), v = y[o + x] as number;
      plain[o + x] = v - 0.5 * (a + b);
      const da = v - a, db = v - b;
      robust[o + x] = da > 0 && db > 0 ? Math.min(da, db) : da < 0 && db < 0 ? Math.max(da, db) : 0;
    }
  }
  return { plain, robust };
}
