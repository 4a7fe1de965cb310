import { checkFrame, num, strengthOf, type StrengthOptions } from './internal';
import type { YuvFrame } from './YuvFrame';

/** Options of {@link simulateLevels}. */
export interface LevelsOptions extends StrengthOptions {
  /**
   * Video gain applied to luma (1 = correct levels; > 1 = over-exposure, as in camera iris or
   * capture proc-amp errors seen in digitised tapes). Scaled as 1 + strength·(gain − 1). Presets
   * 1.0 except worn 1.15 (est.). @default 1
   */
  gain?: number;
  /** Black-level offset added to luma on the [0, 1] scale (scaled by strength). @default 0 */
  lift?: number;
  /**
   * Start of the white soft clip on the [0, 1] scale: above it luma is compressed exponentially
   * towards 1 and chroma fades to 0 at white (burnt-out highlights); 1 = a plain ADC clip at
   * white, which leaves in-range values untouched. @default 1
   */
  knee?: number;
  /**
   * Chroma gain (1 = unchanged). The VCR's chroma AGC hides level loss, so this stays close to 1:
   * presets 1.00 / 0.95 / 0.90 / 0.80 for SP / LP / EP / worn (notes §6, §8, est.). Scaled as
   * 1 + strength·(saturation − 1). @default 1
   */
  saturation?: number;
}

/**
 * Level faults of the capture chain: over-exposure (luma gain with white soft clip and highlight
 * desaturation), black lift and saturation (chroma gain). Identity at the defaults and at strength 0.
 * @throws TypeError / RangeError when the frame or an option is invalid.
 */
export function simulateLevels(frame: YuvFrame, options: LevelsOptions = {}): YuvFrame {
  const fn = 'simulateLevels';
  checkFrame(fn, frame);
  const strength = strengthOf(fn, options);
  const gain = 1 + strength * (num(fn, 'gain', options.gain ?? 1, 0, 100) - 1);
  const lift = strength * num(fn, 'lift', options.lift ?? 0, -1, 1);
  const knee = num(fn, 'knee', options.knee ?? 1, 0, 1);
  const saturation = Math.max(0, 1 + strength * (num(fn, 'saturation', options.saturation ?? 1, 0, 10) - 1));
  if (strength === 0 || (gain === 1 && lift === 0 && knee === 1 && saturation === 1)) return { ...frame };
  const n = frame.y.length;
  const y = new Float32Array(n), u = new Float32Array(n), v = new Float32Array(n);
  const span = 1 - knee;
  for (let i = 0; i < n; i++) {
    let yy = lift + gain * frame.y[i];
    let c = saturation;
    if (yy > knee) {
      if (span > 0) {
        yy = knee + span * (1 - Math.exp(-(yy - knee) / span));
        c *= (1 - yy) / span;
      } else {
        yy = 1;
      }
    }
    y[i] = yy;
    u[i] = c * frame.u[i];
    v[i] = c * frame.v[i];
  }
  return { ...frame, y, u, v };
}
