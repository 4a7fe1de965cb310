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

/** Version of the installed plotly.js, the key of the browser cache. */
function plotlyVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (require('plotly.js-dist-min/package.json') as { version: string }).version;
}

/**
 * The loader every figure carries (≈ 1.5 kB): it makes `window.Plotly` available from, in order,
 * the page itself (already loaded), a library element still on the page, or the copy cached in
 * the browser's IndexedDB by the first figure that carried the library. So a figure renders
 * whatever the page has seen: after Clear All Output and a reload, with the kernel still running
 * (which then sends no library), the cached copy draws it.
 */
function loaderScript(version: string): string {
  return `window.__tounumPlotly = window.__tounumPlotly || (function(){
  var DB = 'tounum-lab', STORE = 'lib', KEY = 'plotly.js@' + ${JSON.stringify(version)};
  var waiting = [], loading = false;
  function run(src){ new Function('define', 'module', 'exports', src).call(window); }
  function flush(ok){ var w = waiting; waiting = []; w.forEach(function(p){ (ok ? p[0] : p[1])(); }); }
  function open(cb){
    try {
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function(){ req.result.createObjectStore(STORE); };
      req.onsuccess = function(){ cb(req.result); };
      req.onerror = function(){ cb(null); };
    } catch (e) { cb(null); }
  }
  function fromPage(){
    var el = document.querySelector('script[type="text/x-tounum-plotly"]');
    if (!el) return false;
    run(el.textContent);
    return !!window.Plotly;
  }
  function save(src){
    open(function(db){
      if (!db) return;
      try { db.transaction(STORE, 'readwrite').objectStore(STORE).put(src, KEY); } catch (e) {}
    });
  }
  return {
    /** Runs an inline library element and caches its source for later page loads. */
    install: function(el){
      if (!window.Plotly) run(el.textContent);
      save(el.textContent);
      flush(true);
    },
    /** Calls ready() once window.Plotly exists, or failed() when no copy can be found. */
    whenReady: function(ready, failed){
      if (window.Plotly || fromPage()) { ready(); return; }
      waiting.push([ready, failed]);
      if (loading) return;
      loading = true;
      function done(){ loading = false; flush(!!window.Plotly); }
      open(function(db){
        if (!db) { done(); return; }
        var get;
        try { get = db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY); } catch (e) { done(); return; }
        get.onsuccess = function(){ if (typeof get.result === 'string' && !window.Plotly) run(get.result); done(); };
        get.onerror = done;
      });
    }
  };
})();`;
}

/**
 * Renders a plotly figure as self-contained HTML: a container and a script drawing into it.
 *
 * With `includeLibrary`, plotly.js travels as an inert `text/x-tounum-plotly` element that a
 * small loader runs with `define`, `module` and `exports` shadowed, so it always defines
 * `window.Plotly`, even where require.js defines an AMD `define` (the classic Notebook,
 * nbconvert's templates). The loader also caches the library in the browser (IndexedDB), and
 * every figure carries the loader: a figure whose page has no library yet (outputs cleared, page
 * reloaded, kernel still running) draws from the cache; a figure shown before the one carrying
 * the library waits up to 30 s for it. Only a browser that has never seen the library, on a page
 * without it, shows a message instead of the plot. An untrusted notebook runs no scripts at all:
 * trust it (`jupyter trust`) or re-run it.
 */
export function renderFigureHtml(figure: Figure, options: FigureHtmlOptions = {}): string {
  if (figure === null || typeof figure !== 'object' || !Array.isArray(figure.data)) {
    throw new TypeError('renderFigureHtml: figure must be a plotly spec { data: [...], layout?: {...} }');
  }
  const id = options.id ?? `tounum-fig-${randomBytes(6).toString('hex')}`;
  if (!/^[A-Za-z][\w-]*$/.test(id)) throw new RangeError(`renderFigureHtml: id must be a valid element id, got "${id}"`);
  const version = plotlyVersion();
  const loader = `<script>${loaderScript(version)}</script>\n`;
  const library = options.includeLibrary ?? true
    ? `<script type="text/x-tounum-plotly" id="${id}-plotly">\n${getPlotlySource()}\n</script>\n` +
      `<script>window.__tounumPlotly.install(document.getElementById(${JSON.stringify(`${id}-plotly`)}));</script>\n`
    : '';
  const config = { responsive: true, displaylogo: false, ...(figure.config ?? {}) };
  return `${loader}${library}<div id="${id}" class="tounum-figure" style="width:100%;min-height:${Number((figure.layout?.['height'] as number | undefined) ?? 360)}px"></div>
<script>(function(){
  var spec = ${scriptJson({ data: figure.data, layout: figure.layout ?? {}, config })};
  var started = Date.now();
  function el(){ return document.getElementById(${JSON.stringify(id)}); }
  var drawn = false;
  function draw(){ var e = el(); if (e && !drawn) { drawn = true; window.Plotly.newPlot(e, spec.data, spec.layout, spec.config); } }
  function failed(){
    if (window.Plotly) { draw(); return; }
    if (Date.now() - started > 30000) {
      var e = el();
      if (e) e.textContent = 'plotly.js is not on this page nor cached in this browser: restart the kernel and run the notebook from the top.';
      return;
    }
    setTimeout(function(){ window.__tounumPlotly.whenReady(draw, failed); }, 200);
  }
  window.__tounumPlotly.whenReady(draw, failed);
})();</script>`;
}
