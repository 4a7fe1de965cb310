import type { DegradationMeasurements } from './measureDegradation';

/**
 * The constants of the automatic strength choices. The defaults ({@link DEFAULT_ENHANCE_RULES}) were
 * calibrated on kodak24 (12 photos, 128×128 centre crops, seeded Gaussian noise σ ∈ {0, 10, 25, 40}/255
 * and Gaussian blur σ ∈ {0, 1, 1.5, 2, 2.5} px; NLM at the library's h = 0.45 σ̂, then the
 * PSNR-best unsharp amount on a grid), fitting the rule to the best amounts; the
 * calibration is re-run and plotted in notebook 01-preprocessing (section "automatic pipeline").
 * All noise quantities are in [0, 1] intensity units (8-bit value / 255).
 */
export interface EnhanceRules {
  /**
   * Denoise only when the estimated σ exceeds this. Texture inflates the estimate: clean kodak24 crops
   * read 1.6–9.4/255 (median ≈ 3/255), so below 5/255 denoising would mostly smooth texture.
   */
  noiseThreshold: number;
  /** NLM filtering strength h = nlmHFactor · σ̂ (with the σ-corrected weights of `nonLocalMeans`). */
  nlmHFactor: number;
  /** Gaussian-blur baseline: σ_px = gaussianSigmaFactor · σ̂ · 255, clamped to [0.5, 3] px. */
  gaussianSigmaFactor: number;
  /** Bilateral baseline: sigmaColor = bilateralColorFactor · σ̂ (sigmaSpace 2 px). */
  bilateralColorFactor: number;
  /** Median baseline: 3×3 window up to this σ̂, 5×5 above. */
  medianLargeAbove: number;
  /** Unsharp-mask radius (Gaussian σ) in pixels. */
  unsharpRadius: number;
  /** Blur width of a sharp photo, in px: only blur beyond it is corrected (b_eff² = b̂² − intrinsicBlur²). */
  intrinsicBlur: number;
  /**
   * Noise trade-off k of the amount a = b_eff² / (1 + k · b_eff² · σ̂·255): with no noise the best
   * amount grows like the blur variance; noise left after denoising caps it near 1 / (k · σ̂·255).
   */
  noiseAmountFactor: number;
  /** Largest automatic unsharp amount. */
  maxAmount: number;
  /** Smaller automatic amounts are not worth applying (the step is skipped). */
  minAmount: number;
}

/** Calibrated defaults (see {@link EnhanceRules}). */
export const DEFAULT_ENHANCE_RULES: Readonly<EnhanceRules> = Object.freeze({
  noiseThreshold: 5 / 255,
  nlmHFactor: 0.45,
  gaussianSigmaFactor: 0.05,
  bilateralColorFactor: 2,
  medianLargeAbove: 25 / 255,
  unsharpRadius: 1.5,
  intrinsicBlur: 0.7,
  noiseAmountFactor: 0.03,
  maxAmount: 6,
  minAmount: 0.1,
});

/**
 * Merges user overrides into the defaults, checking every value.
 * @throws RangeError naming the rule and its allowed range.
 */
export function resolveEnhanceRules(overrides: Partial<EnhanceRules> = {}, fn = 'enhance'): EnhanceRules {
  if (overrides === null || typeof overrides !== 'object') throw new TypeError(`${fn}: options.rules must be an object, got ${String(overrides)}`);
  const rules: EnhanceRules = { ...DEFAULT_ENHANCE_RULES };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in DEFAULT_ENHANCE_RULES)) {
      throw new RangeError(`${fn}: options.rules.${key} is not a rule; known rules: ${Object.keys(DEFAULT_ENHANCE_RULES).join(', ')}`);
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`${fn}: options.rules.${key} must be a finite number ≥ 0, got ${String(value)}`);
    }
    rules[key as keyof EnhanceRules] = value;
  }
  if (rules.unsharpRadius <= 0) throw new RangeError(`${fn}: options.rules.unsharpRadius must be > 0, got ${rules.unsharpRadius}`);
  return rules;
}

/**
 * The automatic unsharp amount for measurements `m` (taken on the image to sharpen, i.e. after any
 * denoising) and the noise σ̂ estimated on the original:
 * a = min(maxAmount, b_eff² / (1 + k · b_eff² · σ̂·255)), b_eff² = max(0, b̂² − intrinsicBlur²),
 * and 0 when a < minAmount. On kodak24 without noise the PSNR-best amount (radius 1.5) is ≈ b_eff²;
 * with noise it saturates, as the formula does.
 */
export function autoUnsharpAmount(m: DegradationMeasurements, sigma: number, rules: EnhanceRules = DEFAULT_ENHANCE_RULES): number {
  if (!(m.blurScore > 0)) return 0;
  const excess = Math.max(0, m.blurSigma * m.blurSigma - rules.intrinsicBlur * rules.intrinsicBlur);
  const a = Math.min(rules.maxAmount, excess / (1 + rules.noiseAmountFactor * excess * sigma * 255));
  return a < rules.minAmount ? 0 : a;
}
