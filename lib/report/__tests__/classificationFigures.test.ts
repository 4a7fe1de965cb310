import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConfusionMatrixFigure } from '../buildConfusionMatrixFigure';
import { buildPrecisionRecallFigure } from '../buildPrecisionRecallFigure';

test('buildConfusionMatrixFigure: heatmap of row rates with counts as text', () => {
  const f = buildConfusionMatrixFigure([[8, 2], [1, 9]], ['other', 'photo']);
  const trace = f.data[0] as { z: number[][]; text: string[][]; x: string[]; y: string[] };
  assert.deepEqual(trace.z, [[0.8, 0.2], [0.1, 0.9]]);
  assert.equal(trace.text[0]?.[1], '2<br>20.0 %');
  assert.deepEqual(trace.y, ['true other', 'true photo']);
  assert.deepEqual((buildConfusionMatrixFigure([[8, 2], [1, 9]], ['o', 'p'], { normalize: false }).data[0] as { z: number[][] }).z, [[8, 2], [1, 9]]);
  assert.throws(() => buildConfusionMatrixFigure([[1, 2]], ['a', 'b']), /matrix must be 2 × 2 to match labels/);
  assert.throws(() => buildConfusionMatrixFigure([[1, -2], [0, 0]], ['a', 'b']), /counts must be ≥ 0/);
});

test('buildPrecisionRecallFigure: curve plus one marker trace per operating point', () => {
  const f = buildPrecisionRecallFigure({ recall: [0.5, 1], precision: [1, 0.5], thresholds: [0.9, 0.1] }, [{ name: 'chosen', recall: 0.5, precision: 1 }]);
  assert.equal(f.data.length, 2);
  assert.deepEqual((f.data[0] as { x: number[] }).x, [0.5, 1]);
  assert.deepEqual((f.data[1] as { name: string; y: number[] }).y, [1]);
  assert.throws(() => buildPrecisionRecallFigure({ recall: [1], precision: [] }), /must be non-empty and of equal length, got 1 and 0/);
});
