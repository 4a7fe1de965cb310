import type { VhsPresetName } from '../../degrade/vhs';
import { assertImage, type Image } from '../../image';
import { computePsnr, computeSsim } from '../../metrics';
import { sampleVhsTestFrames, type SampleVhsTestFramesOptions, type VhsDegradedFrame, type VhsTestFrame } from './sampleVhsTestFrames';

/** A restorer under test: degraded frame in, restored frame of the same size out. */
export type VhsRestoreFunction = (degraded: Image, context: { frame: VhsTestFrame; degraded: VhsDegradedFrame }) => Image | Promise<Image>;

/** One frame × preset of {@link evaluateVhsRestoration}. */
export interface VhsEvaluationRow {
  frame: string;
  preset: VhsPresetName;
  /** Full-frame RGB PSNR (dB) of the degraded input against the clean frame. */
  psnrDegraded: number;
  psnrRestored: number;
  /** psnrRestored − psnrDegraded. */
  gain: number;
  /** Full-frame SSIM (mean over RGB, Gaussian window σ 1.5) of the degraded input / the restored frame. */
  ssimDegraded: number;
  ssimRestored: number;
  /** Wall time of the restore call (s). */
  seconds: number;
}

/** Per-preset means of {@link VhsEvaluationRow}. */
export interface VhsEvaluationSummary {
  preset: VhsPresetName;
  frames: number;
  psnrDegraded: number;
  psnrRestored: number;
  gain: number;
  ssimDegraded: number;
  ssimRestored: number;
  seconds: number;
}

/** Result of {@link evaluateVhsRestoration}. */
export interface VhsEvaluation {
  rows: VhsEvaluationRow[];
  summary: VhsEvaluationSummary[];
}

/** Options of {@link evaluateVhsRestoration}. */
export interface EvaluateVhsRestorationOptions {
  /** The split to use (from {@link sampleVhsTestFrames}); sampled with `sample` when absent. */
  frames?: readonly VhsTestFrame[];
  /** Options of {@link sampleVhsTestFrames} when `frames` is absent. @default {} (the full test split) */
  sample?: SampleVhsTestFramesOptions;
  /** Only these presets (of those the frames carry). @default all the frames carry */
  presets?: readonly VhsPresetName[];
  /** Smoke run: the first 2 frames only. @default false */
  smoke?: boolean;
  /** Called after each row (progress). */
  onRow?: (row: VhsEvaluationRow) => void;
}

const degradedMetrics = new WeakMap<Image, { psnr: number; ssim: number }>();

/**
 * Runs `restore` on every degraded frame of the VHS test split and measures full-frame RGB PSNR
 * (`computePsnr`, data range 1, as skimage) and SSIM (`computeSsim`, as skimage with
 * `gaussian_weights=True`) of the degraded input and of the restored frame against the clean frame.
 * The degraded figures are computed once per image and cached. Rows come in frame order, then preset.
 * @throws TypeError when `restore` is not a function or returns a malformed image / another size.
 */
export async function evaluateVhsRestoration(restore: VhsRestoreFunction, options: EvaluateVhsRestorationOptions = {}): Promise<VhsEvaluation> {
  const fn = 'evaluateVhsRestoration';
  if (typeof restore !== 'function') throw new TypeError(`${fn}: restore must be a function (image, context) => Image`);
  let frames = options.frames ?? (await sampleVhsTestFrames(options.sample ?? {}));
  if (!Array.isArray(frames) || frames.length === 0) throw new TypeError(`${fn}: options.frames must be a non-empty array of test frames`);
  if (options.smoke === true) frames = frames.slice(0, 2);
  const only = options.presets;
  const rows: VhsEvaluationRow[] = [];
  for (const frame of frames) {
    for (const d of frame.degraded) {
      if (only !== undefined && !only.includes(d.preset)) continue;
      let m = degradedMetrics.get(d.image);
      if (m === undefined) {
        m = { psnr: computePsnr(d.image, frame.clean), ssim: computeSsim(d.image, frame.clean) };
        degradedMetrics.set(d.image, m);
      }
      const t0 = performance.now();
      const out = await restore(d.image, { frame, degraded: d });
      const seconds = (performance.now() - t0) / 1000;
      assertImage(out, `${fn}: restored image of ${frame.id} ${d.preset}`);
      if (out.width !== frame.clean.width || out.height !== frame.clean.height || out.channels !== frame.clean.channels) {
        throw new TypeError(`${fn}: restore returned ${out.width}×${out.height}×${out.channels} for ${frame.id} ${d.preset}, expected ${frame.clean.width}×${frame.clean.height}×${frame.clean.channels}`);
      }
      const psnrRestored = computePsnr(out, frame.clean);
      const row: VhsEvaluationRow = {
        frame: frame.id, preset: d.preset, psnrDegraded: m.psnr, psnrRestored, gain: psnrRestored - m.psnr,
        ssimDegraded: m.ssim, ssimRestored: computeSsim(out, frame.clean), seconds,
      };
      rows.push(row);
      options.onRow?.(row);
    }
  }
  return { rows, summary: summariseVhsEvaluation(rows) };
}

/** Per-preset means of evaluation rows, presets in first-seen order. */
export function summariseVhsEvaluation(rows: readonly VhsEvaluationRow[]): VhsEvaluationSummary[] {
  const groups = new Map<VhsPresetName, VhsEvaluationRow[]>();
  for (const r of rows) {
    const g = groups.get(r.preset);
    if (g === undefined) groups.set(r.preset, [r]);
    else g.push(r);
  }
  const mean = (g: VhsEvaluationRow[], k: keyof VhsEvaluationRow): number => g.reduce((s, r) => s + (r[k] as number), 0) / g.length;
  return [...groups].map(([preset, g]) => ({
    preset, frames: g.length,
    psnrDegraded: mean(g, 'psnrDegraded'), psnrRestored: mean(g, 'psnrRestored'), gain: mean(g, 'gain'),
    ssimDegraded: mean(g, 'ssimDegraded'), ssimRestored: mean(g, 'ssimRestored'), seconds: mean(g, 'seconds'),
  }));
}
