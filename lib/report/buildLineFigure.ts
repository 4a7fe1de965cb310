import type { Figure } from './Figure';

export interface LineFigureOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Draw markers at each point too. @default false */
  markers?: boolean;
  /** Log-scale y axis. @default false */
  logY?: boolean;
}

/**
 * A line plot of one or more series sharing an x axis, e.g. training curves:
 * `buildLineFigure(epochs, { train: trainLoss, val: valLoss }, { yTitle: 'loss' })`.
 * @param x - abscissae, shared by every series.
 * @param series - named ordinates; each must have `x.length` values (`null` leaves a gap).
 * @throws RangeError when a series has the wrong length or there is no series.
 */
export function buildLineFigure(
  x: ArrayLike<number | string>,
  series: Record<string, ArrayLike<number | null>>,
  options: LineFigureOptions = {},
): Figure {
  const names = Object.keys(series);
  if (names.length === 0) throw new RangeError('buildLineFigure: series must name at least one series');
  for (const name of names) {
    const ys = series[name] as ArrayLike<number | null>;
    if (ys.length !== x.length) {
      throw new RangeError(`buildLineFigure: series "${name}" has ${ys.length} values, x has ${x.length}`);
    }
  }
  return {
    data: names.map((name) => ({
      type: 'scatter',
      mode: options.markers ? 'lines+markers' : 'lines',
      name,
      x: Array.from(x),
      y: Array.from(series[name] as ArrayLike<number | null>),
    })),
    layout: {
      ...(options.title ? { title: { text: options.title } } : {}),
      xaxis: { title: { text: options.xTitle ?? '' } },
      yaxis: { title: { text: options.yTitle ?? '' }, ...(options.logY ? { type: 'log' } : {}) },
      margin: { t: options.title ? 50 : 20, r: 20, b: 50, l: 60 },
      height: 360,
    },
  };
}
