import path from 'node:path';
import type { DatasetEntry } from './DatasetEntry';
import { DatasetUnavailableError } from './DatasetUnavailableError';
import { checkDatasetDir } from './checkDatasetDir';
import { downloadDataset, type DownloadProgress, type FetchLike } from './downloadDataset';
import { getDataLocations, type DataLocationOptions } from './findPackageRoot';
import { getDataset } from './registry';

/** Options of {@link resolveDataset}. */
export interface ResolveDatasetOptions extends DataLocationOptions {
  /** Check the SHA-256 of every file instead of sizes only (reads all bytes). @default false */
  verify?: boolean;
  /** Allow step 3 (download into `data/<id>/`). @default true */
  download?: boolean;
  /** HTTP client for the download. @default globalThis.fetch */
  fetch?: FetchLike;
  /** Download progress. */
  onProgress?: (progress: DownloadProgress) => void;
  /** Aborts a download. */
  signal?: AbortSignal;
}

/** Where a dataset was found. */
export interface ResolvedDataset {
  id: string;
  /** The folder holding the files. */
  dir: string;
  /** `local` = `<projectRoot>/data/<id>`, `mirror` = used in place, `download` = just fetched into `data/<id>`. */
  source: 'local' | 'mirror' | 'download';
  /** Absolute paths of the data files (notices excluded), in manifest order. */
  files: string[];
  /** Absolute paths of the licence / readme notice files. */
  noticeFiles: string[];
}

/**
 * Finds a complete copy of a dataset, in this order:
 * 1. `<projectRoot>/data/<id>/` when complete (every manifest file present with its size; SHA-256 with `verify`);
 * 2. the mirror (`mirror` option, else env `TOUNUM_DATA_MIRROR`, else `<projectRoot>/../shared/datasets`),
 *    used in place, never copied;
 * 3. a download of the public files into `data/<id>/` (resumable, each file SHA-256-checked).
 * @param id - dataset id, see `listDatasets()`.
 * @throws RangeError for an unknown id; {@link DatasetUnavailableError} when all three fail, naming what was
 *   tried, the public URL(s) and how to point at a mirror.
 */
export async function resolveDataset(id: string, options: ResolveDatasetOptions = {}): Promise<ResolvedDataset> {
  const entry = getDataset(id);
  const manifest = entry.manifest;
  const { projectRoot, localDir, mirrorDir } = getDataLocations(id, options);
  const verify = options.verify === true;
  const attempts: string[] = [];
  const done = (dir: string, source: ResolvedDataset['source']): ResolvedDataset => ({
    id,
    dir,
    source,
    files: manifest.files.filter((f) => f.role !== 'notice').map((f) => path.join(dir, ...f.path.split('/'))),
    noticeFiles: manifest.files.filter((f) => f.role === 'notice').map((f) => path.join(dir, ...f.path.split('/'))),
  });

  const local = await checkDatasetDir(localDir, manifest, { verify });
  if (local.complete) return done(localDir, 'local');
  attempts.push(`local ${localDir}: ${local.summary}`);

  if (path.resolve(mirrorDir) !== path.resolve(localDir)) {
    const mirror = await checkDatasetDir(mirrorDir, manifest, { verify });
    if (mirror.complete) return done(mirrorDir, 'mirror');
    attempts.push(`mirror ${mirrorDir}: ${mirror.summary}`);
  }

  const urls = publicUrls(entry);
  if (entry.download === 'manual') {
    attempts.push('download: not possible, no public per-file copy of these bytes');
    throw new DatasetUnavailableError(id, urls, attempts, `To obtain it: ${entry.manualInstructions}`);
  }
  const howTo = `To download it (${formatMb(manifest.totalBytes)}): run \`tounum data ${id}\` with internet access.`;
  if (options.download === false) {
    attempts.push('download: disabled');
    throw new DatasetUnavailableError(id, urls, attempts, howTo);
  }
  try {
    await downloadDataset(id, { projectRoot, fetch: options.fetch, onProgress: options.onProgress, signal: options.signal });
  } catch (err) {
    attempts.push(`download into ${localDir} failed: ${describe(err)}`);
    throw new DatasetUnavailableError(id, urls, attempts, howTo, { cause: err });
  }
  const after = await checkDatasetDir(localDir, manifest, { verify: false });
  if (!after.complete) {
    attempts.push(`download into ${localDir} left it incomplete: ${after.summary}`);
    throw new DatasetUnavailableError(id, urls, attempts, howTo);
  }
  return done(localDir, 'download');
}

/** Source pages plus download bases of an entry, without duplicates. */
export function publicUrls(entry: DatasetEntry): string[] {
  const urls = entry.sources.map((s) => s.url);
  for (const r of entry.downloadRules) urls.push('baseUrl' in r ? r.baseUrl : r.url);
  return [...new Set(urls)];
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as Error & { cause?: unknown }).cause;
  return cause instanceof Error && cause.message !== err.message ? `${err.message} (${cause.message})` : err.message;
}

/** `18.3 MB` (decimal megabytes, as `du --si`). */
export function formatMb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

