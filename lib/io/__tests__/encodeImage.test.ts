import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { encodeImage, readImage, readImageMetadata } from '..';
import { makeImage } from './helpers';

test('encodeImage produces each format\'s signature and decodes back to the image', async () => {
  const im = makeImage(5, 4, 3, (i) => ((i * 29) % 256) / 255);
  const signatures: Record<string, number[]> = {
    png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    jpeg: [0xff, 0xd8, 0xff],
    webp: [0x52, 0x49, 0x46, 0x46],
    tiff: [0x49, 0x49, 0x2a, 0x00],
  };
  for (const format of ['png', 'jpeg', 'webp', 'tiff'] as const) {
    const buf = await encodeImage(im, { format });
    assert.ok(Buffer.isBuffer(buf));
    assert.deepEqual([...buf.subarray(0, signatures[format].length)], signatures[format], format);
    assert.equal((await sharp(buf).metadata()).format, format);
  }
  const png = await encodeImage(im);
  assert.deepEqual([...png.subarray(0, 8)], signatures.png, 'png by default');
  assert.deepEqual((await readImage(png)).data, im.data);
});

test('16-bit TIFF (own encoder) is read by libvips as 16-bit with exact samples', async () => {
  const im = makeImage(3, 2, 3, (i) => (i * 3001 + 7) / 65535);
  const buf = await encodeImage(im, { format: 'tiff', bitDepth: 16 });
  const meta = await readImageMetadata(buf);
  assert.deepEqual([meta.format, meta.bitDepth, meta.storedChannels, meta.width, meta.height], ['tiff', 16, 3, 3, 2]);
  const raw = await sharp(buf).toColourspace('rgb16').raw({ depth: 'ushort' }).toBuffer();
  assert.deepEqual(Array.from(new Uint16Array(raw.buffer, raw.byteOffset, raw.length / 2)), Array.from(im.data, (v) => Math.round(v * 65535)));
});

test('encodeImage validates its arguments and does not modify the image', async () => {
  const im = makeImage(2, 2, 1, () => 0.3);
  const before = im.data.slice();
  await encodeImage(im, { format: 'jpeg', quality: 1 });
  assert.deepEqual(im.data, before);
  await assert.rejects(encodeImage(im, { format: 'bmp' as never }), { name: 'RangeError', message: 'encodeImage: options.format must be one of png, jpeg, webp, tiff, got "bmp"' });
  await assert.rejects(encodeImage(im, { format: 'webp', bitDepth: 16 }), /encodeImage: options.bitDepth 16 needs format png or tiff, got webp/);
  await assert.rejects(encodeImage(im, { quality: 101 }), /options.quality must be an integer in 1–100, got 101/);
  await assert.rejects(encodeImage({ width: 1 } as never), /image.data must be a Float32Array/);
});
