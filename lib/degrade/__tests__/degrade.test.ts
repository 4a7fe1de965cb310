import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage, type Image } from '../../image';
import { createRng } from '../../random';
import { gaussianBlur as filtersGaussianBlur } from '../../filters';
import * as degrade from '..';
import { addGaussianNoise, addPoissonNoise, addSaltPepper, defocusBlur, defocusBlurKernel, gaussianBlur, motionBlur, motionBlurKernel } from '..';

function flat(w: number, h: number, c: 1 | 3, v: number): Image {
  return createImage(w, h, c, new Float32Array(w * h * c).fill(v));
}
function ramp(w: number, h: number): Image {
  const d = new Float32Array(w * h * 3);
  for (let i = 0; i < d.length; i++) d[i] = (i % 97) / 96;
  return createImage(w, h, 3, d);
}
function meanVar(x: ArrayLike<number>): [number, number] {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  const m = s / x.length;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i] - m) ** 2;
  return [m, v / x.length];
}

test('barrel exports exactly the documented names', () => {
  assert.deepEqual(Object.keys(degrade).sort(), [
    'addGaussianNoise', 'addPoissonNoise', 'addSaltPepper', 'defocusBlur', 'defocusBlurKernel', 'gaussianBlur', 'motionBlur', 'motionBlurKernel',
  ]);
  assert.equal(gaussianBlur, filtersGaussianBlur, 'degrade.gaussianBlur is the filters implementation');
});

test('noise is reproducible: same seed same output, different seed different output', () => {
  const img = ramp(32, 24);
  for (const f of [
    (seed: number) => addGaussianNoise(img, 0.1, { seed }),
    (seed: number) => addPoissonNoise(img, { peak: 30, seed }),
    (seed: number) => addSaltPepper(img, 0.2, { seed }),
  ]) {
    assert.deepEqual(f(7).data, f(7).data);
    assert.notDeepEqual(f(7).data, f(8).data);
  }
  // A shared generator gives independent draws on successive calls.
  const rng = createRng(3);
  assert.notDeepEqual(addGaussianNoise(img, 0.1, { rng }).data, addGaussianNoise(img, 0.1, { rng }).data);
});

test('Gaussian noise: residual std ≈ sigma before clipping, mean ≈ 0; clipping keeps [0, 1]', () => {
  const img = flat(200, 200, 3, 0.5);
  const sigma = 25 / 255;
  const noisy = addGaussianNoise(img, sigma, { seed: 1, clip: false });
  const res = noisy.data.map((v, i) => v - img.data[i]);
  const [m, v] = meanVar(res);
  assert.ok(Math.abs(m) < 0.002, `mean ${m}`);
  assert.ok(Math.abs(Math.sqrt(v) / sigma - 1) < 0.01, `std ${Math.sqrt(v)} vs ${sigma}`);
  const clipped = addGaussianNoise(flat(50, 50, 1, 0.95), 0.2, { seed: 1 });
  assert.ok(clipped.data.every((x) => x >= 0 && x <= 1));
  assert.ok(clipped.data.some((x) => x === 1));
});

test('Poisson noise: mean ≈ x, variance ≈ x / peak, for small (Knuth) and large (PTRS) λ', () => {
  for (const [x, peak] of [[0.5, 10], [0.02, 100], [0.6, 500], [0.3, 4000]]) {
    const noisy = addPoissonNoise(flat(300, 300, 1, x), { peak, seed: 5, clip: false });
    const [m, v] = meanVar(noisy.data);
    assert.ok(Math.abs(m - x) < 0.01 * x + 1e-3 / peak, `x=${x} peak=${peak}: mean ${m}`);
    assert.ok(Math.abs(v / (x / peak) - 1) < 0.03, `x=${x} peak=${peak}: var ${v} vs ${x / peak}`);
    // Values are integer counts / peak.
    for (let i = 0; i < 100; i++) assert.ok(Math.abs(noisy.data[i] * peak - Math.round(noisy.data[i] * peak)) < 1e-3 * peak);
  }
  assert.ok(addPoissonNoise(flat(10, 10, 1, 0), { seed: 1 }).data.every((v) => v === 0), 'black stays black');
});

