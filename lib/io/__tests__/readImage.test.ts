import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'fs';
import { join, resolve } from 'path';
import sharp from 'sharp';
import { readImage, readImageMetadata, getImageSource, IMAGE_SOURCE, ImageReadError } from '..';
import { FIXTURES, at, makeTempDir, noisySharp, pngWithClaimedSize, rawSharp } from './helpers';

interface Golden {
  width: number;
  height: number;
  rgb16: number[];
  grey16: number[];
  rgb8: number[];
  luma8_cv2_rgb2gray: number[];
}
const golden = JSON.parse(readFileSync(join(FIXTURES, 'golden.json'), 'utf8')) as Golden;
const tmp = makeTempDir();
after(tmp.cleanup);

test('16-bit PNG and TIFF written by OpenCV read back exactly, 1/65535 steps stay distinct', async () => {
  for (const name of ['rgb16.png', 'rgb16.tif']) {
    const im = await readImage(join(FIXTURES, name));
    assert.equal(im.width, golden.width);
    assert.equal(im.height, golden.height);
    assert.equal(im.channels, 3);
    assert.deepEqual(Array.from(im.data, (v) => Math.round(v * 65535)), golden.rgb16, name);
    assert.deepEqual(im.data, Float32Array.from(golden.rgb16, (v) => v / 65535), name);
    // 1000, 1001, 1002 / 65535: distinct after reading (an 8-bit path would merge them).
    assert.ok(im.data[3] < im.data[4] && im.data[4] < im.data[5], `${name}: ${im.data.slice(3, 6)}`);
    assert.ok(Math.abs(im.data[4] - im.data[3] - 1 / 65535) < 1e-9);
  }
  for (const name of ['grey16.png', 'grey16.tif']) {
    const im = await readImage(join(FIXTURES, name));
    assert.equal(im.channels, 1, name);
    assert.deepEqual(im.data, Float32Array.from(golden.grey16, (v) => v / 65535), name);
  }
});

test('8-bit PNG reads as k/255; channels: 1 matches OpenCV COLOR_RGB2GRAY, channels: 3 replicates grey', async () => {
  const im = await readImage(join(FIXTURES, 'rgb8.png'));
  assert.equal(im.channels, 3);
  assert.deepEqual(im.data, Float32Array.from(golden.rgb8, (v) => v / 255));
  const grey = await readImage(join(FIXTURES, 'rgb8.png'), { channels: 1 });
  assert.equal(grey.channels, 1);
  assert.equal(grey.data.length, 6);
  // OpenCV rounds to uint8: ours is the unrounded value, so within half a level.
  golden.luma8_cv2_rgb2gray.forEach((g, i) => assert.ok(Math.abs(grey.data[i] * 255 - g) <= 0.5 + 1e-4, `pixel ${i}: ${grey.data[i] * 255} vs cv2 ${g}`));
  const grey3 = await readImage(join(FIXTURES, 'grey16.png'), { channels: 3 });
  assert.equal(grey3.channels, 3);
  for (let p = 0; p < 6; p++) {
    assert.equal(grey3.data[3 * p], golden.grey16[p] / 65535 === 0 ? 0 : grey3.data[3 * p + 1]);
    assert.ok(Math.abs(grey3.data[3 * p + 2] - golden.grey16[p] / 65535) < 1e-7);
  }
});

test('EXIF orientation 6 is applied: width/height swap and pixels move as a 90° clockwise turn', async () => {
  // Stored 32×16: quadrants TL red, TR green, BL blue, BR white (8×8 blocks survive JPEG well).
  const w = 32, h = 16;
  const colours = { red: [255, 0, 0], green: [0, 255, 0], blue: [0, 0, 255], white: [255, 255, 255] };
  const px: number[] = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px.push(...(y < 8 ? (x < 16 ? colours.red : colours.green) : x < 16 ? colours.blue : colours.white));
  const file = join(tmp.dir, 'orient6.jpg');
  await rawSharp(px, w, h, 3).jpeg({ quality: 100, chromaSubsampling: '4:4:4' }).withMetadata({ orientation: 6 }).toFile(file);
  assert.equal((await sharp(file).metadata()).orientation, 6, 'fixture has the EXIF tag');
  const im = await readImage(file);
  assert.equal(im.width, 16);
  assert.equal(im.height, 32);
  // Display (x', y') = (h - 1 - y, x): stored TL → top-right, TR → bottom-right, BL → top-left, BR → bottom-left.
  const close = (x: number, y: number, rgb: number[], where: string): void => {
    for (let c = 0; c < 3; c++) assert.ok(Math.abs(at(im, x, y, c) - rgb[c] / 255) < 0.1, `${where} channel ${c}: ${at(im, x, y, c)}`);
  };
  close(12, 4, colours.red, 'top-right');
  close(12, 28, colours.green, 'bottom-right');
  close(3, 4, colours.blue, 'top-left');
  close(3, 28, colours.white, 'bottom-left');
  const meta = await readImageMetadata(file);
  assert.deepEqual([meta.width, meta.height, meta.orientation], [16, 32, 6]);
});

