import path from 'node:path';
import { writeFileAtomic } from '../io/writeFileAtomic';
import type { CatalogueEntry } from './CatalogueEntry';

/** Columns of `catalogue.csv`, in order. */
export const CATALOGUE_CSV_COLUMNS = [
  'input', 'sha256', 'bytes', 'format', 'width', 'height', 'label', 'probability', 'threshold',
  'enhancement', 'output', 'caption', 'caption_log_prob', 'beam', 'seconds', 'errors',
] as const;

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The enhancement steps of an entry in one cell: `nlm(h=0.0372 sigma=0.0745) → unsharp(amount=0.8 radius=1)`, `none`, or empty. */
export function describeEnhancement(entry: CatalogueEntry): string {
  if (entry.enhancement === null) return '';
  if (entry.enhancement.steps.length === 0) return 'none';
  return entry.enhancement.steps.map((s) => `${s.method}(${Object.entries(s.params).map(([k, v]) => `${k}=${Number(v.toPrecision(3))}`).join(' ')})`).join(' → ');
}

/** The catalogue as CSV text (RFC 4180 quoting, one header line), one row per entry. */
export function formatCatalogueCsv(entries: readonly CatalogueEntry[]): string {
  const lines = [CATALOGUE_CSV_COLUMNS.join(',')];
  for (const e of entries) {
    lines.push([
      e.input, e.sha256, e.bytes, e.format, e.width, e.height, e.class.label, e.class.probability.toFixed(6), e.class.threshold.toFixed(6),
      describeEnhancement(e), e.output, e.caption?.text ?? null, e.caption ? e.caption.logProb.toFixed(4) : null, e.caption?.beam ?? null,
      e.timings.total.toFixed(3), Object.entries(e.errors).map(([k, v]) => `${k}: ${v}`).join('; ') || null,
    ].map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}

/** Writes `OUT/catalogue.csv` atomically; returns its path. */
export async function writeCatalogueCsv(outDir: string, entries: readonly CatalogueEntry[]): Promise<string> {
  const file = path.join(outDir, 'catalogue.csv');
  await writeFileAtomic(file, formatCatalogueCsv(entries));
  return file;
}
