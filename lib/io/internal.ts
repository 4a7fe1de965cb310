/**
 * Helpers shared by the io operations (not exported from the barrel): checking a read source,
 * turning sharp/libvips and OS errors into typed errors, and the table of writable formats.
 */
import { promises as fsp } from 'fs';
import { ImageReadError } from './errors';

/** The formats tounum-lab writes. */
export const WRITE_FORMATS = ['png', 'jpeg', 'webp', 'tiff'] as const;
export type WriteFormat = (typeof WRITE_FORMATS)[number];

/** File extensions (lower case, with dot) → format. */
export const EXTENSION_FORMATS: Readonly<Record<string, WriteFormat>> = {
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.jpe': 'jpeg',
  '.jfif': 'jpeg',
  '.webp': 'webp',
  '.tif': 'tiff',
  '.tiff': 'tiff',
};

export type ReadInput = string | Buffer | Uint8Array;

/** Validates the `input` argument of the read functions (TypeError for the wrong type). */
export function checkReadInput(input: unknown, fn: string): asserts input is ReadInput {
  if (typeof input === 'string') {
    if (input.length === 0) throw new TypeError(`${fn}: input must be a non-empty path or a Buffer, got an empty string`);
    return;
  }
  if (input instanceof Uint8Array) return;
  throw new TypeError(`${fn}: input must be a file path (string) or a Buffer, got ${input === null ? 'null' : typeof input}`);
}

function formatBytes(n: number): string {
  return `${n.toLocaleString('en-US')} byte${n === 1 ? '' : 's'}`;
}

/**
 * Checks that a path names a readable non-empty regular file, or that a buffer is non-empty,
 * and returns what to hand to sharp. Throws {@link ImageReadError} otherwise.
 */
export async function openReadSource(input: ReadInput): Promise<{ sharpInput: string | Buffer; path?: string; bytes: number }> {
  if (typeof input !== 'string') {
    const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (buf.length === 0) throw new ImageReadError('empty', undefined, 'buffer is empty (0 bytes)', { bytes: 0 });
    return { sharpInput: buf, bytes: buf.length };
  }
  let st;
  try {
    st = await fsp.stat(input);
  } catch (err) {
    throw readErrorFromOs(err, input);
  }
  if (!st.isFile()) throw new ImageReadError('not-a-file', input, st.isDirectory() ? 'is a directory, not a file' : 'is not a regular file');
  if (st.size === 0) throw new ImageReadError('empty', input, 'file is empty (0 bytes)');
  try {
    await fsp.access(input, 4 /* fs.constants.R_OK */);
  } catch (err) {
    throw readErrorFromOs(err, input);
  }
  return { sharpInput: input, path: input, bytes: st.size };
}

function readErrorFromOs(err: unknown, path: string): ImageReadError {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new ImageReadError('missing', path, 'no such file', { cause: err });
  if (code === 'EACCES' || code === 'EPERM') return new ImageReadError('permission', path, 'permission denied', { cause: err });
  return new ImageReadError('io', path, `${code ?? 'error'}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
}

/**
 * Maps a sharp/libvips error to a typed {@link ImageReadError}. libvips reports problems as free
 * text, so this matches the phrases its loaders use (libspng, libjpeg, libtiff, libwebp, giflib).
 */
export function readErrorFromSharp(err: unknown, path: string | undefined, bytes: number): ImageReadError {
  if (err instanceof ImageReadError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  const first = msg.split('\n')[0].trim();
  const opts = { cause: err, bytes };
  if (/unsupported image format/i.test(msg)) {
    return new ImageReadError('not-an-image', path, `not a recognised image format (${formatBytes(bytes)} that no image decoder accepts)`, opts);
  }
  if (/exceeds pixel limit/i.test(msg)) return new ImageReadError('too-large', path, 'image exceeds the maxPixels limit', opts);
  if (/premature end|end of stream|end of file|unexpected end|truncat|read error|not enough data|out of data|short read/i.test(msg)) {
    return new ImageReadError('truncated', path, `file is truncated or incomplete (${first})`, opts);
  }
  if (/not supported|unsupported|no known saver|no loader|not available/i.test(msg)) {
    return new ImageReadError('unsupported', path, `image variant is not supported (${first})`, opts);
  }
  if (/Input file is missing/i.test(msg)) return new ImageReadError('missing', path, 'no such file', opts);
  return new ImageReadError('corrupt', path, `image data is damaged (${first})`, opts);
}

/** Bits per sample for a libvips band format name. */
export function depthToBits(depth: string | undefined): number {
  switch (depth) {
    case 'uchar':
    case 'char':
      return 8;
    case 'ushort':
    case 'short':
      return 16;
    case 'double':
    case 'dpcomplex':
      return 64;
    case undefined:
      return 8;
    default:
      return 32;
  }
}

/**
 * Whether the last bytes of an encoded image hold the format's end marker (PNG `IEND`, JPEG `FFD9`,
 * GIF `3B`). `undefined` when the format has no such marker. Used to tell a truncated file from a
 * damaged one when the decoder's message is ambiguous.
 */
export async function hasEndMarker(source: string | Buffer, format: string | undefined): Promise<boolean | undefined> {
  if (format !== 'png' && format !== 'jpeg' && format !== 'gif') return undefined;
  const n = 64;
  let tail: Buffer;
  if (typeof source === 'string') {
    const fh = await fsp.open(source, 'r');
    try {
      const { size } = await fh.stat();
      const len = Math.min(n, size);
      tail = Buffer.alloc(len);
      await fh.read(tail, 0, len, size - len);
    } finally {
      await fh.close();
    }
  } else {
    tail = source.subarray(Math.max(0, source.length - n));
  }
  if (format === 'png') return tail.includes(Buffer.from('IEND', 'latin1'));
  if (format === 'jpeg') return tail.includes(Buffer.from([0xff, 0xd9]));
  return tail.length > 0 && tail[tail.length - 1] === 0x3b;
}
