import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulateInterlace } from '../simulateInterlace';
import { edgePosition, frameFrom, sameArray, sameFrame } from './helpers';

describe('simulateInterlace', () => {
  const edge = frameFrom(48, 10, (x) => (x < 24 ? 0.1 : 0.9), (x) => (x < 24 ? 0 : 0.1));

  it('keeps the first field and displaces the second by fieldMismatchPx (combing)', () => {
    const out = simulateInterlace(edge, { fieldMismatchPx: 2.5 });
    for (let y = 0; y < 10; y++) {
      const e0 = edgePosition(edge.y, 48, y, 0.1, 0.9);
      const e1 = edgePosition(out.y, 48, y, 0.1, 0.9);
      if (y % 2 === 0) assert.ok(sameArray(out.y.subarray(y * 48, y * 48 + 48), edge.y.subarray(y * 48, y * 48 + 48)), `row ${y}`);
      else assert.ok(Math.abs(e1 - e0 - 2.5) < 1e-6, `row ${y}: moved ${e1 - e0}`);
    }
  });

  it('re-samples the second field from lines displaced vertically', () => {
    const ramp = frameFrom(4, 8, (_x, y) => y / 10);
    const out = simulateInterlace(ramp, { fieldMismatchLines: 0.5 });
    assert.ok(Math.abs(out.y[3 * 4] - 0.25) < 1e-6);
    assert.equal(out.y[2 * 4], ramp.y[2 * 4]);
  });

  it('swaps the fields', () => {
    const rows = frameFrom(2, 4, (_x, y) => y / 4);
    const out = simulateInterlace(rows, { swapFields: true });
    assert.deepEqual(Array.from(out.y.filter((_v, i) => i % 2 === 0)), [0.25, 0, 0.75, 0.5]);
  });

  it('is the identity with no mismatch or at strength 0', () => {
    assert.ok(sameFrame(simulateInterlace(edge, {}), edge));
    assert.ok(sameFrame(simulateInterlace(edge, { strength: 0, fieldMismatchPx: 3, swapFields: true }), edge));
  });

  it('rejects a non-boolean swapFields', () => {
    assert.throws(() => simulateInterlace(edge, { swapFields: 1 as never }), /simulateInterlace: options\.swapFields must be a boolean, got 1/);
  });
});
