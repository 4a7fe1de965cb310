import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage, type Image } from '../../image';
import { addGaussianNoise } from '../../degrade';
import { bilateralFilter, convolve2d, gaussianBlur, medianFilter, sharpen4, sharpen8, unsharpMask } from '../../filters';
import { nonLocalMeans } from '../../denoise';
import { computePsnr, estimateNoiseSigma } from '../../metrics';
import * as enhance from '..';
import { DEFAULT_ENHANCE_RULES, denoiseImage, enhanceImage, measureDegradation, sharpenImage } from '..';

/** A deterministic 64×64 colour scene with edges and smooth gradients. */
function scene(w = 64, h = 64): Image {
  const d = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const inDisc = (x - 40) ** 2 + (y - 24) ** 2 < 14 ** 2;
      const bar = x > 8 && x < 20 && y > 10 && y < 54;
      d[i] = 0.15 + 0.5 * (x / w) + (inDisc ? 0.3 : 0);
      d[i + 1] = 0.25 + (bar ? 0.55 : 0) + 0.1 * Math.sin(x / 3);
      d[i + 2] = 0.7 - 0.5 * (y / h) + (inDisc ? -0.2 : 0);
    }
  }
  return createImage(w, h, 3, d);
}

const clean = scene();
const noisy = addGaussianNoise(clean, 20 / 255, { seed: 7 });
const blurred = gaussianBlur(clean, 2);

test('barrel exports the documented names', () => {
  assert.deepEqual(Object.keys(enhance).sort(), [
    'DEFAULT_ENHANCE_RULES', 'DENOISE_METHODS', 'SHARPEN_METHODS', 'autoUnsharpAmount', 'denoiseImage', 'enhanceImage', 'measureDegradation', 'resolveEnhanceRules', 'sharpenImage',
  ]);
});

test('measureDegradation: σ tracks added noise, the re-blur ratio grows with blur', () => {
  const m0 = measureDegradation(clean);
  const m1 = measureDegradation(gaussianBlur(clean, 1));
  const m2 = measureDegradation(blurred);
  assert.ok(m0.reblurRatio < m1.reblurRatio && m1.reblurRatio < m2.reblurRatio, `${m0.reblurRatio} ${m1.reblurRatio} ${m2.reblurRatio}`);
  assert.ok(m2.blurScore < m0.blurScore);
  assert.ok(Math.abs(measureDegradation(noisy).sigma * 255 - 20) < 3);
  assert.equal(measureDegradation(createImage(8, 8, 1, new Float32Array(64).fill(0.5))).reblurRatio, 1);
  assert.ok(m0.blurSigma < m1.blurSigma && m1.blurSigma < m2.blurSigma, `${m0.blurSigma} ${m1.blurSigma} ${m2.blurSigma}`);
  // Measured at 1–2 px scales, the blur width barely moves when noise is added and removed again.
  const noisyBlurred = denoiseImage(addGaussianNoise(blurred, 15 / 255, { seed: 4 })).image;
  assert.ok(Math.abs(measureDegradation(noisyBlurred).blurSigma - m2.blurSigma) < 0.6, `${measureDegradation(noisyBlurred).blurSigma} vs ${m2.blurSigma}`);
});

test('denoiseImage: each method is the library filter with the stated parameters, and improves PSNR', () => {
  const sigma = estimateNoiseSigma(noisy);
  const nlm = denoiseImage(noisy);
  assert.equal(nlm.step.method, 'nlm');
  assert.equal(nlm.step.params['h'], DEFAULT_ENHANCE_RULES.nlmHFactor * sigma);
  assert.deepEqual(nlm.image.data, nonLocalMeans(noisy, { h: DEFAULT_ENHANCE_RULES.nlmHFactor * sigma, sigma }).data);
  assert.match(nlm.step.reason, /estimated noise σ = (19|2\d)\.\d\/255/);
  const bil = denoiseImage(noisy, { method: 'bilateral', strength: 0.1 });
  assert.deepEqual(bil.image.data, bilateralFilter(noisy, { sigmaColor: 0.1, sigmaSpace: 2 }).data);
  assert.deepEqual(denoiseImage(noisy, { method: 'median', strength: 5 }).image.data, medianFilter(noisy, 5).data);
  assert.deepEqual(denoiseImage(noisy, { method: 'gaussian', strength: 1 }).image.data, gaussianBlur(noisy, 1).data);
  const before = computePsnr(noisy, clean);
  for (const method of enhance.DENOISE_METHODS) {
    const r = denoiseImage(noisy, { method });
    assert.ok(computePsnr(r.image, clean) > before + 1, `${method} (auto) should gain > 1 dB`);
  }
  assert.ok(computePsnr(nlm.image, clean) > computePsnr(denoiseImage(noisy, { method: 'gaussian' }).image, clean), 'NLM beats the Gaussian baseline');
});

test('denoiseImage: validation names the option and leaves the input unchanged', () => {
  const copy = noisy.data.slice();
  assert.throws(() => denoiseImage(noisy, { method: 'wiener' as never }), /options.method must be one of nlm, gaussian, bilateral, median, got "wiener"/);
  assert.throws(() => denoiseImage(noisy, { strength: 0 }), /strength for method 'nlm' is the h in \[0, 1\] intensity units, a number > 0; got 0/);
  assert.throws(() => denoiseImage(noisy, { method: 'median', strength: 4 }), /odd integer ≥ 3; got 4/);
  assert.throws(() => denoiseImage(noisy, { strength: 0.05, auto: true }), /either options.strength or options.auto/);
  assert.throws(() => denoiseImage(noisy, { auto: false }), /auto is false but no options.strength/);
  assert.throws(() => denoiseImage(noisy, { sigma: -1 }), /options.sigma must be a finite number ≥ 0/);
  assert.throws(() => denoiseImage(noisy, { rules: { nlmHFactor: -1 } }), /rules.nlmHFactor must be a finite number ≥ 0/);
  assert.throws(() => denoiseImage(noisy, { rules: { hh: 1 } as never }), /rules.hh is not a rule/);
  denoiseImage(noisy, { method: 'median' });
  assert.deepEqual(noisy.data, copy);
});

