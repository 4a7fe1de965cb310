import path from 'node:path';
import fs from 'node:fs';
import { assertImage, resizeBicubic, type Image } from '../../image';
import { readImage } from '../../io';
import { computePsnr, computeSsim } from '../../metrics';
import { resolveDataset, type ResolveDatasetOptions } from '../../datasets';
import { assertSrScale, type SrScale } from './buildSrNetwork';

/** Image names of the benchmarks in the SelfExSR numbering (`img_001` …). */
export const SR_BENCHMARK_NAMES: Readonly<Record<'set5' | 'set14', readonly string[]>> = {
  set5: ['baby', 'bird', 'butterfly', 'head', 'woman'],
  set14: ['baboon', 'barbara', 'bridge', 'coastguard', 'comic', 'face', 'flowers', 'foreman', 'lenna', 'man', 'monarch', 'pepper', 'ppt3', 'zebra'],
};

/** One HR/LR pair of a benchmark. */
export interface SrBenchmarkPair {
  name: string;
  hrPath: string;
  lrPath: string;
}

/**
 * The HR/LR file pairs of Set5 or Set14 at a scale, as distributed by SelfExSR (Huang et al. 2015):
 * HR cropped to a multiple of the scale, LR made by MATLAB `imresize` bicubic.
 * @throws RangeError for an unknown benchmark or a scale it does not have (both have ×2, ×3, ×4, but
 *   this mirror of Set14 holds ×2 and ×4 only); DatasetUnavailableError when the data is missing.
 */
export async function listSrBenchmark(id: 'set5' | 'set14', scale: SrScale, options: ResolveDatasetOptions = {}): Promise<SrBenchmarkPair[]> {
  if (id !== 'set5' && id !== 'set14') throw new RangeError(`listSrBenchmark: id must be 'set5' or 'set14', got ${String(id)}`);
  assertSrScale(scale, 'listSrBenchmark: scale');
  const { dir } = await resolveDataset(id, options);
  const pairs = SR_BENCHMARK_NAMES[id].map((name, i) => {
    const stem = path.join(dir, `image_SRF_${scale}`, `img_${String(i + 1).padStart(3, '0')}_SRF_${scale}`);
    return { name, hrPath: `${stem}_HR.png`, lrPath: `${stem}_LR.png` };
  });
  const missing = pairs.filter((p) => !fs.existsSync(p.hrPath) || !fs.existsSync(p.lrPath));
  if (missing.length > 0) throw new RangeError(`listSrBenchmark: ${id} has no ×${scale} pairs in ${dir} (missing ${missing[0]?.lrPath})`);
  return pairs;
}

/** Per-image scores of {@link evaluateSuperResolution}. */
export interface SrImageScore {
  name: string;
  psnr: number;
  ssim: number;
  bicubicPsnr: number;
  bicubicSsim: number;
}

/** Scores of a method on one benchmark: per image and means. */
export interface SrEvaluation {
  scale: SrScale;
  images: SrImageScore[];
  psnr: number;
  ssim: number;
  bicubicPsnr: number;
  bicubicSsim: number;
}

/** Rounds to 8-bit steps, as the published results (evaluated on saved `uint8` outputs). */
function toUint8Steps(image: Image): Image {
  const data = new Float32Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(Math.min(1, Math.max(0, image.data[i] as number)) * 255) / 255;
  return { ...image, data };
}

/** The bicubic baseline of the SR literature: MATLAB `imresize` of the LR image, 8-bit. */
export function upscaleBicubic(lr: Image, scale: SrScale): Image {
  assertImage(lr, 'upscaleBicubic: lr');
  assertSrScale(scale, 'upscaleBicubic: scale');
  return resizeBicubic(lr, lr.width * scale, lr.height * scale, { quantize: true });
}

/**
 * Scores an upscaler on benchmark pairs with the standard protocol of the SR literature (SRCNN,
 * FSRCNN, EDSR; BasicSR `test_y_channel=True`): output rounded to 8 bits, PSNR and SSIM on the
 * BT.601 luma (MATLAB `rgb2ycbcr` scaling), `scale` pixels cropped at every border, means over the
 * images; next to bicubic interpolation of the same LR files.
 * @param upscale - turns an LR image into an HR image of exactly `scale` times its size.
 * @throws RangeError when the upscaler returns the wrong size.
 */
export async function evaluateSuperResolution(
  upscale: (lr: Image) => Image | Promise<Image>,
  pairs: readonly SrBenchmarkPair[],
  scale: SrScale,
): Promise<SrEvaluation> {
  assertSrScale(scale, 'evaluateSuperResolution: scale');
  if (typeof upscale !== 'function') throw new TypeError('evaluateSuperResolution: upscale must be a function (lr: Image) => Image');
  const images: SrImageScore[] = [];
  for (const pair of pairs) {
    const hr = await readImage(pair.hrPath);
    const lr = await readImage(pair.lrPath);
    const sr = toUint8Steps(await upscale(lr));
    if (sr.width !== hr.width || sr.height !== hr.height || sr.channels !== hr.channels) {
      throw new RangeError(`evaluateSuperResolution: upscale(${pair.name}) gave ${sr.width}×${sr.height}×${sr.channels}, expected ${hr.width}×${hr.height}×${hr.channels}`);
    }
    const bic = upscaleBicubic(lr, scale);
    const opts = { channel: 'y' as const, crop: scale };
    images.push({
      name: pair.name,
      psnr: computePsnr(sr, hr, opts),
      ssim: computeSsim(sr, hr, opts),
      bicubicPsnr: computePsnr(bic, hr, opts),
      bicubicSsim: computeSsim(bic, hr, opts),
    });
  }
  const mean = (k: keyof Omit<SrImageScore, 'name'>): number => images.reduce((s, r) => s + r[k], 0) / Math.max(1, images.length);
  return { scale, images, psnr: mean('psnr'), ssim: mean('ssim'), bicubicPsnr: mean('bicubicPsnr'), bicubicSsim: mean('bicubicSsim') };
}
