import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import sharp from 'sharp';
import { main } from '..';
import { formatHelp } from '../parseCommandLine';
import { formatMegapixels } from '../commands/upscaleCommand';
import { vhsCommand } from '../commands/vhsCommand';
import { createImage } from '../../image';
import { writeImage } from '../../io';
import { decodeFsName } from '../../io/fsPath';
import { findPackageRoot } from '../../datasets/findPackageRoot';

function collector(): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, cb) { text += chunk; cb(); } });
  return { stream, text: () => text };
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = collector();
  const err = collector();
  const code = await main(argv, { stdout: out.stream, stderr: err.stream });
  return { code, out: out.text(), err: err.text() };
}

interface Summary {
  succeeded: number;
  skipped: number;
  failed: number;
  removedTemporaries: number;
  files: Array<{ input: string; status: string; output?: string; error?: string; reason?: string; warnings?: string[] }>;
}

async function json(argv: string[]): Promise<{ code: number; s: Summary; err: string }> {
  const r = await run([...argv, '--json', '--no-progress']);
  return { code: r.code, s: JSON.parse(r.out) as Summary, err: r.err };
}

function scene(w: number, h: number, phase = 0): ReturnType<typeof createImage> {
  const d = new Float32Array(w * h * 3);
  for (let i = 0; i < d.length; i++) d[i] = 0.5 + 0.4 * Math.sin(i / 17 + phase) * Math.cos(i / 211);
  return createImage(w, h, 3, d);
}

