import { DataFrame } from 'danfojs';

/** A cell of a metric table. */
export type TableValue = number | string | boolean | null;

/**
 * Builds a danfo.js DataFrame from rows of records — the form every tounum-lab metric table takes.
 * Columns follow the first row's key order; missing keys become `null`.
 * @param rows - one record per row, e.g. `{ method: 'NLM', psnr: 29.1, ssim: 0.83 }`.
 * @throws RangeError when `rows` is empty.
 */
export function buildTable(rows: ReadonlyArray<Record<string, TableValue>>): DataFrame {
  if (!Array.isArray(rows) || rows.length === 0) throw new RangeError('buildTable: rows must be a non-empty array of records');
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const data = rows.map((row) => columns.map((c) => (row[c] === undefined ? null : row[c])));
  return new DataFrame(data as unknown as (string | number | boolean)[][], { columns });
}
