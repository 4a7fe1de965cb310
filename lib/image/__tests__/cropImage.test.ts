import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage, cropImage } from '..';

test('cropImage copies the rectangle, all channels, and leaves the input unchanged', () => {
  // 4×3 RGB, value = 100·y + 10·x + c.
  const img = createImage(4, 3, 3, Float32Array.from({ length: 36 }, (_, i) => { const p = Math.floor(i / 3); return 100 * Math.floor(p / 4) + 10 * (p % 4) + (i % 3); }));
  const before = Float32Array.from(img.data);
  const c = cropImage(img, 1, 1, 2, 2);
  assert.deepEqual([c.width, c.height, c.channels], [2, 2, 3]);
  assert.deepEqual(Array.from(c.data), [110, 111, 112, 120, 121, 122, 210, 211, 212, 220, 221, 222]);
  assert.deepEqual(img.data, before);
  assert.throws(() => cropImage(img, 3, 0, 2, 1), /cropImage: rectangle must be inside the 4×3 image, got 2×1 at \(3, 0\)/);
  assert.throws(() => cropImage(img, 0, 0, 0, 1), /cropImage: width must be a positive integer, got 0/);
  assert.throws(() => cropImage(img, -1, 0, 1, 1), /cropImage: x must be a non-negative integer, got -1/);
});
