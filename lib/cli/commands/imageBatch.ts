import * as path from 'path';
import type { Image } from '../../image';
import { readImage, readImageMetadata, writeImage } from '../../io';
import type { CommandIo } from '../Command';
import { expandInputs } from '../expandInputs';
import { outputPathFor } from '../outputPathFor';
import type { OptionSpec, ParsedCommandLine } from '../parseCommandLine';
import { UsageError } from '../parseCommandLine';
import { runBatch } from '../runBatch';

/** Options every image batch command (`denoise`, `sharpen`, `enhance`) shares. */
export const BATCH_OPTIONS: readonly OptionSpec[] = [
  { name: 'out', short: 'o', type: 'string', description: 'output folder (created if needed; inputs and existing files are never overwritten)' },
  { name: 'format', type: 'string', choices: ['png', 'tiff', 'jpeg', 'webp'], default: 'png', description: 'output format (png/tiff keep 16-bit inputs at 16 bits)' },
  { name: 'suffix', type: 'string', description: 'added to each output name (default: -denoised, -sharpened or -enhanced)' },
  { name: 'json', type: 'boolean', description: 'print a machine-readable summary on stdout' },
  { name: 'progress', type: 'boolean', default: true, description: 'progress bar on stderr (--no-progress to hide)' },
];

const EXTENSIONS: Record<string, string> = { png: '.png', tiff: '.tif', jpeg: '.jpg', webp: '.webp' };

/** What a command does to one image: the result and a JSON-able record of its decisions. */
export interface ImageTaskResult {
  image: Image;
  details: Record<string, unknown>;
  /** One-line description for the text summary. */
  note: string;
}

/** One output record of a batch. */
interface FileRecord {
  input: string;
  ok: boolean;
  output?: string;
  error?: string;
  seconds: number;
  [key: string]: unknown;
}

/** Throws a {@link UsageError} unless `value` is undefined or satisfies `ok`. */
export function checkOption(value: unknown, ok: (v: number) => boolean, message: string): void {
  if (value !== undefined && !(typeof value === 'number' && ok(value))) throw new UsageError(`${message}; got ${String(value)}`);
}

/**
 * Runs an image command over files, folders and globs: reads each image, applies `task`, writes the
 * result under `-o OUTDIR` (sub-folders recreated, never over an input or an existing file), reports a
 * bad file and goes on, then prints a summary (text or `--json`). Exit code 0 when every file
 * succeeded, 1 when some failed or an input matched nothing.
 * @throws UsageError for a missing `-o` or no inputs (exit code 2).
 */
export async function runImageBatch(
  command: string,
  args: ParsedCommandLine,
  io: CommandIo,
  defaultSuffix: string,
  task: (image: Image) => ImageTaskResult,
): Promise<number> {
  const outDir = args.options['out'];
  if (args.positionals.length === 0) throw new UsageError('no input: give image files, folders or globs');
  if (typeof outDir !== 'string' || outDir === '') throw new UsageError('-o/--out OUTDIR is required (the output folder)');
  const format = String(args.options['format'] ?? 'png');
  const suffix = typeof args.options['suffix'] === 'string' ? args.options['suffix'] : defaultSuffix;
  const json = args.options['json'] === true;
  const outAbs = path.resolve(outDir);

  const { files: found, missing } = expandInputs(args.positionals);
  // Files already inside the output folder are earlier results: re-processing them would compound.
  const files = found.filter((f) => !(f + path.sep).startsWith(outAbs + path.sep) || args.positionals.some((p) => path.resolve(p) === f));
  const skippedInOut = found.length - files.length;
  const inputRoot = commonDir(files);

  const summary = await runBatch<FileRecord>(
    files,
    async (input) => {
      const meta = await readImageMetadata(input);
      const image = await readImage(input);
      const t = task(image);
      const target = outputPathFor(input, outDir, { suffix, extension: EXTENSIONS[format], inputRoot });
      const bitDepth = meta.bitDepth > 8 && (format === 'png' || format === 'tiff') ? 16 : 8;
      const written = await writeImage(target, t.image, { inputPath: input, bitDepth });
      return { input, ok: true, output: written.path, seconds: 0, note: t.note, ...t.details };
    },
    { title: `tounum ${command}`, progress: args.options['progress'] !== false, stream: io.stderr },
  );

  const records: FileRecord[] = summary.items.map((it) =>
    it.ok && it.result ? { ...it.result, seconds: it.seconds } : { input: it.input, ok: false, error: it.error ?? 'failed', seconds: it.seconds },
  );
  for (const m of missing) records.push({ input: m, ok: false, error: 'no such file, or no image in this folder / glob', seconds: 0 });
  const failed = records.filter((r) => !r.ok).length;
  const succeeded = records.length - failed;
  if (json) {
    const files = records.map(({ note: _note, ...rest }) => rest);
    io.stdout.write(JSON.stringify({ command, outDir: outAbs, succeeded, failed, skippedInOutDir: skippedInOut, seconds: summary.seconds, files }, null, 2) + '\n');
  } else {
    const lines: string[] = [];
    for (const r of records) {
      lines.push(r.ok ? `✔ ${path.relative(process.cwd(), r.input) || r.input} → ${path.relative(process.cwd(), String(r.output))}  ${String(r['note'] ?? '')}` : `✘ ${r.input}: ${r.error}`);
    }
    if (skippedInOut > 0) lines.push(`(${skippedInOut} file(s) inside the output folder were not processed)`);
    lines.push(`${succeeded} written to ${outDir}, ${failed} failed, ${summary.seconds.toFixed(1)} s`);
    io.stdout.write(lines.join('\n') + '\n');
  }
  if (records.length === 0) {
    io.stderr.write(`tounum ${command}: no image found in ${args.positionals.join(' ')}\n`);
    return 1;
  }
  return failed > 0 ? 1 : 0;
}

function commonDir(files: readonly string[]): string | undefined {
  if (files.length === 0) return undefined;
  let common = path.dirname(files[0] as string);
  for (const f of files) {
    while (!(path.dirname(f) + path.sep).startsWith(common + path.sep)) {
      const up = path.dirname(common);
      if (up === common) return common;
      common = up;
    }
  }
  return common;
}
