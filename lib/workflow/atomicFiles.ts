import { randomBytes } from 'node:crypto';
import { promises as fsp, constants } from 'node:fs';
import path from 'node:path';

/** Hidden temporary name beside `target` (same folder, so the final rename is atomic). */
function tempFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes `bytes` to `target` atomically: a hidden temporary file in the same folder, flushed to disk,
 * then renamed over `target`. A reader, or a re-run after `kill -9`, sees the old file or the whole
 * new one, never a partial file under the final name. Replaces an existing `target` (the pipeline's
 * output names are derived from the input's hash, so a replacement has the same content).
 */
export async function writeFileAtomic(target: string, bytes: Uint8Array | string): Promise<void> {
  await fsp.mkdir(path.dirname(target), { recursive: true });
  const temp = tempFor(target);
  try {
    const fh = await fsp.open(temp, 'wx');
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(temp, target);
  } catch (e) {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/** Copies `source` to `target` byte for byte with the same guarantees as {@link writeFileAtomic}; `source` is only read. */
export async function copyFileAtomic(source: string, target: string): Promise<void> {
  await fsp.mkdir(path.dirname(target), { recursive: true });
  const temp = tempFor(target);
  try {
    await fsp.copyFile(source, temp, constants.COPYFILE_EXCL);
    const fh = await fsp.open(temp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(temp, target);
  } catch (e) {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
}
