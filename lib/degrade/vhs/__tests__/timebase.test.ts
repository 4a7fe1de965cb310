import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../../random';
import { computeTimebaseShifts, simulateTimebaseJitter } from '../simulateTimebaseJitter';
import { copyFrame, edgePosition, frameFrom, sameFrame } from './helpers';

describe('simulateTimebaseJitter', () => {
  const opts = { jitterPx: 0.7, edgeWavePx: 1.5, flaggingPx: 4, seed: 11 };

  it('row shifts are bounded by jitterLimit·jitterPx + edgeWavePx + flaggingPx (× scale)', () => {
    for (const scale of [1, 0.5]) {
      const s = computeTimebaseShifts(576, scale, opts);
      const bound = (3 * 0.7 + 1.5 + 4) * scale;
      let max = 0;
      for (const v of s) max = Math.max(max, Math.abs(v));
      assert.ok(max <= bound + 1e-9, `max ${max} > ${bound}`);
      assert.ok(max > 0.5 * bound, `max ${max} suspiciously small`);
    }
    const jitterOnly = computeTimebaseShifts(576, 1, { jitterPx: 1, edgeWavePx: 0, flaggingPx: 0, jitterLimit: 2, seed: 3 });
    assert.ok(Math.max(...Array.from(jitterOnly, Math.abs)) <= 2);
    // σ of the (clipped) jitter is close to jitterPx
    const sd = Math.sqrt(jitterOnly.reduce((a, v) => a + v * v, 0) / 576);
    assert.ok(sd > 0.8 && sd < 1.05, `σ ${sd}`);
  });

  it('is reproducible with the same seed and differs with another', () => {
    const a = computeTimebaseShifts(576, 1, opts);
    const b = computeTimebaseShifts(576, 1, opts);
    const c = computeTimebaseShifts(576, 1, { ...opts, seed: 12 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    const d = computeTimebaseShifts(576, 1, { ...opts, seed: undefined, rng: createRng(11) });
    assert.deepEqual(a, d);
  });

  it('flags only the top fraction of each field', () => {
    const s = computeTimebaseShifts(576, 1, { jitterPx: 0, edgeWavePx: 0, flaggingPx: 10, flaggingFraction: 0.15 });
    assert.equal(s[0], 10);
    assert.equal(s[1], 10);
    const flagged = Array.from(s).map((v, y) => (v !== 0 ? y : -1)).filter((y) => y >= 0);
    assert.equal(Math.max(...flagged) >> 1, Math.ceil(0.15 * 288) - 1);
    for (let y = 2; y < 80; y += 2) assert.ok(s[y] <= s[y - 2]);
  });

  it('shifts every row of Y, U and V by the computed amount', () => {
    const ramp = (x: number): number => Math.max(0, Math.min(1, (x - 40) / 10));
    const f = frameFrom(96, 64, (x) => 0.1 + 0.8 * ramp(x), (x) => -0.1 + 0.2 * ramp(x), (x) => 0.1 - 0.2 * ramp(x));
    const before = copyFrame(f);
    const s = computeTimebaseShifts(64, 1, opts);
    const out = simulateTimebaseJitter(f, opts);
    for (let y = 0; y < 64; y++) {
      const dy = edgePosition(out.y, 96, y, 0.1, 0.9) - edgePosition(f.y, 96, y, 0.1, 0.9);
      const du = edgePosition(out.u, 96, y, -0.1, 0.1) - edgePosition(f.u, 96, y, -0.1, 0.1);
      assert.ok(Math.abs(dy - s[y]) < 1e-4 && Math.abs(du - s[y]) < 1e-4, `row ${y}: ${dy} ${du} vs ${s[y]}`);
    }
    assert.ok(sameFrame(f, before));
  });

  it('fills the exposed line start with black by default, with the edge sample on request', () => {
    const f = frameFrom(32, 2, () => 0.5, () => 0.1);
    const black = simulateTimebaseJitter(f, { jitterPx: 0, edgeWavePx: 0, flaggingPx: 3 });
    assert.equal(black.y[0], 0);
    assert.equal(black.u[0], 0);
    const edge = simulateTimebaseJitter(f, { jitterPx: 0, edgeWavePx: 0, flaggingPx: 3, fill: 'edge' });
    assert.equal(edge.y[0], 0.5);
  });

  it('is the identity at strength 0', () => {
    const f = frameFrom(16, 8, (x) => x / 16);
    assert.ok(sameFrame(simulateTimebaseJitter(f, { ...opts, strength: 0 }), f));
    assert.throws(() => simulateTimebaseJitter(f, { fill: 'grey' as never }), /simulateTimebaseJitter: options\.fill must be one of 'black', 'edge', got grey/);
    assert.throws(() => computeTimebaseShifts(0, 1), /computeTimebaseShifts: options\.height must be an integer in \[1, 1000000\], got 0/);
  });
});
