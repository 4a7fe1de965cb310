/**
 * The BullMQ sandboxed processor of `tounum worker`: each worker child process runs this file, loads
 * the stages once and processes one job at a time, while the parent process keeps renewing the job
 * locks (the CPU-bound stages would otherwise block lock renewal and get jobs wrongly declared
 * stalled). `TOUNUM_PIPELINE_STAGES` may name a module whose `loadStages()` returns stages to use
 * instead of the shipped models (tests, custom captioners); `TOUNUM_PIPELINE_MODELS` (JSON) gives the
 * model folders and dataset mirror ({@link startPipelineWorker}'s `models`).
 */
import { selectBackend } from '../backend';
import type { CatalogueEntry } from './CatalogueEntry';
import type { PipelineJobData } from './pipelineQueue';
import { loadPipelineStages, type LoadPipelineStagesOptions, type PipelineStages } from './PipelineStages';
import { processScan } from './processScan';

const cache = new Map<string, Promise<PipelineStages>>();

function stagesFor(skipCaption: boolean): Promise<PipelineStages> {
  const key = String(skipCaption);
  let p = cache.get(key);
  if (p === undefined) {
    p = (async () => {
      await selectBackend({ log: false });
      const moduleName = process.env['TOUNUM_PIPELINE_STAGES'];
      const injected: LoadPipelineStagesOptions = moduleName ? await (require(moduleName) as { loadStages(): Promise<LoadPipelineStagesOptions> }).loadStages() : {};
      const models = JSON.parse(process.env['TOUNUM_PIPELINE_MODELS'] ?? '{}') as Pick<LoadPipelineStagesOptions, 'classifierDir' | 'captionerDir' | 'mirror'>;
      return loadPipelineStages({ ...models, ...injected, skipCaption });
    })();
    // A failed load is retried by the next job instead of failing every later job.
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

// A child whose parent worker died (kill -9) stops instead of finishing a job nobody will record.
if (typeof process.send === 'function') process.once('disconnect', () => process.exit(1));

/** Processes one queued file; the return value (the catalogue entry) is stored with the completed job. */
export default async function processPipelineJob(job: { data: PipelineJobData }): Promise<CatalogueEntry> {
  const d = job.data;
  const stages = await stagesFor(d.skipCaption);
  return processScan(d.input, stages, {
    outDir: d.outDir,
    ...(d.inputRoot !== null ? { inputRoot: d.inputRoot } : {}),
    skipEnhance: d.skipEnhance,
    skipCaption: d.skipCaption,
    beam: d.beam,
    ...(d.threshold !== null ? { threshold: d.threshold } : {}),
    expectedSha256: d.sha256,
  });
}
