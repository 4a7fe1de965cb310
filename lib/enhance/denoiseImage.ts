import { assertImage, type Image } from '../image';
import { bilateralFilter, gaussianBlur, medianFilter } from '../filters';
import { nonLocalMeans } from '../denoise';
import { estimateNoiseSigma } from '../metrics';
import type { EnhanceStep } from './EnhanceStep';
import { resolveEnhanceRules, type EnhanceRules } from './enhanceRules';

/** Denoising filters offered by {@link denoiseImage}. */
export type DenoiseMethod = 'nlm' | 'gaussian' | 'bilateral' | 'median';

/** Every {@link DenoiseMethod}, for option validation and CLI choices. */
export const DENOISE_METHODS: readonly DenoiseMethod[] = Object.freeze(['nlm', 'gaussian', 'bilateral', 'median']);

/** Options of {@link denoiseImage}. */
export interface DenoiseImageOptions {
  /** Filter. @default 'nlm' */
  method?: DenoiseMethod;
  /**
   * Strength in the method's own unit; absent = automatic (from the estimated noise σ):
   * - `nlm`: filtering strength h in [0, 1] intensity units (e.g. 0.045 ≈ 11.5/255), > 0;
   * - `gaussian`: blur σ in pixels, > 0;
   * - `bilateral`: sigmaColor in [0, 1] intensity units, > 0 (sigmaSpace is 2 px);
   * - `median`: window side, an odd integer ≥ 3.
   */
  strength?: number;
  /** Derive the strength from the estimated noise σ. Cannot be combined with `strength`. @default true when `strength` is absent */
  auto?: boolean;
  /** Noise σ in [0, 1] units when known (skips the estimate; used by NLM's σ-corrected weights). */
  sigma?: number;
  /** NLM patch side, odd. @default 7 */
  patchSize?: number;
  /** NLM search-window side, odd. @default 21 */
  searchSize?: number;
  /** Threads for NLM (see `nonLocalMeans`). @default 1 */
  workers?: number;
  /** Overrides of the calibrated automatic rules. */
  rules?: Partial<EnhanceRules>;
}

/** What {@link denoiseImage} returns. */
export interface DenoiseImageResult {
  image: Image;
  /** The filter and parameters used, and why. */
  step: EnhanceStep;
  /** The noise σ used for automatic choices (given or estimated), [0, 1] units. */
  sigma: number;
}

const fmt = (v: number): string => (v * 255).toFixed(1) + '/255';

/**
 * Denoises an image with one of four filters, at a given or automatic strength — the operation behind
 * `tounum denoise` and notebook 01. NLM (Buades, Coll & Morel 2005, `tounum-lab/denoise`) is the
 * reference; Gaussian, bilateral (Tomasi & Manduchi 1998) and median filters are the classic baselines.
 * Automatic strengths follow {@link EnhanceRules} (NLM: h = 0.45 σ̂).
 * @returns a new image (the input is not modified), the step taken and the σ used.
 * @throws TypeError / RangeError naming the bad option, its value and what is allowed.
 */
export function denoiseImage(image: Image, options: DenoiseImageOptions = {}): DenoiseImageResult {
  assertImage(image, 'denoiseImage: image');
  if (options === null || typeof options !== 'object') throw new TypeError(`denoiseImage: options must be an object, got ${String(options)}`);
  const { method = 'nlm', strength, auto, sigma: givenSigma, patchSize = 7, searchSize = 21, workers = 1 } = options;
  if (!DENOISE_METHODS.includes(method)) {
    throw new RangeError(`denoiseImage: options.method must be one of ${DENOISE_METHODS.join(', ')}, got ${JSON.stringify(method)}`);
  }
  if (auto !== undefined && typeof auto !== 'boolean') throw new TypeError(`denoiseImage: options.auto must be a boolean, got ${String(auto)}`);
  if (auto === true && strength !== undefined) {
    throw new RangeError('denoiseImage: give either options.strength or options.auto, not both');
  }
  if (auto === false && strength === undefined) {
    throw new RangeError('denoiseImage: options.auto is false but no options.strength was given');
  }
  if (strength !== undefined) checkStrength(method, strength);
  if (givenSigma !== undefined && !(typeof givenSigma === 'number' && Number.isFinite(givenSigma) && givenSigma >= 0)) {
    throw new RangeError(`denoiseImage: options.sigma must be a finite number ≥ 0 in [0, 1] intensity units, got ${String(givenSigma)}`);
  }
  const rules = resolveEnhanceRules(options.rules, 'denoiseImage');
  const sigma = givenSigma ?? estimateNoiseSigma(image);
  const why = strength !== undefined ? 'strength given' : `from the ${givenSigma !== undefined ? 'given' : 'estimated'} noise σ = ${fmt(sigma)}`;

  switch (method) {
    case 'nlm': {
      const h = strength ?? Math.max(rules.nlmHFactor * sigma, 1e-4);
      const out = nonLocalMeans(image, { h, sigma, patchSize, searchSize, workers });
      return { image: out, sigma, step: { op: 'denoise', method, params: { h, sigma, patchSize, searchSize }, reason: strength !== undefined ? why : `h = ${rules.nlmHFactor} σ ${why}` } };
    }
    case 'gaussian': {
      const s = strength ?? Math.min(3, Math.max(0.5, rules.gaussianSigmaFactor * sigma * 255));
      return { image: gaussianBlur(image, s), sigma, step: { op: 'denoise', method, params: { sigma: s }, reason: why } };
    }
    case 'bilateral': {
      const sigmaColor = strength ?? Math.max(rules.bilateralColorFactor * sigma, 1e-3);
      const out = bilateralFilter(image, { sigmaColor, sigmaSpace: 2 });
      return { image: out, sigma, step: { op: 'denoise', method, params: { sigmaColor, sigmaSpace: 2 }, reason: why } };
    }
    case 'median': {
      const size = strength ?? (sigma > rules.medianLargeAbove ? 5 : 3);
      return { image: medianFilter(image, size), sigma, step: { op: 'denoise', method, params: { size }, reason: why } };
    }
  }
}

function checkStrength(method: DenoiseMethod, strength: unknown): void {
  if (method === 'median') {
    if (!(typeof strength === 'number' && Number.isInteger(strength) && strength >= 3 && strength % 2 === 1)) {
      throw new RangeError(`denoiseImage: options.strength for method 'median' is the window side, an odd integer ≥ 3; got ${String(strength)}`);
    }
    return;
  }
  const unit = method === 'gaussian' ? 'blur σ in pixels' : method === 'nlm' ? 'h in [0, 1] intensity units' : 'sigmaColor in [0, 1] intensity units';
  if (!(typeof strength === 'number' && Number.isFinite(strength) && strength > 0)) {
    throw new RangeError(`denoiseImage: options.strength for method '${method}' is the ${unit}, a number > 0; got ${String(strength)}`);
  }
}
