import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { nonLocalMeans, type NonLocalMeansOptions } from '..';
import { createImage, type Image } from '../../image';
import { createRng } from '../../random';
import { computePsnr, estimateNoiseSigma } from '../../metrics';
import { gaussianBlur } from '../../filters';
import { addGaussianNoise } from '../../degrade';
import { borderIndex } from '../../filters/borderIndex';

/** lib/denoise/__tests__/fixtures, found from the compiled test in dist/denoise/__tests__. */
const FIXTURES = resolve(__dirname, '../../../lib/denoise/__tests__/fixtures');

/** Weights exp(−t) with t ≥ 12 are 0 (documented cut-off of nonLocalMeans). */
const T_MAX = 12;

/**
 * Direct non-local means, straight from the definition in the TSDoc of nonLocalMeans: orthonormal
 * opponent colours, mean squared patch difference over all channels, w = exp(−max(d² − 2σ², 0)/h²),
 * centre weight = max of the others, reflect-101 borders. O(N · search² · patch²), float64.
 */
function naiveNlm(image: Image, h: number, sigma: number, patchSize: number, searchSize: number): Float64Array {
  const { width: w, height: ht, channels: c, data } = image;
  const r = (patchSize - 1) / 2;
  const big = (searchSize - 1) / 2;
  const s3 = Math.sqrt(3);
  const s2 = Math.sqrt(2);
  const s6 = Math.sqrt(6);
  const u: number[][] = [];
  for (let i = 0; i < w * ht; i++) {
    if (c === 1) u.push([data[i]]);
    else {
      const [R, G, B] = [data[3 * i], data[3 * i + 1], data[3 * i + 2]];
      u.push([(R + G + B) / s3, (R - B) / s2, (R - 2 * G + B) / s6]);
    }
  }
  const at = (x: number, y: number): number[] => u[borderIndex(y, ht, 'reflect101') * w + borderIndex(x, w, 'reflect101')];
  const out = new Float64Array(w * ht * c);
  for (let y = 0; y < ht; y++) {
    for (let x = 0; x < w; x++) {
      const acc = new Array<number>(c).fill(0);
      let wsum = 0;
      let wmax = 0;
      for (let dy = -big; dy <= big; dy++) {
        for (let dx = -big; dx <= big; dx++) {
          if (dx === 0 && dy === 0) continue;
          let d2 = 0;
          for (let ky = -r; ky <= r; ky++) {
            for (let kx = -r; kx <= r; kx++) {
              const a = at(x + kx, y + ky);
              const b = at(x + dx + kx, y + dy + ky);
              for (let k = 0; k < c; k++) d2 += (a[k] - b[k]) ** 2;
            }
          }
          d2 /= c * patchSize * patchSize;
          const t = Math.max(d2 - 2 * sigma * sigma, 0) / (h * h);
          const wt = t >= T_MAX ? 0 : Math.exp(-t);
          const q = at(x + dx, y + dy);
          for (let k = 0; k < c; k++) acc[k] += wt * q[k];
          wsum += wt;
          wmax = Math.max(wmax, wt);
        }
      }
      if (wmax === 0) wmax = 1;
      const p = at(x, y);
      const v = acc.map((a, k) => (a + wmax * p[k]) / (wsum + wmax));
      const i = y * w + x;
      if (c === 1) out[i] = v[0];
      else {
        const [Y, c1, c2] = [v[0] / s3, v[1] / s2, v[2] / s6];
        out[3 * i] = Y + c1 + c2;
        out[3 * i + 1] = Y - 2 * c2;
        out[3 * i + 2] = Y - c1 + c2;
      }
    }
  }
  return out;
}

/** A smooth pattern with edges plus seeded noise, in [0, 1]. */
function testImage(width: number, height: number, channels: 1 | 3, seed: number, noise = 0.08): Image {
  const rng = createRng(seed);
  const data = new Float32Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < channels; k++) {
        const base = (x > width / 2 ? 0.7 : 0.25) + 0.1 * Math.sin((x + 2 * y + 3 * k) / 3);
        data[(y * width + x) * channels + k] = Math.min(1, Math.max(0, base + noise * rng.nextNormal()));
      }
    }
  }
  return createImage(width, height, channels, data);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

