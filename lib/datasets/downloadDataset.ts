import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ManifestFile } from './DatasetEntry';
import { computeFileSha256 } from './computeFileSha256';
import { getDataLocations } from './findPackageRoot';
import { getDataset, getDownloadUrl } from './registry';
import { inRange } from '../validate';

/** Progress of a download, reported after every received chunk and every finished file. */
export interface DownloadProgress {
  /** Manifest path of the file the event is about. */
  file: string;
  /** Bytes of the dataset on disk and verified or being received so far. */
  bytesDone: number;
  /** Bytes of the whole dataset. */
  bytesTotal: number;
  /** Files complete and verified. */
  filesDone: number;
  filesTotal: number;
}

/** The subset of a `fetch` Response the downloader reads. */
export interface FetchResponseLike {
  ok: boolean;
  status: number;
  statusText?: string;
  body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel?(reason?: unknown): Promise<void> } } | null;
}

/** The subset of `fetch` the downloader calls; pass a fake one in tests. */
export type FetchLike = (url: string, init?: { headers?: Record<string, string>; signal?: AbortSignal }) => Promise<FetchResponseLike>;

/** Options of {@link downloadDataset}. */
export interface DownloadDatasetOptions {
  /** Project root; files go to `<projectRoot>/data/<id>/`. @default the package root */
  projectRoot?: string;
  /** HTTP client. @default globalThis.fetch */
  fetch?: FetchLike;
  /** Called with the progress after each chunk and file. */
  onProgress?: (progress: DownloadProgress) => void;
  /** Files fetched at the same time, 1…16. @default 4 */
  concurrency?: number;
  /** Aborts the transfers. */
  signal?: AbortSignal;
}

/** Thrown when a downloaded file does not match its manifest size or SHA-256; the partial file is deleted. */
export class DatasetChecksumError extends Error {
  override readonly name = 'DatasetChecksumError';
}

/**
 * Downloads the files of a `raw-files` dataset into `<projectRoot>/data/<id>/`.
 *
 * Each file is streamed to `<name>.part`, hashed on the fly, checked against the manifest
 * (size and SHA-256) and only then renamed into place, so a folder never holds a bad file
 * under its final name. Idempotent: verified files already present are kept; a leftover
 * `.part` is resumed with an HTTP `Range` request (restarted if the server answers 200).
 * @param id - dataset id.
 * @returns counts of files fetched and already present.
 * @throws RangeError for an unknown id or bad concurrency; Error for a `manual` dataset, an HTTP
 *   or network failure (the `.part` is kept for resuming); {@link DatasetChecksumError} on a mismatch.
 */
export async function downloadDataset(
  id: string,
  options: DownloadDatasetOptions = {},
): Promise<{ dir: string; downloaded: number; reused: number }> {
  const entry = getDataset(id);
  const concurrency = options.concurrency ?? 4;
  inRange('downloadDataset', 'concurrency', concurrency, 1, 16, { integer: true, expected: 'an integer in 1…16' });
  if (entry.download !== 'raw-files') {
    throw new Error(`downloadDataset: "${id}" has no per-file download URL (download: '${entry.download}'). ${entry.manualInstructions}`);
  }
  const fetchImpl: FetchLike | undefined = options.fetch ?? (globalThis.fetch as FetchLike | undefined);
  if (fetchImpl === undefined) throw new Error('downloadDataset: no fetch available (Node >= 18 provides a global fetch)');
  const manifest = entry.manifest;
  const jobs = manifest.files.map((f) => {
    const url = getDownloadUrl(entry, f.path);
    if (url === undefined) throw new Error(`downloadDataset: no download rule of "${id}" covers ${f.path}`);
    return { file: f, url };
  });
  const { localDir } = getDataLocations(id, { projectRoot: options.projectRoot });
  fs.mkdirSync(localDir, { recursive: true });

  const state = { bytesDone: 0, filesDone: 0, downloaded: 0, reused: 0 };
  const report = (file: string): void =>
    options.onProgress?.({ file, bytesDone: state.bytesDone, bytesTotal: manifest.totalBytes, filesDone: state.filesDone, filesTotal: manifest.files.length });

  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < jobs.length) {
      const job = jobs[next++];
      try {
        const fetched = await fetchOne(job.file, job.url, localDir, fetchImpl, options.signal, (n) => {
          state.bytesDone += n;
          report(job.file.path);
        });
        if (fetched) state.downloaded += 1;
        else state.reused += 1;
        state.filesDone += 1;
        report(job.file.path);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, () => worker()));
  if (failure !== undefined) throw failure;
  return { dir: localDir, downloaded: state.downloaded, reused: state.reused };
}

/** Returns true when the file was fetched, false when a verified copy was already there. */
async function fetchOne(
  file: ManifestFile,
  url: string,
  dir: string,
  fetchImpl: FetchLike,
  signal: AbortSignal | undefined,
  onBytes: (n: number) => void,
): Promise<boolean> {
  const dest = path.join(dir, ...file.path.split('/'));
  const part = `${dest}.part`;
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  if (sizeOf(dest) === file.bytes && (await computeFileSha256(dest)) === file.sha256) {
    onBytes(file.bytes);
    return false;
  }
  fs.rmSync(dest, { force: true });

  const hash = crypto.createHash('sha256');
  let offset = sizeOf(part);
  if (offset >= file.bytes) {
    // A complete-looking leftover is checked like a fresh download, never trusted.
    fs.rmSync(part, { force: true });
    offset = 0;
  }
  const headers: Record<string, string> = offset > 0 ? { Range: `bytes=${offset}-` } : {};
  const res = await fetchImpl(url, { headers, signal });
  if (!(res.ok || res.status === 206) || res.body === null) {
    throw new Error(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''} for ${url}`);
  }
  if (res.status === 206 && offset > 0) {
    for await (const chunk of fs.createReadStream(part)) hash.update(chunk as Buffer);
  } else offset = 0;
  onBytes(offset);

  let written = offset;
  const fh = await fs.promises.open(part, offset > 0 ? 'a' : 'w');
  try {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value === undefined || value.byteLength === 0) continue;
      written += value.byteLength;
      if (written > file.bytes) {
        await reader.cancel?.();
        break;
      }
      hash.update(value);
      await fh.write(value);
      onBytes(value.byteLength);
    }
  } finally {
    await fh.close();
  }
  const digest = written === file.bytes ? hash.digest('hex') : '';
  if (digest !== file.sha256) {
    fs.rmSync(part, { force: true });
    throw new DatasetChecksumError(
      `checksum mismatch for ${file.path} from ${url}: expected ${file.bytes} bytes with sha256 ${file.sha256}, got ${
        written > file.bytes ? `more than ${file.bytes} bytes` : `${written} bytes${digest === '' ? '' : ` with sha256 ${digest}`}`
      }; the partial file was deleted`,
    );
  }
  fs.renameSync(part, dest);
  return true;
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return -1;
  }
}
