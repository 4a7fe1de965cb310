import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { readImage, readImageMetadata, writeImage, ImageReadError } from '..';
import { copyFileAtomic } from '../copyFileAtomic';
import { decodeFsName, displayPath, toFsPath } from '../fsPath';
import type { ImageReadWarning } from '../readImage';
import { READ_EXTENSIONS } from '../readableExtensions';
import { removeStaleTemporaries } from '../removeStaleTemporaries';
import { verifyImageFile } from '../verifyImageFile';

function freshDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-safe-'));
}

async function photoJpeg(): Promise<Buffer> {
  const w = 96;
  const h = 64;
  const raw = Buffer.alloc(w * h * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = Math.round(127 + 100 * Math.sin(i / 37) * Math.cos(i / 1000));
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

/** Same damage as scripts/make-bad-corpus.js: garbled entropy-coded bytes, end marker kept. */
function damage(jpeg: Buffer): Buffer {
  const b = Buffer.from(jpeg);
  const sos = b.indexOf(Buffer.from([0xff, 0xda]));
  const from = sos + Math.floor((b.length - sos) * 0.3);
  for (let i = from; i < Math.min(b.length - 16, from + 200); i++) b[i] = (i * 37) & 0xfe;
  b[from + 100] = 0xff;
  b[from + 101] = 0xd0;
  return b;
}

test('fsPath: names that are not UTF-8 round-trip through decodeFsName / toFsPath (PEP 383) and print escaped', () => {
  const bytes = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x6a, 0x70, 0x67]); // "caf\xe9.jpg" in Latin-1
  const s = decodeFsName(bytes);
  assert.equal(s, 'caf\udce9.jpg');
  assert.deepEqual(toFsPath(s), bytes);
  assert.equal(displayPath(s), 'caf\\xe9.jpg');
  // Valid UTF-8, including astral characters whose low surrogate lies in U+DC80–U+DCFF, stays a plain string.
  for (const t of ['café.jpg', '𐂀.png', 'plain.tif']) {
    assert.equal(decodeFsName(Buffer.from(t, 'utf8')), t);
    assert.equal(toFsPath(t), t);
  }
  // Overlong and truncated sequences are escaped byte by byte.
  assert.deepEqual(toFsPath(decodeFsName(Buffer.from([0xc0, 0xaf, 0xe2, 0x82]))), Buffer.from([0xc0, 0xaf, 0xe2, 0x82]));
  assert.equal(displayPath('a\nb'), 'a\\nb');
});

