import type { Figure } from './Figure';

/** A highlighted operating point on a precision–recall curve. */
export interface OperatingPoint {
  name: string;
  recall: number;
  precision: number;
}

/**
 * A precision–recall curve (recall on x, precision on y) with optional named operating points
 * (e.g. "chosen threshold 0.41" vs "fixed 90 % confidence").
 * @param curve - recall and precision per threshold (same length), e.g. from `computePrecisionRecallCurve`.
 * @param points - operating points drawn as markers.
 * @throws RangeError when lengths differ or the curve is empty.
 */
export function buildPrecisionRecallFigure(
  curve: { recall: ArrayLike<number>; precision: ArrayLike<number>; thresholds?: ArrayLike<number> },
  points: readonly OperatingPoint[] = [],
  options: { title?: string; name?: string } = {},
): Figure {
  if (!curve || curve.recall.length === 0 || curve.recall.length !== curve.precision.length) {
    throw new RangeError(`buildPrecisionRecallFigure: recall and precision must be non-empty and of equal length, got ${curve?.recall?.length} and ${curve?.precision?.length}`);
  }
  const symbols = ['circle', 'diamond', 'square', 'x', 'triangle-up'];
  return {
    data: [
      {
        type: 'scatter',
        mode: 'lines',
        line: { shape: 'hv' },
        name: options.name ?? 'PR curve',
        x: Array.from(curve.recall),
        y: Array.from(curve.precision),
        ...(curve.thresholds ? { text: Array.from(curve.thresholds, (t) => `threshold ${t.toFixed(3)}`), hoverinfo: 'x+y+text' } : {}),
      },
      ...points.map((p, i) => ({
        type: 'scatter',
        mode: 'markers',
        name: p.name,
        x: [p.recall],
        y: [p.precision],
        marker: { size: 12, symbol: symbols[i % symbols.length] },
      })),
    ],
    layout: {
      ...(options.title ? { title: { text: options.title } } : {}),
      xaxis: { title: { text: 'recall (photos found)' }, range: [0, 1.02] },
      yaxis: { title: { text: 'precision (photos among those sent)' }, range: [0, 1.02] },
      margin: { t: options.title ? 50 : 20, r: 20, b: 50, l: 60 },
      height: 400,
    },
  };
}
