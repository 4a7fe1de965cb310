import type * as tf from '@tensorflow/tfjs';
import { assertImage, type Image } from '../../image';
import { predictTiled } from '../../restore/predictTiled';

/** Options of {@link restoreImage}. */
export interface RestoreImageOptions {
  /** Largest tile side (pixels) fed to the network at once; bounds memory for large scans. @default 512 */
  tileSize?: number;
  /** Context pixels added around every tile and discarded (≥ the receptive radius to make tiling invisible). @default 32 */
  tileOverlap?: number;
}

/**
 * Runs a same-size restoration network (e.g. {@link buildUnet}) on an image of any size: tiles of at
 * most `tileSize` pixels with `tileOverlap` pixels of context, each reflect-padded to a multiple of
 * `multiple` (a U-Net with L levels needs 2^(L−1)), result clipped to [0, 1]. Leak-free; the input is
 * not modified.
 * @param net - input and output `[1, h, w, image.channels]`.
 * @param multiple - the size multiple the network needs. @default 4
 * @throws TypeError / RangeError for a malformed image or options; Error when the network's channels differ.
 */
export function restoreImage(net: tf.LayersModel, image: Image, multiple = 4, options: RestoreImageOptions = {}): Image {
  assertImage(image, 'restoreImage: image');
  if (!Number.isInteger(multiple) || multiple < 1) throw new RangeError(`restoreImage: multiple must be a positive integer, got ${String(multiple)}`);
  const { tileSize = 512, tileOverlap = 32 } = options;
  if (!Number.isInteger(tileSize) || tileSize < 16) throw new RangeError(`restoreImage: options.tileSize must be an integer ≥ 16, got ${String(tileSize)}`);
  if (!Number.isInteger(tileOverlap) || tileOverlap < 0) throw new RangeError(`restoreImage: options.tileOverlap must be a non-negative integer, got ${String(tileOverlap)}`);
  const inC = net.inputs[0]?.shape[3];
  if (inC !== image.channels) throw new Error(`restoreImage: the network takes ${String(inC)} channels, the image has ${image.channels}`);
  return predictTiled(image, net, { tile: tileSize, overlap: tileOverlap, sizeMultiple: multiple, range: 'unit' });
}
