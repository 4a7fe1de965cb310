import { assertImage, createImage, type Image } from '../../image';
import { shiftLine } from './lineShiftInternal';

/** Options of {@link realignLines}. */
export interface RealignLinesOptions {
  /**
   * Interpolator along the line: `'lanczos3'` (windowed sinc, 6 taps: keeps the luma detail below
   * ≈0.8 × Nyquist), `'cubic'` (Keys a = −0.5, 4 taps) or `'linear'`. @default 'lanczos3'
   */
  kernel?: 'lanczos3' | 'cubic' | 'linear';
}

/**
 * Moves every row of a frame horizontally by −shifts[row] px (sub-pixel, every channel alike: Y′, U
 * and V moved together on tape, so the RGB channels do too), undoing the displacement that
 * {@link estimateLineShifts} estimated or `computeTimebaseShifts` applied. The samples that the
 * shift brings in from beyond the line end repeat the end sample (the picture there was lost).
 *
 * Tested through restoreVhsChain (lib/tasks/vhsRestoration/__tests__/restoreVhsChain.test.ts) and measured on the VHS test split (scripts/train/vhs-chain-evaluate.js).
 *
 * @param frame - grey or RGB; not modified.
 * @param shifts - one shift per row, px at the frame's width, positive = the content was moved right.
 * @returns a new image of the same size.
 * @throws TypeError for a malformed image or shifts that are not a Float32Array / Float64Array;
 *   RangeError for a wrong length, a non-finite shift or a bad option.
 */
export function realignLines(frame: Image, shifts: Float32Array | Float64Array, options: RealignLinesOptions = {}): Image {
  const fn = 'realignLines';
  assertImage(frame, `${fn}: frame`);
  if (!(shifts instanceof Float32Array) && !(shifts instanceof Float64Array)) throw new TypeError(`${fn}: shifts must be a Float32Array (one shift per row), got ${String(shifts)}`);
  if (shifts.length !== frame.height) throw new RangeError(`${fn}: shifts has ${shifts.length} values, expected one per row (${frame.height})`);
  for (let y = 0; y < shifts.length; y++) {
    if (!Number.isFinite(shifts[y])) throw new RangeError(`${fn}: shifts[${y}] must be finite, got ${shifts[y]}`);
  }
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}: options must be an object, got ${String(options)}`);
  const kernel = options.kernel ?? 'lanczos3';
  if (kernel !== 'lanczos3' && kernel !== 'cubic' && kernel !== 'linear') throw new RangeError(`${fn}: options.kernel must be 'lanczos3', 'cubic' or 'linear', got ${String(kernel)}`);
  const { width: w, height: h, channels: c } = frame;
  const out = createImage(w, h, c);
  for (let y = 0; y < h; y++) {
    for (let ch = 0; ch < c; ch++) shiftLine(frame.data, y * w * c + ch, out.data, y * w * c + ch, w, c, shifts[y], kernel);
  }
  return out;
}
