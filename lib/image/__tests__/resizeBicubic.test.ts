import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { resizeBicubic, type Image } from '..';
import { createRng } from '../../random';

/** The repository root, found from the compiled test in dist/image/__tests__. */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const SET5 = path.resolve(ROOT, '..', 'shared', 'datasets', 'set5');

interface ResizeCase {
  name: string; width: number; height: number; channels: 1 | 3; data: number[];
  outWidth: number; outHeight: number; antialias: boolean; quantize: boolean; expected: number[];
}
const fixture = JSON.parse(fs.readFileSync(path.join(ROOT, 'lib', 'image', '__tests__', 'fixtures', 'resize-bicubic.json'), 'utf8')) as { cases: ResizeCase[] };

function randomImage(w: number, h: number, c: 1 | 3, seed: number): Image {
  const rng = createRng(seed);
  const data = new Float32Array(w * h * c);
  for (let i = 0; i < data.length; i++) data[i] = rng.next();
  return { data, width: w, height: h, channels: c };
}

test('resizeBicubic matches the MATLAB imresize reference (golden fixture)', () => {
  assert.ok(fixture.cases.length >= 6);
  for (const c of fixture.cases) {
    const input: Image = { data: Float32Array.from(c.data), width: c.width, height: c.height, channels: c.channels };
    const out = resizeBicubic(input, c.outWidth, c.outHeight, { antialias: c.antialias, quantize: c.quantize });
    assert.equal(out.width, c.outWidth);
    assert.equal(out.height, c.outHeight);
    let max = 0;
    for (let i = 0; i < c.expected.length; i++) max = Math.max(max, Math.abs((out.data[i] as number) - (c.expected[i] as number)));
    assert.ok(max < (c.quantize ? 1 / 255 + 1e-6 : 2e-6), `${c.name}: max difference ${max}`);
  }
});

test('resizeBicubic reproduces the Set5 ×2 LR files made by MATLAB (away from the outermost row/column)', { skip: !fs.existsSync(SET5) && 'Set5 mirror absent' }, async () => {
  const { readImage } = await import('../../io');
  const hr = await readImage(path.join(SET5, 'image_SRF_2', 'img_002_SRF_2_HR.png'));
  const lr = await readImage(path.join(SET5, 'image_SRF_2', 'img_002_SRF_2_LR.png'));
  const mine = resizeBicubic(hr, lr.width, lr.height, { quantize: true });
  let equal = 0;
  let total = 0;
  for (let y = 1; y < lr.height - 1; y++) {
    for (let x = 3; x < (lr.width - 1) * 3; x++) {
      const i = y * lr.width * 3 + x;
      total++;
      if (Math.round((mine.data[i] as number) * 255) === Math.round((lr.data[i] as number) * 255)) equal++;
    }
  }
  assert.ok(equal / total > 0.99, `only ${(100 * equal / total).toFixed(2)} % equal`);
});

test('resizeBicubic validates its arguments and leaves the input unchanged', () => {
  const img = randomImage(5, 4, 3, 1);
  const copy = img.data.slice();
  resizeBicubic(img, 10, 8);
  assert.deepEqual(img.data, copy);
  assert.throws(() => resizeBicubic(img, 0, 8), /resizeBicubic: width must be a positive integer, got 0/);
  assert.throws(() => resizeBicubic(img, 3, 2.5), /height must be a positive integer, got 2.5/);
  assert.throws(() => resizeBicubic(img, 3, 2, { quantize: 'yes' as unknown as boolean }), /options.quantize must be a boolean/);
});
