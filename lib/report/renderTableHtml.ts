import type { DataFrame } from 'danfojs';
import { escapeHtml } from './escapeHtml';
import { inRange } from '../validate';

export interface TableHtmlOptions {
  /** Caption above the table. */
  caption?: string;
  /**
   * Decimals of non-integer numbers, fixed (a column's decimal points align). Without it a number
   * prints with at most 4 decimals and no trailing zeros, so a value the caller rounded prints as
   * rounded (`27.23`, not `27.2300`). @default at most 4, trailing zeros dropped
   */
  digits?: number;
  /** Show the row index as a first column. @default false */
  index?: boolean;
}

function formatCell(value: unknown, digits: number | undefined): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '—';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    return digits === undefined ? String(Number(value.toFixed(4))) : value.toFixed(digits);
  }
  return escapeHtml(String(value));
}

/**
 * Renders a danfo DataFrame as a standalone HTML table (numbers right-aligned; see `digits`).
 * @param df - the table.
 */
export function renderTableHtml(df: DataFrame, options: TableHtmlOptions = {}): string {
  const digits = options.digits;
  if (digits !== undefined) inRange('renderTableHtml', 'digits', digits, 0, 12, { integer: true });
  const columns = df.columns.map(String);
  const values = df.values as unknown[][];
  const index = df.index as Array<string | number>;
  const th = (s: string) => `<th style="text-align:left;padding:2px 10px;border-bottom:1px solid #888">${escapeHtml(s)}</th>`;
  const td = (v: unknown) =>
    `<td style="text-align:${typeof v === 'number' ? 'right' : 'left'};padding:2px 10px;font-variant-numeric:tabular-nums">${formatCell(v, digits)}</td>`;
  const head = `<tr>${options.index ? th('') : ''}${columns.map(th).join('')}</tr>`;
  const body = values
    .map((row, i) => `<tr>${options.index ? td(index[i]) : ''}${(Array.isArray(row) ? row : [row]).map(td).join('')}</tr>`)
    .join('\n');
  const caption = options.caption ? `<caption style="caption-side:top;text-align:left;font-weight:bold;padding:4px 0">${escapeHtml(options.caption)}</caption>` : '';
  return `<table class="tounum-table" style="border-collapse:collapse;font-size:13px">${caption}<thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}
