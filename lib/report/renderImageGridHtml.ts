import { escapeHtml } from './escapeHtml';
import { positiveInt } from '../validate';

/** One tile of an image grid: an encoded image and its title. */
export interface GridTile {
  /** Encoded image bytes (PNG or JPEG). */
  bytes: Uint8Array;
  mimeType: 'image/png' | 'image/jpeg';
  title?: string;
  /** Natural width in pixels, used for the display size. */
  width: number;
}

export interface ImageGridHtmlOptions {
  /** Tiles per row. @default min(tiles, 4) */
  columns?: number;
  /** Displayed width of each tile in CSS pixels; `undefined` keeps the natural width up to 320. */
  tileWidth?: number;
  /** Grid caption. */
  caption?: string;
  /** Nearest-neighbour scaling, to show pixels as they are. @default true */
  pixelated?: boolean;
}

/** Renders titled images as an HTML grid with embedded data URIs (works offline and in exports). */
export function renderImageGridHtml(tiles: readonly GridTile[], options: ImageGridHtmlOptions = {}): string {
  if (tiles.length === 0) throw new RangeError('renderImageGridHtml: tiles must not be empty');
  const columns = options.columns ?? Math.min(tiles.length, 4);
  positiveInt('renderImageGridHtml', 'columns', columns);
  const cells = tiles
    .map((t) => {
      const w = options.tileWidth ?? Math.min(t.width, 320);
      const src = `data:${t.mimeType};base64,${Buffer.from(t.bytes).toString('base64')}`;
      const title = t.title ? `<figcaption style="font-size:12px;text-align:center;margin-top:2px">${escapeHtml(t.title)}</figcaption>` : '';
      return `<figure style="margin:0"><img src="${src}" style="width:${w}px;max-width:100%;${options.pixelated ?? true ? 'image-rendering:pixelated;' : ''}display:block;margin:auto"/>${title}</figure>`;
    })
    .join('');
  const caption = options.caption ? `<div style="font-weight:bold;margin-bottom:4px">${escapeHtml(options.caption)}</div>` : '';
  return `<div class="tounum-grid">${caption}<div style="display:grid;grid-template-columns:repeat(${columns},auto);gap:8px;justify-content:start;align-items:start">${cells}</div></div>`;
}
