import path from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { appendCatalogueEntry } from './appendCatalogueEntry';
import type { CatalogueEntry } from './CatalogueEntry';
import { commonInputRoot } from './commonInputRoot';
import { exportCatalogue } from './exportCatalogue';
import { hashFile } from './hashFile';
import { lockOutputFolder } from './lockOutputFolder';
import {
  checkRedis, displayRedisUrl, parseRedisUrl, pipelineJobId, pipelineRunKey,
  PIPELINE_JOB_ATTEMPTS, PIPELINE_QUEUE_NAME, type PipelineJobData, type RedisLocation,
} from './pipelineQueue';
import { CATALOGUE_FILE, readCatalogue } from './readCatalogue';
import { summarisePipeline, type PipelineFileResult, type PipelineSummary } from './PipelineSummary';

/** Options of {@link runQueuedPipeline}. */
export interface RunQueuedPipelineOptions {
  /** BullMQ queue name. @default PIPELINE_QUEUE_NAME */
  queueName?: string;
  skipEnhance?: boolean;
  skipCaption?: boolean;
  /** Beam width of the captions, 1–5. @default 5 */
  beam?: number;
  /** P(photo) threshold; absent: each worker's classifier card threshold. */
  threshold?: number;
  /** Return once the jobs are queued (the catalogue is written by a later run without `detach`). @default false */
  detach?: boolean;
  /** First retry delay in ms, doubled at each attempt. @default 2000 */
  backoffMs?: number;
  /** How often the state of unfinished jobs is checked besides the queue's events, in ms. @default 5000 */
  sweepMs?: number;
  /** Write catalogue.csv and index.html at the end. @default true */
  exports?: boolean;
  /**
   * How long Redis may stay unreachable before the run stops with an error saying so (the queued jobs
   * are not lost if Redis keeps its data; re-running the command resumes). Shorter outages, such as a
   * restart, are ridden out. @default 60000
   */
  outageMs?: number;
  /** Called when the number of finished files changes, and with each file's result. */
  onProgress?: (done: number, total: number, input: string, result?: PipelineFileResult) => void;
  /** Called with a note for the user (e.g. a lost job re-queued). */
  onNote?: (message: string) => void;
}

