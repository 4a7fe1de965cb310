import { assertImage, type Image } from '../../image';
import { lumaOf, matchLines, searchLines, shiftLine, solveBanded } from './lineShiftInternal';

/** Options of {@link estimateLineShifts}. */
export interface EstimateLineShiftsOptions {
  /**
   * Largest displacement between two lines of the same field searched in the first pass, px at the
   * frame's width; also the widest blanking margin looked for. Worn tapes need ≈12 at 768 px.
   * @default 12
   */
  maxShiftPx?: number;
  /** Refinement passes after the first (each re-registers the realigned lines). @default 3 */
  iterations?: number;
  /**
   * `'joint'`: the two fields are tied together by also registering each row against the adjacent
   * rows of the other field (right for still pictures, where the fields show the same scene);
   * `'separate'`: each field on its own, its mean offset left at 0 (for moving pictures). @default 'joint'
   */
  fields?: 'joint' | 'separate';
  /**
   * Weight of the first-difference terms (line against the next line of its field) relative to the
   * second-difference ones (line against the mean of its two neighbours). First differences see slow
   * wander but are biased by slanted structure (Kokaram); second differences are blind to straight
   * slants but not to slow wander. @default 0.25
   */
  firstDifferenceWeight?: number;
  /**
   * Weight of the blanking-edge terms: where a line is shifted, the black blanking level enters at
   * one end, and the black area Σ(1 − Y′/Y′_inside) at the left minus the one at the right is the
   * line's absolute shift (blur, ringing and resampling keep the area). 0 switches them off.
   * @default 2
   */
  blankingWeight?: number;
  /** Tikhonov weight pulling every shift towards 0 (fixes the unobservable constant). @default 0.01 */
  priorWeight?: number;
  /** Length of the segments of a line whose displacements vote (robust median), px. @default 64 */
  segmentPx?: number;
}

/**
 * Estimates the horizontal displacement of every line of a frame from the picture alone — a software
 * time-base corrector. Returns one shift per row in px at the frame's width, positive = the line's
 * content was moved to the right (the convention of `computeTimebaseShifts`, times width / raster
 * width); `realignLines(frame, shifts)` undoes them. Works on luma Y′ (BT.601 weights).
 *
 * Method. The shifts s minimise a weighted least-squares energy over all rows at once (banded normal
 * equations), refined by re-registering the realigned lines `iterations` times:
 * - second differences: each row against the mean of its two neighbours in its own field (rows y ± 2),
 *   s_y − (s_{y−2} + s_{y+2})/2 — a straight slanted edge predicts itself, so unlike plain line-to-line
 *   correlation this does not straighten diagonals (the bias Kokaram describes; Nikolova's one-step
 *   dejittering uses the same second-order differences);
 * - first differences s_{y+2} − s_y (and, with `fields: 'joint'`, s_{y+1} − s_y across fields) with a
 *   lower weight: they see slow wander (edge wave, top flagging) that second differences barely do;
 * - blanking edges: the absolute shift where the black level entering at a line end is visible;
 * - a small prior ‖s‖² for what the picture cannot tell (a constant offset of the whole frame).
 * Each registration is a 1-D Lucas–Kanade step, the first pass an integer search with a parabolic
 * peak fit; along the line, segments vote through an energy-weighted median, so dropouts or local
 * structure do not drag a line. Weights grow with the gradient energy of the lines (flat lines carry
 * no information and follow their neighbours).
 *
 * What the picture cannot tell: a constant offset of the whole frame is only seen through the
 * blanking edges, and a steady shear (a linear ramp over the rows) looks like slanted content.
 *
 * Experimental: not yet covered by tests; on the VHS test split it reads 0.47 px RMS at SP (uncorrected lines: 0.29) and diverges at EP and worn, so the learned {@link predictLineShifts} is the estimator to use for now.
 *
 * @param frame - a frame with one row per picture line (720×576, 768×576, or a field-interlaced
 *   crop); grey or RGB; not modified. For other sizes see `restoreAtRasterSize`.
 * @returns shifts, one per row, px.
 * @throws TypeError for a malformed image; RangeError for a bad option or a frame smaller than 16×8.
 */
