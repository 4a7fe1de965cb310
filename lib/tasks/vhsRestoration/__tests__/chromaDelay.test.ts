import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage, type Image } from '../../../image';
import { computePsnr } from '../../../metrics';
import { correctChromaDelay, estimateChromaDelay } from '..';

/** Coloured blocks with sharp vertical edges whose luma and colour change together. */
function blocks(w: number, h: number): Image {
  const im = createImage(w, h, 3);
  const cols = [[0.9, 0.2, 0.1], [0.1, 0.3, 0.9], [0.2, 0.8, 0.3], [0.95, 0.9, 0.2]];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const c = cols[(Math.floor((x + 7 * (y >> 4)) / 13)) % 4] as number[];
    for (let k = 0; k < 3; k++) im.data[3 * (y * w + x) + k] = c[k] as number;
  }
  return im;
}

test('estimateChromaDelay finds a sub-pixel chroma lag and correctChromaDelay undoes it', () => {
  const clean = blocks(160, 48);
  assert.ok(Math.abs(estimateChromaDelay(clean)) < 0.15, 'no lag on a clean picture');
  for (const lag of [1.0, 2.5, -1.6]) {
    const lagged = correctChromaDelay(clean, -lag); // moves colour right by `lag`
    const est = estimateChromaDelay(lagged);
    assert.ok(Math.abs(est - lag) < 0.3, `lag ${lag}: estimated ${est}`);
    const fixed = correctChromaDelay(lagged, est);
    assert.ok(computePsnr(fixed, clean) > computePsnr(lagged, clean) + 6, `lag ${lag}`);
  }
});

test('chroma delay: grey images, input unchanged, bad parameters', () => {
  const grey = createImage(16, 4, 1);
  assert.equal(estimateChromaDelay(grey), 0);
  const im = blocks(40, 8);
  const copy = im.data.slice();
  correctChromaDelay(im, 1.5);
  estimateChromaDelay(im);
  assert.deepEqual(im.data, copy);
  assert.throws(() => correctChromaDelay(im, Number.NaN), /delayPx/);
  assert.throws(() => estimateChromaDelay(im, { maxDelayPx: 0 }), /maxDelayPx/);
});
