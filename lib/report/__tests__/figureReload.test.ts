/**
 * A figure renders whatever the page has already seen: after Clear All Output and a reload with
 * the kernel still running, the kernel sends figures without plotly.js; they must draw from the
 * copy the browser cached when it last saw the library. Checked in headless Chromium over HTTP
 * (as Jupyter serves pages), with one browser profile across two page loads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import type { AddressInfo } from 'net';
import { buildLineFigure, renderFigureHtml } from '..';

function findChromium(): string {
  const candidates = [process.env['CHROME_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean) as string[];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('no Chromium found: apt-get install chromium, or set CHROME_PATH');
  return found;
}

/** Dumps the DOM of `url` after the page settles, in the given browser profile (run off the main thread: the server answers meanwhile). */
async function dumpDom(url: string, profileDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chrome = spawn(findChromium(), [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', `--user-data-dir=${profileDir}`, '--virtual-time-budget=45000', '--dump-dom', url,
    ]);
    let out = '';
    let err = '';
    chrome.stdout.on('data', (d: Buffer) => (out += d.toString()));
    chrome.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => chrome.kill('SIGKILL'), 120_000);
    chrome.on('error', reject);
    chrome.on('close', () => {
      clearTimeout(timer);
      if (out.length === 0) reject(new Error(`Chromium printed no DOM: ${err}`));
      else resolve(out);
    });
  });
}

function page(body: string): string {
  // require.js-style AMD define on the page, as in the classic Notebook: the library must still define window.Plotly.
  // Headless Chromium's virtual time does not wait for IndexedDB, which reads in real time: a slow request (/hold) keeps
  // the page open for a few real seconds.
  return `<!doctype html><html><head><meta charset="utf-8"><script>window.define = function(){}; window.define.amd = {};</script></head><body><img src="/hold" alt="">${body}</body></html>`;
}

function figureSection(dom: string, id: string): string {
  const start = dom.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `container ${id} is in the DOM`);
  return dom.slice(start, start + 20_000);
}

test('figures without the library draw from the browser cache after a reload, and say so when there is none', async () => {
  const fig = buildLineFigure([0, 1, 2], { 'reload-curve': [1, 4, 2] }, { title: 'reload' });
  const pages: Record<string, string> = {
    '/first.html': page(renderFigureHtml(fig, { id: 'first', includeLibrary: true })),
    // Outputs cleared, page reloaded, kernel still running: no library in any output.
    '/reloaded.html': page(renderFigureHtml(fig, { id: 'again', includeLibrary: false }) + renderFigureHtml(fig, { id: 'again2', includeLibrary: false })),
    // A figure shown before the one carrying the library, on the same page.
    '/early.html': page(renderFigureHtml(fig, { id: 'early', includeLibrary: false }) + renderFigureHtml(fig, { id: 'late', includeLibrary: true })),
  };
  const server = http.createServer((req, res) => {
    if (req.url === '/hold') {
      setTimeout(() => res.end(), 4000);
      return;
    }
    const body = pages[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-chromium-'));
  const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-chromium-'));
  try {
    const svg = /<svg[^>]*class="main-svg"/;
    // A browser that never saw the library: the figure says why it is blank (the control).
    const never = await dumpDom(`${base}/reloaded.html`, fresh);
    assert.doesNotMatch(figureSection(never, 'again'), svg);
    assert.match(figureSection(never, 'again'), /plotly\.js is not on this page nor cached in this browser/);

    const first = await dumpDom(`${base}/first.html`, profile);
    assert.match(figureSection(first, 'first'), svg, 'the figure carrying the library draws');
    const reloaded = await dumpDom(`${base}/reloaded.html`, profile);
    assert.match(figureSection(reloaded, 'again'), svg, 'drawn from the cached library after the reload');
    assert.match(figureSection(reloaded, 'again2'), svg);
    assert.match(reloaded, /reload-curve/);

    const early = await dumpDom(`${base}/early.html`, fresh);
    assert.match(figureSection(early, 'early'), svg, 'a figure before the library waits for it');
  } finally {
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
    fs.rmSync(fresh, { recursive: true, force: true });
  }
});
