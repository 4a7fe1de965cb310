#!/usr/bin/env node
// The bad-input corpus of the reliability tests (issue 15): the kinds of file a batch over a real
// archive meets — damaged, truncated, empty, mis-named, huge, odd colour models, EXIF rotations,
// animations, links, folders named like images, names that are not UTF-8 — made from a few mirror
// photos at test time (nothing binary is committed).
//
// Usage: node scripts/make-bad-corpus.js OUTDIR [--photos DIR]   (prints one line per file)
// As a module: const { makeBadCorpus } = require('./scripts/make-bad-corpus.js');
//              const entries = await makeBadCorpus(dir, { photos: [...paths] });
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const sharp = require('sharp');

const ROOT = path.resolve(__dirname, '..');
const MIRROR = process.env.TOUNUM_DATA_MIRROR || path.resolve(ROOT, '..', 'shared', 'datasets');

/** Two PACS photos (227×227 JPEG) from the dataset mirror: real camera pictures, small enough for every command. */
function defaultPhotos() {
  const dir = path.join(MIRROR, 'pacs', 'photo', 'dog');
  if (!fs.existsSync(dir)) throw new Error(`make-bad-corpus: no mirror photos in ${dir}; set TOUNUM_DATA_MIRROR or pass photos`);
  return fs.readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort().slice(0, 2).map((f) => path.join(dir, f));
}

const crc32 = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
})();

