// Decodes the golden fixtures written by scripts/golden/make_filters_metrics.py.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createImage, type Image } from '../../image';

/** An image as stored in a fixture: base64 8-bit (`u8`) or float32 little-endian (`f32`) samples. */
export interface EncodedImage {
  width: number;
  height: number;
  channels: 1 | 3;
  u8?: string;
  f32?: string;
}

/** Reads `lib/<folder>/__tests__/fixtures/<name>` (tests run from dist/, the JSON stays in lib/). */
export function readFixture<T>(folder: string, name: string): T {
  const file = path.resolve(__dirname, '..', '..', '..', 'lib', folder, '__tests__', 'fixtures', name);
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** The samples of an encoded image on the [0, 1] scale (u8 / 255) or as stored (f32). */
export function decodeImage(e: EncodedImage): Image {
  if (e.u8 !== undefined) {
    const bytes = Buffer.from(e.u8, 'base64');
    const data = new Float32Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) data[i] = bytes[i] / 255;
    return createImage(e.width, e.height, e.channels, data);
  }
  if (e.f32 !== undefined) {
    const bytes = Buffer.from(e.f32, 'base64');
    const data = new Float32Array(bytes.length / 4);
    for (let i = 0; i < data.length; i++) data[i] = bytes.readFloatLE(4 * i);
    return createImage(e.width, e.height, e.channels, data);
  }
  throw new Error('fixture image has neither u8 nor f32 samples');
}

/** Largest absolute difference between two equally long sample arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
