import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { linkSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync, existsSync } from 'fs';
import { join, resolve } from 'path';
import sharp from 'sharp';
import { cloneImage } from '../../image';
import { readImage, readImageMetadata, writeImage, ImageWriteError } from '..';
import { listDir, makeImage, makeTempDir } from './helpers';

const tmp = makeTempDir();
after(tmp.cleanup);
let n = 0;
/** A fresh empty directory per test. */
function freshDir(): string {
  const d = join(tmp.dir, `t${n++}`);
  mkdirSync(d);
  return d;
}

async function rejectsWrite(p: Promise<unknown>, reason: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof ImageWriteError, `expected ImageWriteError, got ${String(err)}`);
    assert.equal(err.name, 'ImageWriteError');
    assert.equal(err.reason, reason, err.message);
    assert.match(err.message, message);
    return true;
  });
}

test('8-bit PNG round trip is exact (RGB and grey), and the result reports path and size', async () => {
  const dir = freshDir();
  const rgb = makeImage(7, 5, 3, (i) => ((i * 37) % 256) / 255);
  const res = await writeImage(join(dir, 'rgb.png'), rgb);
  assert.equal(res.path, resolve(dir, 'rgb.png'));
  assert.equal(res.bytes, statSync(res.path).size);
  const back = await readImage(res.path);
  assert.deepEqual([back.width, back.height, back.channels], [7, 5, 3]);
  assert.deepEqual(back.data, rgb.data);

  const grey = makeImage(6, 4, 1, (i) => ((i * 11) % 256) / 255);
  await writeImage(join(dir, 'grey.png'), grey);
  const meta = await readImageMetadata(join(dir, 'grey.png'));
  assert.deepEqual([meta.storedChannels, meta.bitDepth], [1, 8], 'grey is stored as a 1-channel file');
  assert.deepEqual((await readImage(join(dir, 'grey.png'))).data, grey.data);
});

test('16-bit PNG and TIFF round trips are exact to 1/65535 (8-bit would not be)', async () => {
  const dir = freshDir();
  // Neighbouring 16-bit levels, e.g. 30000/65535 and 30001/65535.
  const rgb = makeImage(5, 3, 3, (i) => (30000 + i * 977 % 5000 + (i % 2)) / 65535);
  const grey = makeImage(4, 2, 1, (i) => (i === 0 ? 0 : i === 1 ? 1 : (1000 + i) / 65535));
  for (const ext of ['png', 'tif']) {
    for (const im of [rgb, grey]) {
      const file = join(dir, `c${im.channels}.${ext}`);
      await writeImage(file, im, { bitDepth: 16 });
      const meta = await readImageMetadata(file);
      assert.equal(meta.bitDepth, 16, `${ext} ${im.channels}`);
      assert.equal(meta.storedChannels, im.channels);
      const back = await readImage(file);
      assert.equal(back.channels, im.channels);
      assert.deepEqual(back.data, im.data, `${ext} ${im.channels} channels`);
    }
  }
  // The same image at 8 bits loses the difference.
  await writeImage(join(dir, 'eight.png'), rgb);
  const eight = await readImage(join(dir, 'eight.png'));
  assert.notDeepEqual(eight.data, rgb.data);
  eight.data.forEach((v, i) => assert.ok(Math.abs(v - rgb.data[i]) <= 0.5 / 255 + 1e-7));
});

test('JPEG and lossy WebP round trips stay within tolerance; lossless WebP and 8-bit TIFF are exact', async () => {
  const dir = freshDir();
  // A smooth colour gradient (what photos look like locally).
  const w = 48, h = 32;
  const im = makeImage(w, h, 3, (i) => {
    const p = Math.floor(i / 3), x = p % w, y = Math.floor(p / w), c = i % 3;
    return c === 0 ? x / (w - 1) : c === 1 ? y / (h - 1) : 0.5 + 0.3 * Math.sin((x + y) / 9);
  });
  for (const [file, q, maxTol, meanTol] of [['q95.jpg', 95, 0.06, 0.01], ['q50.jpg', 50, 0.15, 0.03], ['q90.webp', 90, 0.08, 0.015]] as const) {
    await writeImage(join(dir, file), im, { quality: q });
    const back = await readImage(join(dir, file));
    let max = 0, sum = 0;
    back.data.forEach((v, i) => {
      const d = Math.abs(v - im.data[i]);
      max = Math.max(max, d);
      sum += d;
    });
    assert.ok(max < maxTol && sum / im.data.length < meanTol, `${file}: max ${max.toFixed(4)}, mean ${(sum / im.data.length).toFixed(4)}`);
    assert.ok(max > 0, `${file} is lossy, so an exact match would mean the test reads the wrong thing`);
  }
  const q95 = statSync(join(dir, 'q95.jpg')).size, q50 = statSync(join(dir, 'q50.jpg')).size;
  assert.ok(q50 < q95, `quality changes the size: q50 ${q50} B vs q95 ${q95} B`);
  const quantised = makeImage(9, 4, 3, (i) => ((i * 53) % 256) / 255);
  await writeImage(join(dir, 'lossless.webp'), quantised, { lossless: true });
  assert.deepEqual((await readImage(join(dir, 'lossless.webp'))).data, quantised.data);
  await writeImage(join(dir, 'eight.tiff'), quantised);
  assert.deepEqual((await readImage(join(dir, 'eight.tiff'))).data, quantised.data);
});

