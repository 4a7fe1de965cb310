import { promises as fsp } from 'fs';
import { join } from 'path';
import { decodeFsName, toFsPath } from './fsPath';
import { TEMPORARY_NAME } from './internal';

/** Options of {@link removeStaleTemporaries}. */
export interface RemoveStaleTemporariesOptions {
  /** Look in sub-folders too. @default true */
  recursive?: boolean;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files that {@link writeImage} and {@link copyFileAtomic} leave when they
 * are killed mid-write (`kill -9`, power loss): files named exactly `.<name>.<pid>.<12 hex>.tmp`
 * whose writer process is no longer running. Nothing else is touched — not other hidden files,
 * not the temporaries of a writer that is still running.
 * @param dir - folder to clean; a missing folder is not an error.
 * @returns the paths removed.
 */
export async function removeStaleTemporaries(dir: string, options: RemoveStaleTemporariesOptions = {}): Promise<string[]> {
  const recursive = options.recursive ?? true;
  const removed: string[] = [];
  const visit = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await fsp.readdir(toFsPath(d), { withFileTypes: true, encoding: 'buffer' });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES') return;
      throw err;
    }
    for (const e of entries) {
      const name = decodeFsName(e.name);
      const p = join(d, name);
      if (e.isDirectory()) {
        if (recursive) await visit(p);
        continue;
      }
      const m = TEMPORARY_NAME.exec(name);
      if (!m || !e.isFile() || isRunning(Number(m[2]))) continue;
      await fsp.rm(toFsPath(p), { force: true });
      removed.push(p);
    }
  };
  await visit(dir);
  return removed;
}