async function jpeg(): Promise<Buffer> {
  const raw = Buffer.alloc(96 * 64 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = Math.round(127 + 100 * Math.sin(i / 37) * Math.cos(i / 1000));
  return sharp(raw, { raw: { width: 96, height: 64, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

function damage(j: Buffer): Buffer {
  const b = Buffer.from(j);
  const sos = b.indexOf(Buffer.from([0xff, 0xda]));
  const from = sos + Math.floor((b.length - sos) * 0.3);
  for (let i = from; i < Math.min(b.length - 16, from + 200); i++) b[i] = (i * 37) & 0xfe;
  b[from + 100] = 0xff;
  b[from + 101] = 0xd0;
  return b;
}

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-batch-'));
    try {
      await fn(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

test('defect 2: damaged JPEG data is an error naming the file and the damage; --accept-damaged processes it with a warning', withDir(async (dir) => {
  fs.writeFileSync(path.join(dir, 'damaged.jpg'), damage(await jpeg()));
  const r = await json(['sharpen', path.join(dir, 'damaged.jpg'), '-o', path.join(dir, 'out')]);
  assert.equal(r.code, 1);
  assert.equal(r.s.files[0]?.status, 'failed');
  assert.match(r.s.files[0]?.error ?? '', /damaged\.jpg: image data is damaged \(Corrupt JPEG data: .*\).*--accept-damaged/);
  assert.ok(!fs.existsSync(path.join(dir, 'out', 'damaged-sharpened.png')));
  const ok = await json(['sharpen', path.join(dir, 'damaged.jpg'), '-o', path.join(dir, 'out'), '--accept-damaged']);
  assert.equal(ok.code, 0);
  assert.equal(ok.s.files[0]?.status, 'written');
  assert.match((ok.s.files[0]?.warnings ?? []).join(), /damaged image data, processed anyway: Corrupt JPEG data/);
  const text = await run(['sharpen', path.join(dir, 'damaged.jpg'), '-o', path.join(dir, 'out2'), '--accept-damaged', '--no-progress']);
  assert.match(text.out, /⚠ damaged image data, processed anyway/);
  assert.match(formatHelp(vhsCommand.spec), /--accept-damaged/);
}));

test('defect 3: --suffix with a path separator is refused (exit 2) and nothing is written outside -o', withDir(async (dir) => {
  await writeImage(path.join(dir, 'in', 'a.png'), scene(24, 16));
  for (const suffix of ['/../../../x', '/sub/dir', '\\..\\x']) {
    const r = await run(['sharpen', path.join(dir, 'in'), '-o', path.join(dir, 'deep', 'er', 'out'), '--suffix', suffix, '--no-progress']);
    assert.equal(r.code, 2, suffix);
    assert.match(r.err, /--suffix must not contain a path separator/);
  }
  assert.deepEqual(fs.readdirSync(dir).sort(), ['in']);
}));

test('defect 4: non-UTF-8 names are processed from a folder walk, as an argument and through bin/tounum.js, printed escaped', withDir(async (dir) => {
  const inDir = path.join(dir, 'in');
  fs.mkdirSync(inDir);
  const raw = Buffer.concat([Buffer.from(inDir + path.sep), Buffer.from('caf\xe9.jpg', 'latin1')]);
  fs.writeFileSync(raw, await jpeg());
  const walked = await json(['sharpen', inDir, '-o', path.join(dir, 'o1')]);
  assert.equal(walked.code, 0, JSON.stringify(walked.s));
  assert.equal(walked.s.files[0]?.status, 'written');
  assert.ok(fs.readdirSync(path.join(dir, 'o1'), { encoding: 'buffer' }).some((b) => b.equals(Buffer.from('caf\xe9-sharpened.png', 'latin1'))));
  const arg = await run(['sharpen', decodeFsName(raw), '-o', path.join(dir, 'o2'), '--no-progress']);
  assert.equal(arg.code, 0, arg.out + arg.err);
  assert.match(arg.out, /caf\\xe9\.jpg → .*caf\\xe9-sharpened\.png/);
  // The real entry point: bash passes the raw byte 0xE9; Node's argv would turn it into U+FFFD.
  const bin = path.join(findPackageRoot(), 'bin', 'tounum.js');
  const sh = spawnSync('bash', ['-c', `exec "${process.execPath}" "${bin}" sharpen $'${inDir}/caf\\xe9.jpg' -o "${dir}/o3" --no-progress`], { encoding: 'utf8' });
  assert.equal(sh.status, 0, sh.stdout + sh.stderr);
  assert.match(sh.stdout, /caf\\xe9-sharpened\.png/);
}));

test('defect 5: folders and globs take .jfif .jpe .avif (what the reader decodes) and no longer collect .bmp; --help lists the formats', withDir(async (dir) => {
  const j = await jpeg();
  const inDir = path.join(dir, 'in');
  fs.mkdirSync(inDir);
  fs.writeFileSync(path.join(inDir, 'a.jfif'), j);
  fs.writeFileSync(path.join(inDir, 'b.jpe'), j);
  fs.writeFileSync(path.join(inDir, 'c.avif'), await sharp(j).avif().toBuffer());
  fs.writeFileSync(path.join(inDir, 'd.bmp'), Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]));
  const r = await json(['sharpen', inDir, '-o', path.join(dir, 'out')]);
  assert.equal(r.code, 0, JSON.stringify(r.s));
  assert.deepEqual(r.s.files.map((f) => path.basename(f.input)), ['a.jfif', 'b.jpe', 'c.avif']);
  const named = await json(['sharpen', path.join(inDir, 'd.bmp'), '-o', path.join(dir, 'out')]);
  assert.match(named.s.files[0]?.error ?? '', /d\.bmp: BMP \(Windows bitmap\) is not a format the reader/);
  const help = await run(['denoise', '--help']);
  assert.match(help.out, /\.avif .*\.jfif .*\.jpe .*BMP is not supported/s);
}));

test('defect 6: flattened alpha and dropped frames are warned per file, in text and JSON', withDir(async (dir) => {
  const inDir = path.join(dir, 'in');
  fs.mkdirSync(inDir);
  const rgba = Buffer.alloc(16 * 16 * 4, 180);
  for (let p = 0; p < 256; p += 2) rgba[4 * p + 3] = 30;
  fs.writeFileSync(path.join(inDir, 'rgba.png'), await sharp(rgba, { raw: { width: 16, height: 16, channels: 4 } }).png().toBuffer());
  const stack = Buffer.alloc(16 * 48 * 3);
  for (let i = 0; i < stack.length; i++) stack[i] = (i * 53 + Math.floor(i / 768) * 77) & 255; // three different frames (the GIF encoder merges equal ones)
  fs.writeFileSync(path.join(inDir, 'anim.gif'), await sharp(stack, { raw: { width: 16, height: 48, channels: 3, pageHeight: 16 } }).gif().toBuffer());
  const r = await json(['sharpen', inDir, '-o', path.join(dir, 'out')]);
  assert.equal(r.code, 0);
  const w = Object.fromEntries(r.s.files.map((f) => [path.basename(f.input), (f.warnings ?? []).join(' | ')]));
  assert.match(w['rgba.png'] ?? '', /alpha channel \(transparency\) was flattened onto white/);
  assert.match(w['anim.gif'] ?? '', /3 frames; only the first was read/);
  const text = await run(['sharpen', inDir, '-o', path.join(dir, 'out2'), '--no-progress']);
  assert.match(text.out, /✔ .*anim\.gif .*\n {2}⚠ the file has 3 frames/);
}));

test('defect 7: stale temporaries of a killed run are removed from -o at start (only ours)', withDir(async (dir) => {
  await writeImage(path.join(dir, 'in', 'a.png'), scene(24, 16));
  const out = path.join(dir, 'out');
  fs.mkdirSync(path.join(out, 'sub'), { recursive: true });
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  const stale = path.join(out, 'sub', `.a-sharpened.png.${dead}.00112233aabb.tmp`);
  const other = path.join(out, '.keep-me.tmp');
  fs.writeFileSync(stale, 'half');
  fs.writeFileSync(other, 'not ours');
  const r = await json(['sharpen', path.join(dir, 'in'), '-o', out]);
  assert.equal(r.code, 0);
  assert.equal(r.s.removedTemporaries, 1);
  assert.match(r.err, /removed 1 stale temporary file/);
  assert.ok(!fs.existsSync(stale));
  assert.ok(fs.existsSync(other));
}));

test('defect 8: -o naming a file or an uncreatable folder is refused with exit 2 before any image is read', withDir(async (dir) => {
  await writeImage(path.join(dir, 'in', 'a.png'), scene(24, 16));
  fs.writeFileSync(path.join(dir, 'file'), 'x');
  const started = Date.now();
  const asFile = await run(['denoise', path.join(dir, 'in'), '-o', path.join(dir, 'file'), '--no-progress']);
  assert.equal(asFile.code, 2);
  assert.match(asFile.err, /-o .*file exists and is not a folder/);
  assert.equal(asFile.out, '', 'no per-image output: nothing was processed');
  const under = await run(['denoise', path.join(dir, 'in'), '-o', path.join(dir, 'file', 'sub'), '--no-progress']);
  assert.equal(under.code, 2);
  assert.match(under.err, /cannot (create the folder|use this folder)/);
  assert.ok(Date.now() - started < 5000);
}));

test('defect 8: an unwritable -o (as a non-root user) is refused with exit 2', { skip: process.getuid?.() !== 0 && 'needs root to switch to nobody' }, withDir(async (dir) => {
  fs.chmodSync(dir, 0o755);
  await writeImage(path.join(dir, 'in', 'a.png'), scene(24, 16));
  fs.mkdirSync(path.join(dir, 'ro'), { mode: 0o755 });
  fs.chmodSync(path.join(dir, 'in'), 0o755);
  fs.chmodSync(path.join(dir, 'in', 'a.png'), 0o644);
  const bin = path.join(findPackageRoot(), 'bin', 'tounum.js');
  const r = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, bin, 'sharpen', path.join(dir, 'in'), '-o', path.join(dir, 'ro'), '--no-progress'], { encoding: 'utf8' });
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /-o .*ro is not writable \(permission denied/);
}));

test('defect 9: -o (or --copy-photos-to) equal to the input folder gives one clear message, exit 2', withDir(async (dir) => {
  await writeImage(path.join(dir, 'in', 'a.png'), scene(24, 16));
  const r = await run(['sharpen', path.join(dir, 'in'), '-o', path.join(dir, 'in'), '--no-progress']);
  assert.equal(r.code, 2);
  assert.match(r.err, /-o .*in is the input folder .*in: the results would be mixed with the originals/);
  assert.equal(r.out, '');
  assert.doesNotMatch(r.err, /no image found/);
  const c = await run(['classify', path.join(dir, 'in'), '--copy-photos-to', path.join(dir, 'in', '.'), '--no-progress']);
  assert.equal(c.code, 2);
  assert.match(c.err, /--copy-photos-to .* is the input folder/);
  // An output folder inside the input folder is fine: its files are earlier results, not inputs.
  const nested = await json(['sharpen', path.join(dir, 'in'), '-o', path.join(dir, 'in', 'out')]);
  assert.equal(nested.code, 0);
  const again = await json(['sharpen', path.join(dir, 'in'), '-o', path.join(dir, 'in', 'out')]);
  assert.deepEqual([again.code, again.s.succeeded, again.s.skipped], [0, 0, 1]);
}));

test('defect 10: re-runs resume (skip complete outputs, redo incomplete ones), --overwrite replaces, no -1 copies; same-stem inputs keep their extension', withDir(async (dir) => {
  const inDir = path.join(dir, 'in');
  await writeImage(path.join(inDir, 'a.png'), scene(24, 16));
  await writeImage(path.join(inDir, 'b.png'), scene(24, 16, 1));
  await writeImage(path.join(inDir, 'scan.png'), scene(24, 16, 2));
  await writeImage(path.join(inDir, 'scan.tif'), scene(24, 16, 3));
  const out = path.join(dir, 'out');
  const first = await json(['sharpen', inDir, '-o', out]);
  assert.deepEqual([first.code, first.s.succeeded, first.s.skipped], [0, 4, 0]);
  assert.deepEqual(fs.readdirSync(out).sort(), ['a-sharpened.png', 'b-sharpened.png', 'scan-png-sharpened.png', 'scan-tif-sharpened.png']);
  // An interrupted earlier version left a truncated b output: it is redone, the complete a output is kept.
  const b = fs.readFileSync(path.join(out, 'b-sharpened.png'));
  fs.writeFileSync(path.join(out, 'b-sharpened.png'), b.subarray(0, b.length >> 1));
  const aBefore = fs.statSync(path.join(out, 'a-sharpened.png')).mtimeMs;
  const second = await json(['sharpen', inDir, '-o', out]);
  assert.deepEqual([second.code, second.s.succeeded, second.s.skipped], [0, 1, 3]);
  const rec = second.s.files.find((f) => f.input.endsWith('a.png'));
  assert.equal(rec?.status, 'skipped');
  assert.match(rec?.reason ?? '', /its output exists and is complete \(--overwrite to redo it\)/);
  assert.match((second.s.files.find((f) => f.input.endsWith('b.png'))?.warnings ?? []).join(), /incomplete or damaged earlier output was replaced/);
  assert.ok(fs.readFileSync(path.join(out, 'b-sharpened.png')).equals(b));
  assert.equal(fs.statSync(path.join(out, 'a-sharpened.png')).mtimeMs, aBefore);
  const third = await json(['sharpen', inDir, '-o', out, '--overwrite', '--amount', '2']);
  assert.deepEqual([third.code, third.s.succeeded, third.s.skipped], [0, 4, 0]);
  assert.equal(fs.readdirSync(out).length, 4);
  const text = await run(['sharpen', inDir, '-o', out, '--no-progress']);
  assert.match(text.out, /0 written, 4 skipped \(already done\), 0 failed/);
}));

test('defect 11: vhs restore bounds --overlap by the tile; vhs help: usage and --suffix default; megapixel message precision', async () => {
  const r = await run(['vhs', 'restore', 'x.png', '-o', path.join(os.tmpdir(), 'never'), '--tile', '16', '--overlap', '512']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--overlap must be at most half of --tile \(8 for --tile 16\); got 512/);
  const help = (await run(['vhs', '--help'])).out;
  assert.match(help, /^Usage: tounum vhs degrade\|restore \[options\] IN… \(files, folders, globs\)$/m);
  assert.doesNotMatch(help, /degrade\|restore.*degrade\|restore/);
  assert.match(help, /--suffix VALUE\s+added to each output name, no path separators \(default: -vhs-<preset> for degrade, -restored for restore\)/);
  assert.doesNotMatch(help, /-denoised/);
  assert.equal(formatMegapixels(0.0016), '0.0016');
  assert.equal(formatMegapixels(0.04), '0.04');
  assert.equal(formatMegapixels(12.345), '12.3');
  assert.equal(formatMegapixels(151.6), '152');
});

test('defect 11: upscale refuses with a megapixel figure that does not round to 0', withDir(async (dir) => {
  await writeImage(path.join(dir, 'a.png'), scene(20, 20));
  const r = await json(['upscale', path.join(dir, 'a.png'), '-o', path.join(dir, 'out'), '--max-megapixels', '0.001']);
  assert.equal(r.code, 1);
  assert.match(r.s.files[0]?.error ?? '', /would be 0\.0016 megapixels \(40×40\), above --max-megapixels 0\.001/);
}));

test('defect 11: vhs degrade warns when the fit crops away most of the picture or enlarges it far', withDir(async (dir) => {
  await writeImage(path.join(dir, 'strip.png'), scene(2000, 20));
  await writeImage(path.join(dir, 'dot.png'), scene(1, 1));
  await writeImage(path.join(dir, 'normal.png'), scene(384, 288));
  const r = await json(['vhs', 'degrade', dir, '-o', path.join(dir, 'out')]);
  assert.equal(r.code, 0);
  const w = Object.fromEntries(r.s.files.map((f) => [path.basename(f.input), (f.warnings ?? []).join(' | ')]));
  assert.match(w['strip.png'] ?? '', /fitting the 2000×20 picture to the frame kept only 27×20 of it/);
  assert.match(w['dot.png'] ?? '', /the 1×1 picture was enlarged 768× to 768×576/);
  assert.equal(w['normal.png'], '');
}));