/** The summary of a queued run, plus how many jobs were queued. */
export interface QueuedPipelineSummary extends PipelineSummary {
  /** Jobs added or found in the queue for this run. */
  queued: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a Redis operation, failing it with `message` if Redis has been unreachable for `outageMs`
 * meanwhile (ioredis would otherwise keep retrying for minutes without a word).
 */
async function guarded<T>(op: Promise<T>, loc: RedisLocation, outageMs: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let downSince: number | null = null;
  const watchdog = new Promise<never>((_resolve, reject) => {
    const tick = async (): Promise<void> => {
      const up = await checkRedis(loc, 1000).then(() => true, () => false);
      if (up) downSince = null;
      else {
        downSince ??= Date.now();
        if (Date.now() - downSince >= outageMs) {
          reject(new Error(message()));
          return;
        }
      }
      timer = setTimeout(() => void tick(), 500);
    };
    timer = setTimeout(() => void tick(), 1000);
  });
  try {
    return await Promise.race([op, watchdog]);
  } finally {
    clearTimeout(timer);
  }
}

interface Pending {
  input: string;
  sha256: string;
  data: PipelineJobData;
}

/**
 * The coordinator of a distributed `tounum pipeline --queue`: hashes the inputs, skips those already
 * in `OUT/catalogue.jsonl`, enqueues one BullMQ job per remaining file (id `<run key>-<sha256>`:
 * enqueuing again adds nothing; a job left in the failed set by an earlier run is retried), then —
 * unless `detach` — waits for the workers (`tounum worker`), appending each finished file's entry to
 * the catalogue as the only writer (so no line is ever duplicated, whatever the retries and stalls),
 * and finally writes the exports.
 *
 * Jobs are tried {@link PIPELINE_JOB_ATTEMPTS} times with exponential backoff; a job that fails them
 * all stays in the failed set with its error (`--status`). Finished jobs are removed from Redis once
 * their line is on disk. A job that disappears (Redis restarted without persistence) is queued again.
 * The output folder is locked for the run ({@link lockOutputFolder}): one coordinator per catalogue.
 * @throws Error when Redis cannot be reached (with the address).
 */
export async function runQueuedPipeline(inputs: readonly string[], outDir: string, queueUrl: string, options: RunQueuedPipelineOptions = {}): Promise<QueuedPipelineSummary> {
  parseRedisUrl(queueUrl);
  const unlock = await lockOutputFolder(path.resolve(outDir));
  try {
    return await coordinate(inputs, outDir, queueUrl, options);
  } finally {
    await unlock();
  }
}

async function coordinate(inputs: readonly string[], outDir: string, queueUrl: string, options: RunQueuedPipelineOptions): Promise<QueuedPipelineSummary> {
  const loc = parseRedisUrl(queueUrl);
  const beam = options.beam ?? 5;
  if (!(Number.isInteger(beam) && beam >= 1 && beam <= 5)) throw new RangeError(`runQueuedPipeline: options.beam must be an integer in 1–5, got ${String(beam)}`);
  const out = path.resolve(outDir);
  const files = inputs.map((f) => path.resolve(f));
  const started = Date.now();
  await checkRedis(loc);

  const catalogue = await readCatalogue(out);
  const known = new Set(catalogue.bySha.keys());
  const inputRoot = commonInputRoot(files) ?? null;
  const base = { outDir: out, inputRoot, skipEnhance: options.skipEnhance === true, skipCaption: options.skipCaption === true, beam, threshold: options.threshold ?? null };
  const runKey = pipelineRunKey(base);
  const results = new Map<string, PipelineFileResult>();
  const pending = new Map<string, Pending>();
  for (const input of files) {
    try {
      const { sha256 } = await hashFile(input);
      const previous = catalogue.bySha.get(sha256);
      const id = pipelineJobId(runKey, sha256);
      if (previous) results.set(input, { input, status: 'skipped', sha256, label: previous.class.label, output: previous.output, seconds: 0 });
      else if (pending.has(id)) results.set(input, { input, status: 'duplicate', sha256, seconds: 0 });
      else pending.set(id, { input, sha256, data: { ...base, input, sha256 } });
    } catch (e) {
      results.set(input, { input, status: 'failed', error: e instanceof Error ? e.message : String(e), seconds: 0 });
    }
  }

  const connection = { ...loc };
  const queueName = options.queueName ?? PIPELINE_QUEUE_NAME;
  const queue = new Queue(queueName, { connection });
  queue.on('error', () => undefined);
  const outageMs = options.outageMs ?? 60_000;
  const g = <T>(op: Promise<T>): Promise<T> =>
    guarded(op, loc, outageMs, () => {
      const done = [...results.values()].filter((r) => r.status === 'done').length;
      return `lost Redis at ${displayRedisUrl(loc)} for ${(outageMs / 1000).toFixed(0)} s; ${done} file(s) catalogued in ${out}, ${pending.size} still queued. ` +
        'When Redis is back, run the same command again to resume (catalogued files are skipped, lost jobs queued again).';
    });
  const jobOptions = (id: string) => ({
    jobId: id,
    attempts: PIPELINE_JOB_ATTEMPTS,
    backoff: { type: 'exponential' as const, delay: options.backoffMs ?? 2000 },
    removeOnComplete: false,
    removeOnFail: false,
  });
  const enqueue = async (ids: string[]): Promise<void> => {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await g(queue.addBulk(chunk.map((id) => ({ name: 'scan', data: (pending.get(id) as Pending).data, opts: jobOptions(id) }))));
    }
  };
  let events: QueueEvents | null = null;
  try {
    await enqueue([...pending.keys()]);
    // Jobs of this run left failed by an earlier run: try them again.
    const ids = [...pending.keys()];
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      const states = await g(Promise.all(chunk.map((id) => queue.getJobState(id))));
      const failed = chunk.filter((_id, k) => states[k] === 'failed');
      await g(Promise.all(failed.map(async (id) => (await queue.getJob(id))?.retry('failed'))));
    }
    const queued = pending.size;
    const total = files.length;
    if (options.detach === true) {
      for (const p of pending.values()) results.set(p.input, { input: p.input, status: 'queued', sha256: p.sha256, seconds: 0 });
      const ordered = files.map((f) => results.get(f) as PipelineFileResult);
      const summary = summarisePipeline(out, displayRedisUrl(loc), ordered, (Date.now() - started) / 1000, { catalogue: path.join(out, CATALOGUE_FILE), csv: null, index: null });
      return { ...summary, queued };
    }

