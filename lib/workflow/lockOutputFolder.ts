import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Name of the lock file a run keeps in its output folder. */
export const LOCK_FILE = '.tounum-pipeline.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the output folder for one run (single-machine or queue coordinator): the catalogue has one
 * writer, so two runs on the same folder would duplicate lines. The lock is a file created
 * exclusively with the owner's host and pid; a lock left by a dead process of this host (`kill -9`)
 * is taken over, one held by a live process or another host is an error.
 * @returns a function that releases the lock.
 * @throws Error naming the holder and the lock file.
 */
export async function lockOutputFolder(outDir: string): Promise<() => Promise<void>> {
  await fsp.mkdir(outDir, { recursive: true });
  const file = path.join(outDir, LOCK_FILE);
  const me = { host: os.hostname(), pid: process.pid, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fsp.writeFile(file, JSON.stringify(me) + '\n', { flag: 'wx' });
      return async () => {
        await fsp.rm(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder: { host?: string; pid?: number; since?: string } = {};
    try {
      holder = JSON.parse(await fsp.readFile(file, 'utf8')) as typeof holder;
    } catch {
      // Unreadable or half-written lock: treated as stale below only if it stays so.
    }
    const sameHost = holder.host === me.host;
    if (sameHost && typeof holder.pid === 'number' && !alive(holder.pid)) {
      await fsp.rm(file, { force: true });
      continue;
    }
    if (holder.pid === undefined && attempt < 2) {
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    throw new Error(
      `${outDir} is in use by another tounum pipeline run (${holder.host ?? '?'} pid ${holder.pid ?? '?'} since ${holder.since ?? '?'}); ` +
        `wait for it, or delete ${file} if no run is active${sameHost ? '' : ' on that machine'}`,
    );
  }
  throw new Error(`cannot take the lock ${file}`);
}
