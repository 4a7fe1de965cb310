import { DENOISE_METHODS, denoiseImage, type DenoiseMethod } from '../../enhance';
import type { Command } from '../Command';
import { UsageError } from '../parseCommandLine';
import { BATCH_OPTIONS, BATCH_PROMISES_HELP, checkOption, READABLE_FORMATS_HELP, runImageBatch } from './imageBatch';

/** `tounum denoise`: NLM (or a baseline filter) over files, folders or globs. */
export const denoiseCommand: Command = {
  name: 'denoise',
  spec: {
    usage: 'tounum denoise',
    summary: 'Denoise images with non-local means (or a Gaussian / bilateral / median baseline), strength given or derived from the estimated noise.',
    positionals: 'IN… (files, folders, globs)',
    options: [
      { name: 'method', short: 'm', type: 'string', choices: DENOISE_METHODS, default: 'nlm', description: 'denoising filter' },
      {
        name: 'strength',
        short: 's',
        type: 'number',
        description: 'nlm: h in 8-bit grey levels (e.g. 11); bilateral: sigmaColor in grey levels; gaussian: σ in pixels; median: odd window size ≥ 3',
      },
      { name: 'auto', type: 'boolean', description: 'derive the strength from the estimated noise σ (the default when --strength is absent)' },
      { name: 'sigma', type: 'number', description: 'known noise σ in 8-bit grey levels (skips the estimate)' },
      { name: 'workers', type: 'number', default: 1, description: 'threads for nlm' },
      ...BATCH_OPTIONS,
    ],
    epilog: `Examples:\n  tounum denoise scans/ -o clean/ --auto\n  tounum denoise "scans/**/*.tif" -o clean/ --method nlm --strength 12 --json\n\n${READABLE_FORMATS_HELP}\n${BATCH_PROMISES_HELP}`,
  },
  async run(args, io) {
    const method = args.options['method'] as DenoiseMethod;
    const strength = args.options['strength'] as number | undefined;
    const sigma = args.options['sigma'] as number | undefined;
    const workers = args.options['workers'] as number;
    if (args.options['auto'] === true && strength !== undefined) throw new UsageError('give either --strength or --auto, not both');
    // Bounds well past any useful setting, so that a typo (1e9) is caught instead of running for hours or blanking the image.
    if (method === 'median') checkOption(strength, (v) => Number.isInteger(v) && v >= 3 && v % 2 === 1 && v <= 31, '--strength for --method median is the window size, an odd integer in 3–31');
    else if (method === 'gaussian') checkOption(strength, (v) => v > 0 && v <= 50, '--strength for --method gaussian is σ in pixels, in (0, 50]');
    else checkOption(strength, (v) => v > 0 && v <= 255, `--strength for --method ${method} is in 8-bit grey levels, in (0, 255]`);
    checkOption(sigma, (v) => v >= 0 && v <= 255, '--sigma must be in [0, 255] grey levels');
    checkOption(workers, (v) => Number.isInteger(v) && v >= 1 && v <= 64, '--workers must be an integer in 1–64');
    // The CLI speaks 8-bit grey levels for intensities; the library works in [0, 1].
    const libStrength = strength === undefined ? undefined : method === 'nlm' || method === 'bilateral' ? strength / 255 : strength;
    return runImageBatch('denoise', args, io, '-denoised', (image) => {
      const r = denoiseImage(image, {
        method,
        workers,
        ...(libStrength !== undefined ? { strength: libStrength } : {}),
        ...(sigma !== undefined ? { sigma: sigma / 255 } : {}),
      });
      const p = Object.entries(r.step.params).map(([k, v]) => `${k}=${Number(v.toPrecision(4))}`).join(' ');
      return { image: r.image, details: { sigma: r.sigma, step: r.step }, note: `${method} ${p} (σ ≈ ${(r.sigma * 255).toFixed(1)}/255)` };
    });
  },
};
