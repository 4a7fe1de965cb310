/**
 * A figure renders whatever the page has already seen. After Clear All Output and a page reload
 * with the kernel still running, re-running one cell must give a drawn figure, and a notebook
 * saved after such partial re-runs must draw for whoever opens it: each cell's output carries
 * plotly.js with its first figure. Checked through tslab's display path (two simulated cell
 * executions) and headless Chromium, each page in a fresh browser profile (nothing cached).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildLineFigure, getPlotlySource, setDisplaySink, showFigure } from '..';

function findChromium(): string {
  const candidates = [process.env['CHROME_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean) as string[];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('no Chromium found: apt-get install chromium, or set CHROME_PATH');
  return found;
}

/** The DOM of a page made of `body`, after it settles, in a browser profile of its own. */
function renderPage(dir: string, name: string, body: string): string {
  // require.js-style AMD define, as in the classic Notebook: the library must still define window.Plotly.
  const file = path.join(dir, `${name}.html`);
  fs.writeFileSync(file, `<!doctype html><html><head><meta charset="utf-8"><script>window.define = function(){}; window.define.amd = {};</script></head><body>${body}</body></html>`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-chromium-'));
  try {
    const chrome = spawnSync(findChromium(), [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', `--user-data-dir=${profile}`, '--virtual-time-budget=20000', '--dump-dom', `file://${file}`,
    ], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    assert.ok(chrome.stdout.length > 0, `Chromium printed no DOM: ${chrome.stderr}`);
    return chrome.stdout;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** The HTML of a figure's container (plotly draws inside it). */
function container(dom: string, title: string): string {
  const at = dom.indexOf(title);
  assert.ok(at >= 0, `"${title}" is in the DOM`);
  const start = dom.lastIndexOf('class="tounum-figure', at);
  assert.ok(start >= 0, `"${title}" is inside a figure container`);
  return dom.slice(start, at);
}

const drawn = /<svg[^>]*class="main-svg"/;

test('every cell output carries plotly.js with its first figure: a fresh page with only the second cell\'s figure draws it', () => {
  // tslab replaces this writer at every execute request; two writers are two cell executions.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const jupyter = require('tslab/dist/jupyter') as { lastWriteDisplayData: unknown };
  const saved = jupyter.lastWriteDisplayData;
  const cells: string[][] = [[], []];
  const run = (cell: string[], body: () => void): void => {
    jupyter.lastWriteDisplayData = (msg: { data: Record<string, string> }) => cell.push(msg.data['text/html'] as string);
    body();
  };
  setDisplaySink(null);
  try {
    run(cells[0] as string[], () => {
      showFigure(buildLineFigure([0, 1, 2], { 'first-cell-curve': [1, 4, 2] }));
      showFigure(buildLineFigure([0, 1, 2], { 'first-cell-second-curve': [2, 1, 3] }));
    });
    run(cells[1] as string[], () => showFigure(buildLineFigure([0, 1, 2], { 'second-cell-curve': [3, 1, 2] })));
  } finally {
    jupyter.lastWriteDisplayData = saved;
    setDisplaySink(null);
  }
  const [first, sameCell] = cells[0] as [string, string];
  const [secondCell] = cells[1] as [string];
  assert.ok(first.length > 1_500_000 && first.length < 2_500_000, `the first figure carries compressed plotly.js (${first.length} chars)`);
  assert.ok(sameCell.length < 8000, `the cell's second figure uses the cell's copy (${sameCell.length} chars)`);
  assert.ok(secondCell.length > 1_500_000, 'the next cell\'s first figure carries its own copy');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-reload-'));
  try {
    // Outputs cleared, page reloaded, only the second cell run again: its output alone on a fresh page.
    const reloaded = renderPage(dir, 'reloaded', secondCell);
    assert.match(container(reloaded, 'second-cell-curve'), drawn, 'the second cell\'s figure draws on a page of its own');

    // The control: a figure without any copy of the library on the page stays blank and says why.
    const bare = renderPage(dir, 'bare', sameCell);
    assert.doesNotMatch(bare, drawn);
    assert.match(bare, /plotly\.js is not on this page: run this cell again/);

    // The whole notebook (an HTML export): two copies on the page, every figure drawn.
    const whole = renderPage(dir, 'whole', first + sameCell + secondCell);
    for (const title of ['first-cell-curve', 'first-cell-second-curve', 'second-cell-curve']) assert.match(container(whole, title), drawn, `${title} drawn`);

    // A figure shown before any copy of the library on its page waits for the one that follows.
    const early = renderPage(dir, 'early', sameCell + secondCell);
    assert.match(container(early, 'first-cell-second-curve'), drawn, 'a figure before the library waits for it');

    // Beside an output saved by an earlier version (uncompressed library element), a new figure uses that copy.
    const saved = `<script type="text/x-tounum-plotly" id="old-plotly">\n${getPlotlySource()}\n</script>\n`;
    const mixed = renderPage(dir, 'mixed', saved + sameCell);
    assert.match(container(mixed, 'first-cell-second-curve'), drawn, 'drawn from an uncompressed copy saved earlier');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
