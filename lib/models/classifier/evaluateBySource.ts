import type { PhotoItem } from '../../datasets/buildPhotoDataset';
import { computeBinaryMetrics, type BinaryMetrics } from '../../training/computeBinaryMetrics';

/** Accuracy on one source of the photo-vs-other data. */
export interface SourceAccuracy {
  source: string;
  /** 1 = photos, 0 = other. */
  label: 0 | 1;
  count: number;
  correct: number;
  /** correct / count: recall of photos for `pacs/photo`, rejection rate for the other sources. */
  accuracy: number;
  /** Mean P(photo) over the source's images. */
  meanScore: number;
}

/** Overall metrics and per-source accuracy. */
export interface PhotoEvaluation {
  metrics: BinaryMetrics;
  perSource: SourceAccuracy[];
}

/**
 * Scores a photo classifier on labelled items: confusion counts, precision / recall / F1 /
 * balanced accuracy at `threshold`, and the accuracy on each source — which kinds of "other"
 * get taken for photos.
 * @param items - the images, in the order of `scores`.
 * @param scores - P(photo) per item.
 * @param threshold - decision threshold (score ≥ threshold → photo). @default 0.5
 * @throws RangeError for mismatched lengths.
 */
export function evaluateBySource(items: readonly PhotoItem[], scores: ArrayLike<number>, threshold = 0.5): PhotoEvaluation {
  if (!Array.isArray(items) || items.length !== scores.length) throw new RangeError(`evaluateBySource: items (${items?.length}) and scores (${scores?.length}) must have the same length`);
  const metrics = computeBinaryMetrics(scores, items.map((it) => it.label), threshold);
  const bySource = new Map<string, SourceAccuracy>();
  items.forEach((it, i) => {
    let row = bySource.get(it.source);
    if (!row) {
      row = { source: it.source, label: it.label, count: 0, correct: 0, accuracy: 0, meanScore: 0 };
      bySource.set(it.source, row);
    }
    const s = scores[i] as number;
    row.count++;
    row.meanScore += s;
    if ((s >= threshold ? 1 : 0) === it.label) row.correct++;
  });
  const perSource = [...bySource.values()].map((r) => ({ ...r, accuracy: r.correct / r.count, meanScore: r.meanScore / r.count }));
  return { metrics, perSource };
}
