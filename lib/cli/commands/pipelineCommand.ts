import fs from 'node:fs';
import path from 'node:path';
import { selectBackend } from '../../backend';
import {
  getPipelineQueueStatus, runPipeline, runQueuedPipeline, parseRedisUrl,
  type PipelineFileResult, type PipelineQueueStatus, type PipelineSummary,
} from '../../workflow';
import type { Command, CommandIo } from '../Command';
import { createProgressBar, type ProgressBar } from '../createProgressBar';
import { expandInputs } from '../expandInputs';
import { UsageError } from '../parseCommandLine';

function printStatus(status: PipelineQueueStatus, io: CommandIo): void {
  const c = status.counts;
  const lines = [
    `queue ${status.queue} (${status.name}): ${c.waiting + c.prioritized} waiting, ${c.active} active, ${c.delayed} delayed (retry backoff), ${c.completed} completed not yet catalogued, ${c.failed} failed; ${status.workers} worker(s) connected`,
  ];
  if (status.failed.length > 0) {
    lines.push(`failed jobs (kept after their attempts; re-run the same \`tounum pipeline … --queue\` to retry them):`);
    for (const f of status.failed) lines.push(`  ✘ ${f.input} → ${f.outDir} (${f.attemptsMade} attempts${f.failedAt ? `, last ${f.failedAt}` : ''}): ${f.error}`);
  }
  io.stdout.write(lines.join('\n') + '\n');
}

function printSummary(s: PipelineSummary & { queued?: number }, io: CommandIo, detached: boolean): void {
  const rel = (p: string | null): string => {
    if (p === null) return '';
    const r = path.relative(process.cwd(), p);
    return r === '' || r.startsWith('..') ? p : r;
  };
  const lines: string[] = [];
  for (const f of s.files) if (f.status === 'failed') lines.push(`✘ ${f.input}: ${f.error ?? 'failed'}`);
  for (const f of s.files) if (f.status === 'done' && f.error !== undefined) lines.push(`⚠ ${f.input}: ${f.error}`);
  if (detached) {
    lines.push(`${s.queued ?? 0} file(s) queued on ${s.queue}, ${s.skipped} already catalogued, ${s.duplicates} duplicate(s), ${s.failed} unreadable.`);
    lines.push(`Run \`tounum worker --queue ${s.queue}\` on the machines, then the same command without --detach to wait, catalogue and export.`);
  } else {
    lines.push(
      `${s.processed} processed (${s.photos} photo(s), ${s.others} other), ${s.skipped} already catalogued, ${s.duplicates} duplicate(s), ${s.failed} failed` +
        `${s.stageErrors ? `, ${s.stageErrors} with a stage error` : ''}; ${s.seconds.toFixed(1)} s, ${s.filesPerSecond.toFixed(2)} files/s${s.queue ? ` via ${s.queue}` : ''}`,
    );
    lines.push(`catalogue ${rel(s.catalogue)}${s.csv ? `, ${rel(s.csv)}` : ''}${s.index ? `, contact sheet ${rel(s.index)}` : ''}`);
  }
  io.stdout.write(lines.join('\n') + '\n');
}

/**
 * `tounum pipeline IN… -o OUT`: the scanning workflow (classify → enhance photos → caption) with a
 * resumable catalogue and its exports; `--queue redis://…` spreads the files over `tounum worker`s.
 */
