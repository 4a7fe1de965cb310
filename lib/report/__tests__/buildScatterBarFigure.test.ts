import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBarFigure, buildScatterFigure } from '..';

test('buildScatterFigure: markers per group, lines for curves, labels, log axis', () => {
  const f = buildScatterFigure({ pts: { x: [1, 2], y: [3, 4], text: ['a', 'b'] }, rule: { x: [0, 3], y: [0, 6], line: true } }, { xTitle: 'x', logX: true, title: 'T' });
  assert.equal(f.data.length, 2);
  assert.equal(f.data[0]?.['mode'], 'markers');
  assert.deepEqual(f.data[0]?.['text'], ['a', 'b']);
  assert.equal(f.data[1]?.['mode'], 'lines');
  assert.deepEqual(f.data[1]?.['y'], [0, 6]);
  assert.equal((f.layout?.['xaxis'] as { type: string }).type, 'log');
  assert.throws(() => buildScatterFigure({}), /at least one series/);
  assert.throws(() => buildScatterFigure({ s: { x: [1], y: [1, 2] } }), /series "s" has 1 x values and 2 y values/);
  assert.throws(() => buildScatterFigure({ s: { x: [1], y: [1], text: [] } }), /0 labels for 1 points/);
});

test('buildBarFigure: grouped bars, one value per category', () => {
  const f = buildBarFigure(['a', 'b'], { m1: [1, 2], m2: [3, null] }, { yRange: [0, 5] });
  assert.equal(f.layout?.['barmode'], 'group');
  assert.deepEqual(f.data.map((d) => d['name']), ['m1', 'm2']);
  assert.deepEqual(f.data[1]?.['y'], [3, null]);
  assert.deepEqual((f.layout?.['yaxis'] as { range: number[] }).range, [0, 5]);
  assert.throws(() => buildBarFigure(['a'], { m: [1, 2] }), /series "m" has 2 values for 1 categories/);
  assert.throws(() => buildBarFigure(['a'], {}), /at least one series/);
});
