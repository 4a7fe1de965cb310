import { readImage } from '../../io';
import type { Image } from '../../image';
import { computeBlurScore, computePsnr, computeSsim, estimateNoiseSigma } from '../../metrics';
import type { Command } from '../Command';
import { UsageError } from '../parseCommandLine';
import { checkOption, readBatchImage } from './imageBatch';

/** `tounum metrics IMAGE [REFERENCE]`: quality measurements of one image, against a reference when given. */
export const metricsCommand: Command = {
  name: 'metrics',
  spec: {
    usage: 'tounum metrics',
    summary: 'Print PSNR and SSIM against a reference (when given), blur score and estimated noise σ of an image.',
    positionals: 'IMAGE [REFERENCE]',
    options: [
      { name: 'channel', type: 'string', choices: ['rgb', 'y'], default: 'rgb', description: 'PSNR/SSIM on all channels or on luma Y' },
      { name: 'crop', type: 'number', default: 0, description: 'ignore this many border pixels in PSNR/SSIM' },
      { name: 'accept-damaged', type: 'boolean', description: 'measure files whose image data is damaged (filled in grey by the decoder), with a warning, instead of refusing them' },
      { name: 'json', type: 'boolean', description: 'machine-readable output' },
    ],
    epilog:
      'PSNR in dB with data range 1 (= 255 on 8-bit files); SSIM after Wang et al. 2004 (Gaussian window σ = 1.5);\n' +
      'blur = variance of the Laplacian of the grey image on the 0–255 scale (as OpenCV; lower = blurrier);\n' +
      'noise = estimated σ of white Gaussian noise (wavelet MAD, as skimage.restoration.estimate_sigma), in 8-bit grey levels.',
  },
  async run(args, io) {
    const [imagePath, referencePath, ...extra] = args.positionals;
    if (imagePath === undefined) throw new UsageError('give IMAGE (and optionally REFERENCE)');
    if (extra.length > 0) throw new UsageError(`too many arguments: ${extra.join(' ')} (give IMAGE and at most one REFERENCE)`);
    const crop = args.options['crop'] as number;
    checkOption(crop, (v) => Number.isInteger(v) && v >= 0, '--crop must be a non-negative integer');
    const channel = args.options['channel'] as 'rgb' | 'y';
    const acceptDamaged = args.options['accept-damaged'] === true;
    const first = await readBatchImage(imagePath, acceptDamaged);
    let image = first.image;
    const second = referencePath === undefined ? null : await readBatchImage(referencePath, acceptDamaged);
    let reference: Image | null = second?.image ?? null;
    const warnings = [...first.warnings, ...(second?.warnings.map((w) => `reference: ${w}`) ?? [])];
    if (reference && reference.channels !== image.channels) {
      // A grey file against a colour one: compare both as colour.
      image = await readImage(imagePath, { channels: 3 });
      reference = await readImage(referencePath as string, { channels: 3 });
    }
    if (reference && (reference.width !== image.width || reference.height !== image.height)) {
      throw new Error(`IMAGE is ${image.width}×${image.height} but REFERENCE is ${reference.width}×${reference.height}; they must have the same size`);
    }
    if (channel === 'y' && image.channels !== 3) throw new UsageError('--channel y needs colour images');
    const describe = (img: Image): { blur: number; noiseSigma: number } => ({ blur: computeBlurScore(img), noiseSigma: estimateNoiseSigma(img) * 255 });
    const report = {
      image: imagePath,
      reference: referencePath ?? null,
      width: image.width,
      height: image.height,
      channels: image.channels,
      psnr: reference ? computePsnr(image, reference, { channel, crop }) : null,
      // JSON has no Infinity: identical images get psnr null and identical true.
      identical: reference ? image.data.every((v, i) => v === (reference as Image).data[i]) : null,
      ssim: reference ? computeSsim(image, reference, { channel, crop }) : null,
      blur: computeBlurScore(image),
      noiseSigma: estimateNoiseSigma(image) * 255,
      referenceStats: reference ? describe(reference) : null,
      warnings,
    };
    if (args.options['json']) {
      io.stdout.write(JSON.stringify(report, null, 2) + '\n');
      return 0;
    }
    const lines = [`${imagePath}: ${image.width}×${image.height}, ${image.channels} channel(s)`];
    if (reference) {
      lines.push(`  PSNR   ${Number.isFinite(report.psnr) ? (report.psnr as number).toFixed(2) + ' dB' : '∞ (identical)'}  (vs ${referencePath}, ${channel})`);
      lines.push(`  SSIM   ${(report.ssim as number).toFixed(4)}`);
    }
    lines.push(`  blur   ${report.blur.toFixed(1)}  (variance of the Laplacian; lower = blurrier)`);
    lines.push(`  noise  σ ≈ ${report.noiseSigma.toFixed(2)} / 255`);
    if (report.referenceStats) lines.push(`  reference: blur ${report.referenceStats.blur.toFixed(1)}, noise σ ≈ ${report.referenceStats.noiseSigma.toFixed(2)} / 255`);
    for (const w of warnings) lines.push(`  ⚠ ${w}`);
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
