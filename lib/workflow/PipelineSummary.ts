/** What happened to one input of a pipeline run. */
export interface PipelineFileResult {
  input: string;
  /**
   * `done`: processed and catalogued in this run; `skipped`: already in the catalogue with this
   * sha256; `duplicate`: same bytes as another input of this run; `failed`: not catalogued (see error);
   * `queued`: left to the workers of a detached queued run.
   */
  status: 'done' | 'skipped' | 'duplicate' | 'failed' | 'queued';
  sha256?: string;
  label?: 'photo' | 'other';
  /** Output file, relative to the output folder. */
  output?: string;
  /** Why it failed, or the stage errors of a catalogued file (`caption: …`). */
  error?: string;
  /** Seconds spent on it (processing time, as measured where it ran). */
  seconds: number;
}

/** The end summary of `tounum pipeline` (printed with `--json`). */
export interface PipelineSummary {
  outDir: string;
  /** The queue URL for a distributed run, null on one machine. */
  queue: string | null;
  total: number;
  processed: number;
  skipped: number;
  duplicates: number;
  failed: number;
  photos: number;
  others: number;
  /** Catalogued files with an enhance or caption error. */
  stageErrors: number;
  /** Wall-clock seconds of the run. */
  seconds: number;
  /** Processed files per wall-clock second. */
  filesPerSecond: number;
  catalogue: string;
  csv: string | null;
  index: string | null;
  files: PipelineFileResult[];
}

/** Builds the summary's counts from the per-file results. */
export function summarisePipeline(outDir: string, queue: string | null, files: PipelineFileResult[], seconds: number, exportsWritten: { catalogue: string; csv: string | null; index: string | null }): PipelineSummary {
  const count = (s: PipelineFileResult['status']): number => files.filter((f) => f.status === s).length;
  const processed = count('done');
  return {
    outDir,
    queue,
    total: files.length,
    processed,
    skipped: count('skipped'),
    duplicates: count('duplicate'),
    failed: count('failed'),
    photos: files.filter((f) => f.status === 'done' && f.label === 'photo').length,
    others: files.filter((f) => f.status === 'done' && f.label === 'other').length,
    stageErrors: files.filter((f) => f.status === 'done' && f.error !== undefined).length,
    seconds,
    filesPerSecond: seconds > 0 ? processed / seconds : 0,
    ...exportsWritten,
    files,
  };
}
