import * as tf from '@tensorflow/tfjs';
import { assertImage, resizeBicubic, type Image } from '../image';
import { PAL_HEIGHT, PAL_WIDTH, SQUARE_WIDTH } from '../degrade/vhs';
import { predictTiled } from './predictTiled';

/** Options of {@link restoreFrame}. */
export interface RestoreFrameOptions {
  /** Side of the output region computed per network call (pixels, rounded up to `sizeMultiple`); bounds memory. @default 256 */
  tile?: number;
  /**
   * Context added on each side of a tile and discarded (pixels, rounded up to `sizeMultiple`). Seams
   * vanish once it covers the network's effective receptive radius. Measured for the shipped 5-level
   * generator on a 768×576 frame, tile 256 / overlap 32 vs whole-frame inference: largest difference
   * 1.7/255, mean 0.003/255.
   * @default 32
   */
  overlap?: number;
  /** Size multiple the generator needs (2^levels of a pix2pix U-Net). @default 32 */
  sizeMultiple?: number;
  /**
   * `'auto'`: a 720×576 input is taken as a PAL BT.601 frame with 16:15 pixels (what a capture card
   * writes) and resampled to 768×576 square pixels (bicubic) before restoration, since the network
   * was trained on square-pixel pictures; `'off'`: restore at the input's size whatever it is.
   * @default 'auto'
   */
  pal?: 'auto' | 'off';
}

/**
 * Restores a VHS-degraded frame of any size with an image-to-image generator (e.g. the pix2pix
 * generator of `models/gan`, weights from `models/vhs/loadVhsModel`): tiles of `tile` pixels, each
 * with `overlap` pixels of context on every side (reflect-padded to a multiple of `sizeMultiple` at
 * the borders), run in inference mode, context discarded. Tile origins stay on the `sizeMultiple`
 * grid, so a stride-2 network sees every tile with the same alignment as the whole image.
 *
 * The generator takes and returns [-1, 1] (pix2pix convention); the image is mapped from and back to
 * [0, 1] and clipped. A grey image is restored as RGB and returned as BT.601 luma. Leak-free; the input
 * is not modified.
 * @returns the restored image: the input's size, or 768×576 for a PAL frame with `pal: 'auto'`.
 * @throws TypeError for a malformed image or generator; RangeError naming the option for bad options.
 */
export function restoreFrame(image: Image, generator: tf.LayersModel, options: RestoreFrameOptions = {}): Image {
  const fn = 'restoreFrame';
  assertImage(image, `${fn}: image`);
  if (!generator || typeof (generator as { predict?: unknown }).predict !== 'function') throw new TypeError(`${fn}: generator must be a tf.LayersModel`);
  const { tile = 256, overlap = 32, sizeMultiple = 32, pal = 'auto' } = options;
  if (!Number.isInteger(sizeMultiple) || sizeMultiple < 1 || sizeMultiple > 1024) throw new RangeError(`${fn}: options.sizeMultiple must be an integer in [1, 1024], got ${String(sizeMultiple)}`);
  if (!Number.isInteger(tile) || tile < 1) throw new RangeError(`${fn}: options.tile must be a positive integer (pixels), got ${String(tile)}`);
  if (!Number.isInteger(overlap) || overlap < 0) throw new RangeError(`${fn}: options.overlap must be a non-negative integer (pixels), got ${String(overlap)}`);
  if (pal !== 'auto' && pal !== 'off') throw new RangeError(`${fn}: options.pal must be 'auto' or 'off', got ${String(pal)}`);
  const netC = generator.inputs[0]?.shape[3];
  if (netC !== 1 && netC !== 3) throw new TypeError(`${fn}: the generator's input must have 1 or 3 channels, got ${String(netC)}`);
  let src = image;
  if (pal === 'auto' && image.width === PAL_WIDTH && image.height === PAL_HEIGHT) src = resizeBicubic(image, SQUARE_WIDTH, PAL_HEIGHT);
  const c = netC;
  const restored = predictTiled(toChannels(src, c), generator, { tile, overlap, sizeMultiple, range: 'signed' });
  return image.channels === c ? restored : toChannels(restored, image.channels);
}

/** Grey → RGB by replication; RGB → grey by BT.601 luma. */
function toChannels(image: Image, channels: number): Image {
  if (image.channels === channels) return image;
  const n = image.width * image.height;
  const d = new Float32Array(n * channels);
  if (channels === 3) {
    for (let i = 0; i < n; i++) d[3 * i] = d[3 * i + 1] = d[3 * i + 2] = image.data[i] as number;
  } else {
    for (let i = 0; i < n; i++) d[i] = 0.299 * (image.data[3 * i] as number) + 0.587 * (image.data[3 * i + 1] as number) + 0.114 * (image.data[3 * i + 2] as number);
  }
  return { data: d, width: image.width, height: image.height, channels: channels as 1 | 3 };
}
