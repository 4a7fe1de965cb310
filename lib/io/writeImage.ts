import { promises as fsp, type Stats } from 'fs';
import { basename, dirname, extname, join, resolve as resolvePath } from 'path';
import { assertImage, type Image } from '../image';
import { encodeValidated, resolveEncodeOptions, type EncodeImageOptions } from './encodeImage';
import { ImageWriteError, type ImageWriteReason } from './errors';
import { getImageSource } from './imageSource';
import { crashArmed, crashPoint } from './crashPoint';
import { decodeFsName, toFsPath } from './fsPath';
import { EXTENSION_FORMATS, osErrorText, publishTemporary, temporaryPathFor, WRITE_FORMATS, type WriteFormat } from './internal';
import { booleanValue } from '../validate';

export interface WriteImageOptions extends EncodeImageOptions {
  /**
   * Output format. When absent it comes from the extension (.png, .jpg/.jpeg/.jpe/.jfif, .webp,
   * .tif/.tiff, any case); an unknown extension is an error. When given and the extension is a
   * known image extension of another format, that is an error too (`format-mismatch`).
   * @default from the extension
   */
  format?: WriteFormat;
  /** Replace an existing file. @default false */
  overwrite?: boolean;
  /**
   * Files this image was computed from. Writing onto one of them is refused (`is-input`) even with
   * `overwrite: true`, unless `allowOverwriteInput` is set. The file an image was read from by
   * {@link readImage} is recorded on that object and always counts, but derived images (results of
   * filters) do not carry it: pass the originals here, e.g. `{ inputPath: srcPath }`.
   * Paths are compared after resolving symlinks, and by device/inode (hard links).
   * @default []
   */
  inputPath?: string | readonly string[];
  /** Allow overwriting one of the input files (still needs `overwrite: true`). @default false */
  allowOverwriteInput?: boolean;
  /** Create missing parent directories (like `mkdir -p`). @default true */
  mkdir?: boolean;
}

/** What {@link writeImage} wrote. */
export interface WriteImageResult {
  /** Absolute path of the written file. */
  path: string;
  /** Size of the written file in bytes. */
  bytes: number;
}

/**
 * Writes an {@link Image} to a PNG, JPEG, WebP or TIFF file, atomically.
 *
 * The image is encoded in memory first (see {@link encodeImage} for clipping, rounding, bit depth
 * and quality), then written to a hidden temporary file in the target directory, flushed to disk and
 * moved into place with a rename (or a hard link when not overwriting, so that a file created
 * meanwhile by someone else is never replaced). Readers therefore see either the old file or the
 * complete new one; on any failure the temporary file is removed and the target is untouched.
 *
 * Safety: an existing target is refused unless `overwrite: true`; the image's own input file(s)
 * (see `inputPath`) are refused even then, unless `allowOverwriteInput: true`.
 *
 * @param path - target file path (relative paths resolve against `process.cwd()`).
 * @throws TypeError / RangeError for bad arguments, a malformed image or bad options.
 * @throws {@link ImageWriteError} with `reason` `'unknown-format' | 'format-mismatch' | 'exists' |
 *   'is-input' | 'no-directory' | 'not-a-file' | 'permission' | 'encode-failed' | 'io'`; the message
 *   names the file, e.g. `cannot write image out/a.png: file already exists (pass overwrite: true to replace it)`.
 */
