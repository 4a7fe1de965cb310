import * as fs from 'fs';
import { randomBytes } from 'crypto';
import { gzipSync } from 'zlib';
import type { Figure } from './Figure';

export interface FigureHtmlOptions {
  /**
   * Carry plotly.js with the figure, gzip-compressed and base64-encoded (≈ 2.0 MB; 4.8 MB
   * uncompressed). A page needs one copy: notebooks and exported HTML render offline, with no CDN.
   * @default true
   */
  includeLibrary?: boolean;
  /** Element id of the plot's container. @default a random id */
  id?: string;
}

let plotlySource: string | null = null;
let plotlyPayload: string | null = null;

/** The plotly.js bundle, read once from the installed plotly.js-dist-min. */
export function getPlotlySource(): string {
  if (plotlySource === null) plotlySource = fs.readFileSync(require.resolve('plotly.js-dist-min/plotly.min.js'), 'utf8');
  return plotlySource;
}

/** The bundle as a figure carries it: gzip (deterministic: no name, no time stamp), base64. */
function plotlyPayloadBase64(): string {
  if (plotlyPayload === null) plotlyPayload = gzipSync(Buffer.from(getPlotlySource(), 'utf8'), { level: 9 }).toString('base64');
  return plotlyPayload;
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The loader every figure carries (≈ 1 kB), defined once per page: `load()` returns a promise of
 * `window.Plotly` — at once if the page has it, else from the first library element on the page
 * (preferring this format to the uncompressed one of outputs saved by earlier versions),
 * decompressed (DecompressionStream) and run once with `define`, `module` and `exports` shadowed,
 * so that it defines `window.Plotly` even where require.js defines an AMD `define` (the classic
 * Notebook, nbconvert's templates). `null`: no copy on the page (yet).
 */
const LOADER = `window.__tounumPlotlyLoader = window.__tounumPlotlyLoader || (function(){
  var pending = null;
  function decode(el){
    if (el.getAttribute('data-encoding') !== 'gzip+base64') return Promise.resolve(el.textContent);
    if (typeof DecompressionStream === 'undefined') return Promise.reject(new Error('this browser has no DecompressionStream (Chrome 80, Firefox 113, Safari 16.4 or later needed)'));
    var bin = atob(el.textContent.replace(/\\s+/g, ''));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  }
  return {
    load: function(){
      if (window.Plotly) return Promise.resolve(window.Plotly);
      if (pending) return pending;
      var el = document.querySelector('script[type="text/x-tounum-plotly"][data-encoding="gzip+base64"]') || document.querySelector('script[type="text/x-tounum-plotly"]');
      if (!el) return null;
      pending = decode(el).then(function(src){
        if (!window.Plotly) new Function('define', 'module', 'exports', src).call(window);
        if (!window.Plotly) throw new Error('plotly.js did not define window.Plotly');
        return window.Plotly;
      });
      pending.catch(function(){ pending = null; });
      return pending;
    }
  };
})();`;

/**
 * Renders a plotly figure as self-contained HTML: a container and a script drawing into it.
 *
 * Every figure carries a small page-wide loader; with `includeLibrary` it also carries plotly.js
 * as an inert `text/x-tounum-plotly` element (gzip + base64). A figure draws with whatever the
 * page has already seen: `window.Plotly` if some figure loaded it, else the first copy on the
 * page, decoded once for all figures. A figure without the library on a page without any copy
 * waits 10 s for one to appear (a later output), then says so instead of the plot. `showFigure`
 * sends the library with the first figure of each notebook cell's output, so every cell's output
 * draws on its own (Clear All Output then re-running one cell, a windowed notebook that keeps
 * other cells out of the page, a notebook saved after partial re-runs). An untrusted notebook runs
 * no scripts at all: trust it (`jupyter trust`) or re-run it.
 */
export function renderFigureHtml(figure: Figure, options: FigureHtmlOptions = {}): string {
  if (figure === null || typeof figure !== 'object' || !Array.isArray(figure.data)) {
    throw new TypeError('renderFigureHtml: figure must be a plotly spec { data: [...], layout?: {...} }');
  }
  const id = options.id ?? `tounum-fig-${randomBytes(6).toString('hex')}`;
  if (!/^[A-Za-z][\w-]*$/.test(id)) throw new RangeError(`renderFigureHtml: id must be a valid element id, got "${id}"`);
  const library = options.includeLibrary ?? true
    ? `<script type="text/x-tounum-plotly" data-encoding="gzip+base64" id="${id}-plotly">\n${plotlyPayloadBase64()}\n</script>\n`
    : '';
  const config = { responsive: true, displaylogo: false, ...(figure.config ?? {}) };
  return `${library}<script>${LOADER}</script>
<div id="${id}" class="tounum-figure" style="width:100%;min-height:${Number((figure.layout?.['height'] as number | undefined) ?? 360)}px"></div>
<script>(function(){
  var spec = ${scriptJson({ data: figure.data, layout: figure.layout ?? {}, config })};
  var started = Date.now();
  function el(){ return document.getElementById(${JSON.stringify(id)}); }
  function say(text){ var e = el(); if (e) e.textContent = text; }
  function draw(Plotly){ var e = el(); if (e && !e.hasAttribute('data-drawn')) { e.setAttribute('data-drawn', ''); Plotly.newPlot(e, spec.data, spec.layout, spec.config); } }
  (function attempt(){
    var loading = window.__tounumPlotlyLoader.load();
    if (loading) { loading.then(draw, function(err){ say('plotly.js could not be loaded: ' + err.message); }); return; }
    if (Date.now() - started > 10000) { say('plotly.js is not on this page: run this cell again (a notebook opened untrusted runs no scripts: trust it).'); return; }
    setTimeout(attempt, 200);
  })();
})();</script>`;
}
