import * as fs from 'fs';
import * as path from 'path';
import type * as tf from '@tensorflow/tfjs';
import type { Image } from '../../image';
import { loadLayersModelFromDisk, readModelCard } from '../../models/io';
import { restoreVhsChain, type RestoreVhsChainOptions, type VhsChainResult } from './restoreVhsChain';
import type { LineShiftCard } from './trainLineShiftEstimator';
import type { VhsResidualCard } from './trainVhsRestoration';

/** The loaded VHS restoration chain: its two learned parts, their cards, and the chain bound to them. */
export interface VhsRestorationModel {
  lineShiftNet: tf.LayersModel;
  /** `null` when the folder has no `residual/` (the chain then runs its classical stages only). */
  residualNet: tf.LayersModel | null;
  cards: { lineShift: LineShiftCard; residual: VhsResidualCard | null };
  /** {@link restoreVhsChain} with these models; without a residual net the `'residual'` stage is left out of the defaults. */
  restore(frame: Image, options?: RestoreVhsChainOptions): VhsChainResult;
  dispose(): void;
}

/** The shipped chain's folder: `models/vhs-chain` of the package. */
export function defaultVhsChainDir(): string {
  return path.resolve(__dirname, '..', '..', '..', 'models', 'vhs-chain');
}

/**
 * Loads the VHS restoration chain from `dir` (default: the shipped `models/vhs-chain`): the line-shift
 * regressor from `dir/line-shift` and, when present, the residual network from `dir/residual`, each a
 * tfjs layers model with its `card.json`.
 * @throws Error naming the folder when `line-shift` is missing or a model cannot be read.
 */
export async function loadVhsRestorationModel(dir: string = defaultVhsChainDir()): Promise<VhsRestorationModel> {
  const fn = 'loadVhsRestorationModel';
  if (typeof dir !== 'string' || dir === '') throw new TypeError(`${fn}: dir must be a non-empty path, got ${String(dir)}`);
  const lsDir = path.join(dir, 'line-shift');
  if (!fs.existsSync(path.join(lsDir, 'model.json'))) throw new Error(`${fn}: ${lsDir} has no model.json: not a VHS chain folder (it needs line-shift/ and optionally residual/)`);
  const lineShiftNet = await loadLayersModelFromDisk(path.join(lsDir, 'model.json'));
  const lineShift = await readModelCard<LineShiftCard>(lsDir, fn);
  const resDir = path.join(dir, 'residual');
  let residualNet: tf.LayersModel | null = null;
  let residual: VhsResidualCard | null = null;
  if (fs.existsSync(path.join(resDir, 'model.json'))) {
    residualNet = await loadLayersModelFromDisk(path.join(resDir, 'model.json'));
    residual = await readModelCard<VhsResidualCard>(resDir, fn);
  }
  return {
    lineShiftNet, residualNet, cards: { lineShift, residual },
    restore(frame, options = {}) {
      const stages = options.stages ?? (residualNet === null ? (['lines', 'band', 'dropouts', 'chroma'] as const) : undefined);
      return restoreVhsChain(frame, { lineShiftNet, ...(residualNet !== null ? { residualNet } : {}) }, { ...options, ...(stages !== undefined ? { stages } : {}) });
    },
    dispose() {
      lineShiftNet.dispose();
      residualNet?.dispose();
    },
  };
}
