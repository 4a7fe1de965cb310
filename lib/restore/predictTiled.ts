import * as tf from '@tensorflow/tfjs';
import type { Image } from '../image';

/** Options of {@link predictTiled}. */
export interface PredictTiledOptions {
  /** Side of the output region computed per network call (pixels, rounded up to `sizeMultiple`); bounds memory. @default 256 */
  tile?: number;
  /** Context added on each side of a tile and discarded (pixels, rounded up to `sizeMultiple`). @default 32 */
  overlap?: number;
  /** Size multiple the network needs (2^levels of a U-Net). @default 1 */
  sizeMultiple?: number;
  /** Value range the network takes and returns: `'unit'` = [0, 1], `'signed'` = [-1, 1] (pix2pix). @default 'unit' */
  range?: 'unit' | 'signed';
}

/**
 * Runs a same-size image-to-image network on an image of any size, tile by tile: each tile gets
 * `overlap` pixels of context on every side (reflect-padded to a multiple of `sizeMultiple` at the
 * borders), the context is discarded, and the result is clipped to [0, 1]. Tile origins stay on the
 * `sizeMultiple` grid, so a strided network sees every tile with the same alignment as the whole image.
 * The image's channel count must be the network's. Leak-free; the input is not modified.
 * Validation of the options is the caller's (each caller names its own options).
 */
export function predictTiled(image: Image, net: tf.LayersModel, options: PredictTiledOptions = {}): Image {
  const { tile = 256, overlap = 32, sizeMultiple = 1, range = 'unit' } = options;
  const T = Math.ceil(tile / sizeMultiple) * sizeMultiple;
  const O = Math.ceil(overlap / sizeMultiple) * sizeMultiple;
  const { width, height, channels: c } = image;
  const out = new Float32Array(width * height * c);
  const full = tf.tidy(() => {
    const t = tf.tensor3d(image.data, [height, width, c]);
    return (range === 'signed' ? t.mul(2).sub(1) : t.clone()) as tf.Tensor3D;
  });
  try {
    for (let ty = 0; ty < height; ty += T) {
      for (let tx = 0; tx < width; tx += T) {
        const th = Math.min(T, height - ty);
        const tw = Math.min(T, width - tx);
        const y0 = Math.max(0, ty - O);
        const x0 = Math.max(0, tx - O);
        const ch = Math.min(height, ty + th + O) - y0;
        const cw = Math.min(width, tx + tw + O) - x0;
        const ph = Math.ceil(ch / sizeMultiple) * sizeMultiple - ch;
        const pw = Math.ceil(cw / sizeMultiple) * sizeMultiple - cw;
        const res = tf.tidy(() => {
          let t = tf.slice(full, [y0, x0, 0], [ch, cw, c]);
          if (ph > 0 || pw > 0) t = padReflect(t, ph, pw);
          const y = net.predict(t.expandDims(0)) as tf.Tensor4D;
          return (range === 'signed' ? y.add(1).div(2) : y).clipByValue(0, 1);
        });
        const r = res.dataSync();
        res.dispose();
        const rw = cw + pw;
        for (let y = ty - y0; y < ty - y0 + th; y++) {
          const srcRow = y * rw;
          const dstRow = (y0 + y) * width + x0;
          for (let x = tx - x0; x < tx - x0 + tw; x++) {
            for (let k = 0; k < c; k++) out[(dstRow + x) * c + k] = r[(srcRow + x) * c + k] as number;
          }
        }
      }
    }
  } finally {
    full.dispose();
  }
  return { data: out, width, height, channels: c };
}

/** Reflect padding at the bottom/right, repeated while the pad exceeds the size; a 1-pixel side is replicated. */
function padReflect(t: tf.Tensor3D, ph: number, pw: number): tf.Tensor3D {
  let x = t;
  while (ph > 0) {
    const h = x.shape[0];
    if (h === 1) {
      x = tf.tile(x, [1 + ph, 1, 1]);
      break;
    }
    const s = Math.min(ph, h - 1);
    x = tf.mirrorPad(x, [[0, s], [0, 0], [0, 0]], 'reflect');
    ph -= s;
  }
  while (pw > 0) {
    const w = x.shape[1];
    if (w === 1) {
      x = tf.tile(x, [1, 1 + pw, 1]);
      break;
    }
    const s = Math.min(pw, w - 1);
    x = tf.mirrorPad(x, [[0, 0], [0, s], [0, 0]], 'reflect');
    pw -= s;
  }
  return x;
}
