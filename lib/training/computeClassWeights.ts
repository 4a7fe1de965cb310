/**
 * Class weights that balance a loss over imbalanced classes: `w_c = n / (k · n_c)`, so every class
 * contributes the same total weight and the mean weight over samples is 1 (scikit-learn's
 * `compute_class_weight('balanced', …)`, the usual Keras `class_weight` recipe).
 * @param labels - integer class of every training sample, in [0, numClasses).
 * @param numClasses - number of classes k. @default max(label) + 1
 * @returns one weight per class.
 * @throws RangeError for an empty list, a non-integer or out-of-range label, or a class without samples.
 */
export function computeClassWeights(labels: ArrayLike<number>, numClasses?: number): number[] {
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number' || labels.length === 0) {
    throw new RangeError('computeClassWeights: labels must be a non-empty array of class indices');
  }
  let maxLabel = 0;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i] as number;
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`computeClassWeights: labels[${i}] must be an integer ≥ 0, got ${v}`);
    maxLabel = Math.max(maxLabel, v);
  }
  const k = numClasses ?? maxLabel + 1;
  if (!Number.isInteger(k) || k < 1 || k <= maxLabel) throw new RangeError(`computeClassWeights: numClasses must be an integer > every label (max ${maxLabel}), got ${numClasses}`);
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i] as number] = (counts[labels[i] as number] as number) + 1;
  return counts.map((c, i) => {
    if (c === 0) throw new RangeError(`computeClassWeights: class ${i} has no sample, its weight is undefined`);
    return labels.length / (k * c);
  });
}