test('readImage / writeImage accept a non-UTF-8 file name (before: "no such file")', async () => {
  const dir = freshDir();
  try {
    const name = Buffer.concat([Buffer.from(dir + path.sep), Buffer.from([0x70, 0xe9, 0x2e, 0x6a, 0x70, 0x67])]);
    fs.writeFileSync(name, await photoJpeg());
    const p = decodeFsName(name);
    const im = await readImage(p);
    assert.equal(im.width, 96);
    assert.equal((await readImageMetadata(p)).format, 'jpeg');
    const out = path.join(dir, 'p\udce9-out.png');
    const r = await writeImage(out, im);
    assert.equal(r.path, out);
    assert.ok(fs.readdirSync(dir, { encoding: 'buffer' }).some((b) => b.equals(Buffer.from([0x70, 0xe9, 0x2d, 0x6f, 0x75, 0x74, 0x2e, 0x70, 0x6e, 0x67]))));
    await assert.rejects(readImage(path.join(dir, 'n\udce9.jpg')), (e: unknown) => e instanceof ImageReadError && e.message.includes('n\\xe9.jpg: no such file'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('readImage reports damaged JPEG data, harmless decoder warnings, flattened alpha and dropped frames through onWarning', async () => {
  const jpeg = await photoJpeg();
  const warnings = async (b: Buffer): Promise<ImageReadWarning[]> => {
    const w: ImageReadWarning[] = [];
    await readImage(b, { onWarning: (x) => w.push(x) });
    return w;
  };
  assert.deepEqual(await warnings(jpeg), []);
  const damaged = await warnings(damage(jpeg));
  assert.ok(damaged.some((w) => w.kind === 'damaged-data' && /Corrupt JPEG data/.test(w.message)), JSON.stringify(damaged));
  const at = jpeg.indexOf(Buffer.from([0xff, 0xdb]));
  const extra = await warnings(Buffer.concat([jpeg.subarray(0, at), Buffer.from([1, 2, 3]), jpeg.subarray(at)]));
  assert.deepEqual(extra, [{ kind: 'decoder', message: 'Corrupt JPEG data: 3 extraneous bytes before marker 0xdb' }]);
  const rgba = Buffer.alloc(8 * 8 * 4, 200);
  rgba[3] = 10;
  assert.deepEqual((await warnings(await sharp(rgba, { raw: { width: 8, height: 8, channels: 4 } }).png().toBuffer())).map((w) => w.kind), ['alpha-flattened']);
  // An alpha channel that is opaque everywhere loses nothing: no warning.
  assert.deepEqual(await warnings(await sharp(Buffer.alloc(8 * 8 * 4, 255), { raw: { width: 8, height: 8, channels: 4 } }).png().toBuffer()), []);
  const stack = Buffer.alloc(8 * 24 * 3);
  for (let i = 0; i < stack.length; i++) stack[i] = (i * 53) & 255; // three different frames
  const frames = await sharp(stack, { raw: { width: 8, height: 24, channels: 3, pageHeight: 8 } }).gif().toBuffer();
  assert.deepEqual((await warnings(frames)).map((w) => w.message), ['the file has 3 frames; only the first was read']);
});

test('readImage: a truncated TIFF and a BMP get precise reasons; an ELOOP error does not repeat its code', async () => {
  const dir = freshDir();
  try {
    const tif = await sharp(Buffer.alloc(32 * 32 * 3, 77), { raw: { width: 32, height: 32, channels: 3 } }).tiff().toBuffer();
    fs.writeFileSync(path.join(dir, 'cut.tif'), tif.subarray(0, tif.length >> 1));
    await assert.rejects(readImage(path.join(dir, 'cut.tif')), /starts like a TIFF file but cannot be decoded: it is truncated or damaged/);
    fs.writeFileSync(path.join(dir, 'x.bmp'), Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]));
    await assert.rejects(readImage(path.join(dir, 'x.bmp')), (e: unknown) => e instanceof ImageReadError && e.reason === 'unsupported' && /BMP/.test(e.message));
    fs.symlinkSync('loop.jpg', path.join(dir, 'loop.jpg'));
    await assert.rejects(readImage(path.join(dir, 'loop.jpg')), (e: unknown) => e instanceof Error && /symbolic link loop/.test(e.message) && !/ELOOP: ELOOP/.test(e.message));
    fs.symlinkSync('gone.jpg', path.join(dir, 'dangling.jpg'));
    await assert.rejects(readImage(path.join(dir, 'dangling.jpg')), /dangling symbolic link/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('READ_EXTENSIONS: what the reader decodes (.jfif .jpe .avif .heic in, .bmp out)', () => {
  for (const e of ['.jpg', '.jpeg', '.jpe', '.jfif', '.png', '.tif', '.tiff', '.webp', '.gif', '.avif', '.heic']) assert.ok(READ_EXTENSIONS.includes(e), e);
  assert.ok(!READ_EXTENSIONS.includes('.bmp'));
});

test('copyFileAtomic: complete copy or none; never replaces without overwrite; creates folders; leaves no temporary', async () => {
  const dir = freshDir();
  try {
    const src = path.join(dir, 'src.bin');
    fs.writeFileSync(src, Buffer.alloc(3 << 20, 7));
    const dest = path.join(dir, 'a', 'b', 'copy.bin');
    const r = await copyFileAtomic(src, dest);
    assert.equal(r.bytes, 3 << 20);
    assert.ok(fs.readFileSync(dest).equals(fs.readFileSync(src)));
    await assert.rejects(copyFileAtomic(src, dest), (e: unknown) => (e as NodeJS.ErrnoException).code === 'EEXIST');
    fs.writeFileSync(src, 'new');
    await copyFileAtomic(src, dest, { overwrite: true });
    assert.equal(fs.readFileSync(dest, 'utf8'), 'new');
    assert.deepEqual(fs.readdirSync(path.join(dir, 'a', 'b')), ['copy.bin']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('removeStaleTemporaries removes only our temporaries whose writer is dead (exact pattern)', async () => {
  const dir = freshDir();
  try {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    fs.mkdirSync(path.join(dir, 'sub'));
    const stale = [path.join(dir, `.a.png.${dead}.0123456789ab.tmp`), path.join(dir, 'sub', `.b.tif.${dead}.ba9876543210.tmp`)];
    const kept = [
      path.join(dir, `.c.png.${process.pid}.0123456789ab.tmp`), // a live writer (this process)
      path.join(dir, `.d.png.${dead}.tmp`), // not our pattern
      path.join(dir, '.notes.tmp'),
      path.join(dir, `e.png.${dead}.0123456789ab.tmp`), // not hidden
      path.join(dir, 'photo.png'),
    ];
    for (const f of [...stale, ...kept]) fs.writeFileSync(f, 'x');
    const removed = await removeStaleTemporaries(dir);
    assert.deepEqual(removed.sort(), stale.sort());
    for (const f of kept) assert.ok(fs.existsSync(f), f);
    assert.deepEqual(await removeStaleTemporaries(path.join(dir, 'missing')), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('verifyImageFile: complete image true; truncated, damaged or missing false', async () => {
  const dir = freshDir();
  try {
    const jpeg = await photoJpeg();
    fs.writeFileSync(path.join(dir, 'ok.jpg'), jpeg);
    fs.writeFileSync(path.join(dir, 'cut.jpg'), jpeg.subarray(0, jpeg.length >> 1));
    fs.writeFileSync(path.join(dir, 'damaged.jpg'), damage(jpeg));
    assert.equal(await verifyImageFile(path.join(dir, 'ok.jpg')), true);
    assert.equal(await verifyImageFile(path.join(dir, 'cut.jpg')), false);
    assert.equal(await verifyImageFile(path.join(dir, 'damaged.jpg')), false);
    assert.equal(await verifyImageFile(path.join(dir, 'none.jpg')), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
