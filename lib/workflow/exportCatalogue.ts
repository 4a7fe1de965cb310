import path from 'node:path';
import { CATALOGUE_FILE, readCatalogue } from './readCatalogue';
import { writeCatalogueCsv } from './writeCatalogueCsv';
import { writeContactSheet, type ContactSheetOptions } from './writeContactSheet';

/**
 * Rewrites `OUT/catalogue.csv` and `OUT/index.html` from `OUT/catalogue.jsonl`, rows sorted by input
 * path (so that the exports do not depend on the order files were finished in).
 */
export async function exportCatalogue(outDir: string, options: ContactSheetOptions = {}): Promise<{ catalogue: string; csv: string; index: string; entries: number }> {
  const { entries } = await readCatalogue(outDir);
  const sorted = [...entries].sort((a, b) => (a.input < b.input ? -1 : a.input > b.input ? 1 : 0));
  const csv = await writeCatalogueCsv(outDir, sorted);
  const index = await writeContactSheet(outDir, sorted, options);
  return { catalogue: path.join(outDir, CATALOGUE_FILE), csv, index, entries: sorted.length };
}
