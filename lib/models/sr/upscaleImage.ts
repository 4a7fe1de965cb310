import type * as tf from '@tensorflow/tfjs';
import { assertImage, resizeBicubic, rgbToYcbcr, ycbcrToRgb, type Image } from '../../image';
import { assertSrScale, type SrScale } from './buildSrNetwork';
import { upscaleLuma, type UpscaleLumaOptions } from './upscaleLuma';

/** Options of {@link upscaleImage}. */
export type UpscaleImageOptions = UpscaleLumaOptions;

/**
 * Super-resolves an image by `scale`: the network sharpens the BT.601 luma (where the eye sees detail
 * and where the SR literature trains and measures), the chroma planes Cb, Cr are upscaled by
 * MATLAB-bicubic interpolation (the eye's colour resolution is lower, and a luma-only network
 * cannot shift colours), then the planes are converted back to RGB and clipped to [0, 1].
 * A grey image gives a grey result. Tiled, so any size works (see {@link upscaleLuma}).
 * @param net - a trained network from {@link buildSrNetwork} for this `scale`.
 * @returns a new image, `scale·width × scale·height`, same channel count; the input is not modified.
 * @throws TypeError / RangeError for a malformed image, scale or options.
 */
export function upscaleImage(net: tf.LayersModel, image: Image, scale: SrScale, options: UpscaleImageOptions = {}): Image {
  assertImage(image, 'upscaleImage: image');
  assertSrScale(scale, 'upscaleImage: scale');
  const W = image.width * scale;
  const H = image.height * scale;
  const planes = rgbToYcbcr(image);
  const y = upscaleLuma(net, { data: planes.y, width: image.width, height: image.height }, scale, options).data;
  if (image.channels === 1) return ycbcrToRgb({ y, cb: y, cr: y, width: W, height: H }, 1);
  const up = (p: Float32Array): Float32Array => resizeBicubic({ data: p, width: image.width, height: image.height, channels: 1 }, W, H).data;
  return ycbcrToRgb({ y, cb: up(planes.cb), cr: up(planes.cr), width: W, height: H }, 3);
}
