import { Queue } from 'bullmq';
import { checkRedis, displayRedisUrl, parseRedisUrl, PIPELINE_QUEUE_NAME } from './pipelineQueue';

/** A job that failed all its attempts. */
export interface FailedPipelineJob {
  id: string;
  input: string;
  outDir: string;
  attemptsMade: number;
  error: string;
  /** ISO time of the last failure. */
  failedAt: string | null;
}

/** What `tounum pipeline --queue … --status` reports. */
export interface PipelineQueueStatus {
  queue: string;
  name: string;
  counts: Record<'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'prioritized', number>;
  /** Workers connected now. */
  workers: number;
  failed: FailedPipelineJob[];
}

/**
 * Counts of the pipeline queue's jobs by state, the connected workers, and the jobs kept in the failed
 * set with their last error (at most `limit`, most recent first).
 * @throws Error when Redis cannot be reached.
 */
export async function getPipelineQueueStatus(queueUrl: string, options: { queueName?: string; limit?: number } = {}): Promise<PipelineQueueStatus> {
  const loc = parseRedisUrl(queueUrl);
  await checkRedis(loc);
  const name = options.queueName ?? PIPELINE_QUEUE_NAME;
  const queue = new Queue(name, { connection: { ...loc } });
  queue.on('error', () => undefined);
  try {
    const raw = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
    const counts = {
      waiting: raw['waiting'] ?? 0, active: raw['active'] ?? 0, delayed: raw['delayed'] ?? 0, completed: raw['completed'] ?? 0,
      failed: raw['failed'] ?? 0, prioritized: raw['prioritized'] ?? 0,
    };
    const jobs = await queue.getFailed(0, Math.max(0, (options.limit ?? 1000) - 1));
    const failed = jobs.map((j) => {
      const data = j.data as { input?: string; outDir?: string };
      return {
        id: String(j.id),
        input: String(data.input ?? ''),
        outDir: String(data.outDir ?? ''),
        attemptsMade: j.attemptsMade,
        error: j.failedReason,
        failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
      };
    });
    const workers = (await queue.getWorkers()).length;
    return { queue: displayRedisUrl(loc), name, counts, workers, failed };
  } finally {
    await queue.close().catch(() => undefined);
  }
}