function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A few hundred bytes that declare a 30000×30000 grey PNG (900 megapixels): a decompression bomb's header. */
function bombPng() {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(30000, 0);
  ihdr.writeUInt32BE(30000, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey
  // The first rows of zeros (filter byte + samples), compressed: a real bomb continues like this for 900 MB.
  const idat = zlib.deflateSync(Buffer.alloc(30001 * 8), { level: 9 });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

/** Garbles entropy-coded bytes after the JPEG's start of scan, keeping the end marker: decodes "half grey" with libjpeg warnings. */
function damageJpeg(jpeg) {
  const b = Buffer.from(jpeg);
  const sos = b.indexOf(Buffer.from([0xff, 0xda]));
  const from = sos + Math.floor((b.length - sos) * 0.3);
  const to = Math.min(b.length - 16, from + 200);
  for (let i = from; i < to; i++) b[i] = (i * 37) & 0xfe; // 0xfe mask: no accidental 0xff marker
  b[from + 100] = 0xff;
  b[from + 101] = 0xd0; // a restart marker where none belongs
  return b;
}

/** Adds junk bytes before the DQT marker: "Corrupt JPEG data: 3 extraneous bytes before marker 0xdb", harmless. */
function extraneousBytesJpeg(jpeg) {
  const at = jpeg.indexOf(Buffer.from([0xff, 0xdb]));
  return Buffer.concat([jpeg.subarray(0, at), Buffer.from([1, 2, 3]), jpeg.subarray(at)]);
}

/** A minimal 2×2 24-bit BMP (Windows bitmap): libvips has no BMP loader. */
function bmp() {
  const rowBytes = 8; // 2 px × 3 bytes, padded to 4
  const data = Buffer.alloc(rowBytes * 2, 0x80);
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + data.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(2, 18);
  header.writeInt32LE(2, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  header.writeUInt32LE(data.length, 34);
  return Buffer.concat([header, data]);
}

/**
 * Writes the corpus into `dir` (created; must be empty or absent). Each entry: `name` (file name as
 * a string; the non-UTF-8 one also has `bytes`), `kind` (what it tests) and `description`.
 * @param {string} dir
 * @param {{ photos?: string[], size?: number }} [options] photos: source pictures (default: two PACS
 *   photos of the mirror); size: side the sources are reduced to (default 64), so every command runs fast.
 */
async function makeBadCorpus(dir, options = {}) {
  const photos = options.photos || defaultPhotos();
  const size = options.size || 64;
  fs.mkdirSync(dir, { recursive: true });
  const entries = [];
  const put = (name, data, kind, description) => {
    fs.writeFileSync(path.join(dir, name), data);
    entries.push({ name, kind, description });
  };
  const [a, b] = photos.map((p) => sharp(p).resize(size, Math.round(size * 0.75), { fit: 'fill' }));
  const rgb = await a.clone().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = rgb.info;
  const fromRaw = (data, channels, extra = {}) => sharp(data, { raw: { width: w, height: h, channels, ...extra } });
  const jpeg = await a.clone().jpeg({ quality: 92 }).toBuffer();
  const png = await b.clone().png().toBuffer();
  const tif = await a.clone().tiff().toBuffer();

  put('photo.jpg', jpeg, 'valid', 'a mirror photo, reduced: the control');
  put('photo.png', png, 'valid', 'a second mirror photo as PNG');
  put('damaged-data.jpg', damageJpeg(jpeg), 'damaged', 'JPEG whose entropy-coded data is corrupt (decodes half grey)');
  put('extraneous-bytes.jpg', extraneousBytesJpeg(jpeg), 'warning', 'JPEG with 3 junk bytes before a marker (harmless libjpeg warning)');
  put('empty.jpg', Buffer.alloc(0), 'broken', '0 bytes');
  put('truncated.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'broken', 'JPEG cut in half (interrupted copy)');
  put('truncated.png', png.subarray(0, Math.floor(png.length / 2)), 'broken', 'PNG cut in half');
  put('truncated.tif', tif.subarray(0, Math.floor(tif.length / 2)), 'broken', 'TIFF cut in half');
  put('text.png', 'This is a text file, not a PNG.\n', 'broken', 'text named .png');
  put('bomb-30000x30000.png', bombPng(), 'broken', `a ${bombPng().length}-byte PNG declaring 30000×30000 pixels`);
  put('signature-only.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'broken', 'a PNG signature and nothing else');
  put('bitmap.bmp', bmp(), 'unsupported', 'Windows BMP (no libvips loader): skipped in folders, an error when named');

  // Precision and colour models.
  put('rgb16.png', await a.clone().toColourspace('rgb16').png().toBuffer(), 'valid', '16-bit RGB PNG');
  put('grey16.png', await a.clone().greyscale().toColourspace('grey16').png().toBuffer(), 'valid', '16-bit grey PNG');
  // sharp writes TIFF at 8 bits only; the library's own 16-bit TIFF encoder (dist/, built) writes this one.
  const { encodeTiff16 } = require(path.join(ROOT, 'dist', 'io', 'encodeTiff16.js'));
  const rgb16 = new Uint16Array(w * h * 3);
  for (let i = 0; i < rgb16.length; i++) rgb16[i] = rgb.data[i] * 257 + (i % 200);
  put('rgb16.tif', encodeTiff16(rgb16, w, h, 3), 'valid', '16-bit RGB TIFF');
  put('cmyk.jpg', await a.clone().toColourspace('cmyk').jpeg().toBuffer(), 'valid', 'CMYK JPEG (converted to sRGB)');
  put('palette.png', await b.clone().png({ palette: true, colours: 16 }).toBuffer(), 'valid', '16-colour palette PNG');
  put('grey.png', await a.clone().greyscale().toColourspace('b-w').png().toBuffer(), 'valid', '8-bit grey PNG');
  const greyAlpha = Buffer.alloc(w * h * 2);
  const rgba = Buffer.alloc(w * h * 4);
  for (let p = 0; p < w * h; p++) {
    const alpha = (p % w) < w / 2 ? 255 : 64;
    greyAlpha[2 * p] = rgb.data[3 * p];
    greyAlpha[2 * p + 1] = alpha;
    for (let c = 0; c < 3; c++) rgba[4 * p + c] = rgb.data[3 * p + c];
    rgba[4 * p + 3] = alpha;
  }
  put('grey-alpha.png', await fromRaw(greyAlpha, 2).toColourspace('b-w').png().toBuffer(), 'warning', 'grey + alpha PNG (alpha flattened: a warning)');
  put('rgba.png', await fromRaw(rgba, 4).png().toBuffer(), 'warning', 'RGBA PNG, half transparent (alpha flattened: a warning)');

  // EXIF orientations 1–8 (the reader rotates; the output is upright).
  for (let o = 1; o <= 8; o++) put(`orientation-${o}.jpg`, await a.clone().withMetadata({ orientation: o }).jpeg().toBuffer(), 'valid', `EXIF orientation ${o}`);

  // Several frames or pages.
  const frames = Buffer.concat([rgb.data, await b.clone().removeAlpha().raw().toBuffer(), Buffer.from(rgb.data).reverse()]);
  put('animated.gif', await sharp(frames, { raw: { width: w, height: h * 3, channels: 3, pageHeight: h } }).gif({ loop: 0, delay: [100, 100, 100] }).toBuffer(), 'warning', 'animated GIF, 3 frames (first frame only: a warning)');
  put('multipage.tif', await sharp(frames, { raw: { width: w, height: h * 3, channels: 3, pageHeight: h } }).tiff().toBuffer(), 'warning', 'multi-page TIFF, 3 pages (first page only: a warning)');
  put('photo.webp', await a.clone().webp().toBuffer(), 'valid', 'WebP');
  put('photo.avif', await a.clone().avif().toBuffer(), 'valid', 'AVIF (was skipped by the folder walk)');
  put('photo.jfif', jpeg, 'valid', 'JPEG named .jfif (was skipped by the folder walk)');
  put('photo.jpe', jpeg, 'valid', 'JPEG named .jpe (was skipped by the folder walk)');
  put('UPPER.JPG', jpeg, 'valid', 'upper-case extension');

  // Sizes.
  put('1x1.png', await sharp({ create: { width: 1, height: 1, channels: 3, background: { r: 200, g: 120, b: 40 } } }).png().toBuffer(), 'valid', '1×1 pixel');
  put('20000x20.png', await a.clone().resize(20000, 20, { fit: 'fill' }).png().toBuffer(), 'valid', '20000×20 strip (vhs degrade: crop warning)');

  // File-system oddities.
  fs.mkdirSync(path.join(dir, 'folder.jpg'));
  entries.push({ name: 'folder.jpg', kind: 'folder', description: 'an (empty) folder named like an image' });
  fs.symlinkSync('loop.jpg', path.join(dir, 'loop.jpg'));
  entries.push({ name: 'loop.jpg', kind: 'broken', description: 'symbolic link to itself (ELOOP)' });
  fs.symlinkSync('no-such-target.jpg', path.join(dir, 'dangling.jpg'));
  entries.push({ name: 'dangling.jpg', kind: 'broken', description: 'symbolic link to a missing file' });
  fs.symlinkSync('photo.jpg', path.join(dir, 'link-to-photo.jpg'));
  entries.push({ name: 'link-to-photo.jpg', kind: 'valid', description: 'symbolic link to a good file' });
  const latin1 = Buffer.from('caf\xe9-latin1.jpg', 'latin1'); // é as the single byte 0xE9: not UTF-8
  fs.writeFileSync(Buffer.concat([Buffer.from(dir + path.sep), latin1]), jpeg);
  entries.push({ name: 'caf\udce9-latin1.jpg', bytes: latin1, kind: 'valid', description: 'name in Latin-1 (byte 0xE9), not UTF-8' });
  put('unreadable.jpg', jpeg, 'permission', 'mode 000: unreadable by a non-root user (root reads it anyway)');
  fs.chmodSync(path.join(dir, 'unreadable.jpg'), 0o000);
  fs.writeFileSync(path.join(dir, '.hidden.jpg'), jpeg);
  entries.push({ name: '.hidden.jpg', kind: 'hidden', description: 'hidden file: not taken from folders' });
  return entries;
}

module.exports = { makeBadCorpus, damageJpeg, extraneousBytesJpeg, bombPng };

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    console.log('Usage: node scripts/make-bad-corpus.js OUTDIR [--photos DIR]\nWrites the bad-input corpus of the reliability tests into OUTDIR.');
    process.exit(args.length === 0 ? 2 : 0);
  }
  const pi = args.indexOf('--photos');
  const photos = pi >= 0 ? fs.readdirSync(args[pi + 1]).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort().slice(0, 2).map((f) => path.join(args[pi + 1], f)) : undefined;
  makeBadCorpus(args[0], photos ? { photos } : {}).then(
    (entries) => {
      for (const e of entries) console.log(`${e.kind.padEnd(11)} ${e.name.replace(/[\udc80-\udcff]/gu, (c) => `\\x${(c.charCodeAt(0) - 0xdc00).toString(16)}`).padEnd(24)} ${e.description}`);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
