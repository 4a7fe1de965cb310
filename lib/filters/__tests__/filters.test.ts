import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage, type Image } from '../../image';
import * as filters from '..';
import {
  bilateralFilter, borderIndex, boxBlur, boxKernel, convolve2d, convolveSeparable, defaultGaussianRadius, gaussianBlur, gaussianKernel,
  gaussianKernel1d, laplacian4, laplacian8, medianFilter, sharpen4, sharpen8, unsharpMask,
} from '..';
import { maxAbsDiff } from '../../metrics/__tests__/loadFixture';

function noise(w: number, h: number, c: 1 | 3, seed = 1): Image {
  const d = new Float32Array(w * h * c);
  let s = seed;
  for (let i = 0; i < d.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    d[i] = s / 2147483648;
  }
  return createImage(w, h, c, d);
}

test('barrel exports exactly the documented names', () => {
  assert.deepEqual(Object.keys(filters).sort(), [
    'BORDER_MODES', 'bilateralFilter', 'borderIndex', 'boxBlur', 'boxKernel', 'convolve2d', 'convolveSeparable', 'defaultGaussianRadius',
    'gaussianBlur', 'gaussianKernel', 'gaussianKernel1d', 'laplacian4', 'laplacian8', 'medianFilter', 'sharpen4', 'sharpen8', 'unsharpMask',
  ]);
});

test('borderIndex reproduces the OpenCV border patterns on abcdefgh', () => {
  const row = 'abcdefgh';
  const render = (mode: filters.BorderMode): string => {
    let s = '';
    for (let i = -6; i < 15; i++) {
      const k = borderIndex(i, 8, mode);
      s += (i === 0 || i === 8 ? '|' : '') + (k < 0 ? 'v' : row[k]);
    }
    return s;
  };
  assert.equal(render('reflect101'), 'gfedcb|abcdefgh|gfedcba');
  assert.equal(render('reflect'), 'fedcba|abcdefgh|hgfedcb');
  assert.equal(render('replicate'), 'aaaaaa|abcdefgh|hhhhhhh');
  assert.equal(render('constant'), 'vvvvvv|abcdefgh|vvvvvvv');
  assert.equal(render('wrap'), 'cdefgh|abcdefgh|abcdefg');
  // Far outside and degenerate sizes (cv::borderInterpolate).
  assert.equal(borderIndex(-20, 3, 'reflect101'), 0);
  assert.equal(borderIndex(5, 1, 'reflect101'), 0);
  assert.equal(borderIndex(-7, 3, 'reflect'), 0);
});

test('kernels have the documented taps', () => {
  assert.deepEqual(Array.from(laplacian4.data), [0, 1, 0, 1, -4, 1, 0, 1, 0]);
  assert.deepEqual(Array.from(laplacian8.data), [1, 1, 1, 1, -8, 1, 1, 1, 1]);
  assert.deepEqual(Array.from(sharpen4.data), [0, -1, 0, -1, 5, -1, 0, -1, 0]);
  assert.deepEqual(Array.from(sharpen8.data), [-1, -1, -1, -1, 9, -1, -1, -1, -1]);
  for (let i = 0; i < 9; i++) assert.equal(sharpen4.data[i], (i === 4 ? 1 : 0) - laplacian4.data[i]);
  assert.ok(Object.isFrozen(laplacian4) && Object.isFrozen(laplacian4.data));
  const b = boxKernel(3);
  assert.deepEqual([b.width, b.height], [3, 3]);
  assert.ok(Array.from(b.data).every((v) => Math.abs(v - 1 / 9) < 1e-15));
});

