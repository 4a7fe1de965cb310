import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createImage, resizeImageArea } from '..';

/** The repository root, found from the compiled test in dist/image/__tests__. */
const ROOT = path.resolve(__dirname, '..', '..', '..');

interface ResizeCase { width: number; height: number; channels: 1 | 3; outWidth: number; outHeight: number; input: number[]; expected: number[] }
const fixture = JSON.parse(fs.readFileSync(path.join(ROOT, 'lib', 'image', '__tests__', 'fixtures', 'resize-area.json'), 'utf8')) as { cases: ResizeCase[] };

test('resizeImageArea matches OpenCV INTER_AREA when downscaling, and leaves its input alone', () => {
  for (const c of fixture.cases) {
    const input = createImage(c.width, c.height, c.channels, Float32Array.from(c.input));
    const before = input.data.slice();
    const out = resizeImageArea(input, c.outWidth, c.outHeight);
    assert.equal(out.width, c.outWidth);
    assert.equal(out.height, c.outHeight);
    let maxErr = 0;
    c.expected.forEach((v, i) => (maxErr = Math.max(maxErr, Math.abs(v - (out.data[i] as number)))));
    assert.ok(maxErr < 1e-5, `${c.width}×${c.height}→${c.outWidth}×${c.outHeight}: max error ${maxErr}`);
    assert.deepEqual(input.data, before);
  }
  assert.throws(() => resizeImageArea(createImage(4, 4, 1), 0, 2), /resizeImageArea: width must be a positive integer, got 0/);
  assert.throws(() => resizeImageArea(createImage(4, 4, 1), 2, 1.5), /height must be a positive integer, got 1.5/);
});

test('resizeImageArea keeps a constant image constant when upscaling', () => {
  const out = resizeImageArea(createImage(3, 2, 3, new Float32Array(18).fill(0.25)), 7, 5);
  for (const v of out.data) assert.ok(Math.abs(v - 0.25) < 1e-7);
});
