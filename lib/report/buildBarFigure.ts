import type { Figure } from './Figure';

/** Options of {@link buildBarFigure}. */
export interface BarFigureOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Fixed y range, e.g. `[0, 1]` for accuracies. @default automatic */
  yRange?: [number, number];
}

/**
 * Grouped bars: one bar per category for each named series, e.g. accuracy per data source for
 * two models: `buildBarFigure(sources, { transfer: accT, scratch: accS }, { yRange: [0, 1] })`.
 * @param categories - bar labels on the x axis.
 * @param series - named values, each with one value per category (`null` leaves a gap).
 * @throws RangeError when there is no series or a series has the wrong length.
 */
export function buildBarFigure(categories: readonly string[], series: Record<string, ArrayLike<number | null>>, options: BarFigureOptions = {}): Figure {
  const names = Object.keys(series);
  if (names.length === 0) throw new RangeError('buildBarFigure: series must name at least one series');
  for (const n of names) {
    const len = (series[n] as ArrayLike<number | null>).length;
    if (len !== categories.length) throw new RangeError(`buildBarFigure: series "${n}" has ${len} values for ${categories.length} categories`);
  }
  return {
    data: names.map((n) => ({ type: 'bar', name: n, x: [...categories], y: Array.from(series[n] as ArrayLike<number | null>) })),
    layout: {
      ...(options.title ? { title: { text: options.title } } : {}),
      barmode: 'group',
      xaxis: { title: { text: options.xTitle ?? '' } },
      yaxis: { title: { text: options.yTitle ?? '' }, ...(options.yRange ? { range: options.yRange } : {}) },
      margin: { t: options.title ? 50 : 20, r: 20, b: 110, l: 60 },
      height: 380,
    },
  };
}
