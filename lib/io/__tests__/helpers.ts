// Shared by the io tests: temporary directories, fixtures and tiny image builders.
import { mkdtempSync, rmSync, readdirSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import sharp from 'sharp';
import type { Image } from '../../image';

/** lib/io/__tests__/fixtures, found from the compiled test in dist/io/__tests__. */
export const FIXTURES = resolve(__dirname, '../../../lib/io/__tests__/fixtures');

/** A fresh temporary directory and a function removing it. */
export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tounum-io-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Directory entries, sorted (to assert that no temporary file is left behind). */
export function listDir(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** An image whose samples are `f(index)`. */
export function makeImage(width: number, height: number, channels: 1 | 3, f: (i: number) => number): Image {
  const data = new Float32Array(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = f(i);
  return { data, width, height, channels };
}

/** Encodes raw 8-bit samples with sharp; `grey` keeps 1–2 channel data grey in the file. */
export function rawSharp(bytes: number[] | Uint8Array, width: number, height: number, channels: 1 | 2 | 3 | 4): sharp.Sharp {
  const s = sharp(Uint8Array.from(bytes), { raw: { width, height, channels } });
  return channels <= 2 ? s.toColourspace('b-w') : s;
}

/** A noisy RGB image (incompressible, so cutting the file in half really loses pixel data). */
export function noisySharp(width: number, height: number): sharp.Sharp {
  return sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 0 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } } });
}

/** Sample at (x, y, c). */
export function at(image: Image, x: number, y: number, c = 0): number {
  return image.data[(y * image.width + x) * image.channels + c];
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 as PNG chunks use it. */
export function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A copy of a PNG whose IHDR claims `width`×`height` (with a valid CRC) but whose data is unchanged. */
export function pngWithClaimedSize(png: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(png);
  // Signature (8) + length (4) + 'IHDR' (4) → width at 16, height at 20, CRC after 13 data bytes at 29.
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}
