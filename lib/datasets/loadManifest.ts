import fs from 'node:fs';
import path from 'node:path';
import type { DatasetManifest, ManifestFile } from './DatasetEntry';
import { getManifestDir } from './findPackageRoot';

const cache = new Map<string, DatasetManifest>();

/**
 * Reads and checks `data/manifests/<id>.json` (cached per path).
 * @param id - dataset id.
 * @param options.manifestDir - folder of the manifests. @default `<package root>/data/manifests`
 * @throws Error when the file is missing (run `node scripts/make-manifests.js`) or malformed.
 */
export function loadManifest(id: string, options: { manifestDir?: string } = {}): DatasetManifest {
  const file = path.join(options.manifestDir ?? getManifestDir(), `${id}.json`);
  const hit = cache.get(file);
  if (hit !== undefined) return hit;
  if (!fs.existsSync(file)) {
    throw new Error(`loadManifest: no manifest for "${id}" at ${file}; generate it with \`node scripts/make-manifests.js ${id}\``);
  }
  const manifest = parseManifest(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown, file);
  if (manifest.id !== id) throw new Error(`loadManifest: ${file} describes "${manifest.id}", expected "${id}"`);
  cache.set(file, manifest);
  return manifest;
}

function parseManifest(raw: unknown, where: string): DatasetManifest {
  const fail = (what: string): never => {
    throw new Error(`loadManifest: ${where} is malformed: ${what}`);
  };
  if (typeof raw !== 'object' || raw === null) return fail('not an object');
  const m = raw as Record<string, unknown>;
  if (typeof m.id !== 'string') fail('"id" must be a string');
  if (m.format !== 1) fail(`"format" must be 1, got ${JSON.stringify(m.format)}`);
  if (!Array.isArray(m.files)) return fail('"files" must be an array');
  const files: ManifestFile[] = m.files.map((f: unknown, i: number) => {
    const e = (f ?? {}) as Record<string, unknown>;
    if (typeof e.path !== 'string' || e.path === '' || e.path.startsWith('/') || e.path.split('/').includes('..')) {
      fail(`files[${i}].path must be a relative POSIX path inside the dataset`);
    }
    if (typeof e.bytes !== 'number' || !Number.isInteger(e.bytes) || e.bytes < 0) fail(`files[${i}].bytes must be an integer >= 0`);
    if (typeof e.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.sha256)) fail(`files[${i}].sha256 must be 64 lower-case hex digits`);
    if (e.role !== undefined && e.role !== 'notice') fail(`files[${i}].role must be "notice" or absent`);
    return e as unknown as ManifestFile;
  });
  const data = files.filter((f) => f.role !== 'notice');
  const dataBytes = data.reduce((s, f) => s + f.bytes, 0);
  const totalBytes = files.reduce((s, f) => s + f.bytes, 0);
  if (m.fileCount !== data.length) fail(`"fileCount" ${String(m.fileCount)} != ${data.length} data files listed`);
  if (m.dataBytes !== dataBytes) fail(`"dataBytes" ${String(m.dataBytes)} != sum of data file sizes ${dataBytes}`);
  if (m.totalBytes !== totalBytes) fail(`"totalBytes" ${String(m.totalBytes)} != sum of file sizes ${totalBytes}`);
  return {
    id: m.id as string,
    format: 1,
    fileCount: data.length,
    noticeCount: files.length - data.length,
    dataBytes,
    totalBytes,
    files,
  };
}
