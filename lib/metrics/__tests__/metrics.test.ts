import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage, cloneImage, type Image } from '../../image';
import { computeBlurScore, computeMse, computePsnr, computeSsim, estimateNoiseSigma } from '..';
import { decodeImage, readFixture, type EncodedImage } from './loadFixture';

interface PairCase {
  a: string;
  b: string;
  mse: number;
  psnr: number;
  psnrY: number;
  psnrYCrop4: number;
  ssim: number;
  ssimY: number;
  ssimCrop4?: number;
  psnrRange2?: number;
}
interface MetricsFixture {
  images: Record<string, EncodedImage>;
  pairs: PairCase[];
  blurScore: { input: string; score: number; scoreFloat: number }[];
  noiseSigma: { input: string; sigma: number }[];
}

const fx = readFixture<MetricsFixture>('metrics', 'metrics.json');
const images: Record<string, Image> = {};
for (const [k, v] of Object.entries(fx.images)) images[k] = decodeImage(v);

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, expected ${expected} ± ${tol}`);
}

for (const p of fx.pairs) {
  const a = images[p.a];
  const b = images[p.b];
  test(`MSE and PSNR match skimage / BasicSR for ${p.a} vs ${p.b}`, () => {
    close(computeMse(a, b), p.mse, 1e-9, 'mse');
    close(computePsnr(a, b), p.psnr, 1e-5, 'psnr rgb');
    close(computePsnr(a, b, { channel: 'y' }), p.psnrY, 1e-5, 'psnr y');
    close(computePsnr(a, b, { channel: 'y', crop: 4 }), p.psnrYCrop4, 1e-5, 'psnr y crop 4');
    if (p.psnrRange2 !== undefined) close(computePsnr(a, b, { dataRange: 2 }), p.psnrRange2, 1e-5, 'psnr range 2');
  });
  test(`SSIM matches skimage structural_similarity for ${p.a} vs ${p.b}`, () => {
    close(computeSsim(a, b), p.ssim, 1e-5, 'ssim rgb');
    close(computeSsim(a, b, { channel: 'y' }), p.ssimY, 1e-5, 'ssim y');
    if (p.ssimCrop4 !== undefined) close(computeSsim(a, b, { crop: 4 }), p.ssimCrop4, 1e-5, 'ssim crop 4');
  });
}

test('the golden pairs discriminate: Y and RGB PSNR differ, noisy and blurred SSIM differ', () => {
  const colour = fx.pairs.filter((p) => p.a !== 'grey');
  for (const p of colour) assert.ok(Math.abs(p.psnr - p.psnrY) > 0.5);
  assert.ok(Math.abs(fx.pairs[2].ssim - fx.pairs[3].ssim) > 0.05);
});

for (const c of fx.blurScore) {
  test(`blur score equals cv2.Laplacian(gray, CV_64F).var() for ${c.input}`, () => {
    const img = images[c.input];
    const s = computeBlurScore(img);
    assert.ok(Math.abs(s - c.score) <= 1e-6 * c.score, `quantized: got ${s}, expected ${c.score}`);
    const f = computeBlurScore(img, { quantize: false });
    assert.ok(Math.abs(f - c.scoreFloat) <= 1e-5 * c.scoreFloat, `float: got ${f}, expected ${c.scoreFloat}`);
  });
}

test('blur score ranks the blurred crop below the sharp one', () => {
  assert.ok(computeBlurScore(images.kodakBlur) * 10 < computeBlurScore(images.kodak));
});

for (const c of fx.noiseSigma) {
  test(`estimateNoiseSigma matches skimage estimate_sigma within 2% for ${c.input}`, () => {
    const s = estimateNoiseSigma(images[c.input]);
    assert.ok(Math.abs(s - c.sigma) <= 0.02 * c.sigma, `got ${s}, expected ${c.sigma}`);
    // In practice the implementation is exact up to float32 input rounding.
    assert.ok(Math.abs(s - c.sigma) <= 1e-5 * c.sigma + 1e-9, `got ${s}, expected ${c.sigma} (tight)`);
  });
}

test('identical images: MSE 0, PSNR Infinity, SSIM 1', () => {
  const k = images.kodak;
  assert.equal(computeMse(k, cloneImage(k)), 0);
  assert.equal(computePsnr(k, cloneImage(k)), Infinity);
  close(computeSsim(k, cloneImage(k)), 1, 1e-12, 'ssim');
});

test('constant image: blur score 0, noise sigma ~0 (only db2 round-off), all-zero image exactly 0', () => {
  const flat = createImage(20, 20, 3, new Float32Array(1200).fill(0.5));
  assert.equal(computeBlurScore(flat), 0);
  assert.ok(estimateNoiseSigma(flat) < 1e-12);
  assert.equal(estimateNoiseSigma(createImage(20, 20, 1)), 0);
});

test('metrics do not modify their inputs', () => {
  const a = images.kodak;
  const b = images.kodakNoisy;
  const ca = a.data.slice();
  const cb = b.data.slice();
  computeMse(a, b, { channel: 'y', crop: 2 });
  computePsnr(a, b);
  computeSsim(a, b, { channel: 'y' });
  computeBlurScore(a);
  estimateNoiseSigma(b);
  assert.deepEqual(a.data, ca);
  assert.deepEqual(b.data, cb);
});

test('metrics reject bad arguments with messages naming the parameter', () => {
  const a = images.rgb;
  const g = images.grey;
  assert.throws(() => computePsnr(a, g), { name: 'RangeError', message: /a and b must have the same size and channels, got 17×13×3 and 17×13×1/ });
  assert.throws(() => computePsnr(a, a, { dataRange: 0 }), { name: 'RangeError', message: /options\.dataRange must be a positive number, got 0/ });
  assert.throws(() => computeMse(a, a, { channel: 'lab' as 'y' }), { name: 'RangeError', message: /options\.channel must be 'rgb' or 'y', got lab/ });
  assert.throws(() => computeMse(a, a, { crop: 7 }), { name: 'RangeError', message: /options\.crop = 7 leaves nothing of a 17×13 image/ });
  assert.throws(() => computeMse(a, a, { crop: -1 }), { name: 'RangeError', message: /options\.crop must be a non-negative integer, got -1/ });
  assert.throws(() => computeSsim(a, a, { crop: 2 }), { name: 'RangeError', message: /11×11 window \(sigma 1\.5\) is larger than the 13×9 image/ });
  assert.throws(() => computeSsim(a, a, { sigma: -1 }), { name: 'RangeError', message: /options\.sigma must be a positive number of pixels, got -1/ });
  assert.throws(() => computeBlurScore({ data: new Float32Array(3), width: 2, height: 1, channels: 3 }), { name: 'RangeError', message: /computeBlurScore: image\.data has 3 samples, expected 2×1×3 = 6/ });
  assert.throws(() => estimateNoiseSigma(null as unknown as Image), { name: 'TypeError', message: /estimateNoiseSigma: image must be an Image/ });
  assert.throws(() => computeBlurScore(a, { quantize: 1 as unknown as boolean }), { name: 'TypeError', message: /options\.quantize must be a boolean, got 1/ });
});

test('barrel exports exactly the documented names', async () => {
  const barrel = await import('..');
  assert.deepEqual(Object.keys(barrel).sort(), ['computeBlurScore', 'computeCiderD', 'computeCorpusBleu', 'computeMse', 'computePsnr', 'computeSsim', 'estimateNoiseSigma']);
});
