import path from 'node:path';
import { appendCatalogueEntry } from './appendCatalogueEntry';
import { commonInputRoot } from './commonInputRoot';
import { exportCatalogue } from './exportCatalogue';
import { hashFile } from './hashFile';
import { lockOutputFolder } from './lockOutputFolder';
import { loadPipelineStages, type LoadPipelineStagesOptions, type PipelineStages } from './PipelineStages';
import { processScan } from './processScan';
import { CATALOGUE_FILE, readCatalogue } from './readCatalogue';
import { summarisePipeline, type PipelineFileResult, type PipelineSummary } from './PipelineSummary';

/** Options of {@link runPipeline}. */
export interface RunPipelineOptions extends LoadPipelineStagesOptions {
  /** Already loaded stages (then not disposed); otherwise loaded with the options above. */
  stages?: PipelineStages;
  /** Do not enhance photos. @default false */
  skipEnhance?: boolean;
  /** Beam width of the captions, 1–5. @default 5 */
  beam?: number;
  /** P(photo) at or above which a scan is a photo. @default the classifier card's threshold */
  threshold?: number;
  /** Write catalogue.csv and index.html at the end. @default true */
  exports?: boolean;
  /** Called before each file (`done` = files finished so far) and after it with its result. */
  onProgress?: (done: number, total: number, input: string, result?: PipelineFileResult) => void;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * `tounum pipeline` on one machine: every input is hashed; a hash already in `OUT/catalogue.jsonl`
 * is skipped (the run resumes), the others go through {@link processScan} one after the other and
 * get their catalogue line as soon as they are finished. A file that fails is reported in the
 * summary and not catalogued (a re-run tries it again). At the end the CSV and the contact sheet
 * are rewritten from the whole catalogue.
 *
 * A `kill -9` loses at most the file in flight: outputs are renamed into place complete, and the
 * catalogue line is appended after them.
 */
export async function runPipeline(inputs: readonly string[], outDir: string, options: RunPipelineOptions = {}): Promise<PipelineSummary> {
  if (!Array.isArray(inputs)) throw new TypeError('runPipeline: inputs must be an array of file paths');
  if (typeof outDir !== 'string' || outDir === '') throw new TypeError(`runPipeline: outDir must be a non-empty path, got ${JSON.stringify(outDir)}`);
  const out = path.resolve(outDir);
  const files = inputs.map((f) => path.resolve(f));
  const started = Date.now();
  const unlock = await lockOutputFolder(out);
  let stages: PipelineStages | undefined;
  const results: PipelineFileResult[] = [];
  try {
    const catalogue = await readCatalogue(out);
    const known = new Set(catalogue.bySha.keys());
    stages = options.stages ?? (await loadPipelineStages(options));
    const inputRoot = commonInputRoot(files);
    for (let i = 0; i < files.length; i++) {
      const input = files[i] as string;
      options.onProgress?.(i, files.length, input);
      const t0 = Date.now();
      let result: PipelineFileResult;
      try {
        const { sha256 } = await hashFile(input);
        if (known.has(sha256)) {
          const previous = catalogue.bySha.get(sha256);
          result = previous
            ? { input, status: 'skipped', sha256, label: previous.class.label, output: previous.output, seconds: 0 }
            : { input, status: 'duplicate', sha256, seconds: 0 };
        } else {
          const entry = await processScan(input, stages, {
            outDir: out,
            ...(inputRoot !== undefined ? { inputRoot } : {}),
            skipEnhance: options.skipEnhance === true,
            skipCaption: options.skipCaption === true,
            ...(options.beam !== undefined ? { beam: options.beam } : {}),
            ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
            expectedSha256: sha256,
          });
          await appendCatalogueEntry(out, entry);
          known.add(sha256);
          const stageErrors = Object.entries(entry.errors).map(([k, v]) => `${k}: ${v}`).join('; ');
          result = { input, status: 'done', sha256, label: entry.class.label, output: entry.output, seconds: entry.timings.total, ...(stageErrors ? { error: stageErrors } : {}) };
        }
      } catch (e) {
        result = { input, status: 'failed', error: errorText(e), seconds: (Date.now() - t0) / 1000 };
      }
      results.push(result);
      options.onProgress?.(i + 1, files.length, input, result);
    }
    let written = { catalogue: path.join(out, CATALOGUE_FILE), csv: null as string | null, index: null as string | null };
    if (options.exports !== false) written = await exportCatalogue(out);
    return summarisePipeline(out, null, results, (Date.now() - started) / 1000, { catalogue: written.catalogue, csv: written.csv, index: written.index });
  } finally {
    if (options.stages === undefined) stages?.dispose();
    await unlock();
  }
}