test('palette PNG is expanded to its colours', async () => {
  const px = [255, 0, 0, 0, 128, 255, 20, 20, 20, 250, 250, 0];
  const buf = await rawSharp(px, 2, 2, 3).png({ palette: true, dither: 0 }).toBuffer();
  assert.equal((await sharp(buf).metadata()).isPalette, true, 'fixture really is a palette PNG');
  const im = await readImage(buf);
  assert.equal(im.channels, 3);
  im.data.forEach((v, i) => assert.ok(Math.abs(v * 255 - px[i]) <= 1, `sample ${i}: ${v * 255} vs ${px[i]}`));
});

test('CMYK JPEG and TIFF are converted back to sRGB with colours close to the originals', async () => {
  // In-gamut colours (saturated primaries fall outside the CMYK print gamut).
  const px = [200, 120, 90, 90, 140, 180, 128, 128, 128, 230, 210, 150];
  for (const fmt of ['jpeg', 'tiff'] as const) {
    const s = rawSharp(px, 2, 2, 3).toColourspace('cmyk');
    const buf = await (fmt === 'jpeg' ? s.jpeg({ quality: 100 }) : s.tiff()).toBuffer();
    const m = await sharp(buf).metadata();
    assert.equal(m.space, 'cmyk', `${fmt} fixture is CMYK`);
    assert.equal(m.channels, 4);
    const im = await readImage(buf);
    assert.equal(im.channels, 3, fmt);
    // Same conversion as sharp's own (built-in CMYK profile, no embedded one).
    const ref = await sharp(buf).toColourspace('srgb').raw().toBuffer();
    im.data.forEach((v, i) => assert.ok(Math.abs(v * 255 - ref[i]) <= 0.5, `${fmt} sample ${i}: ${v * 255} vs sharp ${ref[i]}`));
    if (fmt === 'jpeg') {
      // RGB → CMYK → RGB through the same profile comes back within 16/255 (measured max 13:
      // mid grey 128 → 116). sharp's CMYK TIFF writer stores darker inks, so only JPEG is checked
      // against the originals.
      im.data.forEach((v, i) => assert.ok(Math.abs(v * 255 - px[i]) <= 16, `${fmt} sample ${i}: ${(v * 255).toFixed(1)} vs ${px[i]}`));
    }
  }
});

test('grey+alpha stays 1 channel and is flattened onto the background (default white)', async () => {
  // (grey, alpha) pairs.
  const ga = [0, 0, 0, 128, 100, 255, 200, 0];
  const buf = await rawSharp(ga, 2, 2, 2).png().toBuffer();
  const m = await sharp(buf).metadata();
  assert.deepEqual([m.channels, m.space, m.hasAlpha], [2, 'b-w', true], 'fixture is grey+alpha');
  const expected = (bg: number): number[] => [0, 1, 2, 3].map((p) => {
    const a = ga[2 * p + 1] / 255;
    return a * (ga[2 * p] / 255) + (1 - a) * bg;
  });
  const white = await readImage(buf);
  assert.equal(white.channels, 1);
  expected(1).forEach((e, i) => assert.ok(Math.abs(white.data[i] - e) < 1e-6, `white ${i}: ${white.data[i]} vs ${e}`));
  assert.equal(white.data[0], 1);
  const dark = await readImage(buf, { background: 0.25 });
  expected(0.25).forEach((e, i) => assert.ok(Math.abs(dark.data[i] - e) < 1e-6, `0.25 ${i}`));
  // A coloured background on a grey image counts by its BT.601 luma.
  const hex = await readImage(buf, { background: '#336699' });
  const luma = 0.299 * 0x33 / 255 + 0.587 * 0x66 / 255 + 0.114 * 0x99 / 255;
  expected(luma).forEach((e, i) => assert.ok(Math.abs(hex.data[i] - e) < 1e-6, `hex ${i}`));
});

