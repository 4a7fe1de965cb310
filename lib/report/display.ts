/**
 * Notebook display: the only module of tounum-lab that talks to tslab. Everything it shows is
 * built by pure functions of this folder (figures, tables, grids) that work without a kernel.
 */
import type { DataFrame } from 'danfojs';
import type { Image } from '../image';
import { assertImage } from '../image';
import { encodeImage } from '../io';
import type { Figure } from './Figure';
import { renderFigureHtml } from './renderFigureHtml';
import { renderImageGridHtml, type GridTile, type ImageGridHtmlOptions } from './renderImageGridHtml';
import { renderTableHtml, type TableHtmlOptions } from './renderTableHtml';

/** Where HTML goes: tslab's display in a notebook, or a test's collector. */
export interface DisplaySink {
  html(html: string): void;
  /**
   * The identity of the output area the next `html` goes to: in tslab, the current cell's
   * execution. Each output area's first figure carries plotly.js. Without it, the sink is one
   * output area (a page): only its first figure carries the library.
   */
  outputArea?(): unknown;
}

const NO_AREA = Symbol('no output area');
let sinkOverride: DisplaySink | null = null;
/** The output area that last received plotly.js (cells run one at a time, so one is enough). */
let libraryArea: unknown = NO_AREA;

/** Redirects display output (tests, scripts); `null` restores tslab. Resets the plotly-sent state. */
export function setDisplaySink(sink: DisplaySink | null): void {
  sinkOverride = sink;
  libraryArea = NO_AREA;
}

/**
 * tslab's per-execution output writer: tslab replaces it at every execute request, so its
 * identity is the cell being run. Internal to tslab 1.0 (`dist/jupyter`); if it cannot be read,
 * every call is a new area and every figure carries the library (larger, never blank).
 */
function tslabOutputArea(): unknown {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const writer = (require('tslab/dist/jupyter') as { lastWriteDisplayData?: unknown }).lastWriteDisplayData;
    if (typeof writer === 'function') return writer;
  } catch {
    // fall through
  }
  return {};
}

function sink(): DisplaySink {
  if (sinkOverride) return sinkOverride;
  // Required lazily: loading tslab outside a kernel costs a TypeScript compiler.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { display } = require('tslab') as { display: { html(s: string): void } };
  return {
    outputArea: tslabOutputArea,
    html(html: string) {
      try {
        display.html(html);
      } catch (e) {
        throw new Error(`tounum-lab display: not running inside a tslab kernel (${(e as Error).message}); use the render*Html functions of tounum-lab/report outside notebooks`);
      }
    },
  };
}

/**
 * Shows a plotly figure. The first figure of each cell's output carries plotly.js (compressed,
 * ≈ 2 MB; the cell's later figures use that copy), so every cell's output draws on its own, with
 * no CDN: after Clear All Output, a page reload and a re-run of any one cell with the kernel
 * still running, in a notebook saved after partial re-runs, and in its HTML export. See
 * {@link renderFigureHtml} for how a figure finds the library on the page.
 * @param options.includeLibrary - force (or suppress) carrying plotly.js. @default only the first figure of each cell's output
 */
export function showFigure(figure: Figure, options: { includeLibrary?: boolean } = {}): void {
  const target = sink();
  const area = target.outputArea ? target.outputArea() : target;
  const includeLibrary = options.includeLibrary ?? libraryArea !== area;
  target.html(renderFigureHtml(figure, { includeLibrary }));
  if (includeLibrary) libraryArea = area;
}

/** Shows a danfo DataFrame as an HTML table. */
export function showTable(df: DataFrame, options: TableHtmlOptions = {}): void {
  sink().html(renderTableHtml(df, options));
}

/** An image to show, with its title. */
export interface TitledImage {
  image: Image;
  title?: string;
}

export interface ShowImagesOptions extends ImageGridHtmlOptions {
  /** Titles for plain images (ignored for entries that carry their own). */
  titles?: string[];
  /** Encoding: PNG is exact; JPEG is smaller for large photos. @default 'png' */
  format?: 'png' | 'jpeg';
}

/**
 * Shows images in a titled grid, e.g. `await showImages([{ image: noisy, title: 'σ = 25' }, …])`.
 * Values are clipped to [0, 1] for display; the images are not changed.
 */
export async function showImages(images: ReadonlyArray<Image | TitledImage>, options: ShowImagesOptions = {}): Promise<void> {
  if (!Array.isArray(images) || images.length === 0) throw new RangeError('showImages: images must be a non-empty array');
  const format = options.format ?? 'png';
  const tiles: GridTile[] = [];
  for (let i = 0; i < images.length; i++) {
    const entry = images[i] as Image | TitledImage;
    const image = 'image' in entry ? entry.image : entry;
    assertImage(image, `images[${i}]`);
    const title = ('image' in entry ? entry.title : undefined) ?? options.titles?.[i];
    const bytes = await encodeImage(image, { format, quality: 90 });
    tiles.push({ bytes, mimeType: format === 'png' ? 'image/png' : 'image/jpeg', width: image.width, ...(title ? { title } : {}) });
  }
  sink().html(renderImageGridHtml(tiles, options));
}

/** Shows Markdown-free HTML text (a heading, a note) through the same channel. */
export function showHtml(html: string): void {
  sink().html(html);
}
