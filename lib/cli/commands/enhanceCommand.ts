import { DENOISE_METHODS, SHARPEN_METHODS, enhanceImage, type DenoiseMethod, type SharpenMethod } from '../../enhance';
import type { Command } from '../Command';
import { BATCH_OPTIONS, BATCH_PROMISES_HELP, checkOption, READABLE_FORMATS_HELP, runImageBatch } from './imageBatch';

/** `tounum enhance`: the automatic pipeline (measure, denoise if noisy, then sharpen if blurred). */
export const enhanceCommand: Command = {
  name: 'enhance',
  spec: {
    usage: 'tounum enhance',
    summary: 'Automatic clean-up: measure noise and blur, denoise first when noisy, then sharpen when blurred, strengths from the measurements.',
    positionals: 'IN… (files, folders, globs)',
    options: [
      { name: 'denoise-method', type: 'string', choices: DENOISE_METHODS, default: 'nlm', description: 'denoising filter when the image is noisy' },
      { name: 'sharpen-method', type: 'string', choices: SHARPEN_METHODS, default: 'unsharp', description: 'sharpening filter when the image is blurred' },
      { name: 'denoise', type: 'boolean', default: true, description: 'allow denoising (--no-denoise to forbid it)' },
      { name: 'sharpen', type: 'boolean', default: true, description: 'allow sharpening (--no-sharpen to forbid it)' },
      { name: 'workers', type: 'number', default: 1, description: 'threads for nlm' },
      ...BATCH_OPTIONS,
    ],
    epilog: `Every decision (measured σ, blur score, steps, parameters and reasons) is in the --json summary.\nExample:\n  tounum enhance scans/ -o enhanced/ --json > decisions.json\n\n${READABLE_FORMATS_HELP}\n${BATCH_PROMISES_HELP}`,
  },
  async run(args, io) {
    const workers = args.options['workers'] as number;
    checkOption(workers, (v) => Number.isInteger(v) && v >= 1 && v <= 64, '--workers must be an integer in 1–64');
    const options = {
      denoiseMethod: args.options['denoise-method'] as DenoiseMethod,
      sharpenMethod: args.options['sharpen-method'] as SharpenMethod,
      denoise: args.options['denoise'] !== false,
      sharpen: args.options['sharpen'] !== false,
      workers,
    };
    return runImageBatch('enhance', args, io, '-enhanced', (image) => {
      const r = enhanceImage(image, options);
      const d = r.decisions;
      const steps = d.steps.map((s) => `${s.method}(${Object.entries(s.params).map(([k, v]) => `${k}=${Number(v.toPrecision(3))}`).join(' ')})`).join(' → ') || 'unchanged';
      return {
        image: r.image,
        details: { decisions: d },
        note: `σ ≈ ${(d.sigma * 255).toFixed(1)}/255, blur score ${d.blurScore.toFixed(0)}: ${steps}`,
      };
    });
  },
};
