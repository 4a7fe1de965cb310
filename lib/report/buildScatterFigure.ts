import type { Figure } from './Figure';

/** One group of points of {@link buildScatterFigure}. */
export interface ScatterSeries {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Hover text per point (e.g. the image name). */
  text?: ArrayLike<string>;
  /** Draw the points joined by a line (e.g. a fitted rule) instead of markers. @default false */
  line?: boolean;
}

export interface ScatterFigureOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Log-scale x axis. @default false */
  logX?: boolean;
}

/**
 * A scatter plot of named point groups, optionally with curves, e.g. measurements against the best
 * parameter with the fitted rule on top:
 * `buildScatterFigure({ 'σ = 10': { x, y }, rule: { x: xs, y: ys, line: true } })`.
 * @throws RangeError when there is no series or a series has x and y of different lengths.
 */
export function buildScatterFigure(series: Record<string, ScatterSeries>, options: ScatterFigureOptions = {}): Figure {
  const names = Object.keys(series);
  if (names.length === 0) throw new RangeError('buildScatterFigure: series must name at least one series');
  for (const name of names) {
    const s = series[name] as ScatterSeries;
    if (s.x.length !== s.y.length) throw new RangeError(`buildScatterFigure: series "${name}" has ${s.x.length} x values and ${s.y.length} y values`);
    if (s.text && s.text.length !== s.x.length) throw new RangeError(`buildScatterFigure: series "${name}" has ${s.text.length} labels for ${s.x.length} points`);
  }
  return {
    data: names.map((name) => {
      const s = series[name] as ScatterSeries;
      return {
        type: 'scatter',
        mode: s.line ? 'lines' : 'markers',
        name,
        x: Array.from(s.x),
        y: Array.from(s.y),
        ...(s.text ? { text: Array.from(s.text), hoverinfo: 'text+x+y' } : {}),
        ...(s.line ? {} : { marker: { size: 7, opacity: 0.8 } }),
      };
    }),
    layout: {
      ...(options.title ? { title: { text: options.title } } : {}),
      xaxis: { title: { text: options.xTitle ?? '' }, ...(options.logX ? { type: 'log' } : {}) },
      yaxis: { title: { text: options.yTitle ?? '' } },
      margin: { t: options.title ? 50 : 20, r: 20, b: 50, l: 60 },
      height: 380,
    },
  };
}
