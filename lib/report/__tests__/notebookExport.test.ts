/**
 * End-to-end: a fixture notebook importing tounum-lab by package name runs in the tslab kernel
 * through the notebook runner, its HTML export renders the plotly figure offline in headless
 * Chromium, and tslab type-checks against the real declarations of a subpath import.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'notebooks');

function runNotebook(name: string, out: string): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run-notebooks.js'), '--out', out, '--timeout', '120', path.join(FIXTURES, name)], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TOUNUM_PYTHON: process.env['TOUNUM_PYTHON'] ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3') },
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

function findChromium(): string {
  const candidates = [process.env['CHROME_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean) as string[];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('no Chromium found: apt-get install chromium, or set CHROME_PATH');
  return found;
}

/** The DOM of an HTML file after it settles, in a fresh headless Chromium profile (nothing cached). */
function dumpDom(file: string): string {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-chromium-'));
  try {
    const chrome = spawnSync(findChromium(), [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--user-data-dir=${profileDir}`, '--virtual-time-budget=15000', '--dump-dom', `file://${file}`,
    ], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
    assert.ok(chrome.stdout.length > 0, `Chromium printed no DOM: ${chrome.stderr}`);
    return chrome.stdout;
  } finally {
    fs.rmSync(profileDir, { recursive: true, force: true });
  }
}

interface NotebookJson {
  cells: Array<{ source: string | string[]; outputs?: Array<{ data?: Record<string, string | string[]> }> }>;
}

/** The text/html outputs of the code cell whose source contains `needle`. */
function htmlOutputs(nb: NotebookJson, needle: string): string[] {
  const text = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join('') : v ?? '');
  const cell = nb.cells.find((c) => text(c.source).includes(needle));
  assert.ok(cell, `a cell contains ${needle}`);
  return (cell.outputs ?? []).map((o) => text(o.data?.['text/html'])).filter((h) => h.length > 0);
}

test('a notebook importing tounum-lab runs in tslab and its HTML export draws the plot offline', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-nb-'));
  try {
    const run = runNotebook('display-fixture.ipynb', out);
    assert.equal(run.status, 0, `runner failed:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /notebooks: 1 passed, 0 failed/);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as { results: Array<{ status: string }> };
    assert.equal(summary.results[0]?.status, 'ok');
    assert.match(fs.readFileSync(path.join(out, 'index.html'), 'utf8'), /display-fixture\.html/);

    const executed = fs.readFileSync(path.join(out, 'display-fixture.ipynb'), 'utf8');
    assert.match(executed, /tounum-lab \d+\.\d+\.\d+, profile smoke/);

    const html = path.join(out, 'display-fixture.html');
    const exported = fs.readFileSync(html, 'utf8');
    assert.ok(!/<script[^>]+src=/i.test(exported), 'the report loads no external script (no CDN, no system path)');
    const dom = dumpDom(html);
    // plotly draws an <svg class="main-svg"> with the title text inside the figure container.
    const fig = dom.slice(dom.indexOf('class="tounum-figure'));
    assert.match(fig, /<svg[^>]*class="main-svg"/, 'the figure was drawn');
    assert.match(fig, /fixture-curve/);
    assert.match(dom, /fixture-table/);
    assert.match(dom, /<img src="data:image\/png;base64,[^"]+"/);
    assert.match(dom, /<mjx-container[^>]*display="true"/, 'display maths typeset by the inlined MathJax');

    // Clear All Output, reload, re-run only the second figure's cell (kernel still running): that
    // cell's output alone, on a fresh page, must draw: the kernel gave it its own copy of plotly.js.
    const nb = JSON.parse(executed) as NotebookJson;
    const carriesLibrary = (h: string): boolean => h.includes('<script type="text/x-tounum-plotly" data-encoding="gzip+base64"');
    assert.ok(htmlOutputs(nb, "'fixture-curve'").some(carriesLibrary), 'the first figure cell carries plotly.js');
    const second = htmlOutputs(nb, "'second-cell-curve'");
    assert.ok(second.some(carriesLibrary), 'the second figure cell carries plotly.js too');
    const alone = path.join(out, 'second-cell-alone.html');
    fs.writeFileSync(alone, `<!doctype html><html><head><meta charset="utf-8"></head><body>${second.join('\n')}</body></html>`);
    const aloneDom = dumpDom(alone);
    const aloneFig = aloneDom.slice(aloneDom.indexOf('class="tounum-figure'));
    assert.match(aloneFig, /<svg[^>]*class="main-svg"/, 'the second cell\'s figure draws on a page of its own');
    assert.match(aloneFig, />second-cell-curve</);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('tslab type-checks subpath imports against the real declarations, and the runner reports the failing cell', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-nb-'));
  try {
    const run = runNotebook('types-fixture.ipynb', out);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /notebooks: 0 passed, 1 failed/);
    assert.match(run.stderr, /cell 0 failed/);
    assert.match(run.stderr, /const wrong: number = getProfile\(\);/);
    assert.match(run.stderr, /Type '(Profile|string)' is not assignable to type 'number'/);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
