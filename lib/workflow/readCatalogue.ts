import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { CatalogueEntry } from './CatalogueEntry';

/** File name of the catalogue inside the output folder. */
export const CATALOGUE_FILE = 'catalogue.jsonl';

/** What {@link readCatalogue} found. */
export interface Catalogue {
  /** One entry per sha256, in the order the hashes first appear (a later line for a hash replaces the earlier one). */
  entries: CatalogueEntry[];
  /** Entries by sha256. */
  bySha: Map<string, CatalogueEntry>;
  /** Lines that are not a complete JSON entry (e.g. the last one, cut by a power loss): ignored, their files are redone. */
  badLines: number;
}

/**
 * Reads `OUT/catalogue.jsonl`. A missing file is an empty catalogue. Unparseable lines are counted
 * and skipped, never fatal: a file whose line was lost is simply processed again.
 */
export async function readCatalogue(outDir: string): Promise<Catalogue> {
  let text = '';
  try {
    text = await fsp.readFile(path.join(outDir, CATALOGUE_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const bySha = new Map<string, CatalogueEntry>();
  let badLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line) as CatalogueEntry;
      if (typeof entry.sha256 !== 'string' || typeof entry.input !== 'string') throw new Error('not an entry');
      bySha.set(entry.sha256, entry);
    } catch {
      badLines++;
    }
  }
  return { entries: [...bySha.values()], bySha, badLines };
}