test('sharpenImage: Laplacian amount 1 is the sharpen4/sharpen8 kernel; unsharp is unsharpMask', () => {
  const clip = (im: Image): Float32Array => im.data.map((v) => Math.min(1, Math.max(0, v)));
  const l4 = sharpenImage(blurred, { method: 'laplacian4', amount: 1 }).image.data;
  const k4 = clip(convolve2d(blurred, sharpen4));
  const l8 = sharpenImage(blurred, { method: 'laplacian8', amount: 1 }).image.data;
  const k8 = clip(convolve2d(blurred, sharpen8));
  for (let i = 0; i < l4.length; i++) {
    assert.ok(Math.abs((l4[i] as number) - (k4[i] as number)) < 1e-6);
    assert.ok(Math.abs((l8[i] as number) - (k8[i] as number)) < 1e-6);
  }
  assert.deepEqual(sharpenImage(blurred, { amount: 1.5, radius: 2 }).image.data, unsharpMask(blurred, { amount: 1.5, radius: 2 }).data);
});

test('sharpenImage auto: no sharpening of a sharp image, positive amount that helps on a blurred one', () => {
  // The synthetic scene (hard edges, no texture) reads ≈ 0.8 px, a little above a sharp photo's 0.7 px.
  const sharp = sharpenImage(clean);
  assert.ok((sharp.step.params['amount'] as number) < 0.3, `amount on a sharp image: ${sharp.step.params['amount']}`);
  assert.deepEqual(sharpenImage(clean, { rules: { intrinsicBlur: 1 } }).image.data, clean.data, 'amount 0 returns an unchanged copy');
  const soft = sharpenImage(blurred);
  assert.ok((soft.step.params['amount'] as number) > 0.5);
  assert.ok(computePsnr(soft.image, clean) > computePsnr(blurred, clean) + 0.5);
  // The Laplacian methods get the amount converted by r²/2 and r²/6.
  const r = DEFAULT_ENHANCE_RULES.unsharpRadius;
  const a = soft.step.params['amount'] as number;
  assert.ok(Math.abs((sharpenImage(blurred, { method: 'laplacian4' }).step.params['amount'] as number) - (a * r * r) / 2) < 1e-12);
  assert.ok(Math.abs((sharpenImage(blurred, { method: 'laplacian8' }).step.params['amount'] as number) - (a * r * r) / 6) < 1e-12);
  assert.throws(() => sharpenImage(blurred, { amount: -1 }), /options.amount must be a finite number ≥ 0, got -1/);
  assert.throws(() => sharpenImage(blurred, { radius: 0 }), /options.radius must be a number of pixels > 0, got 0/);
  assert.throws(() => sharpenImage(blurred, { method: 'sobel' as never }), /options.method must be one of unsharp, laplacian4, laplacian8/);
});

test('enhanceImage: denoises first when noisy, sharpens when blurred, leaves a sharp clean image alone; input untouched', () => {
  const noisyBlurred = addGaussianNoise(blurred, 15 / 255, { seed: 9 });
  const copy = noisyBlurred.data.slice();
  const r = enhanceImage(noisyBlurred);
  assert.deepEqual(r.decisions.steps.map((s) => s.op), ['denoise', 'sharpen']);
  assert.equal(r.decisions.steps[0]?.method, 'nlm');
  assert.ok(r.decisions.beforeSharpen !== null && r.decisions.beforeSharpen.sigma < r.decisions.sigma, 'blur measured on the denoised image');
  assert.ok(Math.abs(r.decisions.sigma * 255 - 15) < 3);
  assert.ok(computePsnr(r.image, blurred) > computePsnr(noisyBlurred, blurred));
  assert.deepEqual(noisyBlurred.data, copy);

  const b = enhanceImage(blurred);
  assert.deepEqual(b.decisions.steps.map((s) => s.op), ['sharpen']);
  assert.match(b.decisions.skipped[0]?.reason ?? '', /below the threshold/);

  const c = enhanceImage(clean, { rules: { intrinsicBlur: 1 } });
  assert.deepEqual(c.decisions.steps, []);
  assert.deepEqual(c.decisions.skipped.map((s) => s.op), ['denoise', 'sharpen']);
  assert.deepEqual(c.image.data, clean.data);
  assert.notEqual(c.image, clean);

  const sf = enhanceImage(noisyBlurred, { order: 'sharpen-first' });
  assert.equal(sf.decisions.steps[sf.decisions.steps.length - 1]?.op, 'denoise');
  assert.deepEqual(enhanceImage(noisyBlurred, { sharpen: false }).decisions.steps.map((s) => s.op), ['denoise']);
  assert.throws(() => enhanceImage(clean, { order: 'random' as never }), /options.order must be 'auto' or 'sharpen-first'/);
  assert.throws(() => enhanceImage(clean, { denoiseMethod: 'bm3d' as never }), /options.denoiseMethod must be one of nlm/);
});
