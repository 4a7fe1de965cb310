import { assertImage, type Image } from '../../image';

/** Options of {@link extractLineWindows}. */
export interface ExtractLineWindowsOptions {
  /** Lines per window (odd): the centre line and its same-field neighbours (rows y ± 2, y ± 4, …). @default 7 */
  lines?: number;
  /** Samples taken at each end of every line. @default 64 */
  columns?: number;
  /** Centre rows to extract, in this order. @default every row, 0 … height − 1 */
  rows?: ArrayLike<number>;
}

/**
 * The input of the learned line-shift regressor (`buildLineShiftNet`) for some rows of a frame:
 * for each centre row y, the luma Y′ (BT.601 weights from RGB; minus 0.5) of rows y + 2k,
 * k = −(lines−1)/2 … (lines−1)/2 — lines of the same interlaced field, as the time-base error is per
 * field line — mirrored about y where they would leave the frame. Channel 0 holds the first
 * `columns` samples of each line, channel 1 the last `columns` samples in reverse order, so that
 * the blanking that a shift lets in at either end is at column 0 of one channel.
 * @param image - the degraded frame (1 or 3 channels), at least `columns` wide. Not modified.
 * @returns `[rows.length, lines, columns, 2]` values, row-major (the tensor layout NHWC).
 * @throws TypeError / RangeError naming the parameter.
 */
export function extractLineWindows(image: Image, options: ExtractLineWindowsOptions = {}): Float32Array {
  const fn = 'extractLineWindows';
  assertImage(image, `${fn}: image`);
  const lines = options.lines ?? 7;
  const columns = options.columns ?? 64;
  if (!Number.isInteger(lines) || lines < 1 || lines % 2 === 0) throw new RangeError(`${fn}: options.lines must be an odd positive integer, got ${String(lines)}`);
  const { width: w, height: h, channels: c, data } = image;
  if (!Number.isInteger(columns) || columns < 1 || columns > w) throw new RangeError(`${fn}: options.columns must be an integer in [1, image width ${w}], got ${String(columns)}`);
  const rows = options.rows ?? Int32Array.from({ length: h }, (_, i) => i);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    if (!Number.isInteger(r) || r < 0 || r >= h) throw new RangeError(`${fn}: options.rows[${i}] must be a row index in [0, ${h - 1}], got ${String(r)}`);
  }
  const half = (lines - 1) / 2;
  const out = new Float32Array(rows.length * lines * columns * 2);
  const lumaAt = (row: number, x: number): number => {
    const o = (row * w + x) * c;
    return c === 1 ? (data[o] as number) : 0.299 * (data[o] as number) + 0.587 * (data[o + 1] as number) + 0.114 * (data[o + 2] as number);
  };
  for (let i = 0; i < rows.length; i++) {
    const y = rows[i] as number;
    for (let k = -half; k <= half; k++) {
      let r = y + 2 * k;
      if (r < 0 || r >= h) r = y - 2 * k;
      if (r < 0 || r >= h) r = y;
      const base = ((i * lines + (k + half)) * columns) * 2;
      for (let x = 0; x < columns; x++) {
        out[base + 2 * x] = lumaAt(r, x) - 0.5;
        out[base + 2 * x + 1] = lumaAt(r, w - 1 - x) - 0.5;
      }
    }
  }
  return out;
}
