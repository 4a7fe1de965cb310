// Y′UV planes of an RGB Image (PAL matrix, as lib/degrade/vhs YuvFrame), shared by the chroma stages.
import { createImage, type Image } from '../../image';
import { rgbToYuvFrame, yuvFrameToRgb } from '../../degrade/vhs';

export interface Planes { y: Float32Array; u: Float32Array; v: Float32Array; width: number; height: number }

export function toPlanes(image: Image): Planes {
  const f = rgbToYuvFrame(image);
  return { y: f.y, u: f.u, v: f.v, width: f.width, height: f.height };
}

export function fromPlanes(p: Planes): Image {
  const out = yuvFrameToRgb({ width: p.width, height: p.height, scale: 1, y: p.y, u: p.u, v: p.v }, 3);
  return createImage(out.width, out.height, 3, out.data);
}

/** Shifts every row of `plane` right by `dx` px (linear interpolation, edge samples repeated). */
export function shiftRows(plane: Float32Array, w: number, h: number, dx: number): Float32Array {
  const out = new Float32Array(w * h);
  const i0 = Math.floor(dx), t = dx - i0;
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const s = x - i0;
      const a = plane[o + Math.min(w - 1, Math.max(0, s))] as number;
      const b = plane[o + Math.min(w - 1, Math.max(0, s - 1))] as number;
      out[o + x] = (1 - t) * a + t * b;
    }
  }
  return out;
}