test('matches a direct (naive) non-local means within 1e-5', () => {
  const cases: { w: number; h: number; c: 1 | 3; patch: number; search: number; hh: number; sigma: number }[] = [
    { w: 13, h: 11, c: 3, patch: 7, search: 21, hh: 0.05, sigma: 0.08 },
    { w: 24, h: 19, c: 3, patch: 5, search: 11, hh: 0.04, sigma: 0.08 },
    { w: 9, h: 30, c: 1, patch: 3, search: 7, hh: 0.05, sigma: 0.08 },
    { w: 17, h: 15, c: 1, patch: 7, search: 13, hh: 0.1, sigma: 0 },
    { w: 5, h: 3, c: 3, patch: 7, search: 21, hh: 0.05, sigma: 0.08 },
    { w: 1, h: 6, c: 1, patch: 1, search: 5, hh: 0.05, sigma: 0.02 },
  ];
  for (const k of cases) {
    const image = testImage(k.w, k.h, k.c, k.w * 100 + k.h);
    const ours = nonLocalMeans(image, { h: k.hh, sigma: k.sigma, patchSize: k.patch, searchSize: k.search });
    assert.equal(ours.width, k.w);
    assert.equal(ours.height, k.h);
    assert.equal(ours.channels, k.c);
    const ref = naiveNlm(image, k.hh, k.sigma, k.patch, k.search);
    const diff = maxAbsDiff(ours.data, ref);
    assert.ok(diff < 1e-5, `${JSON.stringify(k)}: max |ours − naive| = ${diff}`);
    // The test must be able to fail: the result differs clearly from the input.
    assert.ok(maxAbsDiff(ours.data, image.data) > 0.01);
  }
});

test('workers > 1 gives bit-identical output', () => {
  const image = testImage(70, 67, 3, 7);
  const opts: NonLocalMeansOptions = { h: 0.04, sigma: 0.08 };
  const one = nonLocalMeans(image, opts);
  const two = nonLocalMeans(image, { ...opts, workers: 2 });
  const three = nonLocalMeans(image, { ...opts, workers: 3, patchSize: 5, searchSize: 9 });
  assert.deepEqual(two.data, one.data);
  assert.deepEqual(three.data, nonLocalMeans(image, { ...opts, patchSize: 5, searchSize: 9 }).data);
});

interface FixtureCase {
  name: string;
  width: number;
  height: number;
  channels: 1 | 3;
  sigma255: number;
  clean: string;
  noisy: string;
  noisyPsnr: number;
  opencvBest: { hFactor: number; psnr: number };
}

function decode(b64: string, c: FixtureCase): Image {
  const bytes = Buffer.from(b64, 'base64');
  return createImage(c.width, c.height, c.channels, Float32Array.from(bytes, (v) => v / 255));
}

/** Rounds to 8 bits, as OpenCV's output is, so that both PSNRs are measured alike. */
function to8bit(image: Image): Image {
  const d = Float32Array.from(image.data, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255) / 255);
  return createImage(image.width, image.height, image.channels, d);
}

test('at least as good as OpenCV fastNlMeansDenoising(Colored) at its best h (σ = 25)', () => {
  const fixture = JSON.parse(readFileSync(resolve(FIXTURES, 'opencv_nlm.json'), 'utf8')) as { cases: FixtureCase[] };
  assert.equal(fixture.cases.length, 2);
  for (const c of fixture.cases) {
    const clean = decode(c.clean, c);
    const noisy = decode(c.noisy, c);
    assert.ok(Math.abs(computePsnr(noisy, clean) - c.noisyPsnr) < 1e-6);
    const sigma = c.sigma255 / 255;
    // Default hFactor (0.45 colour, 0.6 grey) with the known σ.
    const ours = to8bit(nonLocalMeans(noisy, { sigma }));
    const psnr = computePsnr(ours, clean);
    assert.ok(psnr >= c.opencvBest.psnr - 0.1, `${c.name}: ours ${psnr.toFixed(2)} dB < OpenCV ${c.opencvBest.psnr.toFixed(2)} dB`);
    // With h derived from the estimated σ (no option), the gain over the noisy input stays large.
    const blind = computePsnr(to8bit(nonLocalMeans(noisy)), clean);
    assert.ok(blind > c.noisyPsnr + 5, `${c.name}: blind ${blind.toFixed(2)} dB vs noisy ${c.noisyPsnr.toFixed(2)} dB`);
  }
});

test('removes noise: the estimated σ drops', () => {
  const clean = testImage(64, 64, 3, 3, 0);
  const noisy = addGaussianNoise(clean, 0.1, { seed: 11, clip: false });
  const before = estimateNoiseSigma(noisy);
  const out = nonLocalMeans(noisy, { sigma: 0.1 });
  const after = estimateNoiseSigma(out);
  assert.ok(before > 0.08, `σ̂ before ${before}`);
  assert.ok(after < 0.3 * before, `σ̂ after ${after} vs before ${before}`);
  assert.ok(computePsnr(out, clean) > computePsnr(noisy, clean) + 6);
});