    const doneCount = (): number => results.size;
    const finish = async (id: string, state: string): Promise<void> => {
      const p = pending.get(id);
      if (p === undefined) return;
      const job = await g(queue.getJob(id));
      if (state === 'completed' && job) {
        const entry = job.returnvalue as CatalogueEntry;
        pending.delete(id);
        if (!known.has(entry.sha256)) {
          await appendCatalogueEntry(out, entry);
          known.add(entry.sha256);
        }
        const stageErrors = Object.entries(entry.errors ?? {}).map(([k, v]) => `${k}: ${v}`).join('; ');
        const r: PipelineFileResult = { input: p.input, status: 'done', sha256: entry.sha256, label: entry.class.label, output: entry.output, seconds: entry.timings.total, ...(stageErrors ? { error: stageErrors } : {}) };
        results.set(p.input, r);
        await g(job.remove()).catch(() => undefined);
        options.onProgress?.(doneCount(), total, p.input, r);
      } else if (state === 'failed' && job) {
        pending.delete(id);
        const r: PipelineFileResult = { input: p.input, status: 'failed', sha256: p.sha256, error: `${job.failedReason} (after ${job.attemptsMade} attempts; job ${id})`, seconds: 0 };
        results.set(p.input, r);
        options.onProgress?.(doneCount(), total, p.input, r);
      } else if (state === 'unknown' || ((state === 'completed' || state === 'failed') && !job)) {
        options.onNote?.(`job of ${p.input} is no longer in the queue (Redis restarted without persistence?): queued again`);
        await enqueue([id]);
      }
    };
    // Events make progress immediate; the sweep catches whatever the events missed (reconnections).
    let wake: (() => void) | null = null;
    const hinted = new Set<string>();
    events = new QueueEvents(queueName, { connection });
    events.on('error', () => undefined);
    const hint = ({ jobId }: { jobId: string }): void => {
      if (pending.has(jobId)) {
        hinted.add(jobId);
        wake?.();
      }
    };
    events.on('completed', hint);
    events.on('failed', hint);
    await g(events.waitUntilReady());
    options.onProgress?.(doneCount(), total, '');
    const sweepMs = options.sweepMs ?? 5000;
    let lastSweep = 0;
    while (pending.size > 0) {
      const sweep = Date.now() - lastSweep >= Math.max(sweepMs, pending.size);
      const ids = sweep ? [...pending.keys()] : [...hinted];
      hinted.clear();
      if (sweep) lastSweep = Date.now();
      for (let i = 0; i < ids.length; i += 100) {
        const chunk = ids.slice(i, i + 100);
        const states = await g(Promise.all(chunk.map((id) => queue.getJobState(id))));
        for (let k = 0; k < chunk.length; k++) await finish(chunk[k] as string, states[k] as string);
      }
      if (pending.size === 0) break;
      if (hinted.size === 0) {
        await Promise.race([sleep(Math.min(1000, sweepMs)), new Promise<void>((r) => (wake = r))]);
        wake = null;
      }
    }
  } finally {
    // close() waits for Redis; after an outage, give up on it and drop the connections.
    await Promise.race([Promise.all([events?.close(), queue.close()]).catch(() => undefined), sleep(2000)]);
    await Promise.all([events?.disconnect(), queue.disconnect()]).catch(() => undefined);
  }
  let written = { catalogue: path.join(out, CATALOGUE_FILE), csv: null as string | null, index: null as string | null };
  if (options.exports !== false) written = await exportCatalogue(out);
  const ordered = files.map((f) => results.get(f) as PipelineFileResult);
  const summary = summarisePipeline(out, displayRedisUrl(loc), ordered, (Date.now() - started) / 1000, { catalogue: written.catalogue, csv: written.csv, index: written.index });
  return { ...summary, queued: ordered.filter((r) => r.status === 'done' || r.status === 'failed').length };
}
