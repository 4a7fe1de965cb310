import { checkFrame, num, strengthOf, type StrengthOptions } from './internal';
import type { YuvFrame } from './YuvFrame';

/** Options of {@link simulatePalDelayLine}. */
export interface PalDelayLineOptions extends StrengthOptions {
  /**
   * Weight of the 1H (64 µs) delay-line average: decoded chroma = (1 − a/2)·C(n) + (a/2)·C(n − 1).
   * 1 = the standard PAL-D decoder (and the VHS playback comb), which averages the chroma of the
   * current and previous line and so halves vertical chroma resolution [S14, S22]; 0 = "PAL-S"
   * (simple) decoding without a delay line. Multiplied by `strength`, capped at 1.
   * @default 1
   */
  averaging?: number;
  /**
   * Differential chroma phase error φ in degrees. PAL's V-switch makes it appear as +φ on one line
   * and −φ on the next; the average restores the hue and scales saturation by cos φ, while without
   * averaging it shows as alternating-line hue errors (Hanover bars) [S14, S15]. Multiplied by `strength`.
   * @default 0
   */
  phaseErrorDeg?: number;
  /**
   * Whether "the previous line" is the previous line of the same field (row y − 2 of the interlaced
   * frame, 64 µs earlier) — physically right — or the row above (y − 1), as in a progressive frame.
   * @default true
   */
  fieldAware?: boolean;
}

/**
 * The PAL delay-line chroma decoder: vertical averaging of U and V over two successive lines of a
 * field, with an optional differential phase error (saturation loss cos φ, or Hanover bars).
 * Luma is untouched (shared). The first line of each field has no predecessor and is kept.
 * @throws TypeError / RangeError when the frame or an option is invalid.
 */
export function simulatePalDelayLine(frame: YuvFrame, options: PalDelayLineOptions = {}): YuvFrame {
  const fn = 'simulatePalDelayLine';
  checkFrame(fn, frame);
  const strength = strengthOf(fn, options);
  const averaging = num(fn, 'averaging', options.averaging ?? 1, 0, 1);
  const phaseErrorDeg = num(fn, 'phaseErrorDeg', options.phaseErrorDeg ?? 0, -180, 180);
  const fieldAware = options.fieldAware ?? true;
  if (typeof fieldAware !== 'boolean') throw new TypeError(`${fn}: options.fieldAware must be a boolean, got ${String(fieldAware)}`);
  const a = Math.min(1, averaging * strength);
  const phi = (phaseErrorDeg * strength * Math.PI) / 180;
  if (a === 0 && phi === 0) return { ...frame };
  const { width: w, height: h } = frame;
  const step = fieldAware ? 2 : 1;
  // Decoded chroma of each line after the V-switch: rotated by +φ / −φ on alternate lines.
  let ru = frame.u, rv = frame.v;
  if (phi !== 0) {
    ru = new Float32Array(w * h);
    rv = new Float32Array(w * h);
    for (let y = 0; y < h; y++) {
      const line = fieldAware ? y >> 1 : y;
      const t = line % 2 === 0 ? phi : -phi;
      const c = Math.cos(t), s = Math.sin(t);
      for (let i = y * w; i < (y + 1) * w; i++) {
        const uu = frame.u[i], vv = frame.v[i];
        ru[i] = uu * c - vv * s;
        rv[i] = uu * s + vv * c;
      }
    }
  }
  if (a === 0) return { ...frame, u: ru, v: rv };
  const u = new Float32Array(w * h);
  const v = new Float32Array(w * h);
  const wPrev = a / 2, wCur = 1 - a / 2;
  for (let y = 0; y < h; y++) {
    const o = y * w;
    if (y < step) {
      u.set(ru.subarray(o, o + w), o);
      v.set(rv.subarray(o, o + w), o);
      continue;
    }
    const p = o - step * w;
    for (let x = 0; x < w; x++) {
      u[o + x] = wCur * ru[o + x] + wPrev * ru[p + x];
      v[o + x] = wCur * rv[o + x] + wPrev * rv[p + x];
    }
  }
  return { ...frame, u, v };
}
