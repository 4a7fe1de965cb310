import * as tf from '@tensorflow/tfjs';
import { assertSrScale, type SrScale } from './buildSrNetwork';
import { resizeBicubic } from '../../image/resizeBicubic';

/** Options of {@link upscaleLuma}. */
export interface UpscaleLumaOptions {
  /**
   * Largest LR tile side fed to the network at once; larger planes are cut into overlapping tiles,
   * which bounds memory for any image size. Results are identical to a single pass as long as
   * `tileOverlap` covers the receptive field. @default 256
   */
  tileSize?: number;
  /** LR pixels of context added on every side of a tile and discarded afterwards. @default 8 */
  tileOverlap?: number;
}

/** A luma plane: values row-major, in [0, 1] units. */
export interface LumaPlane {
  data: Float32Array;
  width: number;
  height: number;
}

/**
 * Upscales a luma plane with a network from {@link buildSrNetwork}: bicubic (MATLAB `imresize`)
 * upscale plus the network's sub-pixel residual, `tf.depthToSpace(net(lr), scale)`.
 * Processed in tiles of at most `tileSize` LR pixels with `tileOverlap` pixels of context, so memory
 * stays bounded for large scans; the default overlap (8) exceeds the default network's receptive
 * radius (2 + 3 = 5 LR pixels), so tiling does not change the result. Leak-free.
 * @param net - a trained SR network for `scale` (input `[n, h, w, 1]`, output `[n, h, w, scale²]`).
 * @returns the HR plane, `scale·width × scale·height`, not clipped.
 * @throws RangeError for a bad scale, plane or options; Error when the network's output does not have scale² channels.
 */
export function upscaleLuma(net: tf.LayersModel, lr: LumaPlane, scale: SrScale, options: UpscaleLumaOptions = {}): LumaPlane {
  assertSrScale(scale, 'upscaleLuma: scale');
  const { width, height, data } = lr;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || !(data instanceof Float32Array) || data.length !== width * height) {
    throw new RangeError(`upscaleLuma: lr must be {data: Float32Array(width·height), width, height}, got ${width}×${height} with ${data?.length} values`);
  }
  const { tileSize = 256, tileOverlap = 8 } = options;
  if (!Number.isInteger(tileSize) || tileSize < 8) throw new RangeError(`upscaleLuma: options.tileSize must be an integer ≥ 8, got ${String(tileSize)}`);
  if (!Number.isInteger(tileOverlap) || tileOverlap < 0) throw new RangeError(`upscaleLuma: options.tileOverlap must be a non-negative integer, got ${String(tileOverlap)}`);
  const W = width * scale;
  const H = height * scale;
  const out = resizeBicubic({ data, width, height, channels: 1 }, W, H).data;
  for (let ty = 0; ty < height; ty += tileSize) {
    for (let tx = 0; tx < width; tx += tileSize) {
      const th = Math.min(tileSize, height - ty);
      const tw = Math.min(tileSize, width - tx);
      const y0 = Math.max(0, ty - tileOverlap);
      const x0 = Math.max(0, tx - tileOverlap);
      const y1 = Math.min(height, ty + th + tileOverlap);
      const x1 = Math.min(width, tx + tw + tileOverlap);
      const ch = y1 - y0;
      const cw = x1 - x0;
      const tile = new Float32Array(ch * cw);
      for (let y = 0; y < ch; y++) tile.set(data.subarray((y0 + y) * width + x0, (y0 + y) * width + x1), y * cw);
      const residual = tf.tidy(() => {
        const o = net.predict(tf.tensor4d(tile, [1, ch, cw, 1])) as tf.Tensor4D;
        if (o.shape[3] !== scale * scale) throw new Error(`upscaleLuma: the network outputs ${o.shape[3]} channels, expected scale² = ${scale * scale}`);
        return tf.depthToSpace(o, scale, 'NHWC');
      });
      const r = residual.dataSync();
      residual.dispose();
      const RW = cw * scale;
      for (let y = (ty - y0) * scale; y < (ty - y0 + th) * scale; y++) {
        const oy = y0 * scale + y;
        for (let x = (tx - x0) * scale; x < (tx - x0 + tw) * scale; x++) {
          out[oy * W + x0 * scale + x] += r[y * RW + x] as number;
        }
      }
    }
  }
  return { data: out, width: W, height: H };
}