test('salt & pepper: corrupted fraction ≈ amount, salt share ≈ saltVsPepper, whole pixels by default', () => {
  const img = flat(200, 200, 3, 0.5);
  const out = addSaltPepper(img, 0.1, { seed: 2, saltVsPepper: 0.3 });
  let salt = 0;
  let pepper = 0;
  for (let p = 0; p < 200 * 200; p++) {
    const [r, g, b] = out.data.subarray(3 * p, 3 * p + 3);
    assert.ok(r === g && g === b, 'whole pixel replaced');
    if (r === 1) salt++;
    else if (r === 0) pepper++;
  }
  const frac = (salt + pepper) / 40000;
  assert.ok(Math.abs(frac - 0.1) < 0.005, `fraction ${frac}`);
  assert.ok(Math.abs(salt / (salt + pepper) - 0.3) < 0.03, `salt share ${salt / (salt + pepper)}`);
  const per = addSaltPepper(img, 0.1, { seed: 2, perChannel: true });
  let mixed = 0;
  for (let p = 0; p < 40000; p++) if (new Set(per.data.subarray(3 * p, 3 * p + 3)).size > 1) mixed++;
  assert.ok(mixed > 0.15 * 40000, 'per-channel corruption mixes channels');
});

test('motion PSF sums to 1, has the requested extent and orientation', () => {
  const sum = (k: { data: ArrayLike<number> }): number => Array.from(k.data).reduce((a, b) => a + b, 0);
  const h = motionBlurKernel(7, 0);
  assert.equal(h.height, 1);
  assert.equal(h.width, 7);
  for (const v of Array.from(h.data)) assert.ok(Math.abs(v - 1 / 7) < 1e-12);
  const v = motionBlurKernel(7, 90);
  assert.equal(v.width, 1);
  assert.equal(v.height, 7);
  for (const angle of [0, 30, 45, 90, 133, 200]) assert.ok(Math.abs(sum(motionBlurKernel(9.5, angle)) - 1) < 1e-12);
  // 45°: counter-clockwise on screen, so the streak runs from bottom-left to top-right.
  const d = motionBlurKernel(9, 45);
  const at = (row: number, col: number): number => d.data[row * d.width + col];
  const c = (d.width - 1) / 2;
  assert.ok(at(c - 3, c + 3) > 0.05 && at(c + 3, c - 3) > 0.05, 'anti-diagonal is on');
  assert.equal(at(c - 3, c - 3), 0);
  assert.equal(at(c + 3, c + 3), 0);
  // Point-symmetric (so correlation = convolution) and 45° ≡ 225°.
  const d2 = motionBlurKernel(9, 225);
  for (let i = 0; i < d.data.length; i++) {
    assert.ok(Math.abs(d.data[i] - d.data[d.data.length - 1 - i]) < 1e-12);
    assert.ok(Math.abs(d.data[i] - d2.data[i]) < 1e-12);
  }
});

test('defocus PSF is an anti-aliased disc', () => {
  const r = 4.3;
  const k = defocusBlurKernel(r);
  assert.equal(k.width, 9);
  const c = 4;
  const full = k.data[c * k.width + c];
  let total = 0;
  for (let y = 0; y < k.height; y++) {
    for (let x = 0; x < k.width; x++) {
      const v: number = k.data[y * k.width + x];
      total += v;
      const dist = Math.hypot(x - c, y - c);
      if (dist <= r - Math.SQRT1_2) assert.ok(Math.abs(v - full) < 1e-12, 'fully covered pixels are equal');
      if (dist >= r + Math.SQRT1_2) assert.equal(v, 0, 'pixels outside the disc are 0');
      assert.ok(v <= full + 1e-12);
      // Symmetric under the dihedral group of the square.
      assert.ok(Math.abs(v - k.data[x * k.width + y]) < 1e-12);
      assert.ok(Math.abs(v - k.data[y * k.width + (k.width - 1 - x)]) < 1e-12);
    }
  }
  assert.ok(Math.abs(total - 1) < 1e-12);
  // Normalised area: each fully covered tap is 1 / (πr²) up to the sub-sampling error.
  assert.ok(Math.abs(full * Math.PI * r * r - 1) < 0.02);
  assert.deepEqual(Array.from(defocusBlurKernel(0).data), [1]);
});

