import { nonLocalMeans } from '../../denoise';
import { unsharpMask } from '../../filters';
import { assertImage, type Image } from '../../image';

/** Options of {@link restoreVhsClassical}. */
export interface RestoreVhsClassicalOptions {
  /**
   * NLM strength as a multiple of the estimated noise σ (wavelet MAD, `estimateNoiseSigma`).
   * Default chosen on the VHS tuning split (`scripts/bench/vhs-tune-classical.js`).
   * Tuning (2 photos × 5 presets): 0.8 best of {0.3, 0.45, 0.6, 0.8}, +0.08 dB mean — the grid edge.
   * @default 0.8
   */
  hFactor?: number;
  /** Unsharp-mask amount (0 = none); chosen on the tuning split, where every amount > 0 lost (−0.5 dB at 0.25). @default 0 */
  amount?: number;
  /** Unsharp-mask Gaussian σ in pixels. @default 1 */
  radius?: number;
  /** NLM threads. @default 1 */
  workers?: number;
}

/**
 * The classical VHS baseline without learned parts: non-local means (Buades, Coll & Morel 2005;
 * σ estimated from the frame, h = hFactor·σ, 7×7 patches, 21×21 search) followed by unsharp masking.
 * It does not touch line jitter, dropouts, the head-switching band or chroma delay; it is the
 * reference the chain is compared with.
 * @throws TypeError / RangeError for a malformed image or a bad option.
 */
export function restoreVhsClassical(image: Image, options: RestoreVhsClassicalOptions = {}): Image {
  const fn = 'restoreVhsClassical';
  assertImage(image, `${fn}: image`);
  const { hFactor = 0.8, amount = 0, radius = 1, workers = 1 } = options;
  if (typeof hFactor !== 'number' || !(hFactor > 0 && hFactor <= 10)) throw new RangeError(`${fn}: options.hFactor must be in (0, 10], got ${String(hFactor)}`);
  if (typeof amount !== 'number' || !(amount >= 0 && amount <= 10)) throw new RangeError(`${fn}: options.amount must be in [0, 10], got ${String(amount)}`);
  const den = nonLocalMeans(image, { hFactor, workers });
  return amount === 0 ? den : unsharpMask(den, { amount, radius });
}
