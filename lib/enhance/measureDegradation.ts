import { assertImage, type Image } from '../image';
import { computeBlurScore, estimateNoiseSigma } from '../metrics';
import { gaussianBlur } from '../filters';

/** No-reference measurements that drive the automatic strength choices. */
export interface DegradationMeasurements {
  /** Estimated noise σ in [0, 1] intensity units (`estimateNoiseSigma`, Donoho's wavelet MAD). */
  sigma: number;
  /** Variance of the Laplacian of the grey image on the 0–255 scale (`computeBlurScore`); lower = blurrier. */
  blurScore: number;
  /**
   * Re-blur ratio in [0, 1]: blur score of the image blurred once more with a Gaussian of σ = 1 px,
   * divided by the blur score of the image. A sharp image loses most of its Laplacian energy when
   * re-blurred (ratio near 0.1–0.2), an already blurred one loses little (ratio towards 0.5–0.7).
   * Unlike the raw blur score it hardly depends on how much texture the scene has, which is why the
   * sharpening rule uses it (the idea of Crété-Roffet et al., "The blur effect", SPIE 2007).
   * 1 for a flat image (blur score 0).
   */
  reblurRatio: number;
  /**
   * Estimated width of a Gaussian blur, in pixels (≥ 0, at most 10), from the blur scores B₁, B₂ of
   * the image smoothed by Gaussians of σ = 1 and 2 px. For a scene with the usual 1/f² power spectrum
   * blurred by G_b, B_s ∝ (b² + s²)⁻², so with r = √(B₂ / B₁): b² = (4r − 1) / (1 − r).
   * Measuring at scales 1 and 2 px (not at the pixel scale) makes it insensitive to white noise and to
   * the residue of denoising; sharp photos read about 0.6–0.9 px (optics, demosaicing), which is why
   * the sharpening rule subtracts an intrinsic blur.
   */
  blurSigma: number;
}

/**
 * Measures noise and blur of an image without a reference: estimated noise σ, variance-of-Laplacian
 * blur score, the re-blur ratio and an estimated Gaussian blur width. Noise inflates the blur score (noise is all high frequency), so
 * measure blur on a denoised image when σ is large — {@link enhanceImage} does.
 * @throws TypeError / RangeError when the image is malformed.
 */
export function measureDegradation(image: Image): DegradationMeasurements {
  assertImage(image, 'measureDegradation: image');
  const sigma = estimateNoiseSigma(image);
  const blurScore = computeBlurScore(image);
  const b1 = computeBlurScore(gaussianBlur(image, 1), { quantize: false });
  const b2 = computeBlurScore(gaussianBlur(image, 2), { quantize: false });
  const reblurRatio = blurScore > 0 ? Math.min(1, computeBlurScore(gaussianBlur(image, 1)) / blurScore) : 1;
  let blurSigma = 0;
  if (b1 > 0) {
    const r = Math.sqrt(b2 / b1);
    blurSigma = r >= 0.999 ? 10 : Math.min(10, Math.sqrt(Math.max(0, (4 * r - 1) / (1 - r))));
  }
  return { sigma, blurScore, reblurRatio, blurSigma };
}
