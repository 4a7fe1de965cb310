import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'path';
import sharp from 'sharp';
import { readImageMetadata, readImage, ImageReadError } from '..';
import { FIXTURES, noisySharp, pngWithClaimedSize, rawSharp } from './helpers';

test('readImageMetadata reports size, channels, depth, format, orientation without decoding', async () => {
  assert.deepEqual(await readImageMetadata(join(FIXTURES, 'rgb16.png')), {
    width: 3, height: 2, channels: 3, storedChannels: 3, hasAlpha: false, bitDepth: 16, format: 'png', orientation: 1, space: 'rgb16', isPalette: false, pages: 1,
  });
  const g = await readImageMetadata(join(FIXTURES, 'grey16.tif'));
  assert.deepEqual([g.channels, g.bitDepth, g.format], [1, 16, 'tiff']);

  const ga = await readImageMetadata(await rawSharp([0, 0, 9, 9], 2, 1, 2).png().toBuffer());
  assert.deepEqual([ga.channels, ga.storedChannels, ga.hasAlpha, ga.bitDepth], [1, 2, true, 8]);

  const pal = await readImageMetadata(await rawSharp([255, 0, 0, 0, 0, 255], 2, 1, 3).png({ palette: true }).toBuffer());
  assert.deepEqual([pal.isPalette, pal.channels], [true, 3]);

  const cmyk = await readImageMetadata(await rawSharp([200, 120, 90, 90, 140, 180], 2, 1, 3).toColourspace('cmyk').jpeg().toBuffer());
  assert.deepEqual([cmyk.space, cmyk.storedChannels, cmyk.channels, cmyk.format], ['cmyk', 4, 3, 'jpeg']);

  const rotated = await noisySharp(30, 10).jpeg().withMetadata({ orientation: 8 }).toBuffer();
  const r = await readImageMetadata(rotated);
  assert.deepEqual([r.width, r.height, r.orientation], [10, 30, 8], 'size as displayed');
  const im = await readImage(rotated);
  assert.deepEqual([im.width, im.height], [r.width, r.height], 'agrees with readImage');

  // A header claiming 100000×100000 over 4×4 pixels of data: only the header is read.
  const bomb = pngWithClaimedSize(await noisySharp(4, 4).png().toBuffer(), 100000, 100000);
  const b = await readImageMetadata(bomb);
  assert.deepEqual([b.width, b.height], [100000, 100000]);
});

test('readImageMetadata throws typed errors like readImage', async () => {
  await assert.rejects(readImageMetadata(Buffer.from('Just plain text, sorry.')), (e: unknown) => e instanceof ImageReadError && e.reason === 'not-an-image' && /^cannot read image <Buffer of 23 bytes>: not a recognised image format/.test(e.message));
  await assert.rejects(readImageMetadata(Buffer.alloc(0)), (e: unknown) => e instanceof ImageReadError && e.reason === 'empty');
  await assert.rejects(readImageMetadata(7 as never), { name: 'TypeError', message: 'readImageMetadata: input must be a file path (string) or a Buffer, got number' });
  // Bytes that start like a GIF but hold no frame: an image format, damaged.
  await assert.rejects(readImageMetadata(Buffer.from('GIF89a and then nothing useful')), (e: unknown) => e instanceof ImageReadError && e.reason === 'corrupt' && /image data is damaged/.test(e.message));
  assert.equal((await sharp(join(FIXTURES, 'rgb8.png')).metadata()).width, 3);
});
