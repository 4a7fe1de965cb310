import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../io/writeFileAtomic';
import type { CatalogueEntry } from './CatalogueEntry';
import { describeEnhancement } from './writeCatalogueCsv';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** A path under the output folder as a relative URL (forward slashes, each segment encoded). */
const relativeUrl = (p: string): string => p.split(path.sep).map(encodeURIComponent).join('/');

const STYLE = `body{font:14px system-ui,sans-serif;margin:1em;background:#fafafa;color:#222}
header{position:sticky;top:0;background:#fafafa;padding:.5em 0;border-bottom:1px solid #ddd;display:flex;gap:1em;align-items:center;flex-wrap:wrap}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:12px;margin-top:12px}
figure{margin:0;background:#fff;border:1px solid #ddd;border-radius:4px;padding:8px}
figure img{display:block;margin:0 auto;max-width:100%;height:192px;object-fit:contain;background:#eee}
figcaption{margin-top:6px;word-break:break-word}
.label{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px}
.label-photo{background:#2e7d32}.label-other{background:#616161}
.file{color:#555;font-size:12px}.caption{font-style:italic}.steps,.error{font-size:12px;color:#555}.error{color:#b71c1c}
[hidden]{display:none!important}`;

// Filters read and write the URL fragment (#class=photo&q=dog) so a filtered view can be bookmarked.
const SCRIPT = `(function(){
var cls=document.getElementById('filter-class'),q=document.getElementById('filter-text'),count=document.getElementById('count');
var cards=[].slice.call(document.querySelectorAll('figure[data-sha]'));
function apply(){var c=cls.value,t=q.value.trim().toLowerCase(),n=0;
cards.forEach(function(f){var ok=(c===''||f.getAttribute('data-class')===c)&&(t===''||f.getAttribute('data-caption').indexOf(t)>=0);f.hidden=!ok;if(ok)n++;});
count.textContent=n+' of '+cards.length+' shown';}
function fromHash(){var h=new URLSearchParams(location.hash.slice(1));cls.value=h.get('class')||'';q.value=h.get('q')||'';apply();}
function toHash(){var h=new URLSearchParams();if(cls.value)h.set('class',cls.value);if(q.value)h.set('q',q.value);history.replaceState(null,'','#'+h.toString());apply();}
cls.addEventListener('change',toHash);q.addEventListener('input',toHash);window.addEventListener('hashchange',fromHash);fromHash();
})();`;

/** Options of {@link formatContactSheet}. */
export interface ContactSheetOptions {
  /** Page title. @default 'tounum catalogue' */
  title?: string;
  /**
   * Embed the thumbnails as data URIs (one self-contained file) or link `thumbs/…` (the page then
   * works offline inside the output folder). `'auto'` embeds up to {@link MAX_EMBEDDED_THUMBNAILS}
   * entries: beyond that a single page would weigh hundreds of MB (≈ 10 kB per thumbnail).
   * @default 'auto'
   */
  embedThumbnails?: boolean | 'auto';
}

/** Largest catalogue whose contact sheet embeds its thumbnails by default. */
export const MAX_EMBEDDED_THUMBNAILS = 5000;

/**
 * The contact sheet as one HTML page with no external resource: thumbnails embedded as data URIs
 * (or linked under `thumbs/` for large catalogues, see `embedThumbnails`), inline style and script.
 * Each card shows the thumbnail (linking to the output file), the class with P(photo), the caption
 * and the enhancement steps; a class selector and a caption search filter the cards (the filter is
 * also read from the URL fragment, e.g. `index.html#class=photo&q=dog`). An embedded thumbnail that
 * cannot be read is left out (the card remains).
 */
export async function formatContactSheet(outDir: string, entries: readonly CatalogueEntry[], options: ContactSheetOptions = {}): Promise<string> {
  const title = options.title ?? 'tounum catalogue';
  const mode = options.embedThumbnails ?? 'auto';
  const embed = mode === 'auto' ? entries.length <= MAX_EMBEDDED_THUMBNAILS : mode;
  const cards: string[] = [];
  for (const e of entries) {
    let img = '';
    if (!embed) img = `<a href="${relativeUrl(e.output)}"><img alt="" loading="lazy" src="${relativeUrl(e.thumbnail)}"></a>`;
    else {
      try {
        const b64 = (await fsp.readFile(path.join(outDir, e.thumbnail))).toString('base64');
        img = `<a href="${relativeUrl(e.output)}"><img alt="" src="data:image/jpeg;base64,${b64}"></a>`;
      } catch {
        img = `<a href="${relativeUrl(e.output)}">(no thumbnail)</a>`;
      }
    }
    const captionText = e.caption?.text ?? '';
    const steps = describeEnhancement(e);
    const errs = Object.entries(e.errors).map(([k, v]) => `${k}: ${v}`).join('; ');
    cards.push(
      `<figure data-sha="${e.sha256}" data-class="${e.class.label}" data-caption="${escapeHtml(captionText.toLowerCase())}">${img}<figcaption>` +
        `<span class="label label-${e.class.label}">${e.class.label} ${e.class.probability.toFixed(2)}</span> ` +
        `<span class="file" title="${escapeHtml(e.input)}">${escapeHtml(path.basename(e.input))}</span>` +
        (captionText ? `<div class="caption">${escapeHtml(captionText)}</div>` : '') +
        (steps ? `<div class="steps">${escapeHtml(steps)}</div>` : '') +
        (errs ? `<div class="error">${escapeHtml(errs)}</div>` : '') +
        `</figcaption></figure>`,
    );
  }
  const photos = entries.filter((e) => e.class.label === 'photo').length;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>`,
    `<header><strong>${escapeHtml(title)}</strong><span>${entries.length} files: ${photos} photos, ${entries.length - photos} other</span>`,
    '<label>class <select id="filter-class"><option value="">all</option><option value="photo">photo</option><option value="other">other</option></select></label>',
    '<label>caption <input id="filter-text" type="search" placeholder="words in the caption"></label><span id="count"></span></header>',
    `<main>${cards.join('\n')}</main>`,
    `<script>${SCRIPT}</script>`,
    '</body></html>',
  ].join('\n') + '\n';
}

/** Writes `OUT/index.html` (see {@link formatContactSheet}) atomically; returns its path. */
export async function writeContactSheet(outDir: string, entries: readonly CatalogueEntry[], options: ContactSheetOptions = {}): Promise<string> {
  const file = path.join(outDir, 'index.html');
  await writeFileAtomic(file, await formatContactSheet(outDir, entries, options));
  return file;
}
