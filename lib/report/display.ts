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
}

let sinkOverride: DisplaySink | null = null;
let plotlyShown = false;

/** Redirects display output (tests, scripts); `null` restores tslab. Resets the plotly-loaded state. */
export function setDisplaySink(sink: DisplaySink | null): void {
  sinkOverride = sink;
  plotlyShown = false;
}

function sink(): DisplaySink {
  if (sinkOverride) return sinkOverride;
  // Required lazily: loading tslab outside a kernel costs a TypeScript compiler.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { display } = require('tslab') as { display: { html(s: string): void } };
  return {
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
 * Shows a plotly figure. The first figure of a kernel session carries plotly.js itself, so the
 * notebook and its HTML export render offline; every figure carries the loader of
 * {@link renderFigureHtml}, which draws from the browser's cached copy when the page has lost the
 * library (outputs cleared, page reloaded, kernel still running).
 * @param options.includeLibrary - force (or suppress) inlining plotly.js. @default only the first time
 */
export function showFigure(figure: Figure, options: { includeLibrary?: boolean } = {}): void {
  const includeLibrary = options.includeLibrary ?? !plotlyShown;
  sink().html(renderFigureHtml(figure, { includeLibrary }));
  if (includeLibrary) plotlyShown = true;
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
