/**
 * Thrown when a dataset is neither complete locally nor in the mirror and cannot be downloaded.
 * The message names the dataset, what was tried, the public URL(s) and how to point at a mirror.
 */
export class DatasetUnavailableError extends Error {
  override readonly name = 'DatasetUnavailableError';
  /** Dataset id. */
  readonly datasetId: string;
  /** Public URL(s) of the data (source pages and download bases). */
  readonly urls: readonly string[];
  /** One line per location tried, e.g. `mirror /x/cbsd68: folder not found`. */
  readonly attempts: readonly string[];

  constructor(datasetId: string, urls: readonly string[], attempts: readonly string[], howTo: string, options: { cause?: unknown } = {}) {
    super(
      [
        `Dataset "${datasetId}" is not available.`,
        ...attempts.map((a) => `  - ${a}`),
        `Source: ${urls.join(' , ')}`,
        howTo,
        'To use a copy you already have: set TOUNUM_DATA_MIRROR=/path/to/datasets or pass --mirror (option `mirror`); the folder must hold one sub-folder per dataset id.',
      ].join('\n'),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.datasetId = datasetId;
    this.urls = urls;
    this.attempts = attempts;
  }
}
