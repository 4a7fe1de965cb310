import { promises as fsp } from 'fs';
import { dirname, resolve as resolvePath } from 'path';
import { crashArmed, crashPoint } from './crashPoint';
import { toFsPath } from './fsPath';
import { publishTemporary, temporaryPathFor } from './internal';

/** Options of {@link copyFileAtomic}. */
export interface CopyFileAtomicOptions {
  /** Replace an existing `dest`. @default false */
  overwrite?: boolean;
}

/** What {@link copyFileAtomic} did. */
export interface CopyFileAtomicResult {
  /** Absolute path of the copy. */
  path: string;
  bytes: number;
}

/**
 * Copies a file atomically, the way {@link writeImage} writes: the bytes go to a hidden temporary
 * file beside `dest` (`.name.<pid>.<hex>.tmp`), are flushed to disk, and the temporary is then
 * renamed (with `overwrite`) or hard-linked (without: an existing file is never replaced) to
 * `dest`. A crash at any point leaves either no `dest` or the complete copy, never a truncated file
 * under the final name. Parent folders are created. Names that are not valid UTF-8 are accepted in
 * the escaped form of {@link decodeFsName}.
 * @throws Error with code `EEXIST` when `dest` exists and `overwrite` is false; the OS error for
 *   an unreadable `src` or an unwritable folder (the temporary file is removed).
 */
export async function copyFileAtomic(src: string, dest: string, options: CopyFileAtomicOptions = {}): Promise<CopyFileAtomicResult> {
  if (typeof src !== 'string' || src === '') throw new TypeError(`copyFileAtomic: src must be a non-empty path, got ${JSON.stringify(src)}`);
  if (typeof dest !== 'string' || dest === '') throw new TypeError(`copyFileAtomic: dest must be a non-empty path, got ${JSON.stringify(dest)}`);
  const target = resolvePath(dest);
  const temp = temporaryPathFor(target);
  const input = await fsp.open(toFsPath(src), 'r');
  try {
    await fsp.mkdir(toFsPath(dirname(target)), { recursive: true });
  } catch (err) {
    await input.close();
    throw err;
  }
  let tempExists = false;
  let bytes = 0;
  try {
    const { size } = await input.stat();
    const output = await fsp.open(toFsPath(temp), 'wx', 0o666);
    tempExists = true;
    try {
      const chunk = Buffer.allocUnsafe(1 << 20);
      const crashAt = crashArmed('copy-file') ? size >> 1 : -1;
      for (;;) {
        const want = crashAt >= 0 && bytes < crashAt ? Math.min(chunk.length, crashAt - bytes) : chunk.length;
        const { bytesRead } = await input.read(chunk, 0, want, bytes);
        if (bytesRead === 0) break;
        await output.write(chunk, 0, bytesRead);
        bytes += bytesRead;
        if (bytes === crashAt) {
          await output.sync();
          crashPoint('copy-file');
        }
      }
      await output.sync();
    } finally {
      await output.close();
    }
    await publishTemporary(temp, target, options.overwrite === true);
    tempExists = false;
  } finally {
    await input.close();
    if (tempExists) await fsp.rm(toFsPath(temp), { force: true }).catch(() => undefined);
  }
  return { path: target, bytes };
}
