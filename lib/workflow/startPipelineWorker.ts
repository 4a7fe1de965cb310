import path from 'node:path';
import { Worker } from 'bullmq';
import { checkRedis, displayRedisUrl, parseRedisUrl, PIPELINE_QUEUE_NAME } from './pipelineQueue';

/** Options of {@link startPipelineWorker}. */
export interface StartPipelineWorkerOptions {
  /** BullMQ queue name. @default PIPELINE_QUEUE_NAME */
  queueName?: string;
  /** Jobs processed at the same time, each in its own child process (one per free core). @default 1 */
  concurrency?: number;
  /** How long a job's lock lasts without renewal, ms: a dead worker's job is taken over after about this. @default 30000 */
  lockDuration?: number;
  /** How often this worker looks for stalled jobs (locks that expired), ms. @default 30000 */
  stalledInterval?: number;
  /** Times a job may be recovered from a dead worker before it fails. @default 2 */
  maxStalledCount?: number;
  /** Module whose `loadStages()` returns stages replacing the shipped models (see pipelineJobProcessor). */
  stagesModule?: string;
  /** Model folders and dataset mirror of the stages (as `tounum pipeline --model/--caption-model/--mirror`). */
  models?: { classifierDir?: string; captionerDir?: string; mirror?: string };
  /** Called for each job event. */
  onEvent?: (event: 'active' | 'completed' | 'failed' | 'stalled', jobId: string, detail: string) => void;
}

/** A running worker. */
export interface PipelineWorker {
  /** The address it is connected to (no password). */
  queue: string;
  /** Finishes the jobs in progress, then disconnects. */
  close(): Promise<void>;
  /** Resolves when the worker is closed. */
  closed: Promise<void>;
}

/**
 * Starts a BullMQ worker for `tounum pipeline --queue` jobs: each job (one file) runs in a sandboxed
 * child process ({@link processPipelineJob}), `concurrency` of them at a time. Workers can run on any
 * number of machines that see the inputs and the output folder at the same paths. A worker killed
 * mid-job loses its lock; after `lockDuration` another worker's stalled-job check puts the job back
 * in the queue (BullMQ's stalled-job handling).
 * @throws Error when Redis cannot be reached; RangeError for bad options.
 */
export async function startPipelineWorker(queueUrl: string, options: StartPipelineWorkerOptions = {}): Promise<PipelineWorker> {
  const loc = parseRedisUrl(queueUrl);
  const concurrency = options.concurrency ?? 1;
  if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64)) throw new RangeError(`startPipelineWorker: options.concurrency must be an integer in 1–64, got ${String(concurrency)}`);
  for (const k of ['lockDuration', 'stalledInterval'] as const) {
    const v = options[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= 100)) throw new RangeError(`startPipelineWorker: options.${k} must be an integer number of ms ≥ 100, got ${String(v)}`);
  }
  await checkRedis(loc);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.stagesModule !== undefined) env['TOUNUM_PIPELINE_STAGES'] = path.resolve(options.stagesModule);
  if (options.models !== undefined) env['TOUNUM_PIPELINE_MODELS'] = JSON.stringify(options.models);
  const worker = new Worker(options.queueName ?? PIPELINE_QUEUE_NAME, path.join(__dirname, 'pipelineJobProcessor.js'), {
    connection: { ...loc, maxRetriesPerRequest: null },
    concurrency,
    useWorkerThreads: false,
    workerForkOptions: { env },
    maxStalledCount: options.maxStalledCount ?? 2,
    ...(options.lockDuration !== undefined ? { lockDuration: options.lockDuration } : {}),
    ...(options.stalledInterval !== undefined ? { stalledInterval: options.stalledInterval } : {}),
  });
  const onEvent = options.onEvent;
  // While Redis is down every reconnection attempt errors: report each distinct message once a minute.
  const lastReported = new Map<string, number>();
  worker.on('error', (e) => {
    const now = Date.now();
    if (now - (lastReported.get(e.message) ?? 0) < 60_000) return;
    lastReported.set(e.message, now);
    onEvent?.('failed', '-', `worker error: ${e.message}`);
  });
  if (onEvent) {
    worker.on('active', (job) => onEvent('active', String(job.id), String((job.data as { input?: string }).input ?? '')));
    worker.on('completed', (job) => onEvent('completed', String(job.id), String((job.data as { input?: string }).input ?? '')));
    worker.on('failed', (job, err) => onEvent('failed', String(job?.id ?? '-'), `${String((job?.data as { input?: string } | undefined)?.input ?? '')}: ${err.message}`));
    worker.on('stalled', (jobId) => onEvent('stalled', jobId, 'taken back from a worker that stopped renewing its lock'));
  }
  await worker.waitUntilReady();
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  return {
    queue: displayRedisUrl(loc),
    async close() {
      await worker.close();
      resolveClosed();
    },
    closed,
  };
}
