import { checkDatasetDir } from './checkDatasetDir';
import { getDataLocations, type DataLocationOptions } from './findPackageRoot';
import { getDataset } from './registry';

/** Availability of a dataset without downloading anything. */
export interface DatasetStatus {
  id: string;
  /** True when a complete copy exists locally or in the mirror. */
  available: boolean;
  /** Where the complete copy is (local wins), absent when unavailable. */
  source?: 'local' | 'mirror';
  /** Folder of the complete copy, absent when unavailable. */
  dir?: string;
  /** Number of data files (notices excluded). */
  files: number;
  /** Bytes of all files, notices included. */
  bytes: number;
  /** Short licence label; read `getDataset(id).licence` before use. */
  licence: string;
  /** Why each location checked before the one used (all of them when unavailable) was rejected. */
  problems: string[];
}

/**
 * Reports whether a dataset is available locally or in the mirror (same order and rules as
 * `resolveDataset`, but never downloads).
 * @param id - dataset id.
 * @param options.verify - compare SHA-256 too. @default false
 * @throws RangeError for an unknown id.
 */
export async function getDatasetStatus(id: string, options: DataLocationOptions & { verify?: boolean } = {}): Promise<DatasetStatus> {
  const entry = getDataset(id);
  const manifest = entry.manifest;
  const { localDir, mirrorDir } = getDataLocations(id, options);
  const base = { id, files: manifest.fileCount, bytes: manifest.totalBytes, licence: entry.licence.short };
  const problems: string[] = [];
  const local = await checkDatasetDir(localDir, manifest, { verify: options.verify });
  if (local.complete) return { ...base, available: true, source: 'local', dir: localDir, problems };
  problems.push(`local ${localDir}: ${local.summary}`);
  const mirror = await checkDatasetDir(mirrorDir, manifest, { verify: options.verify });
  if (mirror.complete) return { ...base, available: true, source: 'mirror', dir: mirrorDir, problems };
  problems.push(`mirror ${mirrorDir}: ${mirror.summary}`);
  return { ...base, available: false, problems };
}
