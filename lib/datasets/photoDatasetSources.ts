/** One source of the photo-vs-other dataset: a registry dataset, optionally restricted to a sub-folder. */
export interface PhotoSource {
  /** Name used in tables and per-source metrics, e.g. `pacs/art_painting`. */
  readonly name: string;
  /** Registry id passed to `resolveDataset`. */
  readonly dataset: string;
  /** Manifest path prefix kept (POSIX, with trailing slash), or `''` for every image of the dataset. */
  readonly prefix: string;
  /** 1 = photograph (positive), 0 = any other document. */
  readonly label: 0 | 1;
  /** What a scanner operator would call it. */
  readonly description: string;
}

/**
 * The sources of the photo-vs-other classification data of notebook 02 (issue 6): PACS photos are
 * the positives; paintings (some very realistic), cartoons, sketches, receipts, scanned text pages,
 * hand-drawn flowcharts and electronic schematics are the negatives.
 */
export const PHOTO_SOURCES: readonly PhotoSource[] = Object.freeze([
  { name: 'pacs/photo', dataset: 'pacs', prefix: 'photo/', label: 1, description: 'photographs (PACS, 7 object classes)' },
  { name: 'pacs/art_painting', dataset: 'pacs', prefix: 'art_painting/', label: 0, description: 'paintings, some photo-realistic (PACS)' },
  { name: 'pacs/cartoon', dataset: 'pacs', prefix: 'cartoon/', label: 0, description: 'cartoons (PACS)' },
  { name: 'pacs/sketch', dataset: 'pacs', prefix: 'sketch/', label: 0, description: 'pencil sketches (PACS)' },
  { name: 'sroie-receipts', dataset: 'sroie-receipts', prefix: '', label: 0, description: 'scanned receipts (SROIE)' },
  { name: 'tesseract-pages', dataset: 'tesseract-pages', prefix: '', label: 0, description: 'scanned text pages (Tesseract test pages)' },
  { name: 'flowcharts-fcinkml', dataset: 'flowcharts-fcinkml', prefix: 'renders/', label: 0, description: 'hand-drawn flowcharts (FC InkML renders)' },
  { name: 'fritzing-schematics', dataset: 'fritzing-schematics', prefix: 'png/', label: 0, description: 'electronic schematic symbols (Fritzing)' },
] as const satisfies readonly PhotoSource[]);
