import { assertImage, createImage, type Image } from '../image';
import type { EnhanceStep } from './EnhanceStep';
import { DENOISE_METHODS, denoiseImage, type DenoiseMethod } from './denoiseImage';
import { resolveEnhanceRules, type EnhanceRules } from './enhanceRules';
import { measureDegradation, type DegradationMeasurements } from './measureDegradation';
import { SHARPEN_METHODS, sharpenImage, type SharpenMethod } from './sharpenImage';

/** Options of {@link enhanceImage}. */
export interface EnhanceImageOptions {
  /** Denoising filter, when the image is found noisy. @default 'nlm' */
  denoiseMethod?: DenoiseMethod;
  /** Sharpening filter, when the image is found blurred. @default 'unsharp' */
  sharpenMethod?: SharpenMethod;
  /**
   * Order of the two steps. `'auto'` denoises first whenever it denoises (the only sensible order,
   * see {@link enhanceImage}); `'sharpen-first'` exists to measure why (notebook 01).
   * @default 'auto'
   */
  order?: 'auto' | 'sharpen-first';
  /** Allow the denoising step. @default true */
  denoise?: boolean;
  /** Allow the sharpening step. @default true */
  sharpen?: boolean;
  /** Threads for NLM. @default 1 */
  workers?: number;
  /** Overrides of the calibrated rules ({@link DEFAULT_ENHANCE_RULES}). */
  rules?: Partial<EnhanceRules>;
}

/** What {@link enhanceImage} measured and decided. */
export interface EnhanceDecisions {
  /** Estimated noise σ of the input, [0, 1] units. */
  sigma: number;
  /** Blur score (variance of the Laplacian, 0–255 scale) of the input. */
  blurScore: number;
  /** Measurements of the input. */
  input: DegradationMeasurements;
  /** Measurements of the image the sharpening decision was taken on (after denoising, if any). */
  beforeSharpen: DegradationMeasurements | null;
  /** Operations applied, in order, with their parameters and reasons. */
  steps: EnhanceStep[];
  /** Operations considered and not applied, with the reason. */
  skipped: Array<{ op: 'denoise' | 'sharpen'; reason: string }>;
}

/** What {@link enhanceImage} returns. */
export interface EnhanceImageResult {
  image: Image;
  decisions: EnhanceDecisions;
}

const fmt = (v: number): string => (v * 255).toFixed(1) + '/255';

/**
 * Automatic clean-up of a scanned photograph: measures noise (`estimateNoiseSigma`) and blur
 * (`computeBlurScore` and the re-blur ratio of `measureDegradation`), then decides which steps to
 * apply, in which order and how strongly.
 *
 * 1. **Denoise first** when σ̂ > `noiseThreshold`: NLM with h = `nlmHFactor` · σ̂. Sharpening is a
 *    high-pass gain (unsharp mask multiplies frequencies near the Nyquist limit by up to 1 + amount),
 *    so sharpening a noisy image amplifies the noise by that factor, makes it spatially correlated
 *    (no longer the white noise NLM's weights and the σ estimate assume) and creates false
 *    structure that the denoiser then preserves. Noise also inflates the blur score, so blur is
 *    measured *after* denoising.
 * 2. **Sharpen** with the unsharp amount of {@link autoUnsharpAmount}: it grows with the blur width
 *    estimated on the (denoised) image beyond that of a sharp photo, and is held back by σ̂ (the noise
 *    left after denoising is amplified too). Amounts below `minAmount` are skipped.
 *
 * The rules were calibrated on kodak24 with seeded degradations (see {@link EnhanceRules}).
 * @returns a new image (the input is untouched) and the decisions, for logs and `--json`.
 * @throws TypeError / RangeError naming the bad option.
 */
export function enhanceImage(image: Image, options: EnhanceImageOptions = {}): EnhanceImageResult {
  assertImage(image, 'enhanceImage: image');
  if (options === null || typeof options !== 'object') throw new TypeError(`enhanceImage: options must be an object, got ${String(options)}`);
  const { denoiseMethod = 'nlm', sharpenMethod = 'unsharp', order = 'auto', denoise = true, sharpen = true, workers = 1 } = options;
  if (!DENOISE_METHODS.includes(denoiseMethod)) {
    throw new RangeError(`enhanceImage: options.denoiseMethod must be one of ${DENOISE_METHODS.join(', ')}, got ${JSON.stringify(denoiseMethod)}`);
  }
  if (!SHARPEN_METHODS.includes(sharpenMethod)) {
    throw new RangeError(`enhanceImage: options.sharpenMethod must be one of ${SHARPEN_METHODS.join(', ')}, got ${JSON.stringify(sharpenMethod)}`);
  }
  if (order !== 'auto' && order !== 'sharpen-first') throw new RangeError(`enhanceImage: options.order must be 'auto' or 'sharpen-first', got ${JSON.stringify(order)}`);
  for (const [name, v] of [['denoise', denoise], ['sharpen', sharpen]] as const) {
    if (typeof v !== 'boolean') throw new TypeError(`enhanceImage: options.${name} must be a boolean, got ${String(v)}`);
  }
  if (!(Number.isInteger(workers) && workers >= 1)) throw new RangeError(`enhanceImage: options.workers must be an integer ≥ 1, got ${String(workers)}`);
  const rules = resolveEnhanceRules(options.rules, 'enhanceImage');

  const input = measureDegradation(image);
  const sigma = input.sigma;
  const steps: EnhanceStep[] = [];
  const skipped: EnhanceDecisions['skipped'] = [];
  const noisy = sigma > rules.noiseThreshold;
  let current = image;
  let beforeSharpen: DegradationMeasurements | null = null;

  const runDenoise = (): void => {
    if (!denoise) {
      skipped.push({ op: 'denoise', reason: 'disabled' });
    } else if (!noisy) {
      skipped.push({ op: 'denoise', reason: `estimated σ = ${fmt(sigma)} is below the threshold ${fmt(rules.noiseThreshold)}` });
    } else {
      const r = denoiseImage(current, { method: denoiseMethod, sigma, workers, rules });
      r.step.reason = `σ = ${fmt(sigma)} > ${fmt(rules.noiseThreshold)}; ${r.step.reason}`;
      steps.push(r.step);
      current = r.image;
    }
  };
  const runSharpen = (): void => {
    if (!sharpen) {
      skipped.push({ op: 'sharpen', reason: 'disabled' });
      return;
    }
    const r = sharpenImage(current, { method: sharpenMethod, sigma, rules });
    beforeSharpen = r.measurements;
    const amount = r.step.params['amount'] ?? 0;
    if (amount > 0) {
      if (noisy && order === 'auto') r.step.reason += '; measured after denoising (noise inflates the blur score)';
      steps.push(r.step);
      current = r.image;
    } else {
      skipped.push({ op: 'sharpen', reason: `estimated blur width ${r.measurements.blurSigma.toFixed(2)} px: no worthwhile sharpening (amount < ${rules.minAmount})` });
    }
  };
  if (order === 'sharpen-first') {
    runSharpen();
    runDenoise();
  } else {
    runDenoise();
    runSharpen();
  }
  const out = current === image ? createImage(image.width, image.height, image.channels, image.data.slice()) : current;
  return { image: out, decisions: { sigma, blurScore: input.blurScore, input, beforeSharpen, steps, skipped } };
}
