import { checkFrame, num, shiftRowInto, strengthOf, type StrengthOptions } from './internal';
import type { YuvFrame } from './YuvFrame';

/** Options of {@link simulateChromaDelay}. */
export interface ChromaDelayOptions extends StrengthOptions {
  /**
   * Horizontal chroma/luma misregistration in PAL samples (1 sample = 74.1 ns); positive = colour
   * lags (sits to the right of) luma, as observed on VHS ("some pixels" [S11]). Typical 0–3 px =
   * 0–220 ns (notes §3, est.); presets 1.0 / 1.5 / 2.0 / 3.0 px for SP / LP / EP / worn (notes §8).
   * Converted to raster pixels × scale; fractional shifts use linear interpolation.
   * @default 1.0
   */
  shiftPx?: number;
  /**
   * Vertical chroma displacement in picture lines (positive = down), rounded to whole rows × scale;
   * ntscqt randomises bleed vertically too [S26]. @default 0
   */
  shiftLines?: number;
}

/**
 * Chroma delay ("colour bleed", the visible chromatic aberration of VHS): U and V are displaced
 * relative to Y′. Edges exposed by the shift repeat the edge chroma. Luma is untouched (shared).
 * @throws TypeError / RangeError when the frame or an option is invalid.
 */
export function simulateChromaDelay(frame: YuvFrame, options: ChromaDelayOptions = {}): YuvFrame {
  const fn = 'simulateChromaDelay';
  checkFrame(fn, frame);
  const strength = strengthOf(fn, options);
  const shiftPx = num(fn, 'shiftPx', options.shiftPx ?? 1.0, -1000, 1000);
  const shiftLines = num(fn, 'shiftLines', options.shiftLines ?? 0, -1000, 1000);
  const dx = shiftPx * strength * frame.scale;
  const dy = Math.round(shiftLines * strength * frame.scale);
  if (dx === 0 && dy === 0) return { ...frame };
  const { width: w, height: h } = frame;
  const shiftPlane = (p: Float32Array): Float32Array => {
    const out = new Float32Array(w * h);
    const tmp = dy === 0 ? p : new Float32Array(w * h);
    if (dy !== 0) {
      for (let y = 0; y < h; y++) {
        const sy = Math.min(h - 1, Math.max(0, y - dy));
        tmp.set(p.subarray(sy * w, sy * w + w), y * w);
      }
    }
    for (let y = 0; y < h; y++) shiftRowInto(tmp, out, w, y, dx, null);
    return out;
  };
  return { ...frame, u: shiftPlane(frame.u), v: shiftPlane(frame.v) };
}
