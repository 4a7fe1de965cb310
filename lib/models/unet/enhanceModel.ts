import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { Image } from '../../image';
import { loadLayersModelFromDisk, readModelCard, saveModelWithCard } from '../io';
import { restoreImage, type RestoreImageOptions } from './restoreImage';

/** The model card stored beside an enhancement U-Net (`card.json`). */
export interface EnhanceModelCard {
  name: string;
  task: 'image enhancement (deblur / denoise)';
  /** The degradation it was trained to undo. */
  degradation: { blurSigma: number; noiseSigma: number };
  architecture: string;
  parameters: number;
  /** Size multiple the network needs (2^(levels − 1)). */
  sizeMultiple: number;
  data: Record<string, unknown>;
  training: Record<string, unknown>;
  metrics: Record<string, unknown>;
  command: string;
  backend: string;
  created: string;
}

/** A loaded enhancement U-Net. */
export interface EnhanceModel {
  net: tf.LayersModel;
  card: EnhanceModelCard;
  /** Restores an image (same size; see `restoreImage`). */
  restore(image: Image, options?: RestoreImageOptions): Image;
  dispose(): void;
}

/** Folder of the shipped enhancement U-Nets: `models/enhance-unet/<trial>` of the package. */
export function defaultEnhanceModelDir(trial: 'mild' | 'strong' | 'noisy'): string {
  if (trial !== 'mild' && trial !== 'strong' && trial !== 'noisy') throw new RangeError(`defaultEnhanceModelDir: trial must be 'mild', 'strong' or 'noisy', got ${String(trial)}`);
  return path.resolve(__dirname, '..', '..', '..', 'models', 'enhance-unet', trial);
}

/** Saves a U-Net and its card into `dir` (`model.json`, `weights.bin`, `card.json`). */
export async function saveEnhanceModel(net: tf.LayersModel, dir: string, card: EnhanceModelCard): Promise<void> {
  await saveModelWithCard(net, dir, card);
}

/**
 * Loads an enhancement U-Net saved by {@link saveEnhanceModel}.
 * @param location - a model folder, or a trial name for the shipped models.
 * @throws Error naming the file when the model or card is missing.
 */
export async function loadEnhanceModel(location: string): Promise<EnhanceModel> {
  const dir = location === 'mild' || location === 'strong' || location === 'noisy' ? defaultEnhanceModelDir(location) : location;
  if (typeof dir !== 'string' || dir === '') throw new TypeError(`loadEnhanceModel: location must be a folder or a trial name, got ${String(location)}`);
  const card = await readModelCard<EnhanceModelCard>(dir, 'loadEnhanceModel');
  const net = await loadLayersModelFromDisk(dir);
  return { net, card, restore: (image, options = {}) => restoreImage(net, image, card.sizeMultiple, options), dispose: () => net.dispose() };
}
