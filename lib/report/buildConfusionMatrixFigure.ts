import type { Figure } from './Figure';

/** Options of {@link buildConfusionMatrixFigure}. */
export interface ConfusionMatrixFigureOptions {
  title?: string;
  /** Also colour by row-normalised rate (recall per true class) and print it under each count. @default true */
  normalize?: boolean;
}

/**
 * A confusion-matrix heatmap: rows = true class, columns = predicted class, each cell showing the
 * count (and, with `normalize`, the fraction of its row), like scikit-learn's `ConfusionMatrixDisplay`.
 * @param matrix - `matrix[t][p]` = samples of true class t predicted as p (square, k × k).
 * @param labels - class names, k of them.
 * @throws RangeError when the matrix is not k × k or has negative entries.
 */
export function buildConfusionMatrixFigure(matrix: readonly (readonly number[])[], labels: readonly string[], options: ConfusionMatrixFigureOptions = {}): Figure {
  const k = labels.length;
  if (k === 0 || matrix === null || typeof matrix !== 'object' || matrix.length !== k || matrix.some((row) => row === null || typeof row !== 'object' || row.length !== k)) {
    throw new RangeError(`buildConfusionMatrixFigure: matrix must be ${k} × ${k} to match labels, got ${JSON.stringify(matrix)}`);
  }
  if (matrix.some((row) => row.some((v) => !(v >= 0)))) throw new RangeError('buildConfusionMatrixFigure: counts must be ≥ 0');
  const normalize = options.normalize ?? true;
  const rates = matrix.map((row) => {
    const s = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (s > 0 ? v / s : 0));
  });
  const text = matrix.map((row, t) => row.map((v, p) => (normalize ? `${v}<br>${(100 * (rates[t]?.[p] ?? 0)).toFixed(1)} %` : String(v))));
  return {
    data: [
      {
        type: 'heatmap',
        z: normalize ? rates : matrix,
        x: labels.map((l) => `pred. ${l}`),
        y: labels.map((l) => `true ${l}`),
        text,
        texttemplate: '%{text}',
        hoverinfo: 'text',
        // Explicit light-to-mid blue ramp: plotly's named 'Blues' runs dark-to-light, and black count text stays readable on every cell.
        colorscale: [[0, '#f7fbff'], [1, '#6baed6']],
        showscale: false,
        ...(normalize ? { zmin: 0, zmax: 1 } : {}),
      },
    ],
    layout: {
      ...(options.title ? { title: { text: options.title } } : {}),
      yaxis: { autorange: 'reversed' },
      margin: { t: options.title ? 50 : 20, r: 20, b: 50, l: 90 },
      height: 120 + 70 * k,
      width: 200 + 110 * k,
    },
  };
}
