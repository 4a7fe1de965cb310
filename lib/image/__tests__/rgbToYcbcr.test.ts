import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rgbToYcbcr, type Image } from '..';

test('rgbToYcbcr follows MATLAB rgb2ycbcr', () => {
  const red: Image = { data: Float32Array.from([1, 0, 0, 1, 1, 1]), width: 2, height: 1, channels: 3 };
  const p = rgbToYcbcr(red);
  // MATLAB: rgb2ycbcr(uint8([255 0 0])) = [81.481 90.203 240] before rounding; white = [235 128 128]
  assert.ok(Math.abs((p.y[0] as number) * 255 - 81.481) < 1e-3);
  assert.ok(Math.abs((p.cb[0] as number) * 255 - 90.203) < 1e-3);
  assert.ok(Math.abs((p.cr[0] as number) * 255 - 240) < 1e-3);
  assert.ok(Math.abs((p.y[1] as number) * 255 - 235) < 1e-3);
});
