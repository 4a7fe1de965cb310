import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage, assertImage, cloneImage } from '..';

test('createImage checks sizes, assertImage names the argument', () => {
  const im = createImage(3, 2, 3);
  assert.equal(im.data.length, 18);
  assert.throws(() => createImage(3, 2, 3, new Float32Array(5)), /data has 5 samples, expected 3×2×3 = 18/);
  assert.throws(() => createImage(0, 2, 1), /width must be a positive integer, got 0/);
  assert.throws(() => assertImage({ data: new Float32Array(4), width: 2, height: 2, channels: 4 }, 'reference'), /reference.channels must be 1 or 3, got 4/);
  assert.throws(() => assertImage(null, 'input'), /input must be an Image/);
  const c = cloneImage(im);
  c.data[0] = 1;
  assert.equal(im.data[0], 0);
});
