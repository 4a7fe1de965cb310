import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bm3dDenoise } from '../bm3dDenoise';
import { nonLocalMeans } from '../nonLocalMeans';
import { createImage, type Image } from '../../image';
import { computePsnr } from '../../metrics';
import { addGaussianNoise } from '../../degrade';

/** 64×64 RGB test card: smooth gradients, a disc and stripes (repeated structure BM3D exploits). */
function card(): Image {
  const w = 64;
  const h = 64;
  const d = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 3 * (y * w + x);
      const disc = (x - 40) ** 2 + (y - 22) ** 2 < 120 ? 0.35 : 0;
      const stripe = y > 40 && Math.floor(x / 4) % 2 === 0 ? 0.3 : 0;
      d[i] = 0.2 + 0.5 * (x / w) + disc;
      d[i + 1] = 0.3 + 0.3 * (y / h) + stripe;
      d[i + 2] = 0.6 - 0.3 * (x / w) + 0.5 * stripe;
    }
  }
  return createImage(w, h, 3, d);
}

test('bm3dDenoise beats nonLocalMeans by > 1 dB at σ = 25/255 and is deterministic', () => {
  const clean = card();
  const noisy = addGaussianNoise(clean, 25 / 255, { seed: 7 });
  const before = noisy.data.slice();
  const out = bm3dDenoise(noisy, 25 / 255);
  assert.deepEqual(noisy.data, before, 'input unchanged');
  const nlm = nonLocalMeans(noisy, { sigma: 25 / 255, h: 0.45 * (25 / 255) });
  const pb = computePsnr(out, clean);
  const pn = computePsnr(nlm, clean);
  assert.ok(pb > pn + 1, `BM3D ${pb.toFixed(2)} dB vs NLM ${pn.toFixed(2)} dB`);
  assert.deepEqual(bm3dDenoise(noisy, 25 / 255).data, out.data);
  const fast = bm3dDenoise(noisy, 25 / 255, { profile: 'fast' });
  assert.ok(computePsnr(fast, clean) > pn + 0.5);
});

test('bm3dDenoise: grey images, high σ profile, and near-identity for tiny σ', () => {
  const rgb = card();
  const grey = createImage(64, 64, 1, Float32Array.from({ length: 64 * 64 }, (_, i) => rgb.data[3 * i]));
  const noisy = addGaussianNoise(grey, 50 / 255, { seed: 3 });
  const out = bm3dDenoise(noisy, 50 / 255);
  assert.equal(out.channels, 1);
  assert.ok(computePsnr(out, grey) > computePsnr(noisy, grey) + 6);
  const tiny = bm3dDenoise(rgb, 0.1 / 255);
  let maxErr = 0;
  for (let i = 0; i < rgb.data.length; i++) maxErr = Math.max(maxErr, Math.abs(tiny.data[i] - rgb.data[i]));
  assert.ok(maxErr < 2e-3, `max change ${maxErr}`);
  assert.deepEqual(bm3dDenoise(rgb, 0).data, rgb.data);
});

test('bm3dDenoise validates its parameters', () => {
  const img = card();
  assert.throws(() => bm3dDenoise(img, -0.1), /bm3dDenoise: sigma must be a finite number in \[0, 1\].*-0\.1/);
  assert.throws(() => bm3dDenoise(img, 25), /sigma must be .* got 25/);
  assert.throws(() => bm3dDenoise(img, NaN), /sigma/);
  assert.throws(() => bm3dDenoise(img, 0.1, { profile: 'slow' as never }), /options\.profile must be 'standard' or 'fast', got slow/);
  const bad = createImage(8, 8, 1, new Float32Array(64).fill(NaN));
  assert.throws(() => bm3dDenoise(bad, 0.1), /image\.data\[0\] is NaN/);
});
