import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulateGrain } from '../simulateGrain';
import { simulateRinging } from '../simulateRinging';
import { simulateSnow } from '../simulateSnow';
import { copyFrame, frameFrom, rowAmplitude, sameArray, sameFrame, std } from './helpers';

function diff(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((v, i) => v - b[i]);
}

/** Correlation of a plane with itself displaced by (dx, dy). */
function corr(p: Float32Array, w: number, h: number, dx: number, dy: number): number {
  let s = 0, s0 = 0;
  for (let y = 0; y + dy < h; y++) {
    for (let x = 0; x + dx < w; x++) {
      s += p[y * w + x] * p[(y + dy) * w + x + dx];
      s0 += p[y * w + x] * p[y * w + x];
    }
  }
  return s / s0;
}

describe('simulateGrain', () => {
  const flat = frameFrom(360, 200, () => 0.5, () => 0.05, () => 0.05);

  it('adds luma noise of the stated σ (8-bit levels / 219), correlated along lines only', () => {
    const out = simulateGrain(flat, { lumaSigma: 4, lumaCorrelationPx: 1.5, chromaSigma: 0, chromaPhaseNoiseDeg: 0, seed: 1 });
    const n = diff(out.y, flat.y);
    assert.ok(Math.abs(std(n) * 219 - 4) < 0.15, `σ = ${std(n) * 219} levels`);
    const h = corr(n, 360, 200, 1, 0), v = corr(n, 360, 200, 0, 1);
    assert.ok(h > 0.7, `horizontal correlation ${h}`);
    assert.ok(Math.abs(v) < 0.03, `vertical correlation ${v}`);
    assert.ok(sameArray(out.u, flat.u));
  });

  it('adds band-limited chroma noise of the stated σ and leaves luma alone', () => {
    const out = simulateGrain(flat, { lumaSigma: 0, chromaSigma: 6, chromaPhaseNoiseDeg: 0, seed: 2 });
    assert.ok(sameArray(out.y, flat.y));
    const nu = diff(out.u, flat.u), nv = diff(out.v, flat.v);
    assert.ok(Math.abs(std(nu) - (0.8736 * 6) / 224) < 0.001, `σu ${std(nu)}`);
    assert.ok(Math.abs(std(nv) - (1.2296 * 6) / 224) < 0.001, `σv ${std(nv)}`);
    assert.ok(corr(nu, 360, 200, 4, 0) > 0.8, 'chroma noise is low-pass along the line');
  });

  it('adds per-line offsets and per-line hue rotations', () => {
    const out = simulateGrain(flat, { lumaSigma: 0, lineSigma: 3, chromaSigma: 0, chromaPhaseNoiseDeg: 10, seed: 3 });
    const n = diff(out.y, flat.y);
    for (let y = 0; y < 200; y += 37) assert.equal(n[y * 360], n[y * 360 + 359]);
    // hue rotation keeps the saturation
    const sat = Math.hypot(out.u[0], out.v[0]);
    assert.ok(Math.abs(sat - Math.hypot(0.05, 0.05)) < 1e-6);
    assert.notEqual(out.u[0], flat.u[0]);
  });

  it('is reproducible, seed-dependent, the identity at strength 0, and leaves the input unchanged', () => {
    const before = copyFrame(flat);
    const a = simulateGrain(flat, { seed: 4 });
    assert.ok(sameFrame(a, simulateGrain(flat, { seed: 4 })));
    assert.ok(!sameArray(a.y, simulateGrain(flat, { seed: 5 }).y));
    assert.ok(sameFrame(simulateGrain(flat, { strength: 0 }), flat));
    assert.ok(sameFrame(flat, before));
    assert.throws(() => simulateGrain(flat, { seed: Number.NaN }), /simulateGrain: options\.seed must be a finite number, got NaN/);
  });
});

describe('simulateSnow', () => {
  const flat = frameFrom(720, 576, () => 0.3);

  it('adds bright horizontal specks on single rows, about density × samples of them', () => {
    const out = simulateSnow(flat, { density: 1e-4, seed: 5 });
    let rows = 0;
    for (let y = 0; y < 576; y++) {
      let changed = false;
      for (let x = 0; x < 720; x++) {
        const d = out.y[y * 720 + x] - flat.y[y * 720 + x];
        if (d !== 0) changed = true;
      }
      if (changed) rows++;
    }
    const expected = 1e-4 * 720 * 576;
    assert.ok(rows > 0.6 * expected && rows < 1.2 * expected, `${rows} rows vs ${expected} specks`);
    let mean = 0;
    for (let i = 0; i < out.y.length; i++) mean += out.y[i] - 0.3;
    assert.ok(mean > 0, 'snow brightens');
    assert.equal(out.u, flat.u);
  });

  it('is the identity at strength 0', () => {
    assert.ok(sameFrame(simulateSnow(flat, { strength: 0, density: 0.01 }), flat));
  });
});

describe('simulateRinging', () => {
  it('boosts luma at the peaking frequency by exactly peakingGain', () => {
    const f = 2.5 / 13.5;
    const wave = frameFrom(720, 2, (x) => 0.5 + 0.1 * Math.cos(2 * Math.PI * f * x));
    const out = simulateRinging(wave, { peakingGain: 0.3, ringingAmplitude: 0 });
    const g = rowAmplitude(out.y, 720, 1, f, 100, 620) / rowAmplitude(wave.y, 720, 1, f, 100, 620);
    assert.ok(Math.abs(g - 1.3) < 0.01, `gain ${g}`);
  });

  it('rings to the right of an edge within ≈14 samples, and not to the left', () => {
    const step = frameFrom(200, 1, (x) => (x < 100 ? 0.2 : 0.6));
    const out = simulateRinging(step, { peakingGain: 0, ringingAmplitude: 0.2 });
    for (let x = 0; x < 100; x++) assert.equal(out.y[x], step.y[x]);
    assert.ok(out.y[101] > 0.6 + 0.02, `overshoot ${out.y[101]}`);
    let undershoot = false;
    for (let x = 102; x < 114; x++) if (out.y[x] < 0.6 - 0.005) undershoot = true;
    assert.ok(undershoot, 'oscillates');
    for (let x = 125; x < 200; x++) assert.ok(Math.abs(out.y[x] - 0.6) < 1e-3, `still ringing at ${x}`);
  });

  it('is the identity at strength 0', () => {
    const step = frameFrom(50, 2, (x) => (x < 25 ? 0 : 1));
    assert.ok(sameFrame(simulateRinging(step, { strength: 0 }), step));
  });
});
