import fs from 'node:fs';
import path from 'node:path';
import { selectBackend } from '../../backend';
import { copyFileAtomic } from '../../io/copyFileAtomic';
import { displayPath, toFsPath } from '../../io/fsPath';
import { osErrorText } from '../../io/internal';
import { removeStaleTemporaries } from '../../io/removeStaleTemporaries';
import { loadPhotoClassifier, type PhotoClassifier } from '../../models/classifier';
import type { Command } from '../Command';
import { checkOutputFolder, checkOutputOutsideInputs, isWithin, realpathExact } from '../checkOutputFolder';
import { expandInputs } from '../expandInputs';
import { outputPathFor } from '../outputPathFor';
import { UsageError } from '../parseCommandLine';
import { runBatch } from '../runBatch';
import { describeNotTaken, READABLE_FORMATS_HELP, readBatchImage } from './imageBatch';

/** One row of `tounum classify` output. */
interface ClassifyRow {
  file: string;
  label: 'photo' | 'other' | null;
  probability: number | null;
  copiedTo: string | null;
  /** For --copy-photos-to: `copied`, `already-copied` (an identical copy was there: resumed batch) or null. */
  copy: 'copied' | 'already-copied' | null;
  warnings: string[];
  error: string | null;
}

/** Whether two files have the same bytes (compared in chunks, so large scans need little memory). */
async function sameContent(a: string, b: string): Promise<boolean> {
  const [fa, fb] = await Promise.all([fs.promises.open(toFsPath(a), 'r'), fs.promises.open(toFsPath(b), 'r')]);
  try {
    const [sa, sb] = await Promise.all([fa.stat(), fb.stat()]);
    if (sa.size !== sb.size) return false;
    const ba = Buffer.alloc(1 << 20);
    const bb = Buffer.alloc(1 << 20);
    for (let pos = 0; pos < sa.size; ) {
      const [ra, rb] = await Promise.all([fa.read(ba, 0, ba.length, pos), fb.read(bb, 0, bb.length, pos)]);
      if (ra.bytesRead !== rb.bytesRead || ra.bytesRead === 0 || !ba.subarray(0, ra.bytesRead).equals(bb.subarray(0, rb.bytesRead))) return false;
      pos += ra.bytesRead;
    }
    return true;
  } finally {
    await Promise.all([fa.close(), fb.close()]);
  }
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Whether `a` is shorter than `b` and its bytes are the start of `b` (an interrupted non-atomic copy). */
async function isPrefixOf(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([fs.promises.stat(toFsPath(a)), fs.promises.stat(toFsPath(b))]);
  if (sa.size >= sb.size) return false;
  const [ba, bb] = await Promise.all([fs.promises.readFile(toFsPath(a)), fs.promises.readFile(toFsPath(b))]);
  return bb.subarray(0, ba.length).equals(ba);
}

/** Longest common folder of absolute paths (to recreate sub-folders under --copy-photos-to). */
function commonRoot(files: readonly string[]): string {
  if (files.length === 0) return process.cwd();
  let root = path.dirname(files[0] as string);
  for (const f of files) while (!(path.dirname(f) + path.sep).startsWith(root.endsWith(path.sep) ? root : root + path.sep)) root = path.dirname(root);
  return root;
}

/**
 * `tounum classify IN…`: photo or other document, with P(photo), for every image (files, folders,
 * globs). Uses the shipped transfer model (models/photo-classifier/, MobileNetV2 encoder from the
 * data registry). `--copy-photos-to DIR` copies (never moves, never overwrites) the files classified
 * as photos, recreating sub-folders. Unreadable files are reported and the batch goes on; the exit
 * code is then 1.
 */
export const classifyCommand: Command = {
  name: 'classify',
  spec: {
    usage: 'tounum classify',
    summary: 'Label images as photo or other document (painting, drawing, scan of text…) with a probability; optionally copy the photos.',
    positionals: 'IN…',
    options: [
      { name: 'threshold', short: 't', type: 'number', description: 'P(photo) at or above which an image is a photo (default: the model card\'s threshold, chosen on validation)' },
      { name: 'copy-photos-to', type: 'string', description: 'copy (never move) the images labelled photo into this folder (atomically: a killed run leaves no partial copy); must not be an input folder' },
      { name: 'overwrite', type: 'boolean', description: 'with --copy-photos-to: replace a different file already at a copy\'s name (default: an identical copy is kept as done, a different file is an error)' },
      { name: 'accept-damaged', type: 'boolean', description: 'classify files whose image data is damaged (filled in grey by the decoder) with a warning, instead of failing them' },
      { name: 'json', type: 'boolean', description: 'print a JSON array of {file, label, probability, copiedTo, copy, warnings, error}' },
      { name: 'csv', type: 'boolean', description: 'print CSV: file,label,probability,copiedTo,error,warnings' },
      { name: 'model', type: 'string', description: 'model folder (default: models/photo-classifier of the package)' },
      { name: 'mirror', type: 'string', description: 'dataset mirror holding the encoder (default: $TOUNUM_DATA_MIRROR or ../shared/datasets)' },
      { name: 'recursive', type: 'boolean', description: 'walk sub-folders of folder arguments', default: true },
      { name: 'progress', type: 'boolean', description: 'show a progress bar on stderr', default: true },
    ],
    epilog: [
      READABLE_FORMATS_HELP,
      'Inputs are never modified. Re-running with --copy-photos-to resumes: photos already copied (same bytes) are',
      'not copied again. Exit code 0: all classified; 1: some file failed; 2: usage error.',
      '',
      'Examples:',
      '  tounum classify scans/ --csv > labels.csv',
      '  tounum classify "inbox/**/*.jpg" --threshold 0.9 --copy-photos-to to-caption/',
    ].join('\n'),
  },
  async run(args, io) {
    const json = args.options['json'] === true;
    const csv = args.options['csv'] === true;
    if (json && csv) throw new UsageError('--json and --csv exclude each other; choose one');
    const thresholdOption = args.options['threshold'];
    if (thresholdOption !== undefined && !(typeof thresholdOption === 'number' && thresholdOption >= 0 && thresholdOption <= 1)) {
      throw new UsageError(`--threshold must be a probability in [0, 1], got ${String(thresholdOption)}`);
    }
    if (args.positionals.length === 0) throw new UsageError('give at least one image, folder or glob');
    const copyTo = typeof args.options['copy-photos-to'] === 'string' ? path.resolve(args.options['copy-photos-to']) : undefined;
    const overwrite = args.options['overwrite'] === true;
    const acceptDamaged = args.options['accept-damaged'] === true;
    if (copyTo !== undefined) {
      checkOutputOutsideInputs(copyTo, '--copy-photos-to', args.positionals);
      checkOutputFolder(copyTo, '--copy-photos-to');
      const removed = await removeStaleTemporaries(copyTo);
      if (removed.length > 0) io.stderr.write(`tounum classify: removed ${removed.length} stale temporary file(s) left in ${displayPath(copyTo)} by an interrupted run\n`);
    }
    const expanded = expandInputs(args.positionals, { recursive: args.options['recursive'] !== false });
    const missing = expanded.missingReasons;
    for (const m of missing) io.stderr.write(`✘ ${displayPath(m.input)}: ${m.reason}\n`);
    if (expanded.ignored.length > 0) io.stderr.write(`${describeNotTaken(expanded.ignored)}\n`);
    // Photos copied by an earlier run into a folder inside an input folder are not classified again.
    const copyReal = copyTo === undefined ? undefined : realpathExact(copyTo);
    const files = expanded.files.filter((f) => copyReal === undefined || !isWithin(realpathExact(f), copyReal) || args.positionals.some((p) => path.resolve(p) === f));
    if (files.length === 0) {
      io.stderr.write('tounum classify: nothing to classify\n');
      return 1;
    }

    await selectBackend({ log: false });
    const model: PhotoClassifier = await loadPhotoClassifier({
      ...(typeof args.options['model'] === 'string' ? { dir: path.resolve(args.options['model']) } : {}),
      ...(typeof args.options['mirror'] === 'string' ? { mirror: args.options['mirror'] } : {}),
    });
    const threshold = typeof thresholdOption === 'number' ? thresholdOption : model.threshold;
    const root = commonRoot(files);
    const rows: ClassifyRow[] = [];
    let summary;
    try {
      summary = await runBatch(
        files,
        async (file) => {
          const { image, warnings } = await readBatchImage(file, acceptDamaged, { channels: 3 });
          const [probability] = await model.classifyImages([image]);
          const label: 'photo' | 'other' = (probability as number) >= threshold ? 'photo' : 'other';
          let copiedTo: string | null = null;
          let copy: ClassifyRow['copy'] = null;
          if (copyTo !== undefined && label === 'photo') {
            const target = outputPathFor(file, copyTo, { inputRoot: root });
            const there = fs.existsSync(toFsPath(target));
            if (there && (await sameContent(file, target))) copy = 'already-copied';
            else {
              // An earlier copy that differs is replaced only with --overwrite, or when it is a truncated
              // prefix of this file (a copy made without atomic rename and interrupted).
              const replace = overwrite || (there && (await isPrefixOf(target, file)));
              if (there && !replace) throw new Error(`classified photo, but a different file already exists at ${displayPath(target)}; pass --overwrite to replace it`);
              try {
                await copyFileAtomic(file, target, { overwrite: replace });
              } catch (err) {
                throw new Error(`classified photo, but the copy to ${displayPath(target)} failed (${osErrorText(err)})`);
              }
              copy = 'copied';
            }
            copiedTo = target;
          }
          return { file, label, probability: probability as number, copiedTo, copy, warnings, error: null } satisfies ClassifyRow;
        },
        { title: 'classify', progress: args.options['progress'] !== false, stream: io.stderr },
      );
    } finally {
      model.dispose();
    }
    for (const item of summary.items) rows.push(item.ok && item.result ? item.result : { file: item.input, label: null, probability: null, copiedTo: null, copy: null, warnings: [], error: item.error ?? 'failed' });
    for (const m of missing) rows.push({ file: m.input, label: null, probability: null, copiedTo: null, copy: null, warnings: [], error: m.reason });

    if (json) io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    else if (csv) {
      const lines = ['file,label,probability,copiedTo,error,warnings'];
      for (const r of rows) lines.push([displayPath(r.file), r.label, r.probability === null ? null : r.probability.toFixed(6), r.copiedTo === null ? null : displayPath(r.copiedTo), r.error, r.warnings.join('; ')].map(csvField).join(','));
      io.stdout.write(lines.join('\n') + '\n');
    } else {
      const shown = (p: string): string => displayPath(path.relative(process.cwd(), p) || p);
      const width = Math.min(70, Math.max(4, ...rows.map((r) => shown(r.file).length)));
      const lines = [`${'file'.padEnd(width)}  label  P(photo)`];
      for (const r of rows) {
        const name = shown(r.file).padEnd(width);
        const copied = r.copiedTo ? `  → ${shown(r.copiedTo)}${r.copy === 'already-copied' ? ' (already there)' : ''}` : '';
        lines.push(r.error !== null ? `${name}  error  ${r.error}` : `${name}  ${(r.label as string).padEnd(5)}  ${(r.probability as number).toFixed(3)}${copied}`);
        for (const w of r.warnings) lines.push(`${''.padEnd(width)}  ⚠ ${w}`);
      }
      const photos = rows.filter((r) => r.label === 'photo').length;
      const failed = rows.filter((r) => r.error !== null).length;
      lines.push('', `${photos} photo(s), ${rows.filter((r) => r.label === 'other').length} other, ${failed} failed; threshold ${threshold.toFixed(3)}${copyTo ? `; photos copied to ${displayPath(copyTo)}` : ''}`);
      io.stdout.write(lines.join('\n') + '\n');
    }
    return summary.failed > 0 || missing.length > 0 ? 1 : 0;
  },
};
