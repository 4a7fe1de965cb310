import { promises as fsp } from 'fs';
import { dirname, resolve as resolvePath } from 'path';
import { toFsPath } from './fsPath';
import { publishTemporary, temporaryPathFor } from './internal';

/**
 * Writes `bytes` to `target` atomically, as {@link copyFileAtomic} copies: a hidden temporary file
 * beside `target` (`.name.<pid>.<hex>.tmp`, the names `removeStaleTemporaries` recognises), flushed
 * to disk, then renamed over `target`. A reader, or a re-run after kill -9, sees the old file or the
 * whole new one, never a partial file under the final name. Parent folders are created; an existing
 * `target` is replaced.
 * @throws the OS error (the temporary file is removed).
 */
export async function writeFileAtomic(target: string, bytes: Uint8Array | string): Promise<void> {
  if (typeof target !== 'string' || target === '') throw new TypeError(`writeFileAtomic: target must be a non-empty path, got ${JSON.stringify(target)}`);
  const file = resolvePath(target);
  await fsp.mkdir(toFsPath(dirname(file)), { recursive: true });
  const temp = temporaryPathFor(file);
  try {
    const fh = await fsp.open(toFsPath(temp), 'wx');
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await publishTemporary(temp, file, true);
  } catch (e) {
    await fsp.rm(toFsPath(temp), { force: true }).catch(() => undefined);
    throw e;
  }
}
