import * as fs from 'fs';
import * as path from 'path';
import type { Image } from '../../image';
import { readImage, readImageMetadata, writeImage } from '../../io';
import { displayPath, toFsPath } from '../../io/fsPath';
import type { ImageReadWarning } from '../../io/readImage';
import { READ_EXTENSIONS } from '../../io/readableExtensions';
import { removeStaleTemporaries } from '../../io/removeStaleTemporaries';
import { verifyImageFile } from '../../io/verifyImageFile';
import type { CommandIo } from '../Command';
import { checkOutputFolder, checkOutputOutsideInputs, inputFolders, isWithin, realpathExact } from '../checkOutputFolder';
import { expandInputs } from '../expandInputs';
import { checkSuffix, outputPathFor } from '../outputPathFor';
import type { OptionSpec, ParsedCommandLine } from '../parseCommandLine';
import { UsageError } from '../parseCommandLine';
import { runBatch } from '../runBatch';

/** The formats folder and glob inputs are filtered on, for the help texts. */
export const READABLE_FORMATS_HELP = `Folders and globs take the files the reader decodes: ${READ_EXTENSIONS.join(' ')} (any case); BMP is not supported. Explicit files are always tried.`;

/** What every batch command promises, for the help texts. */
export const BATCH_PROMISES_HELP = [
  'Inputs are never modified. Outputs are written to a temporary name and renamed when complete, so an',
  'interrupted run leaves no partial file under a final name; its stale temporaries are removed by the next run.',
  'A re-run skips inputs whose output exists and is complete (reported as skipped); --overwrite redoes them.',
  'Output names: IN/sub/x.jpg → OUT/sub/x<suffix>.<format>; inputs sharing a name up to the extension keep it (x-jpg-…, x-tif-…).',
  'Damaged image data (e.g. "Corrupt JPEG data") is an error unless --accept-damaged; dropped alpha and',
  'extra frames/pages are warnings. Exit code 0: all done or skipped; 1: some file failed; 2: usage error.',
].join('\n');

/** Options every image batch command (`denoise`, `sharpen`, `enhance`, `upscale`, `vhs`) shares. */
export const BATCH_OPTIONS: readonly OptionSpec[] = [
  { name: 'out', short: 'o', type: 'string', description: 'output folder (created if needed; checked before any work; must not be an input folder)' },
  { name: 'format', type: 'string', choices: ['png', 'tiff', 'jpeg', 'webp'], default: 'png', description: 'output format (png/tiff keep 16-bit inputs at 16 bits)' },
  { name: 'suffix', type: 'string', description: 'added to each output name, no path separators (default: -denoised, -sharpened or -enhanced)' },
  { name: 'overwrite', type: 'boolean', description: 'redo inputs whose output already exists and replace it (default: skip them, so an interrupted batch resumes)' },
  { name: 'accept-damaged', type: 'boolean', description: 'process files whose image data is damaged (the decoder fills the damage in grey) with a warning, instead of failing them' },
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
  /** Things the user should know about this file (e.g. a large crop), shown with ⚠ and in JSON. */
  warnings?: string[];
}

/** One output record of a batch. */
interface FileRecord {
  input: string;
  /** `written`: output made; `skipped`: its output already existed and is complete; `failed`. */
  status: 'written' | 'skipped' | 'failed';
  ok: boolean;
  output?: string;
  error?: string;
  /** Why it was skipped. */
  reason?: string;
  warnings?: string[];
  seconds: number;
  [key: string]: unknown;
}

/** Throws a {@link UsageError} unless `value` is undefined or satisfies `ok`. */
export function checkOption(value: unknown, ok: (v: number) => boolean, message: string): void {
  if (value !== undefined && !(typeof value === 'number' && ok(value))) throw new UsageError(`${message}; got ${String(value)}`);
}

/**
 * Reads an image for a batch command: the reader's warnings become messages, damaged image data
 * an error unless `acceptDamaged`.
 * @throws the reader's ImageReadError, or an Error naming the file and the damage.
 */
export async function readBatchImage(input: string, acceptDamaged: boolean, options: { channels?: 1 | 3 } = {}): Promise<{ image: Image; warnings: string[] }> {
  const found: ImageReadWarning[] = [];
  const image = await readImage(input, { ...options, onWarning: (w) => found.push(w) });
  const damaged = found.filter((w) => w.kind === 'damaged-data');
  if (damaged.length > 0 && !acceptDamaged) {
    throw new Error(`cannot read image ${displayPath(input)}: image data is damaged (${damaged.map((w) => w.message).join('; ')}); the decoder would fill the damage in grey — pass --accept-damaged to process it anyway`);
  }
  return { image, warnings: found.map((w) => (w.kind === 'damaged-data' ? `damaged image data, processed anyway: ${w.message}` : w.message)) };
}

