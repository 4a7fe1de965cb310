import { checkFrame, filterRows, gaussianTaps, num, strengthOf, type StrengthOptions } from './internal';
import type { YuvFrame } from './YuvFrame';

/** Options of {@link simulateRinging}. */
export interface RingingOptions extends StrengthOptions {
  /**
   * Extra gain of the VCR's sharpness/peaking circuit at `peakingFreqMHz`: |H(f_p)| = 1 + gain.
   * HF-compensating peaking plus pre-emphasis give overshoot [S20]; presets +20 / 25 / 30 / 35 %
   * (notes §8, est.). Implemented as an unsharp mask y + 2·gain·(y − G_σ y) along the line, where
   * the Gaussian G_σ is −6 dB (½) at f_p, so the boost at f_p is exactly `gain`.
   * @default 0.2
   */
  peakingGain?: number;
  /** Frequency where the peaking gain is specified, in MHz (notes §8: ≈2.5 MHz). @default 2.5 */
  peakingFreqMHz?: number;
  /**
   * Amplitude of the trailing ringing relative to the edge step: after an edge of height Δ the
   * line carries Δ·A·e^(−t/τ)·sin(2π f t), a causal damped oscillation (white clipping / trailing
   * streaks [S20]). Presets 0.05 / 0.08 / 0.10 / 0.15 (est.).
   * @default 0.08
   */
  ringingAmplitude?: number;
  /** Frequency of the ringing in MHz (near the luma cut-off, est.). @default 3.2 */
  ringingFreqMHz?: number;
  /**
   * Decay time constant τ of the ringing in µs. 0.3 µs ≈ 4 samples, so the halo dies within the
   * 12–14 px window after edges where repair filters look for it [S25].
   * @default 0.3
   */
  ringingDecayUs?: number;
}

/**
 * Over-sharpening halos and ringing on luma: a zero-phase peaking (symmetric halos either side of
 * edges) plus a causal damped oscillation driven by the line's derivative (ripples to the right of
 * edges). Frequencies map to cycles/pixel as f / (13.5·scale), times to pixels as t·13.5·scale.
 * Chroma is untouched. Values may leave [0, 1].
 * @throws TypeError / RangeError when the frame or an option is invalid.
 */
export function simulateRinging(frame: YuvFrame, options: RingingOptions = {}): YuvFrame {
  const fn = 'simulateRinging';
  checkFrame(fn, frame);
  const strength = strengthOf(fn, options);
  const peakingGain = num(fn, 'peakingGain', options.peakingGain ?? 0.2, -1, 10);
  const peakingFreqMHz = num(fn, 'peakingFreqMHz', options.peakingFreqMHz ?? 2.5, 1e-3, 1e3);
  const ringingAmplitude = num(fn, 'ringingAmplitude', options.ringingAmplitude ?? 0.08, 0, 10);
  const ringingFreqMHz = num(fn, 'ringingFreqMHz', options.ringingFreqMHz ?? 3.2, 1e-3, 1e3);
  const ringingDecayUs = num(fn, 'ringingDecayUs', options.ringingDecayUs ?? 0.3, 1e-3, 64);
  if (strength === 0 || (peakingGain === 0 && ringingAmplitude === 0)) return { ...frame };
  const { width: w, height: h, scale } = frame;
  const fs = 13.5 * scale;
  const src = frame.y;
  let y = src.slice();
  if (peakingGain !== 0) {
    const fp = Math.min(0.45, peakingFreqMHz / fs);
    const sigma = Math.sqrt(Math.LN2 / 2) / (Math.PI * fp);
    const low = filterRows(src, w, h, gaussianTaps(sigma));
    const g = 2 * peakingGain * strength;
    for (let i = 0; i < y.length; i++) y[i] = src[i] + g * (src[i] - low[i]);
  }
  if (ringingAmplitude > 0) {
    // h[m] = A·r^m·sin(ωm), m ≥ 1, r = e^(−1/τ), is exactly the impulse response of the 2-pole
    // resonator s[n] = 2r·cos ω·s[n−1] − r²·s[n−2] + A·r·sin ω·d[n−1], so it costs O(1) per sample.
    const omega = 2 * Math.PI * Math.min(0.49, ringingFreqMHz / fs);
    const r = Math.exp(-1 / (ringingDecayUs * fs));
    const a1 = 2 * r * Math.cos(omega), a2 = -r * r, b1 = strength * ringingAmplitude * r * Math.sin(omega);
    for (let row = 0; row < h; row++) {
      const o = row * w;
      let s1 = 0, s2 = 0;
      for (let x = 1; x < w; x++) {
        const dPrev = x >= 2 ? src[o + x - 1] - src[o + x - 2] : 0;
        const sn = a1 * s1 + a2 * s2 + b1 * dPrev;
        s2 = s1;
        s1 = sn;
        y[o + x] += sn;
      }
    }
  }
  return { ...frame, y };
}
