import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findPackageRoot } from '../findPackageRoot';
import type { FetchLike, FetchResponseLike } from '../downloadDataset';
import { getDataset, getDownloadUrl } from '../registry';

/** The real mirror the project is developed against, or undefined when this machine has none. */
export function realMirror(): string | undefined {
  const dir = process.env.TOUNUM_DATA_MIRROR ?? path.resolve(findPackageRoot(), '..', 'shared', 'datasets');
  return fs.existsSync(path.join(dir, 'INDEX.md')) ? dir : undefined;
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tounum-${prefix}-`));
}

/** Copies a dataset folder of the real mirror (read-only files become writable). */
export function copyDataset(mirror: string, id: string, to: string): void {
  fs.cpSync(path.join(mirror, id), to, { recursive: true });
  (function chmod(dir: string): void {
    fs.chmodSync(dir, 0o755);
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) chmod(p);
      else fs.chmodSync(p, 0o644);
    }
  })(to);
}

export function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

/** A response whose body yields `chunks` then, if `failAfter` is set, rejects like a dropped connection. */
export function fakeResponse(status: number, chunks: Uint8Array[], failAfter = false): FetchResponseLike {
  let i = 0;
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: status === 404 ? 'Not Found' : '',
    body: {
      getReader: () => ({
        read: async () => {
          if (i < chunks.length) return { done: false, value: chunks[i++] };
          if (failAfter) throw new TypeError('terminated: other side closed');
          return { done: true };
        },
        cancel: async () => undefined,
      }),
    },
  };
}

/** A fake server for dataset `id` serving the bytes of `sourceDir`, honouring `Range`; records calls. */
export function fakeServer(
  id: string,
  sourceDir: string,
  tweak: (relPath: string, bytes: Buffer) => Buffer = (_p, b) => b,
): { fetch: FetchLike; calls: Array<{ url: string; range?: string }> } {
  const entry = getDataset(id);
  const byUrl = new Map<string, string>();
  for (const f of entry.manifest.files) byUrl.set(getDownloadUrl(entry, f.path) ?? '', f.path);
  const calls: Array<{ url: string; range?: string }> = [];
  const fetch: FetchLike = async (url, init) => {
    const range = init?.headers?.Range;
    calls.push({ url, range });
    const rel = byUrl.get(url);
    if (rel === undefined) return fakeResponse(404, []);
    const bytes = tweak(rel, fs.readFileSync(path.join(sourceDir, ...rel.split('/'))));
    const m = range === undefined ? null : /^bytes=(\d+)-$/.exec(range);
    if (m !== null) {
      const from = Number(m[1]);
      return fakeResponse(206, [bytes.subarray(from, from + 1000), bytes.subarray(from + 1000)]);
    }
    return fakeResponse(200, [bytes.subarray(0, 1000), bytes.subarray(1000)]);
  };
  return { fetch, calls };
}
