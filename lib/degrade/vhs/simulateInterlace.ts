import { checkFrame, num, shiftRowInto, strengthOf, type StrengthOptions } from './internal';
import type { YuvFrame } from './YuvFrame';

/** Options of {@link simulateInterlace}. */
export interface InterlaceOptions extends StrengthOptions {
  /**
   * Horizontal displacement of the second field (odd rows) relative to the first, in PAL samples:
   * inter-field motion or a field-level timing offset; shows as combing on vertical edges.
   * Presets 0 except EP 0.25 / worn 0.5 (est.). @default 0
   */
  fieldMismatchPx?: number;
  /**
   * Vertical displacement of the second field in picture lines (fractional; 1 = one frame row):
   * a field placed half a field-line off, as in mis-deinterlaced or mis-aligned captures (est.).
   * @default 0
   */
  fieldMismatchLines?: number;
  /**
   * Swap the two fields (wrong field order / field dominance in the capture chain): rows 2k and
   * 2k + 1 exchange places. Not scaled by `strength` (except that strength 0 disables it). @default false
   */
  swapFields?: boolean;
}

/**
 * Interlaced PAL fields (50 fields/s, even rows = first field) with optional field mismatch: the
 * second field is re-sampled from the picture displaced by (fieldMismatchPx, fieldMismatchLines)
 * — linear interpolation, edges replicated — and/or the fields are swapped. The first field is
 * never changed. With no mismatch the frame is returned unchanged (a still weaves perfectly).
 * @throws TypeError / RangeError when the frame or an option is invalid.
 */
export function simulateInterlace(frame: YuvFrame, options: InterlaceOptions = {}): YuvFrame {
  const fn = 'simulateInterlace';
  checkFrame(fn, frame);
  const strength = strengthOf(fn, options);
  const fieldMismatchPx = num(fn, 'fieldMismatchPx', options.fieldMismatchPx ?? 0, -1e4, 1e4);
  const fieldMismatchLines = num(fn, 'fieldMismatchLines', options.fieldMismatchLines ?? 0, -1e4, 1e4);
  const swapFields = options.swapFields ?? false;
  if (typeof swapFields !== 'boolean') throw new TypeError(`${fn}: options.swapFields must be a boolean, got ${String(swapFields)}`);
  const { width: w, height: h, scale } = frame;
  const dx = fieldMismatchPx * strength * scale;
  const dy = fieldMismatchLines * strength * scale;
  const swap = swapFields && strength > 0;
  if (dx === 0 && dy === 0 && !swap) return { ...frame };
  const rowTmp = new Float32Array(w), rowOut = new Float32Array(w);
  const process = (p: Float32Array): Float32Array => {
    const out = p.slice();
    if (dx !== 0 || dy !== 0) {
      for (let r = 1; r < h; r += 2) {
        const sy = r - dy;
        const y0 = Math.floor(sy);
        const t = sy - y0;
        const a = Math.min(h - 1, Math.max(0, y0)) * w;
        const b = Math.min(h - 1, Math.max(0, y0 + 1)) * w;
        for (let x = 0; x < w; x++) rowTmp[x] = (1 - t) * p[a + x] + t * p[b + x];
        shiftRowInto(rowTmp, rowOut, w, 0, dx, null);
        out.set(rowOut, r * w);
      }
    }
    if (swap) {
      for (let r = 0; r + 1 < h; r += 2) {
        rowTmp.set(out.subarray(r * w, r * w + w));
        out.copyWithin(r * w, (r + 1) * w, (r + 2) * w);
        out.set(rowTmp, (r + 1) * w);
      }
    }
    return out;
  };
  return { ...frame, y: process(frame.y), u: process(frame.u), v: process(frame.v) };
}