test('blurring an impulse reproduces the PSF; blur preserves the mean of a flat image', () => {
  const img = createImage(21, 21, 1);
  img.data[10 * 21 + 10] = 1;
  const out = motionBlur(img, 9, 30);
  const k = motionBlurKernel(9, 30);
  const rx = (k.width - 1) / 2;
  const ry = (k.height - 1) / 2;
  for (let j = 0; j < k.height; j++) {
    for (let i = 0; i < k.width; i++) assert.ok(Math.abs(out.data[(10 - ry + j) * 21 + (10 - rx + i)] - k.data[j * k.width + i]) < 1e-6);
  }
  const d = defocusBlur(flat(16, 16, 3, 0.4), 3);
  assert.ok(d.data.every((v) => Math.abs(v - 0.4) < 1e-6));
  assert.deepEqual(motionBlur(ramp(8, 8), 1, 0).data, ramp(8, 8).data);
  assert.deepEqual(motionBlur(ramp(8, 8), 1, 90).data, ramp(8, 8).data);
});

test('degradations do not modify their input', () => {
  const img = ramp(16, 12);
  const copy = img.data.slice();
  addGaussianNoise(img, 0.1);
  addPoissonNoise(img);
  addSaltPepper(img, 0.5);
  motionBlur(img, 5, 10);
  defocusBlur(img, 2);
  assert.deepEqual(img.data, copy);
});

test('degradations reject bad arguments with messages naming the parameter', () => {
  const img = ramp(8, 8);
  assert.throws(() => addGaussianNoise(img, -0.1), { name: 'RangeError', message: /addGaussianNoise: sigma must be a non-negative number in \[0, 1\] image units \(8-bit σ 25 → 25\/255\), got -0\.1/ });
  assert.throws(() => addGaussianNoise(img, 0.1, { seed: Number.NaN }), { name: 'TypeError', message: /options\.seed must be a finite number, got NaN/ });
  assert.throws(() => addPoissonNoise(img, { peak: 0 }), { name: 'RangeError', message: /options\.peak must be a positive number/ });
  assert.throws(() => addPoissonNoise(flat(2, 2, 1, -0.5)), { name: 'RangeError', message: /samples must be ≥ 0, sample 0 is -0\.5/ });
  assert.throws(() => addSaltPepper(img, 1.5), { name: 'RangeError', message: /amount must be a fraction in \[0, 1\], got 1\.5/ });
  assert.throws(() => addSaltPepper(img, 0.1, { saltVsPepper: -1 }), { name: 'RangeError', message: /options\.saltVsPepper must be a fraction in \[0, 1\], got -1/ });
  assert.throws(() => motionBlur(img, 0.5, 0), { name: 'RangeError', message: /length must be a number of pixels ≥ 1, got 0\.5/ });
  assert.throws(() => motionBlurKernel(5, Infinity), { name: 'RangeError', message: /angleDeg must be a finite number of degrees, got Infinity/ });
  assert.throws(() => defocusBlur(img, -1), { name: 'RangeError', message: /radius must be a non-negative number of pixels, got -1/ });
  assert.throws(() => motionBlur({} as Image, 3, 0), { name: 'TypeError', message: /motionBlur: image\.data must be a Float32Array/ });
});
