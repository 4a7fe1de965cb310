import { blend, checkFrame, designLineLowPass, filterRows, num, oneOf, strengthOf, type LineFilter, type StrengthOptions } from './internal';
import type { YuvFrame } from './YuvFrame';

/** Options of {@link simulateLumaBandwidth}. */
export interface LumaBandwidthOptions extends StrengthOptions {
  /**
   * −3 dB frequency of the luma channel in MHz. VHS: ≈3 MHz (≈240 TVL; 250 SP → 230 LP/EP quoted)
   * [S16, S18, S11]; presets use 3.0 / 2.7 / 2.4 / 2.3 MHz for SP / LP / EP / worn (notes §8, est.).
   * Broadcast PAL luma is 5–5.5 MHz [S12, S13]. 1 MHz ≈ 78 TVL per picture height (notes §1).
   * @default 3.0
   */
  cutoffMHz?: number;
  /** Width of the transition band of the windowed-sinc filter in MHz. @default 1.0 */
  rolloffMHz?: number;
  /**
   * `'windowed-sinc'`: Hamming-windowed sinc (steep, like the FM-demodulator post-filter, vhs-decode
   * uses 3.4 MHz [S7]); `'gaussian'`: Gaussian with the same −3 dB point (gentle, no ringing).
   * @default 'windowed-sinc'
   */
  filter?: LineFilter;
}

/**
 * Limits the luma bandwidth along each line, as the FM luma channel of a VHS deck does.
 *
 * Mapping: the raster samples the line at 13.5·scale MHz (BT.601), so the cut-off in cycles per
 * pixel is cutoffMHz / (13.5·scale) (3 MHz → 0.222 at scale 1). The filter is zero-phase and its
 * magnitude response is exactly −3 dB (1/√2) at the cut-off; for the windowed sinc the sinc corner
 * is adjusted by bisection to achieve that, with N ≈ 3.3·fs/rolloff taps. Chroma is untouched.
 * Causal analog filtering (phase lag) is not modelled: ringing is in {@link simulateRinging}.
 * @throws TypeError / RangeError when the frame or an option is invalid.
 */
export function simulateLumaBandwidth(frame: YuvFrame, options: LumaBandwidthOptions = {}): YuvFrame {
  const fn = 'simulateLumaBandwidth';
  checkFrame(fn, frame);
  const strength = strengthOf(fn, options);
  const cutoffMHz = num(fn, 'cutoffMHz', options.cutoffMHz ?? 3.0, 1e-3, 1e3);
  const rolloffMHz = num(fn, 'rolloffMHz', options.rolloffMHz ?? 1.0, 0.05, 100);
  const filter = oneOf(fn, 'filter', options.filter ?? 'windowed-sinc', ['windowed-sinc', 'gaussian'] as const);
  if (strength === 0) return { ...frame };
  const taps = designLineLowPass(cutoffMHz, rolloffMHz, filter, frame.scale);
  const y = filterRows(frame.y, frame.width, frame.height, taps);
  return { ...frame, y: blend(frame.y, y, strength) };
}
