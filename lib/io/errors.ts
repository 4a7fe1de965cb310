import { displayPath } from './fsPath';

/** Why {@link readImage} / {@link readImageMetadata} failed. */
export type ImageReadReason =
  /** No file at that path (ENOENT / ENOTDIR). */
  | 'missing'
  /** The path exists but is a directory or another non-regular file. */
  | 'not-a-file'
  /** The file exists but cannot be opened (EACCES / EPERM). */
  | 'permission'
  /** The file or buffer has 0 bytes. */
  | 'empty'
  /** The file starts like an image but ends early (e.g. an interrupted copy). */
  | 'truncated'
  /** The file is an image format, but its data is damaged. */
  | 'corrupt'
  /** The bytes are not any image format sharp/libvips knows (e.g. a text file). */
  | 'not-an-image'
  /** The image has more pixels than the `maxPixels` option allows (checked before decoding). */
  | 'too-large'
  /** A known image format, but a variant tounum-lab cannot turn into a grey/RGB image. */
  | 'unsupported'
  /** Any other operating-system error while reading. */
  | 'io';

/** Why {@link writeImage} / {@link encodeImage} failed. */
export type ImageWriteReason =
  /** The format is neither given nor recognisable from the file extension. */
  | 'unknown-format'
  /** The `format` option disagrees with the file extension (e.g. format 'png' for `x.jpg`). */
  | 'format-mismatch'
  /** The target exists and `overwrite` is not `true`. */
  | 'exists'
  /** The target is the image's own input file and `allowOverwriteInput` is not `true`. */
  | 'is-input'
  /** The parent directory does not exist and `mkdir` is `false`. */
  | 'no-directory'
  /** The target (or its parent) exists but is a directory / not a regular file. */
  | 'not-a-file'
  /** The operating system refused access (EACCES / EPERM / EROFS). */
  | 'permission'
  /** sharp/libvips failed to encode the pixels. */
  | 'encode-failed'
  /** Any other operating-system error while writing (ENOSPC, EIO, …). */
  | 'io';

/**
 * A file or buffer could not be read as an image. The message names the source and the problem,
 * e.g. `cannot read image /x/y.jpg: file is empty (0 bytes)`; `reason` is for programs.
 */
export class ImageReadError extends Error {
  override name = 'ImageReadError';
  /** The path as given by the caller; absent when reading from a Buffer. */
  readonly path?: string;
  readonly reason: ImageReadReason;

  constructor(reason: ImageReadReason, source: string | undefined, problem: string, options?: { cause?: unknown; bytes?: number }) {
    const where = source === undefined ? `<Buffer of ${options?.bytes ?? '?'} bytes>` : displayPath(source);
    super(`cannot read image ${where}: ${problem}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    if (source !== undefined) this.path = source;
  }
}

/**
 * An image could not be encoded or written. The message names the target and the problem,
 * e.g. `cannot write image /x/y.png: file already exists (pass overwrite: true to replace it)`.
 */
export class ImageWriteError extends Error {
  override name = 'ImageWriteError';
  /** The target path as given by the caller; absent for {@link encodeImage}. */
  readonly path?: string;
  readonly reason: ImageWriteReason;

  constructor(reason: ImageWriteReason, target: string | undefined, problem: string, options?: { cause?: unknown }) {
    super(`cannot ${target === undefined ? 'encode image' : `write image ${displayPath(target)}`}: ${problem}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    if (target !== undefined) this.path = target;
  }
}
