import { assertImage, resizeBicubic, type Image } from '../../image';
import { classifyFrameGeometry, VHS_PAL_SIZE, VHS_SQUARE_SIZE } from './rasterGeometry';

/** Options of {@link restoreAtRasterSize}. */
export interface RestoreAtRasterSizeOptions {
  /**
   * The geometry to restore at when the frame is neither 720×576 nor 768×576: `'square'` (768×576)
   * or `'pal'` (720×576). @default 'square'
   */
  raster?: 'square' | 'pal';
}

/** Result of {@link restoreAtRasterSize}. */
export interface RestoreAtRasterSizeResult<T> {
  /** The restored frame at the input's size. */
  image: Image;
  /** Whatever `restore` returned besides its image (estimates in the raster's pixels), or undefined. */
  extra: T | undefined;
  /** Whether the frame was resampled to the raster and back. */
  resampled: boolean;
  /** The size `restore` worked at. */
  rasterSize: { width: number; height: number };
}

/**
 * Runs a line-based restoration on a frame of any size. The line stages (time-base correction,
 * dropouts, head switching) need one row per picture line: a 720×576 or 768×576 frame has it and is
 * passed through as is; any other frame (a photo degraded with `--size input`, where `simulateVhs`
 * stretched the whole raster to the photo's size; a rescaled capture) is resampled to 576 rows and
 * the raster width with an antialiased bicubic (Keys a = −0.5, `resizeBicubic`), so that its rows
 * become lines again, restored there, and resampled back to its own size. The round trip costs a
 * little sharpness (bicubic twice), which is why 720/768×576 frames skip it. A cropped capture
 * whose rows are not whole lines is treated the same way; its shift estimates are then approximate.
 *
 * Tested through restoreVhsChain (lib/tasks/vhsRestoration/__tests__/restoreVhsChain.test.ts) and measured on the VHS test split (scripts/train/vhs-chain-evaluate.js).
 *
 * @param image - the frame; not modified.
 * @param restore - the restoration at raster size; returns an image of the size it was given, or
 *   `{ image, extra }` to pass estimates back (they stay in raster pixels: a shift of s px there is
 *   s × width / rasterWidth px of the input).
 * @throws TypeError for a malformed image or a non-function `restore`; RangeError for a bad option
 *   or when `restore` returns an image of another size.
 */
export function restoreAtRasterSize<T = undefined>(
  image: Image,
  restore: (frame: Image) => Image | { image: Image; extra?: T },
  options: RestoreAtRasterSizeOptions = {},
): RestoreAtRasterSizeResult<T> {
  const fn = 'restoreAtRasterSize';
  assertImage(image, `${fn}: image`);
  if (typeof restore !== 'function') throw new TypeError(`${fn}: restore must be a function (frame: Image) => Image, got ${String(restore)}`);
  const raster = options.raster ?? 'square';
  if (raster !== 'square' && raster !== 'pal') throw new RangeError(`${fn}: options.raster must be 'square' or 'pal', got ${String(raster)}`);
  const geometry = classifyFrameGeometry(image.width, image.height);
  const resampled = geometry === 'other';
  const size = resampled ? (raster === 'square' ? VHS_SQUARE_SIZE : VHS_PAL_SIZE) : { width: image.width, height: image.height };
  const input = resampled ? resizeBicubic(image, size.width, size.height) : image;
  const out = restore(input);
  const restored = isImageResult(out) ? out.image : out;
  const extra = isImageResult(out) ? out.extra : undefined;
  assertImage(restored, `${fn}: the image returned by restore`);
  if (restored.width !== size.width || restored.height !== size.height) {
    throw new RangeError(`${fn}: restore must return a ${size.width}×${size.height} image (the size it was given), got ${restored.width}×${restored.height}`);
  }
  const back = resampled ? resizeBicubic(restored, image.width, image.height) : restored;
  return { image: back, extra, resampled, rasterSize: { width: size.width, height: size.height } };
}

function isImageResult<T>(v: Image | { image: Image; extra?: T }): v is { image: Image; extra?: T } {
  return v !== null && typeof v === 'object' && 'image' in v && !('data' in v);
}
