import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulateChromaDelay } from '../simulateChromaDelay';
import { simulatePalDelayLine } from '../simulatePalDelayLine';
import { copyFrame, edgePosition, frameFrom, noiseFrame, sameArray, sameFrame } from './helpers';

describe('simulatePalDelayLine', () => {
  // Chroma alternating from one line of a field to the next: rows 0,1 = +a, rows 2,3 = −a, …
  const a = 0.2;
  const fieldLineStripes = frameFrom(32, 16, (x, y) => 0.3 + 0.01 * ((x * 7 + y * 3) % 5), (_x, y) => ((y >> 1) % 2 === 0 ? a : -a), (_x, y) => ((y >> 1) % 2 === 0 ? -a : a));

  it('averages the chroma of successive lines of a field (vertical chroma detail removed), luma untouched', () => {
    const before = copyFrame(fieldLineStripes);
    const out = simulatePalDelayLine(fieldLineStripes, {});
    assert.equal(out.y, fieldLineStripes.y);
    for (let y = 2; y < 16; y++) {
      for (let x = 0; x < 32; x++) {
        assert.ok(Math.abs(out.u[y * 32 + x]) < 1e-6 && Math.abs(out.v[y * 32 + x]) < 1e-6, `row ${y}`);
      }
    }
    // the first line of each field has no predecessor
    assert.equal(out.u[0], Math.fround(a));
    assert.equal(out.u[32], Math.fround(a));
    assert.ok(sameFrame(fieldLineStripes, before));
  });

  it('uses the row above when fieldAware is false', () => {
    const rows = frameFrom(8, 6, () => 0.5, (_x, y) => y);
    const out = simulatePalDelayLine(rows, { fieldAware: false });
    for (let y = 1; y < 6; y++) assert.ok(Math.abs(out.u[y * 8] - (y - 0.5)) < 1e-6);
    const outField = simulatePalDelayLine(rows, {});
    for (let y = 2; y < 6; y++) assert.ok(Math.abs(outField.u[y * 8] - (y - 1)) < 1e-6);
  });

  it('turns a phase error into a saturation loss cos φ with averaging, into Hanover bars without', () => {
    const flat = frameFrom(8, 12, () => 0.5, () => 0.1, () => 0.2);
    const phi = 20;
    const avg = simulatePalDelayLine(flat, { phaseErrorDeg: phi });
    const k = Math.cos((phi * Math.PI) / 180);
    for (let y = 2; y < 12; y++) {
      assert.ok(Math.abs(avg.u[y * 8] - 0.1 * k) < 1e-6 && Math.abs(avg.v[y * 8] - 0.2 * k) < 1e-6, `row ${y}`);
    }
    const simple = simulatePalDelayLine(flat, { phaseErrorDeg: phi, averaging: 0 });
    const hue = (y: number): number => (Math.atan2(simple.v[y * 8], simple.u[y * 8]) * 180) / Math.PI;
    const h0 = (Math.atan2(0.2, 0.1) * 180) / Math.PI;
    assert.ok(Math.abs(hue(0) - (h0 + phi)) < 1e-3 && Math.abs(hue(2) - (h0 - phi)) < 1e-3, `${hue(0)} ${hue(2)}`);
  });

  it('is the identity at strength 0', () => {
    assert.ok(sameFrame(simulatePalDelayLine(fieldLineStripes, { strength: 0, phaseErrorDeg: 30 }), fieldLineStripes));
  });

  it('rejects an averaging weight above 1', () => {
    assert.throws(() => simulatePalDelayLine(fieldLineStripes, { averaging: 2 }), /simulatePalDelayLine: options\.averaging must be a number in \[0, 1\], got 2/);
  });
});

describe('simulateChromaDelay', () => {
  const step = frameFrom(64, 4, (x) => (x < 20 ? 0.2 : 0.8), (x) => (x < 20 ? -0.1 : 0.1), (x) => (x < 20 ? 0.1 : -0.1));

  it('shifts U and V right of Y by the stated whole number of samples', () => {
    const out = simulateChromaDelay(step, { shiftPx: 3 });
    assert.equal(out.y, step.y);
    for (let y = 0; y < 4; y++) {
      for (let x = 3; x < 64; x++) {
        assert.equal(out.u[y * 64 + x], step.u[y * 64 + x - 3]);
        assert.equal(out.v[y * 64 + x], step.v[y * 64 + x - 3]);
      }
    }
  });

  it('moves the chroma edge by a fractional amount, scaled by the raster density', () => {
    // a linear ramp, which linear interpolation shifts exactly
    const ramp = (x: number): number => Math.max(-0.1, Math.min(0.1, (x - 24) * 0.025));
    const step = frameFrom(64, 4, () => 0.5, ramp, ramp);
    const e0 = edgePosition(step.u, 64, 1, -0.1, 0.1);
    const e1 = edgePosition(simulateChromaDelay(step, { shiftPx: 1.5 }).u, 64, 1, -0.1, 0.1);
    assert.ok(Math.abs(e1 - e0 - 1.5) < 1e-6, `moved ${e1 - e0}`);
    const half = { ...step, scale: 0.5 };
    const e2 = edgePosition(simulateChromaDelay(half, { shiftPx: 4 }).u, 64, 1, -0.1, 0.1);
    assert.ok(Math.abs(e2 - e0 - 2) < 1e-6, `moved ${e2 - e0} at scale 0.5`);
    const e3 = edgePosition(simulateChromaDelay(step, { shiftPx: -2.25 }).u, 64, 1, -0.1, 0.1);
    assert.ok(Math.abs(e3 - e0 + 2.25) < 1e-6, `moved ${e3 - e0}`);
  });

  it('shifts chroma vertically by whole lines', () => {
    const rows = frameFrom(4, 8, () => 0.5, (_x, y) => y);
    const out = simulateChromaDelay(rows, { shiftPx: 0, shiftLines: 2 });
    assert.equal(out.u[5 * 4], 3);
    assert.equal(out.u[0], 0);
  });

  it('is the identity at strength 0 and leaves the input unchanged', () => {
    const f = noiseFrame(32, 4, 5);
    const before = copyFrame(f);
    assert.ok(sameFrame(simulateChromaDelay(f, { strength: 0, shiftPx: 5 }), f));
    simulateChromaDelay(f, { shiftPx: 2.5 });
    assert.ok(sameFrame(f, before));
    assert.ok(sameArray(f.u, before.u));
  });
});