test('values are clipped to [0, 1] and rounded to nearest; NaN is refused; the input is not modified', async () => {
  const dir = freshDir();
  const im = makeImage(6, 1, 1, (i) => [-0.5, 1.5, 0.4 / 255, 0.6 / 255, 254.4 / 255, Infinity][i]);
  const before = im.data.slice();
  await writeImage(join(dir, 'clip.png'), im);
  assert.deepEqual(im.data, before, 'input unchanged');
  assert.deepEqual(Array.from((await readImage(join(dir, 'clip.png'))).data, (v) => Math.round(v * 255)), [0, 255, 0, 1, 254, 255]);
  const bad = makeImage(3, 2, 3, (i) => (i === 10 ? NaN : 0.5));
  await assert.rejects(writeImage(join(dir, 'nan.png'), bad), { name: 'RangeError', message: 'image.data contains NaN at index 10 (x=0, y=1, channel 1); cannot encode' });
  assert.deepEqual(listDir(dir), ['clip.png'], 'nothing written for a refused image');
});

test('format comes from the option or the extension; unknown or contradictory formats are errors', async () => {
  const dir = freshDir();
  const im = makeImage(4, 4, 3, (i) => (i % 7) / 7);
  for (const [name, fmt] of [['a.PNG', 'png'], ['b.jpeg', 'jpeg'], ['c.JPG', 'jpeg'], ['d.webp', 'webp'], ['e.tif', 'tiff'], ['f.tiff', 'tiff']] as const) {
    await writeImage(join(dir, name), im);
    assert.equal((await sharp(join(dir, name)).metadata()).format, fmt, name);
  }
  await writeImage(join(dir, 'noext'), im, { format: 'jpeg' });
  assert.equal((await sharp(join(dir, 'noext')).metadata()).format, 'jpeg');
  await rejectsWrite(writeImage(join(dir, 'x.bmp'), im), 'unknown-format', /x\.bmp: cannot tell the format from the extension '\.bmp'; use one of \.png .*or pass options\.format \(png, jpeg, webp, tiff\)$/);
  await rejectsWrite(writeImage(join(dir, 'x'), im), 'unknown-format', /extension \(none\)/);
  await rejectsWrite(writeImage(join(dir, 'x.jpg'), im, { format: 'png' }), 'format-mismatch', /x\.jpg: options\.format is 'png' but the extension '\.jpg' means jpeg$/);
  await assert.rejects(writeImage(join(dir, 'x.gif'), im, { format: 'gif' as never }), { name: 'RangeError', message: 'writeImage: options.format must be one of png, jpeg, webp, tiff, got "gif"' });
  await assert.rejects(writeImage(join(dir, 'x.jpg'), im, { quality: 0 }), { name: 'RangeError', message: 'writeImage: options.quality must be an integer in 1–100, got 0' });
  await assert.rejects(writeImage(join(dir, 'x.jpg'), im, { bitDepth: 16 }), /options\.bitDepth 16 needs format png or tiff, got jpeg/);
  await assert.rejects(writeImage(join(dir, 'x.png'), im, { bitDepth: 12 as never }), /options\.bitDepth must be 8 or 16, got 12/);
  await assert.rejects(writeImage(join(dir, 'x.png'), { data: new Float32Array(3), width: 2, height: 2, channels: 1 }), /image\.data has 3 samples, expected 2×2×1 = 4/);
  await assert.rejects(writeImage('', im), /writeImage: path must be a non-empty string/);
  assert.ok(!existsSync(join(dir, 'x.jpg')) && !existsSync(join(dir, 'x.png')));
});

test('an existing file is kept unless overwrite: true', async () => {
  const dir = freshDir();
  const file = join(dir, 'out.png');
  const a = makeImage(3, 3, 3, () => 0.2);
  const b = makeImage(3, 3, 3, () => 0.8);
  await writeImage(file, a);
  const original = readFileSync(file);
  await rejectsWrite(writeImage(file, b), 'exists', new RegExp(`^cannot write image ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: file already exists \\(pass overwrite: true to replace it\\)$`));
  assert.deepEqual(readFileSync(file), original);
  await writeImage(file, b, { overwrite: true });
  assert.equal(Math.round((await readImage(file)).data[0] * 255), Math.round(0.8 * 255));
  assert.deepEqual(listDir(dir), ['out.png'], 'no temporary file left');
  await rejectsWrite(writeImage(dir, b, { format: 'png', overwrite: true }), 'not-a-file', /target is a directory/);
});

