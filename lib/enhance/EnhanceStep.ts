/** One operation applied by {@link enhanceImage}, {@link denoiseImage} or {@link sharpenImage}, and why. */
export interface EnhanceStep {
  /** What kind of operation. */
  op: 'denoise' | 'sharpen';
  /** The filter used: `nlm`, `gaussian`, `bilateral`, `median`, `unsharp`, `laplacian4`, `laplacian8`. */
  method: string;
  /**
   * The parameters passed to the filter, in the filter's own units (e.g. NLM `h` and `sigma` in [0, 1]
   * intensity units, unsharp `radius` in pixels).
   */
  params: Record<string, number>;
  /** Why this strength: "from the estimated σ = 24.8/255" or "given on the command line". */
  reason: string;
}
