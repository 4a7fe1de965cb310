import { createImage, type Image } from '../../image';
import { checkFrame, num } from './internal';
import { PAL_PIXEL_ASPECT } from './palConstants';
import { resamplePlane } from './resample';
import { yuvFrameToRgb, type YuvFrame } from './YuvFrame';

/**
 * Output size: `'square'` = square pixels at full PAL density, i.e. (width × 16/15) / scale ×
 * height / scale — 768×576 for the full 720×576 raster; `'pal'` = the raster at scale 1
 * (width / scale × height / scale, 720×576 for the full raster); or an explicit size.
 */
export type PalOutputSize = 'square' | 'pal' | { width: number; height: number };

/** Options of {@link fromPalRaster}. */
export interface FromPalRasterOptions {
  /** @default 'square' */
  size?: PalOutputSize;
  /** Channels of the result; 1 gives the luma. @default 3 */
  channels?: 1 | 3;
}

/**
 * Converts a PAL-raster {@link YuvFrame} back to an RGB (or grey) image of the requested size,
 * clipping to [0, 1]. Resampling: separable triangle filter (antialiased when reducing); no
 * resampling when the size is unchanged.
 * @throws TypeError / RangeError when the frame or an option is invalid.
 */
export function fromPalRaster(frame: YuvFrame, options: FromPalRasterOptions = {}): Image {
  const fn = 'fromPalRaster';
  checkFrame(fn, frame);
  const { width: w, height: h, scale } = frame;
  const size = options.size ?? 'square';
  const channels = options.channels ?? 3;
  if (channels !== 1 && channels !== 3) throw new RangeError(`${fn}: options.channels must be 1 or 3, got ${String(channels)}`);
  let ow: number, oh: number;
  if (size === 'square') {
    ow = Math.round((w * PAL_PIXEL_ASPECT) / scale);
    oh = Math.round(h / scale);
  } else if (size === 'pal') {
    ow = Math.round(w / scale);
    oh = Math.round(h / scale);
  } else if (size !== null && typeof size === 'object') {
    ow = num(fn, 'size.width', size.width, 1, 16384, true);
    oh = num(fn, 'size.height', size.height, 1, 16384, true);
  } else {
    throw new RangeError(`${fn}: options.size must be 'square', 'pal' or {width, height}, got ${String(size)}`);
  }
  if (ow === w && oh === h) return yuvFrameToRgb(frame, channels);
  const rect = { x: 0, y: 0, width: w, height: h };
  const rs = (p: Float32Array): Float32Array => resamplePlane(p, w, h, rect, ow, oh);
  const resized: YuvFrame = { width: ow, height: oh, scale, y: rs(frame.y), u: channels === 1 ? new Float32Array(0) : rs(frame.u), v: channels === 1 ? new Float32Array(0) : rs(frame.v) };
  if (channels === 1) {
    const out = createImage(ow, oh, 1);
    for (let i = 0; i < out.data.length; i++) out.data[i] = Math.min(1, Math.max(0, resized.y[i]));
    return out;
  }
  return yuvFrameToRgb(resized, 3);
}
