import * as tf from '@tensorflow/tfjs';
import { assertImage, type Image } from '../../image';

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
  const { width, height, channels: c } = image;
  const out = new Float32Array(image.data.length);
  const full = tf.tensor3d(image.data.slice(), [height, width, c]);
  try {
    for (let ty = 0; ty < height; ty += tileSize) {
      for (let tx = 0; tx < width; tx += tileSize) {
        const th = Math.min(tileSize, height - ty);
        const tw = Math.min(tileSize, width - tx);
        const y0 = Math.max(0, ty - tileOverlap);
        const x0 = Math.max(0, tx - tileOverlap);
        const ch = Math.min(height, ty + th + tileOverlap) - y0;
        const cw = Math.min(width, tx + tw + tileOverlap) - x0;
        const ph = Math.ceil(ch / multiple) * multiple - ch;
        const pw = Math.ceil(cw / multiple) * multiple - cw;
        const res = tf.tidy(() => {
          let t = tf.slice(full, [y0, x0, 0], [ch, cw, c]);
          // reflect padding needs pad < size: fall back to edge-like symmetric for tiny tiles
          if (ph > 0 || pw > 0) t = tf.mirrorPad(t, [[0, ph], [0, pw], [0, 0]], ph < ch && pw < cw ? 'reflect' : 'symmetric');
          return (net.predict(t.expandDims(0)) as tf.Tensor4D).clipByValue(0, 1);
        });
        const r = res.dataSync();
        res.dispose();
        const rw = cw + pw;
        for (let y = ty - y0; y < ty - y0 + th; y++) {
          for (let x = tx - x0; x < tx - x0 + tw; x++) {
            for (let k = 0; k < c; k++) out[((y0 + y) * width + x0 + x) * c + k] = r[(y * rw + x) * c + k] as number;
          }
        }
      }
    }
  } finally {
    full.dispose();
  }
  return { data: out, width, height, channels: c };
}