export function estimateLineShifts(frame: Image, options: EstimateLineShiftsOptions = {}): Float32Array {
  const fn = 'estimateLineShifts';
  assertImage(frame, `${fn}: frame`);
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}: options must be an object, got ${String(options)}`);
  const { width: w, height: h } = frame;
  if (w < 16 || h < 8) throw new RangeError(`${fn}: frame must be at least 16×8 (lines to register), got ${w}×${h}`);
  const maxShift = numberIn(fn, 'maxShiftPx', options.maxShiftPx ?? 12, 0.5, Math.max(0.5, w / 8));
  const iterations = intIn(fn, 'iterations', options.iterations ?? 3, 0, 20);
  const fields = options.fields ?? 'joint';
  if (fields !== 'joint' && fields !== 'separate') throw new RangeError(`${fn}: options.fields must be 'joint' or 'separate', got ${String(fields)}`);
  const w1 = numberIn(fn, 'firstDifferenceWeight', options.firstDifferenceWeight ?? 0.25, 0, 1e3);
  const wb = numberIn(fn, 'blankingWeight', options.blankingWeight ?? 2, 0, 1e3);
  const alpha = numberIn(fn, 'priorWeight', options.priorWeight ?? 0.01, 1e-9, 1e3);
  const segment = intIn(fn, 'segmentPx', options.segmentPx ?? 64, 8, 4096);

  const luma = lumaOf(frame);
  const est = new Float64Array(h);
  const blank = wb > 0 ? blankingShifts(luma, w, h, Math.ceil(maxShift) + 1) : null;
  const r = Math.ceil(maxShift);
  const cost = new Float64Array(2 * r + 1);
  const segs = Math.ceil(w / segment) + 1;
  const num = new Float64Array(segs), den = new Float64Array(segs);
  const band = 4;

  for (let pass = 0; pass <= iterations; pass++) {
    // The realigned luma under the current estimate.
    const cur = pass === 0 ? luma : realignPlane(luma, w, h, est);
    let maxAbs = 0;
    for (let y = 0; y < h; y++) maxAbs = Math.max(maxAbs, Math.abs(est[y]));
    const margin = Math.min(Math.floor(w / 4), Math.ceil(maxAbs) + (pass === 0 ? r : 0) + 3);
    const lo = margin, hi = w - margin;
    const N = new Float64Array(h * h);
    const rhs = new Float64Array(h);
    const add = (idx: number[], coef: number[], target: number, weight: number): void => {
      for (let a = 0; a < idx.length; a++) {
        rhs[idx[a]] += weight * coef[a] * target;
        for (let b = 0; b < idx.length; b++) N[idx[a] * h + idx[b]] += weight * coef[a] * coef[b];
      }
    };
    // Gradient energies of the pair registrations, to turn them into weights relative to the median.
    const pairs: Array<{ idx: number[]; coef: number[]; d: number; e: number; kind: 1 | 2 }> = [];
    const firstPairs = (k: number): void => {
      for (let y = 0; y + k < h; y++) {
        if (pass === 0) {
          const d = searchLines(cur, y * w, cur, (y + k) * w, lo, hi, r, cost);
          const m = matchLines(cur, y * w, cur, (y + k) * w, lo, hi, segment, 1e9, num, den);
          pairs.push({ idx: [y, y + k], coef: [-1, 1], d, e: m.energy, kind: 1 });
        } else {
          const m = matchLines(cur, y * w, cur, (y + k) * w, lo, hi, segment, 0.5, num, den);
          pairs.push({ idx: [y, y + k], coef: [-1, 1], d: m.d, e: m.energy, kind: 1 });
        }
      }
    };
    firstPairs(2);
    if (fields === 'joint') firstPairs(1);
    if (pass > 0) {
      const pred = new Float32Array(w);
      for (let y = 2; y + 2 < h; y++) {
        for (let x = 0; x < w; x++) pred[x] = 0.5 * (cur[(y - 2) * w + x] + cur[(y + 2) * w + x]);
        // the row relative to its prediction: d ≈ e_y − (e_{y−2} + e_{y+2})/2
        const m = matchLines(pred, 0, cur, y * w, lo, hi, segment, 0.5, num, den);
        pairs.push({ idx: [y - 2, y, y + 2], coef: [-0.5, 1, -0.5], d: m.d, e: m.energy, kind: 2 });
      }
    }
    const energies = pairs.map((p) => p.e).filter((e) => e > 0).sort((a, b) => a - b);
    const e0 = energies.length > 0 ? energies[energies.length >> 1] : 1;
    for (const p of pairs) {
      if (p.e <= 0) continue;
      const conf = p.e / (p.e + 0.5 * e0);
      add(p.idx, p.coef, p.d, (p.kind === 1 ? w1 : 1) * conf);
    }
    if (blank !== null) {
      for (let y = 0; y < h; y++) if (blank.weight[y] > 0) add([y], [1], blank.shift[y] - est[y], wb * blank.weight[y]);
    }
    // prior on the total: α (est + δ)
    for (let y = 0; y < h; y++) {
      N[y * h + y] += alpha;
      rhs[y] -= alpha * est[y];
    }
    const delta = solveBanded(N, rhs, h, band);
    for (let y = 0; y < h; y++) est[y] += delta[y];
  }
  return Float32Array.from(est);
}

/** The luma with row y moved left by est[y] (Lanczos-3). */
function realignPlane(luma: Float32Array, w: number, h: number, est: Float64Array): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) shiftLine(luma, y * w, out, y * w, w, 1, est[y], 'lanczos3');
  return out;
}

/**
 * Blanking-edge measurement of every row: the black area at the left end minus the one at the right,
 * Σ (1 − Y′(x)/v) over the ends, where v is the level just inside; weight = how bright and flat the
 * picture is there (a dark picture edge hides the blanking).
 */
function blankingShifts(luma: Float32Array, w: number, h: number, reach: number): { shift: Float64Array; weight: Float64Array } {
  const shift = new Float64Array(h), weight = new Float64Array(h);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    const left = endArea(luma, o, 1, reach);
    const right = endArea(luma, o + w - 1, -1, reach);
    const conf = Math.min(left.conf, right.conf);
    if (conf <= 0) continue;
    shift[y] = left.area - right.area;
    weight[y] = conf;
  }
  return { shift, weight };
}

function endArea(luma: Float32Array, start: number, step: 1 | -1, reach: number): { area: number; conf: number } {
  // find where the picture begins: the first sample above a dark threshold
  let x = 0;
  while (x < reach && luma[start + step * x] < 0.04) x++;
  const inside = x + 2;
  let v = 0, vmin = Infinity, vmax = -Infinity;
  for (let k = inside; k < inside + 4; k++) {
    const l = luma[start + step * k];
    v += l;
    vmin = Math.min(vmin, l);
    vmax = Math.max(vmax, l);
  }
  v /= 4;
  if (v < 0.08) return { area: 0, conf: 0 };
  let area = 0;
  for (let k = 0; k < inside; k++) area += Math.min(1, Math.max(0, 1 - luma[start + step * k] / v));
  const flat = Math.max(0, 1 - (vmax - vmin) / (0.25 * v));
  const bright = Math.min(1, (v - 0.08) / 0.2);
  return { area, conf: flat * bright };
}

function numberIn(fn: string, name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new RangeError(`${fn}: options.${name} must be a number in [${min}, ${max}], got ${String(v)}`);
  return v;
}

function intIn(fn: string, name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new RangeError(`${fn}: options.${name} must be an integer in [${min}, ${max}], got ${String(v)}`);
  return v;
}
