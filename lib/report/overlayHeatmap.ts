import { assertImage, type Image } from '../image/Image';

/** Options of {@link overlayHeatmap}. */
export interface OverlayHeatmapOptions {
  /** Opacity of the heat colour at the map's maximum. @default 0.6 */
  alpha?: number;
  /** Darken the photo where the map is low, so that the attended regions stand out. @default 0.5 */
  dim?: number;
}

/**
 * Blends a coarse heat map (e.g. a 7 × 7 attention grid) over an RGB or grey image: the map is
 * normalised to its maximum, upsampled bilinearly (cell centres aligned) to the image size and drawn
 * as a red–yellow tint, with the photo dimmed where the map is low.
 * @param image - the photo (not mutated).
 * @param map - `rows × cols` non-negative weights, row-major.
 * @returns a new RGB image.
 */
export function overlayHeatmap(image: Image, map: ArrayLike<number>, rows: number, cols: number, options: OverlayHeatmapOptions = {}): Image {
  assertImage(image);
  const alpha = options.alpha ?? 0.6;
  const dim = options.dim ?? 0.5;
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1 || map.length !== rows * cols) throw new RangeError(`overlayHeatmap: map must hold rows × cols = ${rows} × ${cols} values, got ${map.length}`);
  if (!(alpha >= 0 && alpha <= 1) || !(dim >= 0 && dim <= 1)) throw new RangeError(`overlayHeatmap: options.alpha and options.dim must be in [0, 1], got ${alpha}, ${dim}`);
  let max = 0;
  for (let i = 0; i < map.length; i++) max = Math.max(max, map[i] as number);
  const { width: w, height: h } = image;
  const out = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const gy = Math.min(rows - 1, Math.max(0, ((y + 0.5) * rows) / h - 0.5));
    const y0 = Math.floor(gy);
    const y1 = Math.min(rows - 1, y0 + 1);
    const fy = gy - y0;
    for (let x = 0; x < w; x++) {
      const gx = Math.min(cols - 1, Math.max(0, ((x + 0.5) * cols) / w - 0.5));
      const x0 = Math.floor(gx);
      const x1 = Math.min(cols - 1, x0 + 1);
      const fx = gx - x0;
      const m = (k: number, j: number): number => map[k * cols + j] as number;
      const v = max > 0 ? ((1 - fy) * ((1 - fx) * m(y0, x0) + fx * m(y0, x1)) + fy * ((1 - fx) * m(y1, x0) + fx * m(y1, x1))) / max : 0;
      const heat = [1, v, 0];
      for (let c = 0; c < 3; c++) {
        const src = image.channels === 3 ? (image.data[(y * w + x) * 3 + c] as number) : (image.data[y * w + x] as number);
        const base = src * (1 - dim + dim * v);
        out[(y * w + x) * 3 + c] = (1 - alpha * v) * base + alpha * v * (heat[c] as number);
      }
    }
  }
  return { data: out, width: w, height: h, channels: 3 };
}
