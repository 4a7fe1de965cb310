import os from 'node:os';
import path from 'node:path';
import { resizeImageArea, type Image } from '../image';
import { readImage, readImageMetadata, writeImage } from '../io';
import { copyFileAtomic } from '../io/copyFileAtomic';
import { CATALOGUE_VERSION, type CatalogueEntry, type StageTimings } from './CatalogueEntry';
import { hashFile } from './hashFile';
import type { PipelineStages } from './PipelineStages';

/** Options of {@link processScan}: what one file goes through. */
export interface ProcessScanOptions {
  /** Output folder (`photos/`, `other/` and `thumbs/` are created inside). */
  outDir: string;
  /** Common folder of the run's inputs: sub-folders below it are recreated under `photos/` and `other/`. */
  inputRoot?: string;
  /** Do not enhance photos (they are written as read). @default false */
  skipEnhance?: boolean;
  /** Do not caption photos. @default false (captioned when `stages.captioner` is set) */
  skipCaption?: boolean;
  /** Beam width of the caption search, 1–5. @default 5 */
  beam?: number;
  /** P(photo) at or above which a scan is a photo. @default the classifier's threshold */
  threshold?: number;
  /** sha256 the file had when it was queued; a different hash now fails the file (it changed meanwhile). */
  expectedSha256?: string;
}

/** Longest side of the contact-sheet thumbnails, in pixels. */
export const THUMBNAIL_SIZE = 192;

const seconds = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e9;

/**
 * Where the pipeline writes its results for `input`, relative to the output folder: the input's
 * sub-folder (below `inputRoot`), its base name and the first 8 hex digits of its sha256, so that
 * names never collide and a redone file lands on the same name.
 */
export function scanOutputPaths(input: string, sha256: string, inputRoot?: string): { photo: string; other: string; thumbnail: string } {
  const rel = inputRoot === undefined ? '' : path.relative(inputRoot, path.dirname(path.resolve(input)));
  const dir = rel.startsWith('..') || path.isAbsolute(rel) ? '' : rel;
  const ext = path.extname(input);
  const base = `${path.basename(input, ext)}-${sha256.slice(0, 8)}`;
  return {
    photo: path.join('photos', dir, `${base}.png`),
    other: path.join('other', dir, base + ext.toLowerCase()),
    thumbnail: path.join('thumbs', `${sha256}.jpg`),
  };
}

/**
 * Runs the scanning workflow on one file: hash it, classify it (photo / other), enhance and caption a
 * photo and write it as PNG under `photos/` (16-bit when the input is), or copy another document
 * byte for byte under `other/`; then a JPEG thumbnail under `thumbs/`. Every file is written
 * atomically (temporary name, then rename) and the input is only read. Returns the catalogue entry;
 * appending it is the caller's job (one writer per catalogue).
 *
 * Failures of the enhance or caption stage do not fail the file: they are recorded in
 * `entry.errors` and the photo is written unenhanced / uncaptioned.
 * @throws for an unreadable input, a failed classification or write, or a changed file.
 */
export async function processScan(input: string, stages: PipelineStages, options: ProcessScanOptions): Promise<CatalogueEntry> {
  const tStart = process.hrtime.bigint();
  const timings: StageTimings = { total: 0 };
  const errors: CatalogueEntry['errors'] = {};
  const beam = options.beam ?? 5;
  if (!(Number.isInteger(beam) && beam >= 1 && beam <= 5)) throw new RangeError(`processScan: options.beam must be an integer in 1–5, got ${String(beam)}`);
  const threshold = options.threshold ?? stages.classifier.threshold;
  if (!(typeof threshold === 'number' && threshold >= 0 && threshold <= 1)) throw new RangeError(`processScan: options.threshold must be a probability in [0, 1], got ${String(threshold)}`);
  const file = path.resolve(input);

  let t = process.hrtime.bigint();
  const { sha256, bytes } = await hashFile(file);
  timings.hash = seconds(t);
  if (options.expectedSha256 !== undefined && options.expectedSha256 !== sha256) {
    throw new Error(`${file} changed since it was queued (sha256 ${sha256.slice(0, 12)}…, expected ${options.expectedSha256.slice(0, 12)}…)`);
  }

  t = process.hrtime.bigint();
  const meta = await readImageMetadata(file);
  const image = await readImage(file);
  timings.read = seconds(t);

  t = process.hrtime.bigint();
  const probability = await stages.classifier.classifyFile(file);
  timings.classify = seconds(t);
  const label: 'photo' | 'other' = probability >= threshold ? 'photo' : 'other';

  const paths = scanOutputPaths(file, sha256, options.inputRoot);
  let enhancement: CatalogueEntry['enhancement'] = null;
  let caption: CatalogueEntry['caption'] = null;
  let shown: Image = image;
  let output: string;
  if (label === 'photo') {
    if (options.skipEnhance !== true) {
      t = process.hrtime.bigint();
      try {
        const r = stages.enhance(image);
        shown = r.image;
        const d = r.decisions;
        enhancement = { sigma: d.sigma, blurScore: d.blurScore, steps: d.steps, skipped: d.skipped };
      } catch (e) {
        errors.enhance = e instanceof Error ? e.message : String(e);
      }
      timings.enhance = seconds(t);
    }
    if (options.skipCaption !== true && stages.captioner !== null) {
      t = process.hrtime.bigint();
      try {
        const c = await stages.captioner.caption(shown, { beam });
        caption = { text: c.caption, words: c.words, logProb: c.logProb, beam };
      } catch (e) {
        errors.caption = e instanceof Error ? e.message : String(e);
      }
      timings.caption = seconds(t);
    }
    t = process.hrtime.bigint();
    const bitDepth = meta.bitDepth > 8 ? 16 : 8;
    await writeImage(path.join(options.outDir, paths.photo), shown, { inputPath: file, overwrite: true, bitDepth });
    output = paths.photo;
  } else {
    t = process.hrtime.bigint();
    await copyFileAtomic(file, path.join(options.outDir, paths.other), { overwrite: true });
    output = paths.other;
  }
  const scale = Math.min(1, THUMBNAIL_SIZE / Math.max(shown.width, shown.height));
  const thumb = scale < 1 ? resizeImageArea(shown, Math.max(1, Math.round(shown.width * scale)), Math.max(1, Math.round(shown.height * scale))) : shown;
  await writeImage(path.join(options.outDir, paths.thumbnail), thumb, { inputPath: file, overwrite: true, quality: 75 });
  timings.write = seconds(t);
  timings.total = seconds(tStart);

  return {
    version: CATALOGUE_VERSION,
    input: file,
    sha256,
    bytes,
    format: meta.format,
    width: meta.width,
    height: meta.height,
    class: { label, probability, threshold },
    enhancement,
    output,
    thumbnail: paths.thumbnail,
    caption,
    timings,
    errors,
    finishedAt: new Date().toISOString(),
    processedBy: `${os.hostname()}:${process.pid}`,
  };
}
