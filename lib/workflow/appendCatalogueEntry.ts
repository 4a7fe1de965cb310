import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { CatalogueEntry } from './CatalogueEntry';
import { CATALOGUE_FILE } from './readCatalogue';

/**
 * Appends one entry as one line to `OUT/catalogue.jsonl` with a single `write` on a file opened in
 * append mode, then `fsync`: a process killed at any point leaves either no line or the whole line.
 * If the file does not end with a newline (a line cut by a power loss), a newline is written first
 * so that the cut line stays alone and is ignored by {@link readCatalogue}.
 *
 * One writer per catalogue: the single-machine pipeline, or the coordinator of a queued run (workers
 * return their entries through the queue and never write this file).
 */
export async function appendCatalogueEntry(outDir: string, entry: CatalogueEntry): Promise<void> {
  const file = path.join(outDir, CATALOGUE_FILE);
  await fsp.mkdir(outDir, { recursive: true });
  const fh = await fsp.open(file, 'a+');
  try {
    const { size } = await fh.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await fh.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await fh.write(prefix + JSON.stringify(entry) + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
}