test('16-bit grey+alpha and RGBA keep 16-bit precision through flattening', async () => {
  const ga = await sharp(new Uint16Array([0, 0, 1000, 65535, 1001, 65535, 65535, 32768]), { raw: { width: 2, height: 2, channels: 2 } })
    .toColourspace('grey16')
    .png()
    .toBuffer();
  assert.deepEqual((await readImageMetadata(ga)).bitDepth, 16);
  const grey = await readImage(ga, { background: 0 });
  assert.equal(grey.channels, 1);
  assert.deepEqual(grey.data, Float32Array.from([0, 1000 / 65535, 1001 / 65535, 32768 / 65535]));
  const rgba = await sharp(new Uint16Array([1000, 2000, 3000, 65535, 1001, 2001, 3001, 65535]), { raw: { width: 2, height: 1, channels: 4 } })
    .toColourspace('rgb16')
    .png()
    .toBuffer();
  const rgb = await readImage(rgba);
  assert.deepEqual(rgb.data, Float32Array.from([1000, 2000, 3000, 1001, 2001, 3001], (v) => v / 65535));
});

test('RGBA is flattened per channel onto {r,g,b} or hex backgrounds', async () => {
  const rgba = [255, 0, 0, 255, 0, 255, 0, 0, 0, 0, 255, 51, 10, 20, 30, 128];
  const buf = await rawSharp(rgba, 2, 2, 4).png().toBuffer();
  const bg = { r: 0.2, g: 0.4, b: 0.6 };
  for (const background of [bg, '#336699']) {
    const im = await readImage(buf, { background });
    assert.equal(im.channels, 3);
    const b = [0.2, 0.4, 0.6];
    for (let p = 0; p < 4; p++) {
      const a = rgba[4 * p + 3] / 255;
      for (let c = 0; c < 3; c++) {
        const e = a * rgba[4 * p + c] / 255 + (1 - a) * b[c];
        assert.ok(Math.abs(at(im, p % 2, p >> 1, c) - e) < 1e-6, `${JSON.stringify(background)} pixel ${p} channel ${c}`);
      }
    }
  }
  const keepColour = await readImage(buf, { channels: 1 });
  assert.equal(keepColour.channels, 1);
  assert.ok(Math.abs(keepColour.data[0] - 0.299) < 1e-6, 'opaque red → luma 0.299');
});

test('readImage leaves its input untouched and records the source path non-enumerably', async () => {
  const file = join(tmp.dir, 'untouched.png');
  await noisySharp(16, 16).png().toFile(file);
  const before = readFileSync(file);
  const mtime = statSync(file).mtimeMs;
  const listing = readdirSync(tmp.dir).sort();
  const im = await readImage(file);
  assert.deepEqual(readFileSync(file), before);
  assert.equal(statSync(file).mtimeMs, mtime);
  assert.deepEqual(readdirSync(tmp.dir).sort(), listing, 'no file created next to the input');
  assert.equal(getImageSource(im), resolve(file));
  assert.equal((im as unknown as Record<symbol, unknown>)[IMAGE_SOURCE], resolve(file));
  assert.deepEqual(Object.keys(im), ['data', 'width', 'height', 'channels']);
  assert.equal(getImageSource({ ...im }), undefined, 'a spread copy does not carry the source');

  const copy = Buffer.from(before);
  const fromBuffer = await readImage(copy);
  assert.deepEqual(copy, before, 'buffer input unchanged');
  assert.equal(getImageSource(fromBuffer), undefined);
  assert.deepEqual(fromBuffer.data, im.data);
});

async function rejectsWith(p: Promise<unknown>, reason: string, message: RegExp, path?: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof ImageReadError, `expected ImageReadError, got ${String(err)}`);
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'ImageReadError');
    assert.equal(err.reason, reason, err.message);
    assert.match(err.message, message);
    assert.equal(err.path, path);
    return true;
  });
}

test('typed errors: missing, empty, directory, not an image', async () => {
  const missing = join(tmp.dir, 'nope', 'missing.jpg');
  await rejectsWith(readImage(missing), 'missing', new RegExp(`^cannot read image ${escape(missing)}: no such file$`), missing);
  const empty = join(tmp.dir, 'empty.png');
  writeFileSync(empty, '');
  await rejectsWith(readImage(empty), 'empty', new RegExp(`^cannot read image ${escape(empty)}: file is empty \\(0 bytes\\)$`), empty);
  await rejectsWith(readImage(Buffer.alloc(0)), 'empty', /^cannot read image <Buffer of 0 bytes>: buffer is empty \(0 bytes\)$/);
  const dir = join(tmp.dir, 'adir.png');
  mkdirSync(dir);
  await rejectsWith(readImage(dir), 'not-a-file', /adir\.png: is a directory, not a file$/, dir);
  const text = join(tmp.dir, 'notes.jpg');
  writeFileSync(text, 'These are my notes, not a photo.\n');
  await rejectsWith(readImage(text), 'not-an-image', new RegExp(`^cannot read image ${escape(text)}: not a recognised image format \\(33 bytes`), text);
  await rejectsWith(readImageMetadata(text), 'not-an-image', /not a recognised image format/, text);
  await rejectsWith(readImageMetadata(missing), 'missing', /no such file/, missing);
});

