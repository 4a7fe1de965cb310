import { assertImage, type Image } from '../../image';
import { num, oneOf } from './internal';
import { PAL_HEIGHT, PAL_PIXEL_ASPECT, PAL_WIDTH } from './palConstants';
import { resamplePlane, type SourceRect } from './resample';
import { createYuvFrame, rgbToYuvFrame, type YuvFrame } from './YuvFrame';

/** How an input picture is placed on the raster. */
export type RasterFit = 'cover' | 'stretch';

/** Options of {@link toPalRaster}. */
export interface ToPalRasterOptions {
  /** Raster width in pixels. @default 720 */
  width?: number;
  /** Raster height in pixels (rows = picture lines × scale). @default 576 */
  height?: number;
  /**
   * Raster pixels per BT.601 sample and per line (see {@link YuvFrame}). 1 = native PAL density
   * (full frames and training patches cropped from them); 0.5 = a half-resolution frame.
   * @default 1
   */
  scale?: number;
  /**
   * `'cover'`: the input (square pixels) is scaled, keeping its aspect ratio, until it covers the
   * raster's picture (raster pixels are {@link PAL_PIXEL_ASPECT} = 16:15 wide), then the excess is
   * cropped equally on both sides. Nothing is letterboxed, so no black bars enter the statistics of
   * training data; the crop rectangle is returned so the clean target can be cut identically.
   * `'stretch'`: the whole input is resampled to the raster, ignoring aspect ratios (lossless in
   * extent; used when the output must align pixel-for-pixel with the input).
   * @default 'cover'
   */
  fit?: RasterFit;
}

/** Result of {@link toPalRaster}. */
export interface PalRasterResult {
  frame: YuvFrame;
  /** The region of the input (in input pixels, fractional) that the raster shows. */
  crop: SourceRect;
}

/**
 * Places an RGB or grey image on a PAL raster (default 720×576 BT.601 samples, 16:15 pixels) as
 * Y′UV planes. Resampling is separable triangle filtering, widened when reducing (antialiased).
 * When the input already has the raster's size and `fit` is `'stretch'`, no resampling happens.
 * @throws TypeError / RangeError when the image or an option is invalid.
 */
export function toPalRaster(image: Image, options: ToPalRasterOptions = {}): PalRasterResult {
  const fn = 'toPalRaster';
  assertImage(image, `${fn}: image`);
  const width = num(fn, 'width', options.width ?? PAL_WIDTH, 1, 16384, true);
  const height = num(fn, 'height', options.height ?? PAL_HEIGHT, 1, 16384, true);
  const scale = num(fn, 'scale', options.scale ?? 1, 1e-3, 16);
  const fit = oneOf(fn, 'fit', options.fit ?? 'cover', ['cover', 'stretch'] as const);
  const crop = rasterCrop(image.width, image.height, width, height, fit);
  const full = rgbToYuvFrame(image, scale);
  if (crop.x === 0 && crop.y === 0 && crop.width === image.width && crop.height === image.height && width === image.width && height === image.height) {
    return { frame: full, crop };
  }
  const rs = (p: Float32Array): Float32Array => resamplePlane(p, image.width, image.height, crop, width, height);
  const frame = createYuvFrame(width, height, scale, { y: rs(full.y), u: image.channels === 1 ? new Float32Array(width * height) : rs(full.u), v: image.channels === 1 ? new Float32Array(width * height) : rs(full.v) });
  return { frame, crop };
}

/** The input region shown by a `rw`×`rh` raster of 16:15 pixels. */
export function rasterCrop(iw: number, ih: number, rw: number, rh: number, fit: RasterFit): SourceRect {
  if (fit === 'stretch') return { x: 0, y: 0, width: iw, height: ih };
  const rasterAspect = (rw * PAL_PIXEL_ASPECT) / rh;
  const inputAspect = iw / ih;
  if (Math.abs(inputAspect - rasterAspect) < 1e-9) return { x: 0, y: 0, width: iw, height: ih };
  if (inputAspect > rasterAspect) {
    const cw = ih * rasterAspect;
    return { x: (iw - cw) / 2, y: 0, width: cw, height: ih };
  }
  const ch = iw / rasterAspect;
  return { x: 0, y: (ih - ch) / 2, width: iw, height: ch };
}
