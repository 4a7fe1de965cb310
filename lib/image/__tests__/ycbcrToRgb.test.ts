import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rgbToYcbcr, ycbcrToRgb, type Image } from '..';
import { createRng } from '../../random';

function randomImage(w: number, h: number, c: 1 | 3, seed: number): Image {
  const rng = createRng(seed);
  const data = new Float32Array(w * h * c);
  for (let i = 0; i < data.length; i++) data[i] = rng.next();
  return { data, width: w, height: h, channels: c };
}

test('ycbcrToRgb inverts rgbToYcbcr and checks the planes', () => {
  const img = randomImage(7, 5, 3, 2);
  const back = ycbcrToRgb(rgbToYcbcr(img));
  for (let i = 0; i < img.data.length; i++) assert.ok(Math.abs((back.data[i] as number) - (img.data[i] as number)) < 2e-4);
  const p = rgbToYcbcr({ data: Float32Array.from([1, 0, 0, 1, 1, 1]), width: 2, height: 1, channels: 3 });
  assert.throws(() => ycbcrToRgb({ ...p, y: new Float32Array(3) }), /planes must hold width × height = 2 values each/);
});
