import sharp from 'sharp';
import { assertImage, type Image } from '../image';
import { ImageWriteError } from './errors';
import { encodeTiff16 } from './encodeTiff16';
import { WRITE_FORMATS, type WriteFormat } from './internal';
import { booleanValue, inRange, oneOf } from '../validate';

export type ImageFormat = WriteFormat;

export interface EncodeImageOptions {
  /** Output format. @default 'png' (for {@link writeImage}: taken from the file extension) */
  format?: ImageFormat;
  /**
   * Quality for lossy formats, an integer 1–100 (jpeg, and webp unless `lossless`); ignored by
   * png/tiff, which are lossless.
   * @default 90
   */
  quality?: number;
  /**
   * Bits per sample for png/tiff: 8 (values × 255) or 16 (values × 65535). jpeg/webp are 8-bit
   * only, so 16 with them is a RangeError rather than a silent loss of precision.
   * @default 8
   */
  bitDepth?: 8 | 16;
  /** webp only: lossless compression (then `quality` is ignored). @default false */
  lossless?: boolean;
}

/** @internal Options after validation. */
export interface ResolvedEncodeOptions {
  format: ImageFormat;
  quality: number;
  bitDepth: 8 | 16;
  lossless: boolean;
}

/** @internal Validates encode options; `fn` names the public function in messages. */
export function resolveEncodeOptions(options: EncodeImageOptions, fn: string, defaultFormat: ImageFormat | undefined): ResolvedEncodeOptions {
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}: options must be an object, got ${String(options)}`);
  const format = options.format ?? defaultFormat;
  if (format === undefined || !WRITE_FORMATS.includes(format)) {
    throw new RangeError(`${fn}: options.format must be one of ${WRITE_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  }
  const quality = options.quality ?? 90;
  inRange(fn, 'options.quality', quality, 1, 100, { integer: true, expected: 'an integer in 1–100' });
  const bitDepth = options.bitDepth ?? 8;
  oneOf(fn, 'options.bitDepth', bitDepth, [8, 16], '8 or 16');
  if (bitDepth === 16 && format !== 'png' && format !== 'tiff') {
    throw new RangeError(`${fn}: options.bitDepth 16 needs format png or tiff, got ${format} (which stores 8 bits per sample)`);
  }
  const lossless = options.lossless ?? false;
  booleanValue(fn, 'options.lossless', lossless);
  return { format, quality, bitDepth, lossless };
}

/**
 * Encodes an {@link Image} to PNG, JPEG, WebP or TIFF bytes in memory (e.g. for display or upload).
 *
 * Samples are clipped to [0, 1], scaled to 255 (8-bit) or 65535 (16-bit) and rounded to nearest.
 * Grey images are stored as 1-channel files, except WebP, which only stores RGB. No metadata
 * (EXIF, ICC) is written; values are taken to be sRGB-encoded. The input is not modified.
 *
 * @throws TypeError / RangeError for a malformed image (including NaN samples) or bad options.
 * @throws {@link ImageWriteError} with reason `'encode-failed'` if sharp/libvips fails.
 */
export async function encodeImage(image: Image, options: EncodeImageOptions = {}): Promise<Buffer> {
  assertImage(image, 'image');
  const opts = resolveEncodeOptions(options, 'encodeImage', 'png');
  return encodeValidated(image, opts, undefined);
}

/** @internal Encodes an already validated image; `target` only names the file in errors. */
export async function encodeValidated(image: Image, opts: ResolvedEncodeOptions, target: string | undefined): Promise<Buffer> {
  const { width, height, channels, data } = image;
  const max = opts.bitDepth === 16 ? 65535 : 255;
  const samples = opts.bitDepth === 16 ? new Uint16Array(data.length) : new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (Number.isNaN(v)) {
      const p = Math.floor(i / channels);
      throw new RangeError(`image.data contains NaN at index ${i} (x=${p % width}, y=${Math.floor(p / width)}, channel ${i % channels}); cannot encode`);
    }
    samples[i] = Math.round((v <= 0 ? 0 : v >= 1 ? 1 : v) * max);
  }
  try {
    if (opts.format === 'tiff' && opts.bitDepth === 16) return encodeTiff16(samples as Uint16Array, width, height, channels);
    const space = channels === 1 ? (opts.bitDepth === 16 ? 'grey16' : 'b-w') : opts.bitDepth === 16 ? 'rgb16' : 'srgb';
    const s = sharp(samples, { raw: { width, height, channels } }).toColourspace(space);
    switch (opts.format) {
      case 'png':
        return await s.png({ compressionLevel: 6, adaptiveFiltering: true }).toBuffer();
      case 'jpeg':
        return await s.jpeg({ quality: opts.quality }).toBuffer();
      case 'webp':
        return await s.webp(opts.lossless ? { lossless: true } : { quality: opts.quality }).toBuffer();
      case 'tiff':
        return await s.tiff({ compression: 'deflate' }).toBuffer();
    }
  } catch (err) {
    throw new ImageWriteError('encode-failed', target, `${opts.format} encoder failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`, { cause: err });
  }
}
