import * as path from 'path';
import { selectBackend } from '../../backend';
import { loadSrModel, type SrModel, type SrScale } from '../../models/sr';
import type { Command } from '../Command';
import { UsageError } from '../parseCommandLine';
import { BATCH_OPTIONS, BATCH_PROMISES_HELP, checkOption, READABLE_FORMATS_HELP, runImageBatch } from './imageBatch';

/** Megapixels with three significant digits, so that a small limit (0.01) is not compared with a rounded "0". */
export function formatMegapixels(mp: number): string {
  return mp >= 100 ? mp.toFixed(0) : String(Number(mp.toPrecision(3)));
}

/**
 * `tounum upscale IN… -o OUT --scale 2|4`: learned super-resolution with the shipped models
 * (models/sr-x2, models/sr-x4; notebook 05). The network sharpens the luma; colour is upscaled
 * bicubically in YCbCr, so it cannot drift. Tiled, so any image size fits in memory.
 */
export const upscaleCommand: Command = {
  name: 'upscale',
  spec: {
    usage: 'tounum upscale',
    summary: 'Enlarge images ×2 or ×4 with the learned super-resolution network (sharper than bicubic); colour handled in YCbCr.',
    positionals: 'IN… (files, folders, globs)',
    options: [
      { name: 'scale', short: 's', type: 'string', choices: ['2', '4'], default: '2', description: 'enlargement factor' },
      { name: 'model', type: 'string', description: 'model folder (default: models/sr-x<scale> of the package)' },
      { name: 'tile', type: 'number', default: 256, description: 'largest input tile side in pixels (lower it to save memory)' },
      { name: 'max-megapixels', type: 'number', default: 150, description: 'refuse outputs larger than this many megapixels' },
      ...BATCH_OPTIONS.map((o) => (o.name === 'suffix' ? { ...o, description: 'added to each output name (default: -x2 or -x4)' } : o)),
    ],
    epilog: `Examples:\n  tounum upscale scans/ -o big/ --scale 2\n  tounum upscale photo.jpg -o out/ --scale 4 --format tiff --json\n\n${READABLE_FORMATS_HELP}\n${BATCH_PROMISES_HELP}`,
  },
  async run(args, io) {
    const scale = Number(args.options['scale'] ?? '2') as SrScale;
    const tile = args.options['tile'] as number;
    const maxMegapixels = args.options['max-megapixels'] as number;
    checkOption(tile, (v) => Number.isInteger(v) && v >= 16 && v <= 4096, '--tile must be an integer in 16–4096');
    checkOption(maxMegapixels, (v) => v > 0, '--max-megapixels must be > 0');
    if (args.positionals.length === 0) throw new UsageError('no input: give image files, folders or globs');
    if (typeof args.options['out'] !== 'string' || args.options['out'] === '') throw new UsageError('-o/--out OUTDIR is required (the output folder)');
    await selectBackend({ log: false });
    const modelOption = args.options['model'];
    const model: SrModel = await loadSrModel(typeof modelOption === 'string' ? path.resolve(modelOption) : scale);
    if (model.scale !== scale) {
      model.dispose();
      throw new UsageError(`--model ${String(modelOption)} is a ×${model.scale} model but --scale is ${scale}`);
    }
    try {
      return await runImageBatch('upscale', args, io, `-x${scale}`, (image) => {
        const mp = (image.width * scale * image.height * scale) / 1e6;
        if (mp > maxMegapixels) {
          throw new Error(`the ×${scale} result would be ${formatMegapixels(mp)} megapixels (${image.width * scale}×${image.height * scale}), above --max-megapixels ${maxMegapixels}`);
        }
        const out = model.upscale(image, { tileSize: tile });
        return {
          image: out,
          details: { scale, model: model.card.name, width: out.width, height: out.height },
          note: `×${scale} ${image.width}×${image.height} → ${out.width}×${out.height} (${model.card.name})`,
        };
      });
    } finally {
      model.dispose();
    }
  },
};