test('Gaussian kernels: OpenCV CV_32F size rule, normalised, outer product in 2-D', () => {
  // radius = (round(8σ + 1) | 1 − 1) / 2, checked against cv2.GaussianBlur(ksize=(0, 0)) footprints.
  const expected: [number, number][] = [[0.3, 1], [0.5, 2], [0.7, 3], [1, 4], [1.5, 6], [2, 8], [3.3, 13]];
  for (const [sigma, r] of expected) assert.equal(defaultGaussianRadius(sigma), r, `σ=${sigma}`);
  const k = gaussianKernel1d(1.5);
  assert.equal(k.length, 13);
  assert.ok(Math.abs(k.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.ok(Math.abs(k[6] / k[7] - Math.exp(0.5 / 2.25)) < 1e-12);
  assert.equal(gaussianKernel1d(2, { radius: 3 }).length, 7);
  const k2 = gaussianKernel(1, { radius: 2 });
  const k1 = gaussianKernel1d(1, { radius: 2 });
  assert.ok(Math.abs(k2.data[1 * 5 + 3] - k1[1] * k1[3]) < 1e-15);
});

test('convolve2d accepts number[][] kernels, applies correlation, and separable detection does not change results', () => {
  const img = noise(11, 9, 3);
  const rows = [[0, 0, 0], [0, 0, 1], [0, 0, 0]];
  // Correlation with a tap right of centre reads the right neighbour: out(x) = in(x + 1).
  const shifted = convolve2d(img, rows, { border: 'replicate' });
  for (let y = 0; y < 9; y++) {
    for (let x = 0; x < 10; x++) for (let c = 0; c < 3; c++) assert.equal(shifted.data[(y * 11 + x) * 3 + c], img.data[(y * 11 + x + 1) * 3 + c]);
  }
  const gk = gaussianKernel(1.2);
  for (const border of filters.BORDER_MODES) {
    const a = convolve2d(img, gk, { border, borderValue: 0.7 });
    const b = convolve2d(img, gk, { border, borderValue: 0.7, detectSeparable: false });
    assert.ok(maxAbsDiff(a.data, b.data) < 1e-6, border);
  }
  const sharp = convolve2d(img, sharpen4);
  assert.ok(maxAbsDiff(sharp.data, convolve2d(img, [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]).data) === 0);
});

test('gaussianBlur and boxBlur agree with the direct 2-D convolution of their kernels', () => {
  const img = noise(40, 30, 3, 5);
  const g = gaussianBlur(img, 1.7, { border: 'wrap' });
  const g2 = convolve2d(img, gaussianKernel(1.7), { border: 'wrap', detectSeparable: false });
  assert.ok(maxAbsDiff(g.data, g2.data) < 1e-6);
  const b = boxBlur(img, 5, { border: 'constant', borderValue: 0.25 });
  const b2 = convolve2d(img, boxKernel(5), { border: 'constant', borderValue: 0.25, detectSeparable: false });
  assert.ok(maxAbsDiff(b.data, b2.data) < 1e-6);
  const sep = convolveSeparable(img, [1, 2, 1], [-1, 0, 1]);
  const sobel = convolve2d(img, [[-1, -2, -1], [0, 0, 0], [1, 2, 1]], { detectSeparable: false });
  assert.ok(maxAbsDiff(sep.data, sobel.data) < 1e-6);
});

test('unsharpMask threshold leaves small details untouched; amount 0 is the identity', () => {
  const img = noise(20, 20, 1, 9);
  assert.deepEqual(unsharpMask(img, { amount: 0 }).data, img.data);
  assert.deepEqual(unsharpMask(img, { amount: 2, threshold: 1 }).data, img.data);
  const partial = unsharpMask(img, { amount: 1, threshold: 0.1, clip: false });
  const full = unsharpMask(img, { amount: 1, clip: false });
  let same = 0;
  let changed = 0;
  for (let i = 0; i < img.data.length; i++) {
    if (partial.data[i] === img.data[i]) same++;
    else {
      assert.equal(partial.data[i], full.data[i]);
      changed++;
    }
  }
  assert.ok(same > 0 && changed > 0);
  assert.ok(full.data.some((v) => v < 0 || v > 1), 'unclipped result can leave [0, 1]');
  assert.ok(unsharpMask(img, { amount: 3 }).data.every((v) => v >= 0 && v <= 1));
});

test('medianFilter removes isolated impulses; bilateralFilter keeps a step edge that gaussianBlur smears', () => {
  const flat = createImage(9, 9, 1, new Float32Array(81).fill(0.5));
  flat.data[40] = 1;
  flat.data[10] = 0;
  assert.ok(medianFilter(flat, 3).data.every((v) => v === 0.5));
  assert.deepEqual(medianFilter(flat, 1).data, flat.data);
  const step = createImage(16, 8, 3);
  for (let y = 0; y < 8; y++) for (let x = 8; x < 16; x++) step.data.fill(0.9, (y * 16 + x) * 3, (y * 16 + x) * 3 + 3);
  const bil = bilateralFilter(step, { diameter: 7, sigmaColor: 0.1, sigmaSpace: 3 });
  const gau = gaussianBlur(step, 3);
  assert.ok(maxAbsDiff(bil.data, step.data) < 1e-3);
  assert.ok(maxAbsDiff(gau.data, step.data) > 0.2);
  const constant = createImage(5, 5, 3, new Float32Array(75).fill(0.3));
  assert.deepEqual(bilateralFilter(constant).data, constant.data);
});

test('filters do not modify their input', () => {
  const img = noise(15, 12, 3, 4);
  const copy = img.data.slice();
  convolve2d(img, laplacian8, { border: 'wrap' });
  convolveSeparable(img, [1, 2, 1], [1, 2, 1]);
  gaussianBlur(img, 2);
  boxBlur(img, 3);
  unsharpMask(img, { threshold: 0.05 });
  medianFilter(img, 5);
  bilateralFilter(img);
  assert.deepEqual(img.data, copy);
});

test('filters reject bad arguments with messages naming the parameter', () => {
  const img = noise(6, 5, 1);
  assert.throws(() => convolve2d(img, [[1, 1]]), { name: 'RangeError', message: /convolve2d: kernel width and height must be odd \(the anchor is the centre tap\), got 2×1/ });
  assert.throws(() => convolve2d(img, [[1, 1, 1], [1]]), { name: 'RangeError', message: /kernel rows must all be arrays of the same length 3, row 1 is not/ });
  assert.throws(() => convolve2d(img, { width: 3, height: 3, data: [1, 2] }), { name: 'RangeError', message: /kernel\.data has 2 taps, expected width×height = 3×3/ });
  assert.throws(() => convolve2d(img, [[Number.NaN]]), { name: 'RangeError', message: /kernel tap 0 must be a finite number, got NaN/ });
  assert.throws(() => convolve2d(img, null as unknown as number[][]), { name: 'TypeError', message: /kernel must be \{width, height, data\} or an array of rows/ });
  assert.throws(() => convolve2d(img, laplacian4, { border: 'mirror' as filters.BorderMode }), { name: 'RangeError', message: /options\.border must be one of 'reflect101', 'reflect', 'replicate', 'constant', 'wrap', got mirror/ });
  assert.throws(() => convolve2d(img, laplacian4, { borderValue: Number.NaN }), { name: 'RangeError', message: /options\.borderValue must be a finite number, got NaN/ });
  assert.throws(() => convolveSeparable(img, [1, 1], [1]), { name: 'RangeError', message: /convolveSeparable: kx must have an odd length, got 2/ });
  assert.throws(() => gaussianBlur(img, 0), { name: 'RangeError', message: /gaussianBlur: sigma must be a positive number of pixels, got 0/ });
  assert.throws(() => gaussianBlur(img, 1, { radius: 1.5 }), { name: 'RangeError', message: /options\.radius must be a non-negative integer, got 1\.5/ });
  assert.throws(() => boxKernel(4), { name: 'RangeError', message: /boxKernel: size must be an odd positive integer, got 4/ });
  assert.throws(() => medianFilter(img, 0), { name: 'RangeError', message: /medianFilter: size must be an odd positive integer, got 0/ });
  assert.throws(() => unsharpMask(img, { threshold: -1 }), { name: 'RangeError', message: /options\.threshold must be a non-negative number, got -1/ });
  assert.throws(() => bilateralFilter(img, { sigmaColor: 0 }), { name: 'RangeError', message: /options\.sigmaColor must be a positive number \(image units\), got 0/ });
  assert.throws(() => bilateralFilter(img, { diameter: -3 }), { name: 'RangeError', message: /options\.diameter must be a non-negative integer \(0 = from sigmaSpace\), got -3/ });
  assert.throws(() => gaussianBlur({ data: [], width: 1, height: 1, channels: 1 } as unknown as Image, 1), { name: 'TypeError', message: /gaussianBlur: image\.data must be a Float32Array/ });
});
