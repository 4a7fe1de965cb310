import { blend, checkFrame, designLineLowPass, filterRows, num, oneOf, strengthOf, type LineFilter, type StrengthOptions } from './internal';
import type { YuvFrame } from './YuvFrame';

/** Options of {@link simulateChromaBandwidth}. */
export interface ChromaBandwidthOptions extends StrengthOptions {
  /**
   * −3 dB frequency of U and V (equal in PAL [S12, S13]) in MHz. VHS colour-under: ≈0.4–0.5 MHz
   * (30–40 TVL; doom9 says ≈0.6) [S6, S16, S20, S21, S11]; presets 0.50 / 0.45 / 0.40 / 0.35 MHz
   * for SP / LP / EP / worn (notes §8, est.). Broadcast PAL: ≈1.3 MHz [S12, S13].
   * @default 0.5
   */
  cutoffMHz?: number;
  /** Transition band (windowed-sinc only) in MHz. @default 0.3 */
  rolloffMHz?: number;
  /** Filter shape (see {@link simulateLumaBandwidth}); the colour-under chain is gentle. @default 'gaussian' */
  filter?: LineFilter;
}

/**
 * Limits the bandwidth of U and V along each line (the horizontal chroma subsampling of the
 * colour-under recording: 0.5 MHz is ~1/6 of the luma bandwidth, much coarser than 4:2:0).
 * Cut-off in cycles per pixel = cutoffMHz / (13.5·scale); zero-phase; exactly −3 dB at the cut-off.
 * Luma is untouched. Vertical chroma averaging is {@link simulatePalDelayLine}.
 * @throws TypeError / RangeError when the frame or an option is invalid.
 */
export function simulateChromaBandwidth(frame: YuvFrame, options: ChromaBandwidthOptions = {}): YuvFrame {
  const fn = 'simulateChromaBandwidth';
  checkFrame(fn, frame);
  const strength = strengthOf(fn, options);
  const cutoffMHz = num(fn, 'cutoffMHz', options.cutoffMHz ?? 0.5, 1e-3, 1e3);
  const rolloffMHz = num(fn, 'rolloffMHz', options.rolloffMHz ?? 0.3, 0.02, 100);
  const filter = oneOf(fn, 'filter', options.filter ?? 'gaussian', ['windowed-sinc', 'gaussian'] as const);
  if (strength === 0) return { ...frame };
  const taps = designLineLowPass(cutoffMHz, rolloffMHz, filter, frame.scale);
  const u = filterRows(frame.u, frame.width, frame.height, taps);
  const v = filterRows(frame.v, frame.width, frame.height, taps);
  return { ...frame, u: blend(frame.u, u, strength), v: blend(frame.v, v, strength) };
}
