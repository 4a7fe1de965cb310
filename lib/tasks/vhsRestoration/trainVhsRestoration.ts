import * as tf from '@tensorflow/tfjs';
import { trainOnPatches, type PatchTrainingRecord } from '../../models/sr/trainOnPatches';
import { buildVhsResidualNet, type VhsResidualNetOptions } from '../../networks/buildVhsResidualNet';
import type { Rng } from '../../random';
import { rgbToYcbcrData } from './applyVhsResidualNet';
import type { VhsRestorationPairs } from './sampleVhsRestorationPairs';

/** Model card of the residual network after the VHS chain. */
export interface VhsResidualCard {
  task: 'vhs-restoration-residual';
  architecture: 'buildVhsResidualNet';
  net: Required<VhsResidualNetOptions>;
  params: number;
  colourSpace: 'ycbcr-bt601';
  loss: 'l1';
  data: string;
  pairs: number;
  patchSize: number;
  batchSize: number;
  seed: number;
  steps: number;
  lr: number;
  backend: string;
  seconds: number;
  finished: boolean;
  history: PatchTrainingRecord[];
  command: string;
}

/** Options of {@link trainVhsRestoration}. */
export interface TrainVhsRestorationOptions {
  /** @default 3000 */
  steps?: number;
  /** @default 8 */
  batchSize?: number;
  /** Side of the training patches. @default 64 */
  patchSize?: number;
  /** @default 1e-3 */
  lr?: number;
  /** @default 0 */
  seed?: number;
  net?: Omit<VhsResidualNetOptions, 'seed'>;
  checkpointDir?: string;
  /** @default 180 */
  checkpointEverySeconds?: number;
  maxSeconds?: number;
  data?: string;
  command?: string;
  log?: ((message: string) => void) | false;
}

/**
 * The recipe of the compact residual network after the classical chain: random `patchSize` crops of
 * the cached (chain output, clean) pairs of `sampleVhsRestorationPairs`, in Y′CbCr, L1 loss, Adam with
 * cosine decay through `trainOnPatches` (checkpointed, resumable; batches re-seeded on resume).
 * @returns the trained net and its card.
 * @throws TypeError / RangeError for bad pairs or options.
 */
export async function trainVhsRestoration(pairs: VhsRestorationPairs, options: TrainVhsRestorationOptions = {}): Promise<{ net: tf.LayersModel; card: VhsResidualCard }> {
  const fn = 'trainVhsRestoration';
  if (pairs === null || typeof pairs !== 'object' || !Array.isArray(pairs.inputs) || pairs.inputs.length === 0 || pairs.inputs.length !== pairs.targets.length) {
    throw new TypeError(`${fn}: pairs must hold as many inputs as targets, at least one`);
  }
  const { steps = 3000, batchSize = 8, patchSize = 64, lr = 1e-3, seed = 0 } = options;
  if (!Number.isInteger(patchSize) || patchSize < 8) throw new RangeError(`${fn}: options.patchSize must be an integer ≥ 8, got ${String(patchSize)}`);
  pairs.inputs.forEach((im, i) => {
    const t = pairs.targets[i];
    if (t === undefined || im.width !== t.width || im.height !== t.height || im.channels !== 3 || t.channels !== 3) throw new RangeError(`${fn}: pair ${i} is not two aligned RGB images`);
    if (im.width < patchSize || im.height < patchSize) throw new RangeError(`${fn}: pair ${i} is smaller than options.patchSize ${patchSize}`);
  });
  const inputs = pairs.inputs.map((im) => rgbToYcbcrData(im.data));
  const targets = pairs.targets.map((im) => rgbToYcbcrData(im.data));
  const netOptions: Required<VhsResidualNetOptions> = { width: options.net?.width ?? 32, depth: options.net?.depth ?? 5, scale: options.net?.scale ?? 1, seed };
  const net = buildVhsResidualNet(netOptions);
  const p = patchSize;
  const sample = (n: number, rng: Rng): { x: tf.Tensor; y: tf.Tensor } => {
    const xs = new Float32Array(n * p * p * 3), ys = new Float32Array(n * p * p * 3);
    for (let b = 0; b < n; b++) {
      const k = rng.nextInt(inputs.length);
      const im = pairs.inputs[k] as { width: number; height: number };
      const x0 = rng.nextInt(im.width - p + 1), y0 = rng.nextInt(im.height - p + 1);
      for (let y = 0; y < p; y++) {
        const s = ((y0 + y) * im.width + x0) * 3;
        xs.set((inputs[k] as Float32Array).subarray(s, s + p * 3), (b * p + y) * p * 3);
        ys.set((targets[k] as Float32Array).subarray(s, s + p * 3), (b * p + y) * p * 3);
      }
    }
    return { x: tf.tensor4d(xs, [n, p, p, 3]), y: tf.tensor4d(ys, [n, p, p, 3]) };
  };
  const result = await trainOnPatches(net, sample, {
    steps, batchSize, lr, loss: 'l1', seed,
    ...(options.checkpointDir !== undefined ? { checkpointDir: options.checkpointDir } : {}),
    ...(options.checkpointEverySeconds !== undefined ? { checkpointEverySeconds: options.checkpointEverySeconds } : {}),
    ...(options.maxSeconds !== undefined ? { maxSeconds: options.maxSeconds } : {}),
    ...(options.log !== undefined ? { log: options.log } : {}),
  });
  const card: VhsResidualCard = {
    task: 'vhs-restoration-residual', architecture: 'buildVhsResidualNet', net: netOptions, params: net.countParams(), colourSpace: 'ycbcr-bt601', loss: 'l1',
    data: options.data ?? '', pairs: inputs.length, patchSize, batchSize, seed, steps: result.stepsDone, lr, backend: tf.getBackend(), seconds: result.seconds,
    finished: result.finished, history: result.history, command: options.command ?? '',
  };
  return { net, card };
}
