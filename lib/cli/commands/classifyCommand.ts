import fs from 'node:fs';
import path from 'node:path';
import { selectBackend } from '../../backend';
import { loadPhotoClassifier, type PhotoClassifier } from '../../models/classifier';
import type { Command } from '../Command';
import { expandInputs } from '../expandInputs';
import { outputPathFor } from '../outputPathFor';
import { UsageError } from '../parseCommandLine';
import { runBatch } from '../runBatch';

/** One row of `tounum classify` output. */
interface ClassifyRow {
  file: string;
  label: 'photo' | 'other' | null;
  probability: number | null;
  copiedTo: string | null;
  error: string | null;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
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
      { name: 'copy-photos-to', type: 'string', description: 'copy (never move) the images labelled photo into this folder' },
      { name: 'json', type: 'boolean', description: 'print a JSON array of {file, label, probability, copiedTo, error}' },
      { name: 'csv', type: 'boolean', description: 'print CSV: file,label,probability,copiedTo,error' },
      { name: 'model', type: 'string', description: 'model folder (default: models/photo-classifier of the package)' },
      { name: 'mirror', type: 'string', description: 'dataset mirror holding the encoder (default: $TOUNUM_DATA_MIRROR or ../shared/datasets)' },
      { name: 'recursive', type: 'boolean', description: 'walk sub-folders of folder arguments', default: true },
      { name: 'progress', type: 'boolean', description: 'show a progress bar on stderr', default: true },
    ],
    epilog: [
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
    if (copyTo !== undefined && fs.existsSync(copyTo) && !fs.statSync(copyTo).isDirectory()) throw new UsageError(`--copy-photos-to ${copyTo} exists and is not a folder`);
    const { files, missing } = expandInputs(args.positionals, { recursive: args.options['recursive'] !== false });
    for (const m of missing) io.stderr.write(`✘ ${m}: no such file, or no image in it\n`);
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
          const probability = await model.classifyFile(file);
          const label: 'photo' | 'other' = probability >= threshold ? 'photo' : 'other';
          let copiedTo: string | null = null;
          if (copyTo !== undefined && label === 'photo') {
            const target = outputPathFor(file, copyTo, { inputRoot: root });
            await fs.promises.mkdir(path.dirname(target), { recursive: true });
            // COPYFILE_EXCL: never replace a file that appeared since outputPathFor chose the name.
            await fs.promises.copyFile(file, target, fs.constants.COPYFILE_EXCL);
            copiedTo = target;
          }
          return { file, label, probability, copiedTo, error: null } satisfies ClassifyRow;
        },
        { title: 'classify', progress: args.options['progress'] !== false, stream: io.stderr },
      );
    } finally {
      model.dispose();
    }
    for (const item of summary.items) rows.push(item.ok && item.result ? item.result : { file: item.input, label: null, probability: null, copiedTo: null, error: item.error ?? 'failed' });

    if (json) io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    else if (csv) {
      const lines = ['file,label,probability,copiedTo,error'];
      for (const r of rows) lines.push([r.file, r.label, r.probability === null ? null : r.probability.toFixed(6), r.copiedTo, r.error].map(csvField).join(','));
      io.stdout.write(lines.join('\n') + '\n');
    } else {
      const width = Math.min(70, Math.max(4, ...rows.map((r) => path.relative(process.cwd(), r.file).length)));
      const lines = [`${'file'.padEnd(width)}  label  P(photo)`];
      for (const r of rows) {
        const name = path.relative(process.cwd(), r.file).padEnd(width);
        lines.push(r.error !== null ? `${name}  error  ${r.error}` : `${name}  ${(r.label as string).padEnd(5)}  ${(r.probability as number).toFixed(3)}${r.copiedTo ? `  → ${path.relative(process.cwd(), r.copiedTo)}` : ''}`);
      }
      const photos = rows.filter((r) => r.label === 'photo').length;
      lines.push('', `${photos} photo(s), ${rows.filter((r) => r.label === 'other').length} other, ${summary.failed} unreadable; threshold ${threshold.toFixed(3)}${copyTo ? `; photos copied to ${copyTo}` : ''}`);
      io.stdout.write(lines.join('\n') + '\n');
    }
    return summary.failed > 0 || missing.length > 0 ? 1 : 0;
  },
};
