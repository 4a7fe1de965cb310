import { SHARPEN_METHODS, sharpenImage, type SharpenMethod } from '../../enhance';
import type { Command } from '../Command';
import { UsageError } from '../parseCommandLine';
import { BATCH_OPTIONS, BATCH_PROMISES_HELP, checkOption, READABLE_FORMATS_HELP, runImageBatch } from './imageBatch';

/** `tounum sharpen`: unsharp mask or Laplacian sharpening over files, folders or globs. */
export const sharpenCommand: Command = {
  name: 'sharpen',
  spec: {
    usage: 'tounum sharpen',
    summary: 'Sharpen images (unsharp mask, or identity − Laplacian), amount given or derived from the measured blur.',
    positionals: 'IN… (files, folders, globs)',
    options: [
      { name: 'method', short: 'm', type: 'string', choices: SHARPEN_METHODS, default: 'unsharp', description: 'sharpening filter' },
      { name: 'amount', short: 'a', type: 'number', description: 'strength ≥ 0 (unsharp: detail gain; laplacian: 1 = the sharpen4/sharpen8 kernel)' },
      { name: 'auto', type: 'boolean', description: 'derive the amount from the blur measurements (the default when --amount is absent)' },
      { name: 'radius', short: 'r', type: 'number', description: 'unsharp radius (Gaussian σ) in pixels (default 1.5)' },
      { name: 'threshold', type: 'number', default: 0, description: 'unsharp threshold in 8-bit grey levels: smaller details are left alone' },
      ...BATCH_OPTIONS,
    ],
    epilog: `Examples:\n  tounum sharpen scans/ -o sharp/ --auto\n  tounum sharpen photo.jpg -o out/ --method laplacian4 --amount 0.5\n\n${READABLE_FORMATS_HELP}\n${BATCH_PROMISES_HELP}`,
  },
  async run(args, io) {
    const method = args.options['method'] as SharpenMethod;
    const amount = args.options['amount'] as number | undefined;
    const radius = args.options['radius'] as number | undefined;
    const threshold = args.options['threshold'] as number;
    if (args.options['auto'] === true && amount !== undefined) throw new UsageError('give either --amount or --auto, not both');
    checkOption(amount, (v) => v >= 0 && v <= 100, '--amount must be in [0, 100]');
    checkOption(radius, (v) => v > 0 && v <= 50, '--radius must be in (0, 50] pixels');
    checkOption(threshold, (v) => v >= 0 && v <= 255, '--threshold must be in [0, 255] grey levels');
    return runImageBatch('sharpen', args, io, '-sharpened', (image) => {
      const r = sharpenImage(image, {
        method,
        threshold: threshold / 255,
        ...(amount !== undefined ? { amount } : {}),
        ...(radius !== undefined ? { radius } : {}),
      });
      const p = Object.entries(r.step.params).map(([k, v]) => `${k}=${Number(v.toPrecision(4))}`).join(' ');
      return { image: r.image, details: { measurements: r.measurements, step: r.step }, note: `${method} ${p}` };
    });
  },
};
