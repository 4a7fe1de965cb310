import { assertImage, createImage, type Image } from '../image';
import { convolve2d, laplacian4, laplacian8, unsharpMask } from '../filters';
import type { EnhanceStep } from './EnhanceStep';
import { autoUnsharpAmount, resolveEnhanceRules, type EnhanceRules } from './enhanceRules';
import { measureDegradation, type DegradationMeasurements } from './measureDegradation';

/** Sharpening filters offered by {@link sharpenImage}. */
export type SharpenMethod = 'unsharp' | 'laplacian4' | 'laplacian8';

/** Every {@link SharpenMethod}, for option validation and CLI choices. */
export const SHARPEN_METHODS: readonly SharpenMethod[] = Object.freeze(['unsharp', 'laplacian4', 'laplacian8']);

/** Options of {@link sharpenImage}. */
export interface SharpenImageOptions {
  /** Filter. @default 'unsharp' */
  method?: SharpenMethod;
  /**
   * Strength ≥ 0; absent = automatic (from the blur measurements).
   * `unsharp`: out = I + amount · (I − G_radius * I). `laplacian4` / `laplacian8`:
   * out = I − amount · (L * I), so amount 1 is exactly the `sharpen4` / `sharpen8` kernel.
   */
  amount?: number;
  /** Derive the amount from the measurements. Cannot be combined with `amount`. @default true when `amount` is absent */
  auto?: boolean;
  /** Unsharp-mask radius (Gaussian σ) in pixels, > 0. @default rules.unsharpRadius (1.5) */
  radius?: number;
  /** Unsharp-mask threshold in [0, 1] units: smaller details are left alone. @default 0 */
  threshold?: number;
  /**
   * Noise σ of the original image in [0, 1] units, used to damp the automatic amount (e.g. the σ
   * measured before denoising). @default measured on `image`
   */
  sigma?: number;
  /** Overrides of the calibrated automatic rules. */
  rules?: Partial<EnhanceRules>;
}

/** What {@link sharpenImage} returns. */
export interface SharpenImageResult {
  image: Image;
  step: EnhanceStep;
  /** The measurements of the input (always taken, also with an explicit amount). */
  measurements: DegradationMeasurements;
}

/**
 * Sharpens an image by unsharp masking (Gaussian detail layer) or by subtracting a Laplacian
 * (identity − L: the `sharpen4` / `sharpen8` kernels scaled by `amount`), at a given or automatic
 * strength — the operation behind `tounum sharpen` and notebook 01. The result is clipped to [0, 1].
 *
 * Automatic amount: from the estimated blur width and noise (see `measureDegradation`) by {@link autoUnsharpAmount}.
 * For the Laplacian methods it is converted through the small-radius expansion
 * I − G_r * I ≈ −(r²/2) ∇²I, with L4 ≈ ∇² and L8 ≈ 3 ∇² on smooth images: amount_L4 = amount · r²/2,
 * amount_L8 = amount · r²/6.
 * @throws TypeError / RangeError naming the bad option, its value and what is allowed.
 */
export function sharpenImage(image: Image, options: SharpenImageOptions = {}): SharpenImageResult {
  assertImage(image, 'sharpenImage: image');
  if (options === null || typeof options !== 'object') throw new TypeError(`sharpenImage: options must be an object, got ${String(options)}`);
  const { method = 'unsharp', amount, auto, threshold = 0, sigma } = options;
  if (!SHARPEN_METHODS.includes(method)) {
    throw new RangeError(`sharpenImage: options.method must be one of ${SHARPEN_METHODS.join(', ')}, got ${JSON.stringify(method)}`);
  }
  if (auto !== undefined && typeof auto !== 'boolean') throw new TypeError(`sharpenImage: options.auto must be a boolean, got ${String(auto)}`);
  if (auto === true && amount !== undefined) throw new RangeError('sharpenImage: give either options.amount or options.auto, not both');
  if (auto === false && amount === undefined) throw new RangeError('sharpenImage: options.auto is false but no options.amount was given');
  if (amount !== undefined && !(typeof amount === 'number' && Number.isFinite(amount) && amount >= 0)) {
    throw new RangeError(`sharpenImage: options.amount must be a finite number ≥ 0, got ${String(amount)}`);
  }
  if (!(typeof threshold === 'number' && Number.isFinite(threshold) && threshold >= 0)) {
    throw new RangeError(`sharpenImage: options.threshold must be a finite number ≥ 0 in [0, 1] intensity units, got ${String(threshold)}`);
  }
  if (sigma !== undefined && !(typeof sigma === 'number' && Number.isFinite(sigma) && sigma >= 0)) {
    throw new RangeError(`sharpenImage: options.sigma must be a finite number ≥ 0 in [0, 1] intensity units, got ${String(sigma)}`);
  }
  const rules = resolveEnhanceRules(options.rules, 'sharpenImage');
  const radius = options.radius ?? rules.unsharpRadius;
  if (!(typeof radius === 'number' && Number.isFinite(radius) && radius > 0)) {
    throw new RangeError(`sharpenImage: options.radius must be a number of pixels > 0, got ${String(radius)}`);
  }
  const measurements = measureDegradation(image);
  let value: number;
  let reason: string;
  if (amount !== undefined) {
    value = amount;
    reason = 'amount given';
  } else {
    const noise = sigma ?? measurements.sigma;
    const unsharpAmount = autoUnsharpAmount(measurements, noise, rules);
    value = method === 'unsharp' ? unsharpAmount : method === 'laplacian4' ? (unsharpAmount * radius * radius) / 2 : (unsharpAmount * radius * radius) / 6;
    reason = `from the estimated blur width ${measurements.blurSigma.toFixed(2)} px (sharp ≈ ${rules.intrinsicBlur} px) and noise σ = ${(noise * 255).toFixed(1)}/255`;
  }
  if (method === 'unsharp') {
    const out = value > 0 ? unsharpMask(image, { radius, amount: value, threshold }) : createImage(image.width, image.height, image.channels, image.data.slice());
    return { image: out, measurements, step: { op: 'sharpen', method, params: { amount: value, radius, threshold }, reason } };
  }
  const lap = convolve2d(image, method === 'laplacian4' ? laplacian4 : laplacian8).data;
  const src = image.data;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i] - value * lap[i];
    out[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  return { image: createImage(image.width, image.height, image.channels, out), measurements, step: { op: 'sharpen', method, params: { amount: value }, reason } };
}
