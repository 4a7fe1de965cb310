import fs from 'node:fs';
import path from 'node:path';
import type { DatasetManifest } from './DatasetEntry';
import { computeFileSha256 } from './computeFileSha256';

/** Result of {@link checkDatasetDir}. */
export interface DatasetDirCheck {
  /** True when every manifest file is present with the right size (and hash, with `verify`). */
  readonly complete: boolean;
  /** Manifest paths absent from the folder. */
  readonly missing: readonly string[];
  /** Manifest paths present with another size. */
  readonly wrongSize: readonly string[];
  /** Manifest paths whose SHA-256 differs (only checked with `verify`). */
  readonly wrongHash: readonly string[];
  /** Number of manifest files found with the right size. */
  readonly present: number;
  /** One-line human summary, e.g. `complete (68 files)` or `3 missing, 1 wrong size`. */
  readonly summary: string;
}

/**
 * Checks a dataset folder against its manifest. Extra files are ignored.
 * @param dir - the dataset folder.
 * @param manifest - the dataset manifest.
 * @param options.verify - also compare SHA-256 of every file (reads all bytes). @default false
 */
export async function checkDatasetDir(
  dir: string,
  manifest: DatasetManifest,
  options: { verify?: boolean } = {},
): Promise<DatasetDirCheck> {
  const missing: string[] = [];
  const wrongSize: string[] = [];
  const wrongHash: string[] = [];
  let present = 0;
  const exists = fs.existsSync(dir);
  for (const f of manifest.files) {
    const abs = path.join(dir, ...f.path.split('/'));
    let size: number;
    try {
      size = exists ? fs.statSync(abs).size : -1;
    } catch {
      size = -1;
    }
    if (size < 0) missing.push(f.path);
    else if (size !== f.bytes) wrongSize.push(f.path);
    else {
      present += 1;
      if (options.verify === true && (await computeFileSha256(abs)) !== f.sha256) wrongHash.push(f.path);
    }
  }
  const complete = missing.length === 0 && wrongSize.length === 0 && wrongHash.length === 0;
  let summary: string;
  if (!exists) summary = 'folder not found';
  else if (complete) summary = `complete (${manifest.files.length} files${options.verify === true ? ', sha256 verified' : ''})`;
  else {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`${missing.length} of ${manifest.files.length} files missing`);
    if (wrongSize.length > 0) parts.push(`${wrongSize.length} with wrong size (${preview(wrongSize)})`);
    if (wrongHash.length > 0) parts.push(`${wrongHash.length} with sha256 mismatch (${preview(wrongHash)})`);
    summary = parts.join(', ');
  }
  return { complete, missing, wrongSize, wrongHash, present, summary };
}

function preview(paths: readonly string[]): string {
  return paths.length <= 3 ? paths.join(', ') : `${paths.slice(0, 3).join(', ')}, …`;
}