export const pipelineCommand: Command = {
  name: 'pipeline',
  spec: {
    usage: 'tounum pipeline',
    summary: 'Whole scanning workflow: classify (photo/other), enhance and caption the photos, copy the others; resumable catalogue, CSV and HTML contact sheet; optionally over a Redis queue.',
    positionals: 'IN… (files, folders, globs)',
    options: [
      { name: 'out', short: 'o', type: 'string', description: 'output folder: photos/, other/, thumbs/, catalogue.jsonl, catalogue.csv, index.html (inputs are never modified)' },
      { name: 'skip', type: 'string', choices: ['enhance', 'caption'], multiple: true, description: 'leave out a stage' },
      { name: 'beam', type: 'number', default: 5, description: 'beam width of the caption search, 1–5' },
      { name: 'threshold', short: 't', type: 'number', description: "P(photo) at or above which a scan is a photo (default: the classifier card's threshold)" },
      { name: 'json', type: 'boolean', description: 'print the summary (or --status) as JSON on stdout' },
      { name: 'progress', type: 'boolean', default: true, description: 'progress bar on stderr (--no-progress to hide)' },
      { name: 'recursive', type: 'boolean', default: true, description: 'walk sub-folders of folder arguments' },
      { name: 'model', type: 'string', description: 'photo classifier folder (default: models/photo-classifier of the package)' },
      { name: 'caption-model', type: 'string', description: 'captioning model folder (default: the shipped captioner)' },
      { name: 'mirror', type: 'string', description: 'dataset mirror holding the encoders (default: $TOUNUM_DATA_MIRROR or ../shared/datasets)' },
      { name: 'queue', type: 'string', description: 'redis://HOST:PORT: enqueue one job per file for `tounum worker`s instead of processing here' },
      { name: 'queue-name', type: 'string', default: 'tounum-pipeline', description: 'BullMQ queue name (with --queue)' },
      { name: 'detach', type: 'boolean', description: 'with --queue: return once the jobs are queued' },
      { name: 'status', type: 'boolean', description: 'with --queue: job counts, connected workers and failed jobs with their errors (no inputs needed)' },
      { name: 'backoff', type: 'number', default: 2000, description: 'with --queue: first retry delay of a failed job in ms (doubled each time; 3 attempts)' },
    ],
    epilog: [
      'A re-run skips files whose sha256 is already in OUT/catalogue.jsonl; a killed run loses at most the files in flight.',
      'Exit code: 0 all files catalogued, 1 some failed or had a stage error (listed), 2 usage error.',
      'Examples:',
      '  tounum pipeline scans/ -o archive/',
      '  tounum pipeline scans/ -o archive/ --skip caption --json > run.json',
      '  tounum pipeline /shared/scans -o /shared/archive --queue redis://10.0.0.5:6379   # with `tounum worker --queue …` on each machine',
      '  tounum pipeline --queue redis://10.0.0.5:6379 --status',
    ].join('\n'),
  },
  async run(args, io) {
    const json = args.options['json'] === true;
    const queueUrl = typeof args.options['queue'] === 'string' ? args.options['queue'] : undefined;
    if (queueUrl !== undefined) {
      try {
        parseRedisUrl(queueUrl);
      } catch (e) {
        throw new UsageError(`--queue: ${(e as Error).message}`);
      }
    }
    const queueName = String(args.options['queue-name']);
    if (args.options['status'] === true) {
      if (queueUrl === undefined) throw new UsageError('--status needs --queue redis://HOST:PORT');
      const status = await getPipelineQueueStatus(queueUrl, { queueName });
      if (json) io.stdout.write(JSON.stringify(status, null, 2) + '\n');
      else printStatus(status, io);
      return 0;
    }
    if (args.options['detach'] === true && queueUrl === undefined) throw new UsageError('--detach needs --queue redis://HOST:PORT');
    if (queueUrl !== undefined) {
      for (const name of ['model', 'caption-model', 'mirror']) {
        if (args.options[name] !== undefined) throw new UsageError(`--${name} is a worker setting with --queue: give it to \`tounum worker\``);
      }
    }
    const outDir = args.options['out'];
    if (typeof outDir !== 'string' || outDir === '') throw new UsageError('-o/--out OUTDIR is required (the output folder)');
    if (args.positionals.length === 0) throw new UsageError('no input: give image files, folders or globs');
    const beam = args.options['beam'];
    if (!(typeof beam === 'number' && Number.isInteger(beam) && beam >= 1 && beam <= 5)) throw new UsageError(`--beam must be an integer in 1–5; got ${String(beam)}`);
    const threshold = args.options['threshold'];
    if (threshold !== undefined && !(typeof threshold === 'number' && threshold >= 0 && threshold <= 1)) throw new UsageError(`--threshold must be a probability in [0, 1]; got ${String(threshold)}`);
    const backoff = args.options['backoff'];
    if (!(typeof backoff === 'number' && Number.isInteger(backoff) && backoff >= 0)) throw new UsageError(`--backoff must be a whole number of ms ≥ 0; got ${String(backoff)}`);
    const skip = new Set((args.options['skip'] as string[] | undefined) ?? []);
    const outAbs = path.resolve(outDir);
    if (fs.existsSync(outAbs) && !fs.statSync(outAbs).isDirectory()) throw new UsageError(`-o ${outDir} exists and is not a folder`);

    const { files: found, missing } = expandInputs(args.positionals, { recursive: args.options['recursive'] !== false });
    // Files inside the output folder are earlier results (copies, enhanced photos, thumbnails).
    const files = found.filter((f) => !(f + path.sep).startsWith(outAbs + path.sep));
    for (const m of missing) io.stderr.write(`✘ ${m}: no such file, or no image in it\n`);
    if (found.length > files.length) io.stderr.write(`(${found.length - files.length} file(s) inside the output folder were not processed)\n`);
    if (files.length === 0) {
      io.stderr.write(`tounum pipeline: no image found in ${args.positionals.join(' ')}\n`);
      return 1;
    }

    const showProgress = args.options['progress'] !== false;
    let bar: ProgressBar | null = null;
    const onProgress = (done: number, total: number, input: string, result?: PipelineFileResult): void => {
      if (showProgress) {
        bar ??= createProgressBar(total, { title: 'tounum pipeline', stream: io.stderr });
        bar.update(done, input ? path.basename(input) : '');
      }
      if (result?.status === 'failed') io.stderr.write(`${showProgress && io.stderr.isTTY ? '\n' : ''}✘ ${input}: ${result.error ?? 'failed'}\n`);
    };
    const common = {
      skipEnhance: skip.has('enhance'),
      skipCaption: skip.has('caption'),
      beam,
      ...(typeof threshold === 'number' ? { threshold } : {}),
      onProgress,
    };
    let summary: PipelineSummary & { queued?: number };
    if (queueUrl !== undefined) {
      summary = await runQueuedPipeline(files, outAbs, queueUrl, {
        ...common,
        queueName,
        backoffMs: backoff,
        detach: args.options['detach'] === true,
        onNote: (m) => io.stderr.write(`${m}\n`),
      });
    } else {
      await selectBackend({ log: false });
      summary = await runPipeline(files, outAbs, {
        ...common,
        ...(typeof args.options['model'] === 'string' ? { classifierDir: path.resolve(args.options['model']) } : {}),
        ...(typeof args.options['caption-model'] === 'string' ? { captionerDir: path.resolve(args.options['caption-model']) } : {}),
        ...(typeof args.options['mirror'] === 'string' ? { mirror: args.options['mirror'] } : {}),
      });
    }
    (bar as ProgressBar | null)?.finish();
    for (const m of missing) summary.files.push({ input: m, status: 'failed', error: 'no such file, or no image in this folder / glob', seconds: 0 });
    summary.failed += missing.length;
    summary.total += missing.length;
    if (json) io.stdout.write(JSON.stringify({ command: 'pipeline', ...summary }, null, 2) + '\n');
    else printSummary(summary, io, args.options['detach'] === true);
    return summary.failed > 0 || summary.stageErrors > 0 ? 1 : 0;
  },
};
