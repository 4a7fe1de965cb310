/**
 * A figure is a plain plotly.js specification (https://plotly.com/javascript/reference/):
 * serialisable, testable without a browser, rendered by `showFigure` in a notebook and by
 * `renderFigureHtml` anywhere else.
 */
export interface Figure {
  /** plotly traces, e.g. `{ type: 'scatter', x, y, name }`. */
  data: Array<Record<string, unknown>>;
  /** plotly layout (title, axes, size…). */
  layout?: Record<string, unknown>;
  /** plotly config (responsive, displaylogo…). */
  config?: Record<string, unknown>;
}
