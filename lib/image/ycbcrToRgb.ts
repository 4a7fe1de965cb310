import type { Image } from './Image';
import type { YcbcrPlanes } from './rgbToYcbcr';

/**
 * Inverse of {@link rgbToYcbcr} (MATLAB `ycbcr2rgb`): an RGB image, clipped to [0, 1].
 * @param channels - 1 gives the grey level of the luma alone, (255·Y − 16)/219, ignoring chroma
 *   (for grey inputs, whose chroma is neutral). @default 3
 * @throws RangeError when the planes' lengths do not match width × height.
 */
export function ycbcrToRgb(planes: YcbcrPlanes, channels: 1 | 3 = 3): Image {
  const { y, cb, cr, width, height } = planes;
  const n = width * height;
  if (y.length !== n || cb.length !== n || cr.length !== n) {
    throw new RangeError(`ycbcrToRgb: planes must hold width × height = ${n} values each, got ${y.length}, ${cb.length}, ${cr.length}`);
  }
  if (channels !== 1 && channels !== 3) throw new RangeError(`ycbcrToRgb: channels must be 1 or 3, got ${String(channels)}`);
  const out = new Float32Array(n * channels);
  const clip = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);
  for (let i = 0; i < n; i++) {
    const yy = (y[i] as number) * 255 - 16;
    const b = (cb[i] as number) * 255 - 128;
    const r = (cr[i] as number) * 255 - 128;
    // Inverse of the rgb2ycbcr matrix (MATLAB ycbcr2rgb coefficients, for values in [0, 255]).
    if (channels === 1) {
      out[i] = clip(0.00456621 * yy);
      continue;
    }
    const R = 0.00456621 * yy + 0.00625893 * r;
    const G = 0.00456621 * yy - 0.00153632 * b - 0.00318811 * r;
    const B = 0.00456621 * yy + 0.00791071 * b;
    out[i * 3] = clip(R);
    out[i * 3 + 1] = clip(G);
    out[i * 3 + 2] = clip(B);
  }
  return { data: out, width, height, channels };
}
