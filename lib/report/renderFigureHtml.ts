import * as fs from 'fs';
import { randomBytes } from 'crypto';
import type { Figure } from './Figure';

export interface FigureHtmlOptions {
  /**
   * Inline plotly.js (≈ 4.8 MB) before the figure. Needed once per page: notebooks and exported
   * HTML must render offline, with no CDN. @default true
   */
  includeLibrary?: boolean;
  /** Element id of the plot's container. @default a random id */
  id?: string;
}

let plotlySource: string | null = null;

/** The plotly.js bundle, read once from the installed plotly.js-dist-min. */
export function getPlotlySource(): string {
  if (plotlySource === null) plotlySource = fs.readFileSync(require.resolve('plotly.js-dist-min/plotly.min.js'), 'utf8');
  return plotlySource;
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Renders a plotly figure as self-contained HTML: a container and a script drawing into it.
 *
 * The library is wrapped so that it always defines `window.Plotly`, even where require.js defines
 * an AMD `define` (the classic Notebook, nbconvert's templates). If the library is not on the page
 * yet (a figure shown before the one carrying it), the script waits up to 30 s for it.
 */
export function renderFigureHtml(figure: Figure, options: FigureHtmlOptions = {}): string {
  if (figure === null || typeof figure !== 'object' || !Array.isArray(figure.data)) {
    throw new TypeError('renderFigureHtml: figure must be a plotly spec { data: [...], layout?: {...} }');
  }
  const id = options.id ?? `tounum-fig-${randomBytes(6).toString('hex')}`;
  if (!/^[A-Za-z][\w-]*$/.test(id)) throw new RangeError(`renderFigureHtml: id must be a valid element id, got "${id}"`);
  const library = options.includeLibrary ?? true
    ? `<script>(function(define, module, exports){\n${getPlotlySource()}\n}).call(window, undefined, undefined, undefined);</script>\n`
    : '';
  const config = { responsive: true, displaylogo: false, ...(figure.config ?? {}) };
  return `${library}<div id="${id}" class="tounum-figure" style="width:100%;min-height:${Number((figure.layout?.['height'] as number | undefined) ?? 360)}px"></div>
<script>(function(){
  var spec = ${scriptJson({ data: figure.data, layout: figure.layout ?? {}, config })};
  var started = Date.now();
  function draw(){
    var el = document.getElementById(${JSON.stringify(id)});
    if (!el) return;
    if (window.Plotly) { window.Plotly.newPlot(el, spec.data, spec.layout, spec.config); return; }
    if (Date.now() - started > 30000) { el.textContent = 'plotly.js is not loaded on this page: re-run the notebook from the top.'; return; }
    setTimeout(draw, 100);
  }
  draw();
})();</script>`;
}
