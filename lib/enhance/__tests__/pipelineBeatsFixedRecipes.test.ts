import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'fs';
import * as path from 'path';
import { createImage, type Image } from '../../image';
import { readImage } from '../../io';
import { addGaussianNoise } from '../../degrade';
import { gaussianBlur, unsharpMask } from '../../filters';
import { nonLocalMeans } from '../../denoise';
import { computePsnr } from '../../metrics';
import { enhanceImage } from '..';

const KODAK = '/work/shared/datasets/kodak24';

function crop(im: Image, size: number): Image {
  const x0 = (im.width - size) >> 1;
  const y0 = (im.height - size) >> 1;
  const out = new Float32Array(size * size * im.channels);
  for (let y = 0; y < size; y++) out.set(im.data.subarray(((y0 + y) * im.width + x0) * im.channels, ((y0 + y) * im.width + x0 + size) * im.channels), y * size * im.channels);
  return createImage(size, size, im.channels, out);
}

// kodak photos not used as the first calibration images, small crops to stay fast.
test('enhanceImage beats the best single fixed recipe on average over a mixed, seeded set', { skip: !existsSync(KODAK) && `${KODAK} not present` }, async () => {
  const files = ['kodim02.png', 'kodim08.png', 'kodim14.png', 'kodim20.png'];
  const conditions = [
    { noise: 0, blur: 0 }, { noise: 0, blur: 1.5 }, { noise: 12, blur: 0 }, { noise: 30, blur: 0 }, { noise: 12, blur: 1 }, { noise: 25, blur: 2 },
  ];
  const fixedSigma = 20 / 255;
  const recipes: Record<string, (im: Image) => Image> = {
    nothing: (im) => im,
    'nlm h=0.45·20': (im) => nonLocalMeans(im, { h: 0.45 * fixedSigma, sigma: fixedSigma }),
    'unsharp 1': (im) => unsharpMask(im, { radius: 1.5, amount: 1 }),
    'nlm → unsharp 1': (im) => unsharpMask(nonLocalMeans(im, { h: 0.45 * fixedSigma, sigma: fixedSigma }), { radius: 1.5, amount: 1 }),
  };
  const totals: Record<string, number> = { pipeline: 0 };
  for (const k of Object.keys(recipes)) totals[k] = 0;
  let n = 0;
  for (const [i, f] of files.entries()) {
    const clean = crop(await readImage(path.join(KODAK, f)), 96);
    for (const c of conditions) {
      let deg = c.blur > 0 ? gaussianBlur(clean, c.blur) : clean;
      if (c.noise > 0) deg = addGaussianNoise(deg, c.noise / 255, { seed: 100 * i + c.noise });
      for (const [k, fn] of Object.entries(recipes)) totals[k] = (totals[k] as number) + Math.min(60, computePsnr(fn(deg), clean));
      totals['pipeline'] = (totals['pipeline'] as number) + Math.min(60, computePsnr(enhanceImage(deg).image, clean));
      n++;
    }
  }
  const means = Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, v / n]));
  const bestFixed = Math.max(...Object.keys(recipes).map((k) => means[k] as number));
  assert.ok((means['pipeline'] as number) > bestFixed + 0.3, `mean PSNR (dB, capped at 60): ${JSON.stringify(means)}`);
});