export async function writeImage(path: string, image: Image, options: WriteImageOptions = {}): Promise<WriteImageResult> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError(`writeImage: path must be a non-empty string, got ${JSON.stringify(path)}`);
  assertImage(image, 'image');
  if (options === null || typeof options !== 'object') throw new TypeError(`writeImage: options must be an object, got ${String(options)}`);
  for (const key of ['overwrite', 'allowOverwriteInput', 'mkdir'] as const) {
    if (options[key] !== undefined) booleanValue('writeImage', `options.${key}`, options[key]);
  }
  const inputPaths = options.inputPath === undefined ? [] : typeof options.inputPath === 'string' ? [options.inputPath] : options.inputPath;
  if (!Array.isArray(inputPaths) || !inputPaths.every((p) => typeof p === 'string' && p.length > 0)) {
    throw new TypeError(`writeImage: options.inputPath must be a path or an array of paths, got ${JSON.stringify(options.inputPath)}`);
  }
  const ext = extname(path).toLowerCase();
  const fromExt = EXTENSION_FORMATS[ext];
  if (options.format === undefined && fromExt === undefined) {
    throw new ImageWriteError(
      'unknown-format',
      path,
      `cannot tell the format from the extension ${ext ? `'${ext}'` : '(none)'}; use one of ${Object.keys(EXTENSION_FORMATS).join(' ')} or pass options.format (${WRITE_FORMATS.join(', ')})`,
    );
  }
  const enc = resolveEncodeOptions(options, 'writeImage', fromExt);
  if (fromExt !== undefined && fromExt !== enc.format) {
    throw new ImageWriteError('format-mismatch', path, `options.format is '${enc.format}' but the extension '${ext}' means ${fromExt}`);
  }
  const overwrite = options.overwrite ?? false;
  const allowOverwriteInput = options.allowOverwriteInput ?? false;
  const target = resolvePath(path);
  const dir = dirname(target);

  const existing = await statOrNull(target, path);
  if (existing && !existing.isFile()) throw new ImageWriteError('not-a-file', path, existing.isDirectory() ? 'target is a directory' : 'target exists and is not a regular file');
  if (!allowOverwriteInput) {
    const sources = [getImageSource(image), ...inputPaths].filter((p): p is string => p !== undefined);
    for (const src of sources) {
      if (await sameFile(target, existing, src)) {
        throw new ImageWriteError('is-input', path, `refusing to overwrite the image's own input file ${src} (pass allowOverwriteInput: true to allow it)`);
      }
    }
  }
  if (existing && !overwrite) throw new ImageWriteError('exists', path, 'file already exists (pass overwrite: true to replace it)');

  const dirStat = await statOrNull(dir, path);
  if (dirStat === null) {
    if (options.mkdir === false) throw new ImageWriteError('no-directory', path, `directory ${dir} does not exist (pass mkdir: true to create it)`);
    try {
      await fsp.mkdir(toFsPath(dir), { recursive: true });
    } catch (err) {
      throw osError(err, path, `cannot create directory ${dir}`);
    }
  } else if (!dirStat.isDirectory()) {
    throw new ImageWriteError('not-a-file', path, `parent ${dir} is not a directory`);
  }

  const bytes = await encodeValidated(image, enc, path);
  const temp = temporaryPathFor(target);
  let tempExists = false;
  try {
    const fh = await fsp.open(toFsPath(temp), 'wx', 0o666);
    tempExists = true;
    try {
      if (crashArmed('write-image')) {
        await fh.write(bytes, 0, bytes.length >> 1);
        await fh.sync();
        crashPoint('write-image');
      }
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    // link() (when not overwriting) fails with EEXIST instead of replacing, closing the check-then-rename race.
    await publishTemporary(temp, target, overwrite);
    tempExists = false;
  } catch (err) {
    if (err instanceof ImageWriteError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new ImageWriteError('exists', path, 'file already exists (pass overwrite: true to replace it)', { cause: err });
    throw osError(err, path, 'write failed');
  } finally {
    if (tempExists) await fsp.rm(toFsPath(temp), { force: true }).catch(() => undefined);
  }
  return { path: target, bytes: bytes.length };
}

async function statOrNull(p: string, shown: string): Promise<Stats | null> {
  try {
    return await fsp.stat(toFsPath(p));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') throw new ImageWriteError('not-a-file', shown, `a parent of ${p} is not a directory`, { cause: err });
    throw osError(err, shown, `cannot inspect ${p}`);
  }
}

/** Whether `target` and `source` name the same file: same resolved path, or same device and inode. */
async function sameFile(target: string, targetStat: Stats | null, source: string): Promise<boolean> {
  const abs = resolvePath(source);
  if (abs === target) return true;
  const [realTarget, realSource] = await Promise.all([realpathOrSelf(target), realpathOrSelf(abs)]);
  if (realTarget === realSource) return true;
  if (targetStat === null) return false;
  const st = await fsp.stat(toFsPath(abs)).catch(() => null);
  return st !== null && st.dev === targetStat.dev && st.ino === targetStat.ino;
}

/** `fs.realpath` that keeps names which are not valid UTF-8 exact (see {@link decodeFsName}). */
async function realpathExact(p: string): Promise<string> {
  return decodeFsName(await fsp.realpath(toFsPath(p), { encoding: 'buffer' }));
}

async function realpathOrSelf(p: string): Promise<string> {
  try {
    return await realpathExact(p);
  } catch {
    // The file may not exist yet: resolve its directory instead.
    try {
      return join(await realpathExact(dirname(p)), basename(p));
    } catch {
      return p;
    }
  }
}

function osError(err: unknown, shown: string, what: string): ImageWriteError {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  let reason: ImageWriteReason = 'io';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') reason = 'permission';
  else if (code === 'EISDIR' || code === 'ENOTDIR') reason = 'not-a-file';
  return new ImageWriteError(reason, shown, `${what} (${osErrorText(err)})`, { cause: err });
}