test('writeImage refuses to overwrite the image\'s own input, even with overwrite, unless allowOverwriteInput', async () => {
  const dir = freshDir();
  const src = join(dir, 'scan.png');
  await writeImage(src, makeImage(5, 5, 3, (i) => (i % 5) / 5));
  const original = readFileSync(src);
  const im = await readImage(src);
  const msg = /scan\.png: refusing to overwrite the image's own input file .*scan\.png \(pass allowOverwriteInput: true to allow it\)$/;
  await rejectsWrite(writeImage(src, im, { overwrite: true }), 'is-input', msg);
  // Through a relative path, a symlink and a hard link too.
  const rel = join(dir, '.', 'sub', '..', 'scan.png');
  mkdirSync(join(dir, 'sub'));
  await rejectsWrite(writeImage(rel, im, { overwrite: true }), 'is-input', /refusing/);
  symlinkSync(src, join(dir, 'alias.png'));
  await rejectsWrite(writeImage(join(dir, 'alias.png'), im, { overwrite: true }), 'is-input', /refusing/);
  linkSync(src, join(dir, 'hard.png'));
  await rejectsWrite(writeImage(join(dir, 'hard.png'), im, { overwrite: true }), 'is-input', /refusing/);
  // A derived image does not carry the source: the caller names it with inputPath.
  const derived = cloneImage(im);
  await rejectsWrite(writeImage(src, derived, { overwrite: true, inputPath: src }), 'is-input', /refusing/);
  await rejectsWrite(writeImage(src, derived, { overwrite: true, inputPath: ['/elsewhere/a.png', src] }), 'is-input', /refusing/);
  assert.deepEqual(readFileSync(src), original, 'input untouched by all refusals');
  // Explicit permission.
  const edited = makeImage(5, 5, 3, () => 1);
  // Documented limit: without inputPath, nothing tells writeImage that a derived image came from src.
  await writeImage(src, derived, { overwrite: true });
  await writeImage(src, edited, { overwrite: true, inputPath: src, allowOverwriteInput: true });
  assert.equal((await readImage(src)).data[0], 1);
  // Writing the read image elsewhere is fine.
  await writeImage(join(dir, 'copy.png'), im);
  assert.deepEqual(listDir(dir), ['alias.png', 'copy.png', 'hard.png', 'scan.png', 'sub']);
});

test('parent directories are created by default, refused with mkdir: false', async () => {
  const dir = freshDir();
  const im = makeImage(2, 2, 1, () => 0.5);
  const deep = join(dir, 'a', 'b', 'c.png');
  await writeImage(deep, im);
  assert.ok(existsSync(deep));
  const other = join(dir, 'x', 'y.png');
  await rejectsWrite(writeImage(other, im, { mkdir: false }), 'no-directory', /x\/y\.png: directory .*\/x does not exist \(pass mkdir: true to create it\)$/);
  assert.ok(!existsSync(join(dir, 'x')));
  writeFileSync(join(dir, 'file'), 'x');
  await rejectsWrite(writeImage(join(dir, 'file', 'z.png'), im), 'not-a-file', /is not a directory/);
});

test('atomic: concurrent writers to one path give one winner, one "exists", and no temporary files', async () => {
  const dir = freshDir();
  const file = join(dir, 'race.png');
  const a = makeImage(64, 64, 3, (i) => (i % 255) / 255);
  const b = makeImage(64, 64, 3, (i) => ((i * 7) % 255) / 255);
  const results = await Promise.allSettled([writeImage(file, a), writeImage(file, b)]);
  const ok = results.filter((r) => r.status === 'fulfilled');
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(ok.length, 1);
  assert.equal(failed.length, 1);
  assert.ok(failed[0].reason instanceof ImageWriteError && failed[0].reason.reason === 'exists', String(failed[0].reason));
  // Both passed the up-front existence check; the loser failed at the final link() and had to
  // remove its temporary file (the path this test is about).
  assert.equal((failed[0].reason as Error).cause !== undefined && ((failed[0].reason as Error).cause as NodeJS.ErrnoException).code, 'EEXIST');
  assert.deepEqual(listDir(dir), ['race.png']);
  const back = await readImage(file);
  const winner = results[0].status === 'fulfilled' ? a : b;
  assert.deepEqual(back.data, winner.data, 'the file is one complete image, not a mix');
  // Concurrent overwriting writers: the file is always one of the complete images.
  await Promise.all([writeImage(file, a, { overwrite: true }), writeImage(file, b, { overwrite: true })]);
  const last = await readImage(file);
  assert.ok([a, b].some((im) => im.data.every((v, i) => v === last.data[i])));
  assert.deepEqual(listDir(dir), ['race.png']);
});