test('typed errors: truncated PNG and JPEG (cut in half) are rejected, not half-decoded', async () => {
  for (const fmt of ['png', 'jpeg'] as const) {
    const whole = await (fmt === 'png' ? noisySharp(128, 128).png() : noisySharp(128, 128).jpeg()).toBuffer();
    const file = join(tmp.dir, `half.${fmt}`);
    writeFileSync(file, whole.subarray(0, whole.length >> 1));
    await rejectsWith(readImage(file), 'truncated', new RegExp(`^cannot read image ${escape(file)}: file is truncated or incomplete`), file);
    await rejectsWith(readImage(whole.subarray(0, whole.length >> 1)), 'truncated', /^cannot read image <Buffer of \d+ bytes>: file is truncated/);
    // failOn: 'none' salvages what can be decoded.
    const salvaged = await readImage(file, { failOn: 'none' });
    assert.deepEqual([salvaged.width, salvaged.height], [128, 128]);
    // The whole file is fine.
    assert.equal((await readImage(whole)).width, 128);
  }
});

test('typed errors: too large is refused from the header, before decoding', async () => {
  const file = join(tmp.dir, 'big.png');
  await noisySharp(64, 48).png().toFile(file);
  await rejectsWith(readImage(file, { maxPixels: 1000 }), 'too-large', /big\.png: image is 64×48 = 3,072 pixels, more than maxPixels = 1,000$/, file);
  assert.equal((await readImage(file, { maxPixels: 3072 })).height, 48, 'exactly at the limit is accepted');
  // A 100000×100000 header over a tiny body: refused by the default limit without decoding
  // (a decode attempt would report truncation instead).
  const bomb = pngWithClaimedSize(await noisySharp(4, 4).png().toBuffer(), 100000, 100000);
  await rejectsWith(readImage(bomb), 'too-large', /100000×100000 = 10,000,000,000 pixels, more than maxPixels = 100,000,000/);
});

test('option and argument validation', async () => {
  const buf = await noisySharp(4, 4).png().toBuffer();
  await assert.rejects(readImage(buf, { channels: 2 as never }), { name: 'RangeError', message: "readImage: options.channels must be 1, 3 or 'keep', got 2" });
  await assert.rejects(readImage(buf, { maxPixels: 0 }), /options.maxPixels must be a number ≥ 1 \(or Infinity\), got 0/);
  await assert.rejects(readImage(buf, { background: 2 }), { name: 'RangeError', message: 'options.background must be a grey level in [0, 1], got 2' });
  await assert.rejects(readImage(buf, { background: 'red' }), /options.background must be a hex colour '#rrggbb' or '#rgb', got "red"/);
  await assert.rejects(readImage(buf, { background: { r: 0, g: 1.5, b: 0 } }), /options.background must be \{r, g, b\} with each in \[0, 1\]/);
  await assert.rejects(readImage(buf, { failOn: 'never' as never }), /options.failOn must be one of none, truncated, error, warning/);
  await assert.rejects(readImage(42 as never), { name: 'TypeError', message: 'readImage: input must be a file path (string) or a Buffer, got number' });
  await assert.rejects(readImage(''), /input must be a non-empty path or a Buffer, got an empty string/);
  assert.equal((await readImage(buf, { background: '#fff', maxPixels: Infinity })).width, 4);
});

const KODAK = '/work/shared/datasets/kodak24';
test('a real photo from kodak24 reads as 500×500 RGB', { skip: !existsSync(KODAK) && `${KODAK} not present` }, async () => {
  const file = join(KODAK, 'kodim01.png');
  const meta = await readImageMetadata(file);
  const im = await readImage(file);
  assert.deepEqual([im.width, im.height, im.channels], [500, 500, 3]);
  assert.deepEqual([meta.width, meta.height, meta.channels, meta.format, meta.bitDepth], [500, 500, 3, 'png', 8]);
  let min = 1, max = 0, sum = 0;
  for (const v of im.data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  assert.ok(min >= 0 && max <= 1 && max - min > 0.5, `range ${min}..${max}`);
  assert.ok(sum / im.data.length > 0.1 && sum / im.data.length < 0.9);
  // Cross-check against sharp's own 8-bit decode of the same file.
  const ref = await sharp(file).raw().toBuffer();
  assert.equal(Math.round(im.data[12345] * 255), ref[12345]);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