function exists(p: string): boolean {
  try {
    fs.statSync(toFsPath(p));
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs an image command over files, folders and globs: reads each image, applies `task`, writes the
 * result under `-o OUTDIR` (sub-folders recreated, atomically, never over an input), reports a bad
 * file and goes on, then prints a summary (text or `--json`).
 *
 * Before any work: `-o` must be a folder (or creatable) that accepts a new file and is not an input
 * folder, and `--suffix` must hold no path separator (else exit 2); stale temporary files of an
 * interrupted run are removed from `-o`. An input whose output exists and decodes completely is
 * skipped (resumable batches) unless `--overwrite`; an incomplete one is redone. Inputs that share a
 * name up to the extension (`a.jpg`, `a.png`) keep it in their output names (`a-jpg-…`, `a-png-…`).
 * Exit code 0 when every file was written or skipped, 1 when some failed or an input matched nothing.
 * @throws UsageError (exit code 2) for the problems above, a missing `-o` or no inputs.
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
  try {
    checkSuffix(suffix);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const json = args.options['json'] === true;
  const overwrite = args.options['overwrite'] === true;
  const acceptDamaged = args.options['accept-damaged'] === true;
  const outAbs = path.resolve(outDir);
  checkOutputOutsideInputs(outAbs, '-o', args.positionals);
  checkOutputFolder(outAbs, '-o');
  const removed = await removeStaleTemporaries(outAbs);
  if (removed.length > 0) io.stderr.write(`tounum ${command}: removed ${removed.length} stale temporary file(s) left in ${displayPath(outDir)} by an interrupted run\n`);

  const { files: found, missingReasons, ignored } = expandInputs(args.positionals);
  // Files found inside an output folder nested in an input folder are earlier results: re-processing them would compound.
  const outReal = realpathExact(outAbs);
  const nested = inputFolders(args.positionals).some(({ folder }) => folder !== outReal && isWithin(outReal, folder));
  const files = found.filter((f) => !(nested && isWithin(realpathExact(f), outReal)) || args.positionals.some((p) => path.resolve(p) === f));
  // Files inside a nested -o (earlier results, our temporaries) are counted apart, not listed.
  const notTaken = ignored.filter((g) => !(nested && isWithin(realpathExact(g.path), outReal)));
  const skippedInOut = found.length - files.length;
  const inputRoot = commonDir(files);

  // Output names depend only on the inputs. Inputs that share a name up to the extension (scan.jpg and
  // scan.tif) keep their extension in the output name (scan-jpg-denoised.png, scan-tif-denoised.png);
  // whatever still collides is an error for all but the first.
  const plan = (f: string, withExt: boolean): string | undefined => {
    const ext = path.extname(f);
    const named = withExt && ext !== '' ? path.join(path.dirname(f), `${path.basename(f, ext)}-${ext.slice(1).toLowerCase()}${ext}`) : f;
    try {
      return outputPathFor(named, outDir, { suffix, extension: EXTENSIONS[format] as string, inputRoot });
    } catch {
      return undefined;
    }
  };
  const byTarget = new Map<string, string[]>();
  for (const f of files) {
    const t = plan(f, false);
    if (t !== undefined) byTarget.set(path.resolve(t), [...(byTarget.get(path.resolve(t)) ?? []), f]);
  }
  const targets = new Map<string, string>();
  const firstFor = new Map<string, string>();
  for (const group of byTarget.values()) {
    for (const f of group) {
      const t = plan(f, group.length > 1) as string;
      targets.set(f, t);
      if (!firstFor.has(path.resolve(t))) firstFor.set(path.resolve(t), f);
    }
  }

  const summary = await runBatch<FileRecord>(
    files,
    async (input) => {
      const target = targets.get(input) ?? outputPathFor(input, outDir, { suffix, extension: EXTENSIONS[format] as string, inputRoot });
      const first = firstFor.get(path.resolve(target));
      if (first !== undefined && first !== input) {
        throw new Error(`its output ${displayPath(target)} is also the output of ${displayPath(first)}; process one of them separately with another --suffix`);
      }
      let replace = overwrite;
      const notes: string[] = [];
      if (exists(target) && !overwrite) {
        if (await verifyImageFile(target)) return { input, status: 'skipped', ok: true, output: path.resolve(target), reason: 'its output exists and is complete (--overwrite to redo it)', seconds: 0 };
        replace = true;
        notes.push('an incomplete or damaged earlier output was replaced');
      }
      const meta = await readImageMetadata(input);
      const { image, warnings } = await readBatchImage(input, acceptDamaged);
      const t = task(image);
      const bitDepth = meta.bitDepth > 8 && (format === 'png' || format === 'tiff') ? 16 : 8;
      const written = await writeImage(target, t.image, { inputPath: input, bitDepth, overwrite: replace });
      const all = [...warnings, ...(t.warnings ?? []), ...notes];
      return { input, status: 'written', ok: true, output: written.path, seconds: 0, note: t.note, ...(all.length > 0 ? { warnings: all } : {}), ...t.details };
    },
    { title: `tounum ${command}`, progress: args.options['progress'] !== false, stream: io.stderr },
  );

  const records: FileRecord[] = summary.items.map((it) =>
    it.ok && it.result ? { ...it.result, seconds: it.seconds } : { input: it.input, status: 'failed', ok: false, error: it.error ?? 'failed', seconds: it.seconds },
  );
  for (const m of missingReasons) records.push({ input: m.input, status: 'failed', ok: false, error: m.reason, seconds: 0 });
  const count = (s: FileRecord['status']): number => records.filter((r) => r.status === s).length;
  const [written, skipped, failed] = [count('written'), count('skipped'), count('failed')];
  const withWarnings = records.filter((r) => (r.warnings?.length ?? 0) > 0).length;
  if (json) {
    const out = records.map(({ note: _note, ...rest }) => rest);
    io.stdout.write(
      JSON.stringify({ command, outDir: outAbs, succeeded: written, skipped, failed, withWarnings, skippedInOutDir: skippedInOut, removedTemporaries: removed.length, seconds: summary.seconds, files: out, notTaken }, null, 2) + '\n',
    );
  } else {
    const lines: string[] = [];
    const rel = (p: string): string => displayPath(path.relative(process.cwd(), p) || p);
    for (const r of records) {
      if (r.status === 'written') lines.push(`✔ ${rel(r.input)} → ${rel(String(r.output))}  ${String(r['note'] ?? '')}`);
      else if (r.status === 'skipped') lines.push(`↷ ${rel(r.input)}: skipped, ${r.reason} → ${rel(String(r.output))}`);
      else lines.push(`✘ ${displayPath(r.input)}: ${r.error}`);
      for (const w of r.warnings ?? []) lines.push(`  ⚠ ${w}`);
    }
    if (notTaken.length > 0) lines.push(describeNotTaken(notTaken));
    if (skippedInOut > 0) lines.push(`(${skippedInOut} file(s) inside the output folder ${displayPath(outDir)} are earlier results and were not taken as inputs)`);
    lines.push(`${written} written, ${skipped} skipped (already done), ${failed} failed${withWarnings > 0 ? `, ${withWarnings} with warnings` : ''} → ${displayPath(outDir)}, ${summary.seconds.toFixed(1)} s`);
    io.stdout.write(lines.join('\n') + '\n');
  }
  if (records.length === 0) {
    io.stderr.write(`tounum ${command}: no image to process in ${args.positionals.map(displayPath).join(' ')}${skippedInOut > 0 ? ` (only earlier results inside ${displayPath(outDir)})` : ''}\n`);
    return 1;
  }
  return failed > 0 ? 1 : 0;
}

/** One line for the files a folder walk did not take: counts by extension, and hidden files. */
export function describeNotTaken(notTaken: ReadonlyArray<{ path: string; reason: 'hidden' | 'extension' }>): string {
  const byExt = new Map<string, number>();
  let hidden = 0;
  for (const g of notTaken) {
    if (g.reason === 'hidden') hidden++;
    else {
      const ext = path.extname(g.path).toLowerCase() || '(no extension)';
      byExt.set(ext, (byExt.get(ext) ?? 0) + 1);
    }
  }
  const other = notTaken.length - hidden;
  const what = [other > 0 ? `${other} not in a format the reader decodes (${[...byExt].map(([e, n]) => `${e} ×${n}`).join(', ')})` : '', hidden > 0 ? `${hidden} hidden` : ''].filter(Boolean);
  return `(files in the folders not taken: ${what.join('; ')}; --json lists them)`;
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
