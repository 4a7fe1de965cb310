import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { Image } from '../../image';
import { restoreFrame, type RestoreFrameOptions } from '../../restore/restoreFrame';
import { loadLayersModelFromDisk, readModelCard, saveModelWithCard } from '../io';

/** The JSON model card stored beside a VHS restoration generator (`card.json`). */
export interface VhsModelCard {
  name: string;
  task: 'PAL VHS frame restoration';
  /** 'pix2pix' (cGAN + λ·L1) or 'l1' (the L1-only U-Net baseline). */
  objective: 'pix2pix' | 'l1';
  architecture: string;
  /** Generator options (to rebuild it) and its parameter count. */
  generator: Record<string, unknown> & { parameters: number };
  discriminator?: Record<string, unknown>;
  /** Size multiple the generator needs. */
  sizeMultiple: number;
  /** Value range of the generator's input and output. */
  range: [-1, 1];
  data: Record<string, unknown>;
  training: Record<string, unknown>;
  metrics: Record<string, unknown>;
  command: string;
  backend: string;
  created: string;
}

/** A loaded VHS restoration generator. */
export interface VhsModel {
  generator: tf.LayersModel;
  card: VhsModelCard;
  /** Restores a frame of any size (see `restoreFrame`; the card's size multiple is used). */
  restore(image: Image, options?: RestoreFrameOptions): Image;
  dispose(): void;
}

/** Folder of the shipped pix2pix weights: `models/vhs-pix2pix` of the package (`'l1'`: `models/vhs-pix2pix/l1-baseline`). */
export function defaultVhsModelDir(which: 'pix2pix' | 'l1' = 'pix2pix'): string {
  if (which !== 'pix2pix' && which !== 'l1') throw new RangeError(`defaultVhsModelDir: which must be 'pix2pix' or 'l1', got ${String(which)}`);
  const root = path.resolve(__dirname, '..', '..', '..', 'models', 'vhs-pix2pix');
  return which === 'pix2pix' ? root : path.join(root, 'l1-baseline');
}

/** Saves a generator and its card into `dir` (`model.json`, `weights.bin`, `card.json`), via `models/io`. */
export async function saveVhsModel(generator: tf.LayersModel, dir: string, card: VhsModelCard): Promise<void> {
  if (typeof dir !== 'string' || dir === '') throw new TypeError(`saveVhsModel: dir must be a non-empty path, got ${String(dir)}`);
  await saveModelWithCard(generator, dir, card);
}

/**
 * Loads a generator saved by {@link saveVhsModel}.
 * @param location - a model folder; default the shipped pix2pix weights.
 * @throws Error naming the file when the model or its card is missing.
 */
export async function loadVhsModel(location: string = defaultVhsModelDir()): Promise<VhsModel> {
  if (typeof location !== 'string' || location === '') throw new TypeError(`loadVhsModel: location must be a model folder, got ${String(location)}`);
  const card = await readModelCard<VhsModelCard>(location, 'loadVhsModel');
  const generator = await loadLayersModelFromDisk(location);
  return {
    generator,
    card,
    restore: (image, options = {}) => restoreFrame(image, generator, { sizeMultiple: card.sizeMultiple, ...options }),
    dispose: () => generator.dispose(),
  };
}