test('preserves a step edge better than a Gaussian blur removing as much noise', () => {
  const w = 64;
  const h = 48;
  const clean = createImage(w, h, 1);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) clean.data[y * w + x] = x < w / 2 ? 0.2 : 0.8;
  const noisy = addGaussianNoise(clean, 0.08, { seed: 5, clip: false });
  // Residual noise: RMS error on flat columns away from the edge; edge error: RMS error on the 6
  // columns around it.
  const rms = (img: Image, cols: (x: number) => boolean): number => {
    let s = 0;
    let n = 0;
    for (let y = 4; y < h - 4; y++) {
      for (let x = 0; x < w; x++) {
        if (!cols(x)) continue;
        s += (img.data[y * w + x] - clean.data[y * w + x]) ** 2;
        n++;
      }
    }
    return Math.sqrt(s / n);
  };
  const flat = (x: number): boolean => (x >= 4 && x < w / 2 - 8) || (x >= w / 2 + 8 && x < w - 4);
  const edge = (x: number): boolean => x >= w / 2 - 3 && x < w / 2 + 3;
  const nlm = nonLocalMeans(noisy, { sigma: 0.08 });
  const nlmFlat = rms(nlm, flat);
  const nlmEdge = rms(nlm, edge);
  assert.ok(nlmFlat < 0.35 * 0.08, `NLM residual noise ${nlmFlat}`);
  let blurSigma = 0.5;
  let blurred = gaussianBlur(noisy, blurSigma);
  while (rms(blurred, flat) > nlmFlat && blurSigma < 20) {
    blurSigma += 0.25;
    blurred = gaussianBlur(noisy, blurSigma);
  }
  const blurEdge = rms(blurred, edge);
  assert.ok(nlmEdge < 0.5 * blurEdge, `edge RMS error: NLM ${nlmEdge}, Gaussian σ=${blurSigma} ${blurEdge}`);
});

test('does not modify its input, keeps flat images and grey images grey', () => {
  const image = testImage(20, 16, 3, 9);
  const copy = image.data.slice();
  const out = nonLocalMeans(image, { h: 0.05 });
  assert.deepEqual(image.data, copy);
  assert.notEqual(out.data, image.data);

  const flat = createImage(12, 9, 3, new Float32Array(12 * 9 * 3).fill(0.375));
  const flatOut = nonLocalMeans(flat, { h: 0.1 });
  assert.ok(maxAbsDiff(flatOut.data, flat.data) < 1e-6);

  const grey = testImage(15, 15, 1, 4);
  const g = nonLocalMeans(grey, { h: 0.05, sigma: 0.08 });
  assert.equal(g.channels, 1);
  // A convex combination of input pixels stays within the input's range.
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of grey.data) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  for (const v of g.data) assert.ok(v >= lo - 1e-6 && v <= hi + 1e-6);
});

test('validates its parameters, naming them', () => {
  const image = testImage(8, 8, 3, 1);
  const bad: [NonLocalMeansOptions, RegExp][] = [
    [{ h: 0 }, /h must be a finite number > 0, got 0/],
    [{ h: Number.NaN }, /h must be a finite number > 0, got NaN/],
    [{ hFactor: -1 }, /hFactor must be a finite number > 0, got -1/],
    [{ sigma: -0.1 }, /sigma must be a finite number ≥ 0, got -0.1/],
    [{ patchSize: 4 }, /patchSize must be an odd integer ≥ 1, got 4/],
    [{ patchSize: 0 }, /patchSize must be an odd integer ≥ 1, got 0/],
    [{ searchSize: 2.5 }, /searchSize must be an odd integer ≥ 1, got 2.5/],
    [{ workers: 0 }, /workers must be an integer ≥ 1, got 0/],
    [{ workers: 1.5 }, /workers must be an integer ≥ 1, got 1.5/],
  ];
  for (const [opts, re] of bad) assert.throws(() => nonLocalMeans(image, opts), (e: unknown) => e instanceof RangeError && re.test(e.message));
  assert.throws(() => nonLocalMeans({ data: new Float32Array(3), width: 2, height: 2, channels: 3 } as Image), /nonLocalMeans: image\.data has 3 samples/);
  assert.throws(() => nonLocalMeans(null as unknown as Image), TypeError);
  assert.throws(() => nonLocalMeans(image, null as unknown as NonLocalMeansOptions), /options must be an object/);
  const nan = testImage(8, 8, 1, 2);
  nan.data[5] = Number.NaN;
  assert.throws(() => nonLocalMeans(nan, { h: 0.1, sigma: 0 }), /NaN or ±Infinity/);
});

test('barrel exports', async () => {
  const barrel = await import('..');
  assert.deepEqual(Object.keys(barrel).sort(), ['bm3dDenoise', 'nonLocalMeans']);
});
