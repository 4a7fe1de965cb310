import { PAL_HEIGHT, PAL_PIXEL_ASPECT, PAL_WIDTH, SQUARE_WIDTH } from '../../degrade/vhs';

/**
 * The two frame geometries a PAL capture comes in, and everything else.
 *
 * - `'pal'`: **720×576**, the ITU-R BT.601 raster: 13.5 MHz sampling gives 720 samples per line
 *   (64 µs line, ≈52 µs active ≈ 702 samples plus margin) and 576 active lines (288 per field).
 *   Its pixels are not square.
 * - `'square'`: **768×576** square pixels, what early capture cards delivered (14.75 MHz sampling)
 *   and what `simulateVhs` outputs by default.
 * - `'other'`: any other size (a photo degraded with `--size input`, a cropped or rescaled capture):
 *   rows are no longer picture lines, so the line-based stages cannot work on it directly; see
 *   {@link restoreAtRasterSize}.
 *
 * Pixel aspect ratio of the 720 raster: **16:15** (width : height of one sample), taken so that all
 * 720 samples span the 4:3 picture: 720 × 16/15 = 768 = 576 × 4/3. BT.601's own ratio, 59:54 ≈ 1.093,
 * follows from its sampling rate (13.5 MHz against the 4:3 picture's square-pixel rate of
 * ≈14.75 MHz) but applies to the ≈702 samples of the 52 µs active line (702 × 59/54 ≈ 767);
 * applied to all 720 samples it would give ≈787 px. 16:15 keeps 720 ↔ 768 exact with no blanking
 * margins and is what the simulator uses (`PAL_PIXEL_ASPECT`); the two differ by 2.4 % horizontally.
 * A horizontal shift of s raster samples is s × 16/15 px in the 768 frame.
 */
export type VhsFrameGeometry = 'pal' | 'square' | 'other';

/** Size of the BT.601 raster, 720×576. */
export const VHS_PAL_SIZE: Readonly<{ width: number; height: number }> = Object.freeze({ width: PAL_WIDTH, height: PAL_HEIGHT });
/** Size of the square-pixel frame, 768×576 (= 720 × 16/15). */
export const VHS_SQUARE_SIZE: Readonly<{ width: number; height: number }> = Object.freeze({ width: SQUARE_WIDTH, height: PAL_HEIGHT });
/** Pixel aspect ratio of the 720-wide raster: 16/15 (see {@link VhsFrameGeometry}). */
export const VHS_PIXEL_ASPECT: number = PAL_PIXEL_ASPECT;

/**
 * Which geometry a `width`×`height` frame has: `'pal'` (720×576), `'square'` (768×576) or `'other'`.
 * @throws RangeError when a size is not a positive integer.
 */
export function classifyFrameGeometry(width: number, height: number): VhsFrameGeometry {
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new RangeError(`classifyFrameGeometry: ${name} must be a positive integer, got ${String(v)}`);
  }
  if (height !== PAL_HEIGHT) return 'other';
  if (width === PAL_WIDTH) return 'pal';
  if (width === SQUARE_WIDTH) return 'square';
  return 'other';
}
