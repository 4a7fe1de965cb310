import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'zlib';
import { buildLineFigure, buildTable, getPlotlySource, renderFigureHtml, renderTableHtml, renderImageGridHtml, setDisplaySink, showFigure, showImages, showTable } from '..';
import { createImage } from '../../image';

test('buildLineFigure makes one plotly trace per series and checks lengths', () => {
  const fig = buildLineFigure([1, 2, 3], { train: [0.9, 0.5, 0.3], val: [1, 0.7, 0.6] }, { yTitle: 'loss', title: 'curves' });
  assert.equal(fig.data.length, 2);
  assert.deepEqual(fig.data[1], { type: 'scatter', mode: 'lines', name: 'val', x: [1, 2, 3], y: [1, 0.7, 0.6] });
  assert.throws(() => buildLineFigure([1, 2], { a: [1] }), /series "a" has 1 values, x has 2/);
});

test('renderFigureHtml carries plotly compressed, escapes the spec and shields AMD define', () => {
  const fig = buildLineFigure([1, 2], { '</script><b>x': [1, 2] });
  const withLib = renderFigureHtml(fig, { id: 'f1' });
  assert.ok(withLib.length > 1_500_000 && withLib.length < 2_500_000, `plotly.js travels gzip + base64 (${withLib.length} chars)`);
  assert.match(withLib, /new Function\('define', 'module', 'exports', src\)/);
  const payload = /<script type="text\/x-tounum-plotly" data-encoding="gzip\+base64" id="f1-plotly">\n([A-Za-z0-9+/=]+)\n<\/script>/.exec(withLib);
  assert.ok(payload, 'the library element holds base64 only');
  assert.equal(gunzipSync(Buffer.from(payload[1] as string, 'base64')).toString('utf8'), getPlotlySource(), 'it decodes to the installed bundle');
  assert.ok(!withLib.slice(withLib.indexOf('<div id="f1"')).includes('</script><b>'), 'spec cannot close the script element');
  const noLib = renderFigureHtml(fig, { id: 'f2', includeLibrary: false });
  assert.ok(noLib.length < 8000, 'without the library a figure carries only its loader and spec');
  assert.match(noLib, /window\.__tounumPlotlyLoader\.load\(\)/);
  assert.throws(() => renderFigureHtml(fig, { id: 'bad id' }), /id must be a valid element id/);
});

test('a sink with output areas gets plotly.js with the first figure of each area', () => {
  const shown: Array<[number, string]> = [];
  let area = 1;
  setDisplaySink({ html: (h) => shown.push([area, h]), outputArea: () => area });
  try {
    const fig = buildLineFigure([0, 1], { y: [0, 1] });
    showFigure(fig);
    showFigure(fig);
    area = 2;
    showFigure(fig);
    showFigure(fig, { includeLibrary: false });
    area = 3;
    showFigure(fig, { includeLibrary: false });
    showFigure(fig);
    const carries = shown.map(([a, h]) => `${a}:${h.includes('<script type="text/x-tounum-plotly" data-encoding="gzip+base64"') ? 'lib' : '-'}`);
    assert.deepEqual(carries, ['1:lib', '1:-', '2:lib', '2:-', '3:-', '3:lib']);
  } finally {
    setDisplaySink(null);
  }
});

test('buildTable + renderTableHtml format a danfo DataFrame', () => {
  const df = buildTable([{ method: 'NLM', psnr: 29.123456, n: 3 }, { method: '<gauss>', psnr: 27.5 }]);
  assert.deepEqual(df.columns, ['method', 'psnr', 'n']);
  assert.deepEqual(df.shape, [2, 3]);
  const html = renderTableHtml(df, { digits: 2, caption: 'PSNR' });
  assert.match(html, /29\.12<\/td>/);
  assert.match(html, /&lt;gauss&gt;/);
  assert.match(html, /—<\/td>/);
  assert.throws(() => buildTable([]), /non-empty array/);
});

test('renderTableHtml without digits prints at most 4 decimals and no trailing zeros', () => {
  const html = renderTableHtml(buildTable([{ psnr: 27.23, ssim: 0.95213, minutes: 73.7, third: 1 / 3, n: 12 }]));
  assert.match(html, />27\.23<\/td><td[^>]*>0\.9521<\/td><td[^>]*>73\.7<\/td><td[^>]*>0\.3333<\/td><td[^>]*>12<\/td>/);
  assert.match(renderTableHtml(buildTable([{ minutes: 73.7 }]), { digits: 2 }), />73\.70<\/td>/);
  assert.throws(() => renderTableHtml(buildTable([{ a: 1 }]), { digits: 13 }), /digits/);
});

test('display functions send HTML to the sink: plotly only with the first figure of a sink without output areas', async () => {
  const shown: string[] = [];
  setDisplaySink({ html: (h) => shown.push(h) });
  try {
    const fig = buildLineFigure([0, 1], { y: [0, 1] });
    showFigure(fig);
    showFigure(fig);
    assert.ok((shown[0] as string).length > 1_500_000);
    assert.ok((shown[1] as string).length < 5000);
    showTable(buildTable([{ a: 1 }]));
    assert.match(shown[2] as string, /<table/);
    const img = createImage(4, 2, 3, new Float32Array(24).fill(0.5));
    await showImages([{ image: img, title: 'grey' }, img], { titles: ['ignored', 'second'] });
    assert.match(shown[3] as string, /data:image\/png;base64,/);
    assert.match(shown[3] as string, />grey<\/figcaption>.*>second<\/figcaption>/s);
    await assert.rejects(showImages([]), /non-empty array/);
  } finally {
    setDisplaySink(null);
  }
  assert.throws(() => renderImageGridHtml([], {}), /tiles must not be empty/);
});
