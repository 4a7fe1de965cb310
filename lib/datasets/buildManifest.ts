import fs from 'node:fs';
import path from 'node:path';
import type { DatasetManifest, ManifestFile } from './DatasetEntry';
import { computeFileSha256 } from './computeFileSha256';

/** Files never listed in a manifest: the collector's provenance note, recorded in the registry instead. */
export const MANIFEST_EXCLUDED_FILES: readonly string[] = ['SOURCE.txt'];

/** Options of {@link buildManifest}. */
export interface BuildManifestOptions {
  /** Manifest paths to mark `role: 'notice'` (licence / readme text). @default [] */
  noticeFiles?: readonly string[];
}

/**
 * Builds the manifest of a dataset folder: every file (recursively) except a top-level
 * `SOURCE.txt`, with size and SHA-256, sorted by POSIX path in code-unit order.
 * @param dir - the dataset folder (e.g. `<mirror>/cbsd68`).
 * @param id - dataset id written into the manifest.
 * @throws Error when `dir` is not a folder or a listed notice file is absent.
 */
export async function buildManifest(dir: string, id: string, options: BuildManifestOptions = {}): Promise<DatasetManifest> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`buildManifest: "${dir}" is not a folder`);
  const notices = new Set(options.noticeFiles ?? []);
  const paths: string[] = [];
  (function walk(sub: string): void {
    for (const e of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub === '' ? e.name : `${sub}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.isFile() && !(sub === '' && MANIFEST_EXCLUDED_FILES.includes(e.name))) paths.push(rel);
    }
  })('');
  paths.sort(compareCodeUnits);
  for (const n of notices) {
    if (!paths.includes(n)) throw new Error(`buildManifest: notice file "${n}" is not in ${dir}`);
  }
  const files: ManifestFile[] = [];
  for (const p of paths) {
    const abs = path.join(dir, ...p.split('/'));
    const entry: ManifestFile = { path: p, bytes: fs.statSync(abs).size, sha256: await computeFileSha256(abs) };
    files.push(notices.has(p) ? { ...entry, role: 'notice' } : entry);
  }
  const data = files.filter((f) => f.role !== 'notice');
  return {
    id,
    format: 1,
    fileCount: data.length,
    noticeCount: files.length - data.length,
    dataBytes: data.reduce((s, f) => s + f.bytes, 0),
    totalBytes: files.reduce((s, f) => s + f.bytes, 0),
    files,
  };
}

/** Locale-independent string order, so listings are identical on every machine. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
