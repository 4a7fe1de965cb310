import fs from 'node:fs';
import path from 'node:path';
import { selectBackend } from '../../backend';
import { displayPath, toFsPath } from '../../io/fsPath';
import { defaultCaptionerDir, loadCaptioningModel, type CaptioningModel } from '../../tasks/captioning/loadCaptioningModel';
import type { Command } from '../Command';
import { expandInputs } from '../expandInputs';
import { UsageError } from '../parseCommandLine';
import { runBatch } from '../runBatch';
import { checkOption, describeNotTaken, READABLE_FORMATS_HELP, readBatchImage } from './imageBatch';

/** One captioned file of `tounum caption --json`. */
interface CaptionRow {
  input: string;
  caption: string;
  words: string[];
  /** Natural-log probability of the caption under the model. */
  logProb: number;
  seconds: number;
  warnings: string[];
}

/** One file that could not be captioned. */
interface CaptionError {
  input: string;
  error: string;
  seconds: number;
}

/** The files a captioner folder holds (`saveCaptioner`). */
const CAPTIONER_FILES = ['card.json', 'decoder.json', 'weights.json', 'vocabulary.json'];

function isFolder(p: string): boolean {
  try {
    return fs.statSync(toFsPath(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `tounum caption IN…`: an English caption for every image (files, folders, globs), from the
 * captioning task's model (`loadCaptioningModel`: frozen MobileNetV2 encoder + attention decoder
 * trained on Flickr8k), greedy or beam search. The model is loaded once, after the options and
 * inputs are checked. Unreadable files are reported and the batch goes on; the exit code is then 1.
 */
export const captionCommand: Command = {
  name: 'caption',
  spec: {
    usage: 'tounum caption',
    summary: 'Caption images in English (attention decoder over MobileNetV2 regions, learnt from Flickr8k), greedy or beam search.',
    positionals: 'IN…',
    options: [
      { name: 'beam', short: 'b', type: 'number', description: 'beam width, an integer from 1 (greedy, fastest) to 10 (default: the model card\'s, 5)' },
      { name: 'max-length', type: 'number', description: 'longest caption in words, an integer from 1 to 50 (default: the model card\'s, 20)' },
      { name: 'accept-damaged', type: 'boolean', description: 'caption files whose image data is damaged (filled in grey by the decoder) with a warning, instead of failing them' },
      { name: 'json', type: 'boolean', description: 'print {results: [{input, caption, words, logProb, seconds, warnings}], errors: [{input, error, seconds}], summary}' },
      { name: 'model', type: 'string', description: 'captioner folder (default: models/captioner of the package)' },
      { name: 'mirror', type: 'string', description: 'dataset mirror holding the encoder (default: $TOUNUM_DATA_MIRROR or ../shared/datasets)' },
      { name: 'recursive', type: 'boolean', description: 'walk sub-folders of folder arguments', default: true },
      { name: 'progress', type: 'boolean', description: 'show a progress bar on stderr', default: true },
    ],
    epilog: [
      'Captions are English sentences learnt from Flickr8k (Hodosh, Young & Hockenmaier 2013: 8,000 Flickr photos',
      'of people and animals, 5 captions each), a research / non-commercial data set: check its terms before any',
      'commercial use of the captions. Photos unlike Flickr8k (documents, drawings, old prints) get poor captions.',
      READABLE_FORMATS_HELP,
      'Inputs are never modified. Exit code 0: all captioned; 1: some file failed; 2: usage error.',
      '',
      'Examples:',
      '  tounum caption photos/ > captions.tsv',
      '  tounum caption "inbox/**/*.jpg" --beam 1 --json > captions.json',
    ].join('\n'),
  },
  async run(args, io) {
    const json = args.options['json'] === true;
    checkOption(args.options['beam'], (v) => Number.isInteger(v) && v >= 1 && v <= 10, '--beam must be an integer from 1 (greedy) to 10');
    checkOption(args.options['max-length'], (v) => Number.isInteger(v) && v >= 1 && v <= 50, '--max-length must be an integer from 1 to 50 (words)');
    if (args.positionals.length === 0) throw new UsageError('give at least one image, folder or glob');
    const given = typeof args.options['model'] === 'string' ? path.resolve(args.options['model']) : undefined;
    const modelDir = given ?? defaultCaptionerDir();
    const lacking = isFolder(modelDir) ? CAPTIONER_FILES.filter((f) => !fs.existsSync(toFsPath(path.join(modelDir, f)))) : [];
    if (given !== undefined && !isFolder(given)) throw new UsageError(`--model ${displayPath(given)}: no such folder (a captioner folder holds ${CAPTIONER_FILES.join(', ')} and weights.bin)`);
    if (given !== undefined && lacking.length > 0) throw new UsageError(`--model ${displayPath(given)} is not a captioner folder: it lacks ${lacking.join(', ')}`);
    if (given === undefined && (!isFolder(modelDir) || lacking.length > 0)) {
      throw new Error(`the shipped captioning model is not installed at ${displayPath(modelDir)}${lacking.length > 0 ? ` (it lacks ${lacking.join(', ')})` : ''}; pass --model DIR`);
    }
    const acceptDamaged = args.options['accept-damaged'] === true;

    const expanded = expandInputs(args.positionals, { recursive: args.options['recursive'] !== false });
    const missing = expanded.missingReasons;
    for (const m of missing) io.stderr.write(`✘ ${displayPath(m.input)}: ${m.reason}\n`);
    if (expanded.ignored.length > 0) io.stderr.write(`${describeNotTaken(expanded.ignored)}\n`);
    const files = expanded.files;
    if (files.length === 0) {
      io.stderr.write('tounum caption: nothing to caption\n');
      return 1;
    }

    await selectBackend({ log: false });
    const model: CaptioningModel = await loadCaptioningModel(modelDir, typeof args.options['mirror'] === 'string' ? { mirror: args.options['mirror'] } : {});
    const beam = typeof args.options['beam'] === 'number' ? args.options['beam'] : model.card.inference.beam;
    const maxLength = typeof args.options['max-length'] === 'number' ? args.options['max-length'] : model.card.inference.maxLength;
    let summary;
    try {
      summary = await runBatch(
        files,
        async (file) => {
          const { image, warnings } = await readBatchImage(file, acceptDamaged, { channels: 3 });
          const r = await model.caption(image, { beam, maxLength });
          return { caption: r.caption, words: r.words, logProb: r.logProb, warnings };
        },
        { title: 'caption', progress: args.options['progress'] !== false, stream: io.stderr },
      );
    } finally {
      model.dispose();
    }
    const results: CaptionRow[] = [];
    const errors: CaptionError[] = [];
    for (const item of summary.items) {
      if (item.ok && item.result) results.push({ input: item.input, ...item.result, seconds: item.seconds });
      else errors.push({ input: item.input, error: item.error ?? 'failed', seconds: item.seconds });
    }
    for (const m of missing) errors.push({ input: m.input, error: m.reason, seconds: 0 });

    if (json) {
      const total = results.length + errors.length;
      io.stdout.write(JSON.stringify({ results, errors, summary: { command: 'caption', total, succeeded: results.length, failed: errors.length, seconds: summary.seconds, beam, maxLength, model: modelDir } }, null, 2) + '\n');
    } else {
      // Rows in input order, failures in place, as classify prints them.
      const shown = (p: string): string => displayPath(path.relative(process.cwd(), p) || p);
      const byInput = new Map<string, string[]>();
      for (const r of results) byInput.set(r.input, [`${shown(r.input)}\t${r.caption}`, ...r.warnings.map((w) => `\t⚠ ${w}`)]);
      for (const e of errors) byInput.set(e.input, [`${shown(e.input)}\t✘ ${e.error}`]);
      const lines = [...summary.items.map((i) => i.input), ...missing.map((m) => m.input)].flatMap((i) => byInput.get(i) ?? []);
      lines.push('', `${results.length} captioned, ${errors.length} failed; ${beam === 1 ? 'greedy' : `beam ${beam}`}, at most ${maxLength} words; ${summary.seconds.toFixed(1)} s`);
      io.stdout.write(lines.join('\n') + '\n');
    }
    return errors.length > 0 ? 1 : 0;
  },
};
