/**
 * Helpers shared by the io operations (not exported from the barrel): checking a read source,
 * turning sharp/libvips and OS errors into typed errors, and the table of writable formats.
 */
import { randomBytes } from 'crypto';
import { promises as fsp } from 'fs';
import { basename, dirname, join } from 'path';
import { ImageReadError } from './errors';
import { toFsPath } from './fsPath';

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
  const fsInput = toFsPath(input);
  let st;
  try {
    st = await fsp.stat(fsInput);
  } catch (err) {
    const link = await fsp.lstat(fsInput).then((l) => l.isSymbolicLink(), () => false);
    if (link && (err as NodeJS.ErrnoException).code === 'ENOENT') throw new ImageReadError('missing', input, 'dangling symbolic link (its target does not exist)', { cause: err });
    if (link && (err as NodeJS.ErrnoException).code === 'ELOOP') throw new ImageReadError('io', input, 'symbolic link loop (too many levels of symbolic links)', { cause: err });
    throw readErrorFromOs(err, input);
  }
  if (!st.isFile()) throw new ImageReadError('not-a-file', input, st.isDirectory() ? 'is a directory, not a file' : 'is not a regular file');
  if (st.size === 0) throw new ImageReadError('empty', input, 'file is empty (0 bytes)');
  try {
    await fsp.access(fsInput, 4 /* fs.constants.R_OK */);
  } catch (err) {
    throw readErrorFromOs(err, input);
  }
  // sharp opens paths as UTF-8: a name that is not is read here and handed over as bytes.
  if (typeof fsInput !== 'string') {
    try {
      return { sharpInput: await fsp.readFile(fsInput), path: input, bytes: st.size };
    } catch (err) {
      throw readErrorFromOs(err, input);
    }
  }
  return { sharpInput: input, path: input, bytes: st.size };
}

/** The OS error message without its `CODE: ` prefix and `, syscall 'path'` suffix (the path is named already). */
export function osErrorText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  let msg = err instanceof Error ? err.message : String(err);
  if (code !== undefined && msg.startsWith(`${code}: `)) msg = msg.slice(code.length + 2);
  msg = msg.replace(/, \w+ '.*'$/su, '');
  return code !== undefined && !msg.includes(code) ? `${msg} (${code})` : msg;
}

function readErrorFromOs(err: unknown, path: string): ImageReadError {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new ImageReadError('missing', path, 'no such file', { cause: err });
  if (code === 'EACCES' || code === 'EPERM') return new ImageReadError('permission', path, 'permission denied', { cause: err });
  return new ImageReadError('io', path, osErrorText(err), { cause: err });
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

/** The format a file's first bytes announce (magic numbers), or undefined. */
export async function sniffFormat(source: string | Buffer): Promise<string | undefined> {
  let head: Buffer;
  if (typeof source === 'string') {
    const fh = await fsp.open(source, 'r');
    try {
      head = Buffer.alloc(12);
      const { bytesRead } = await fh.read(head, 0, 12, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } else head = source.subarray(0, 12);
  const starts = (...b: number[]): boolean => b.every((v, i) => head[i] === v);
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a) || starts(0x49, 0x49, 0x2b, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2b)) return 'TIFF';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'PNG';
  if (starts(0xff, 0xd8, 0xff)) return 'JPEG';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'GIF';
  if (starts(0x52, 0x49, 0x46, 0x46) && head.subarray(8, 12).toString('latin1') === 'WEBP') return 'WebP';
  if (head.subarray(4, 8).toString('latin1') === 'ftyp') return 'HEIF/AVIF';
  if (starts(0x42, 0x4d)) return 'BMP';
  return undefined;
}

/**
 * A file libvips does not recognise but whose first bytes announce a known format is damaged or cut
 * short (e.g. a TIFF whose directory is missing), not "not an image"; BMP gets its own message.
 */
export async function refineNotAnImage(e: ImageReadError, source: string | Buffer): Promise<ImageReadError> {
  if (e.reason !== 'not-an-image') return e;
  const format = await sniffFormat(source).catch(() => undefined);
  const detail = e.cause instanceof Error ? e.cause.message.split('\n')[0]?.trim() : undefined;
  const opts = { cause: e.cause };
  if (format === 'BMP') return new ImageReadError('unsupported', e.path, 'BMP (Windows bitmap) is not a format the reader (sharp/libvips) decodes; convert it to PNG or TIFF first', opts);
  if (format !== undefined) return new ImageReadError('corrupt', e.path, `starts like a ${format} file but cannot be decoded: it is truncated or damaged${detail ? ` (${detail})` : ''}`, opts);
  return e;
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

/**
 * Name of the hidden temporary file a writer fills before publishing `target` by a rename or link:
 * `.<name>.<pid>.<12 hex>.tmp` in the same folder (same filesystem, so the rename is atomic).
 * {@link TEMPORARY_NAME} matches exactly these names, so that stale ones can be removed safely.
 */
export function temporaryPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Names made by {@link temporaryPathFor}; group 1 is the target's name, group 2 the writer's pid. */
export const TEMPORARY_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/su;

/**
 * Publishes a complete temporary file under `target`: a rename when replacing is allowed,
 * otherwise a hard link (which fails with EEXIST instead of replacing a file created meanwhile)
 * and an unlink of the temporary.
 * @throws the OS error; code `EEXIST` when `target` exists and `overwrite` is false (the temporary is then left to the caller).
 */
export async function publishTemporary(temp: string, target: string, overwrite: boolean): Promise<void> {
  const t = toFsPath(temp);
  const f = toFsPath(target);
  if (overwrite) {
    await fsp.rename(t, f);
    return;
  }
  try {
    await fsp.link(t, f);
    await fsp.rm(t, { force: true });
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'ENOSYS') throw err;
  }
  // Filesystems without hard links (FAT, some network shares): best effort.
  if (await fsp.stat(f).then(() => true, () => false)) throw Object.assign(new Error(`EEXIST: file already exists, link '${target}'`), { code: 'EEXIST' });
  await fsp.rename(t, f);
}
