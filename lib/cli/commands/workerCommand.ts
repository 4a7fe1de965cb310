import path from 'node:path';
import { startPipelineWorker, type PipelineWorker } from '../../workflow';
import type { Command } from '../Command';
import { UsageError } from '../parseCommandLine';

/**
 * `tounum worker --queue redis://HOST:PORT`: processes `tounum pipeline --queue` jobs until stopped
 * (Ctrl-C / SIGTERM finish the jobs in progress first).
 */
export const workerCommand: Command = {
  name: 'worker',
  spec: {
    usage: 'tounum worker',
    summary: 'Process the files queued by `tounum pipeline --queue` (run one per machine; inputs and output folder must be at the same paths everywhere).',
    options: [
      { name: 'queue', type: 'string', description: 'redis://HOST:PORT of the queue (required)' },
      { name: 'queue-name', type: 'string', default: 'tounum-pipeline', description: 'BullMQ queue name' },
      { name: 'concurrency', short: 'c', type: 'number', default: 1, description: 'files processed at once, each in its own process (about one per free core)' },
      { name: 'lock-duration', type: 'number', default: 30000, description: "ms without lock renewal after which a dead worker's job is taken over" },
      { name: 'stalled-interval', type: 'number', default: 30000, description: 'ms between checks for jobs of dead workers' },
      { name: 'model', type: 'string', description: 'photo classifier folder (default: models/photo-classifier of the package)' },
      { name: 'caption-model', type: 'string', description: 'captioning model folder (default: the shipped captioner)' },
      { name: 'mirror', type: 'string', description: 'dataset mirror holding the encoders (default: $TOUNUM_DATA_MIRROR or ../shared/datasets)' },
      { name: 'stages', type: 'string', description: 'module whose loadStages() replaces the shipped models (tests, custom captioners)' },
      { name: 'quiet', short: 'q', type: 'boolean', description: 'print only failures' },
    ],
    epilog: 'Example:\n  tounum worker --queue redis://10.0.0.5:6379 --concurrency 2',
  },
  async run(args, io) {
    const queueUrl = args.options['queue'];
    if (typeof queueUrl !== 'string' || queueUrl === '') throw new UsageError('--queue redis://HOST:PORT is required');
    const concurrency = args.options['concurrency'];
    if (!(typeof concurrency === 'number' && Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64)) throw new UsageError(`--concurrency must be an integer in 1–64; got ${String(concurrency)}`);
    for (const name of ['lock-duration', 'stalled-interval']) {
      const v = args.options[name];
      if (!(typeof v === 'number' && Number.isInteger(v) && v >= 100)) throw new UsageError(`--${name} must be a whole number of ms ≥ 100; got ${String(v)}`);
    }
    const quiet = args.options['quiet'] === true;
    const stages = typeof args.options['stages'] === 'string' ? path.resolve(args.options['stages']) : undefined;
    const str = (name: string): string | undefined => (typeof args.options[name] === 'string' ? (args.options[name] as string) : undefined);
    const models = {
      ...(str('model') !== undefined ? { classifierDir: path.resolve(str('model') as string) } : {}),
      ...(str('caption-model') !== undefined ? { captionerDir: path.resolve(str('caption-model') as string) } : {}),
      ...(str('mirror') !== undefined ? { mirror: path.resolve(str('mirror') as string) } : {}),
    };
    let worker: PipelineWorker;
    try {
      worker = await startPipelineWorker(queueUrl, {
        queueName: String(args.options['queue-name']),
        concurrency,
        lockDuration: args.options['lock-duration'] as number,
        stalledInterval: args.options['stalled-interval'] as number,
        ...(stages !== undefined ? { stagesModule: stages } : {}),
        models,
        onEvent: (event, jobId, detail) => {
          if (event === 'failed') io.stderr.write(`✘ ${detail} (job ${jobId})\n`);
          else if (!quiet && event === 'completed') io.stderr.write(`✔ ${detail}\n`);
          else if (!quiet && event === 'stalled') io.stderr.write(`↻ job ${jobId} ${detail}\n`);
        },
      });
    } catch (e) {
      if (e instanceof RangeError) throw new UsageError(e.message);
      throw e;
    }
    io.stderr.write(`tounum worker: pid ${process.pid}, ${concurrency} at a time, waiting for jobs on ${worker.queue}\n`);
    const stop = (): void => {
      io.stderr.write('tounum worker: finishing the jobs in progress…\n');
      void worker.close();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await worker.closed;
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    io.stderr.write('tounum worker: stopped\n');
    return 0;
  },
};
