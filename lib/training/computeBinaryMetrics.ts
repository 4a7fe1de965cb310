/** Confusion counts and derived metrics of a binary classifier at one threshold. */
export interface BinaryMetrics {
  threshold: number;
  /** Positives predicted positive. */
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  accuracy: number;
  /** tp / (tp + fp); 1 when nothing is predicted positive (no false alarm was raised). */
  precision: number;
  /** tp / (tp + fn) (sensitivity, true-positive rate). */
  recall: number;
  /** tn / (tn + fp) (true-negative rate). */
  specificity: number;
  /** Harmonic mean of precision and recall. */
  f1: number;
  /** (recall + specificity) / 2. */
  balancedAccuracy: number;
}

function checkInputs(scores: ArrayLike<number>, labels: ArrayLike<number>, fn: string): void {
  if (scores === null || typeof scores !== 'object' || typeof scores.length !== 'number') throw new TypeError(`${fn}: scores must be an array of numbers`);
  if (labels === null || typeof labels !== 'object' || labels.length !== scores.length) {
    throw new RangeError(`${fn}: labels must have one entry per score (${scores.length}), got ${labels?.length}`);
  }
  if (scores.length === 0) throw new RangeError(`${fn}: scores must not be empty`);
  for (let i = 0; i < labels.length; i++) if (labels[i] !== 0 && labels[i] !== 1) throw new RangeError(`${fn}: labels[${i}] must be 0 or 1, got ${labels[i]}`);
}

/**
 * Confusion matrix, precision, recall, F1, specificity and balanced accuracy of scores
 * thresholded at `threshold` (score ≥ threshold → positive). Matches scikit-learn's
 * `confusion_matrix`, `precision_recall_fscore_support(average='binary')` and
 * `balanced_accuracy_score` (with precision defined as 1, not 0, when nothing is predicted positive).
 * @param scores - probability of the positive class per sample.
 * @param labels - 0 or 1 per sample.
 * @param threshold - decision threshold. @default 0.5
 * @throws RangeError for mismatched lengths, labels other than 0/1 or a threshold that is not a number.
 */
export function computeBinaryMetrics(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): BinaryMetrics {
  checkInputs(scores, labels, 'computeBinaryMetrics');
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) throw new RangeError(`computeBinaryMetrics: threshold must be a number, got ${String(threshold)}`);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const pos = (scores[i] as number) >= threshold;
    if (labels[i] === 1) pos ? tp++ : fn++;
    else pos ? fp++ : tn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const specificity = tn + fp === 0 ? 0 : tn / (tn + fp);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const both = tp + fn > 0 && tn + fp > 0;
  return {
    threshold,
    tp,
    fp,
    tn,
    fn,
    accuracy: (tp + tn) / scores.length,
    precision,
    recall,
    specificity,
    f1,
    balancedAccuracy: both ? (recall + specificity) / 2 : tp + fn > 0 ? recall : specificity,
  };
}

/** A precision–recall curve: one point per distinct score used as threshold, highest threshold first. */
export interface PrecisionRecallCurve {
  thresholds: number[];
  precision: number[];
  recall: number[];
  /** Average precision: Σ (Rₙ − Rₙ₋₁) Pₙ (scikit-learn `average_precision_score`). */
  averagePrecision: number;
}

/**
 * Precision and recall at every distinct score taken as threshold (score ≥ t → positive), as
 * scikit-learn's `precision_recall_curve` but ordered by decreasing threshold and without its
 * final (recall 0, precision 1) point; and the average precision.
 * @throws RangeError when there is no positive sample.
 */
export function computePrecisionRecallCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): PrecisionRecallCurve {
  checkInputs(scores, labels, 'computePrecisionRecallCurve');
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] as number;
  if (positives === 0) throw new RangeError('computePrecisionRecallCurve: labels hold no positive sample, recall is undefined');
  const thresholds: number[] = [];
  const precision: number[] = [];
  const recall: number[] = [];
  let tp = 0;
  let fp = 0;
  let ap = 0;
  let prevRecall = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k] as number;
    if (labels[i] === 1) tp++;
    else fp++;
    const next = idx[k + 1];
    if (next !== undefined && scores[next] === scores[i]) continue; // ties: one point per distinct score
    const r = tp / positives;
    const p = tp / (tp + fp);
    thresholds.push(scores[i] as number);
    precision.push(p);
    recall.push(r);
    ap += (r - prevRecall) * p;
    prevRecall = r;
  }
  return { thresholds, precision, recall, averagePrecision: ap };
}

/**
 * The decision threshold with the best F1 on (validation) scores — the usual way to pick an
 * operating point from a precision–recall curve. The threshold is placed halfway between the
 * lowest accepted score and the next lower score (a maximum-margin cut: the same decisions on
 * these scores, less sensitive to new data than a cut exactly at a sample's score); ties in F1
 * go to the higher threshold.
 * @returns the threshold and the metrics there.
 */
export function chooseThresholdByF1(scores: ArrayLike<number>, labels: ArrayLike<number>): BinaryMetrics {
  const curve = computePrecisionRecallCurve(scores, labels);
  let best = 0;
  let bestF1 = -1;
  curve.thresholds.forEach((_, k) => {
    const p = curve.precision[k] as number;
    const r = curve.recall[k] as number;
    const f1 = p + r === 0 ? 0 : (2 * p * r) / (p + r);
    if (f1 > bestF1 + 1e-12) {
      bestF1 = f1;
      best = k;
    }
  });
  const at = curve.thresholds[best] as number;
  const below = curve.thresholds[best + 1];
  return computeBinaryMetrics(scores, labels, below === undefined ? at : (at + below) / 2);
}

/**
 * The decision threshold that maximises balanced accuracy on (validation) scores — Youden's J
 * statistic, J = sensitivity + specificity − 1 (Youden 1950), the point of the ROC curve farthest
 * above the diagonal. It is the natural choice when both classes matter equally whatever their
 * counts. Placed halfway between the lowest accepted score and the next lower score, like
 * {@link chooseThresholdByF1}; ties go to the higher threshold.
 * @returns the threshold and the metrics there.
 */
export function chooseThresholdByBalancedAccuracy(scores: ArrayLike<number>, labels: ArrayLike<number>): BinaryMetrics {
  const curve = computePrecisionRecallCurve(scores, labels);
  let negatives = 0;
  for (let i = 0; i < labels.length; i++) negatives += labels[i] === 0 ? 1 : 0;
  let best = 0;
  let bestJ = -Infinity;
  curve.thresholds.forEach((_, k) => {
    const r = curve.recall[k] as number;
    const p = curve.precision[k] as number;
    // false positives at this point from precision and recall: fp = tp (1 − p) / p
    const tp = r * (labels.length - negatives);
    const fp = p > 0 ? (tp * (1 - p)) / p : negatives;
    const spec = negatives > 0 ? 1 - fp / negatives : 0;
    const j = r + spec;
    if (j > bestJ + 1e-12) {
      bestJ = j;
      best = k;
    }
  });
  const at = curve.thresholds[best] as number;
  const below = curve.thresholds[best + 1];
  return computeBinaryMetrics(scores, labels, below === undefined ? at : (at + below) / 2);
}
