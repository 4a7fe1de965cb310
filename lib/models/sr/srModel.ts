import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { Image } from '../../image';
import { loadLayersModelFromDisk, readModelCard, saveModelWithCard } from '../io';
import { assertSrScale, type SrScale } from './buildSrNetwork';
import { upscaleImage, type UpscaleImageOptions } from './upscaleImage';

/** The model card stored beside a super-resolution model (`card.json`). */
export interface SrModelCard {
  /** e.g. `sr-x2`. */
  name: string;
  task: 'super-resolution';
  scale: SrScale;
  architecture: string;
  parameters: number;
  /** Training data: dataset ids and image counts; never the test sets. */
  data: Record<string, unknown>;
  training: Record<string, unknown>;
  /** Benchmark results (PSNR/SSIM on Y, `scale` pixels cropped) per dataset. */
  metrics: Record<string, unknown>;
  /** Command line that produced the weights. */
  command: string;
  backend: string;
  created: string;
}

/** A loaded super-resolution model. */
export interface SrModel {
  scale: SrScale;
  net: tf.LayersModel;
  card: SrModelCard;
  /** Upscales an image by `scale` (see `upscaleImage`). */
  upscale(image: Image, options?: UpscaleImageOptions): Image;
  dispose(): void;
}

/** Folder of a shipped model in the package's `models/` (e.g. `sr-x2`). */
export function shippedModelDir(name: string): string {
  return path.resolve(__dirname, '..', '..', '..', 'models', name);
}

/** Default folder of the shipped SR model for a scale: `models/sr-x<scale>` of the package. */
export function defaultSrModelDir(scale: SrScale): string {
  assertSrScale(scale, 'defaultSrModelDir: scale');
  return shippedModelDir(`sr-x${scale}`);
}

/**
 * Saves an SR network and its card into `dir` (`model.json`, `weights.bin`, `card.json`).
 * @throws RangeError when the card's scale does not match the network's output channels.
 */
export async function saveSrModel(net: tf.LayersModel, dir: string, card: SrModelCard): Promise<void> {
  assertSrScale(card.scale, 'saveSrModel: card.scale');
  const out = net.outputs[0]?.shape;
  if (!out || out[3] !== card.scale * card.scale) throw new RangeError(`saveSrModel: the network outputs ${String(out?.[3])} channels, a ×${card.scale} model needs ${card.scale * card.scale}`);
  await saveModelWithCard(net, dir, card);
}

/**
 * Loads a super-resolution model saved by {@link saveSrModel}.
 * @param location - a model folder, or a scale (2 or 4) for the shipped `models/sr-x<scale>`.
 * @throws Error naming the folder when the model or its card is missing or inconsistent.
 */
export async function loadSrModel(location: string | SrScale): Promise<SrModel> {
  const dir = typeof location === 'number' ? defaultSrModelDir(location) : location;
  if (typeof dir !== 'string' || dir === '') throw new TypeError(`loadSrModel: location must be a folder or a scale, got ${String(location)}`);
  const cardPath = path.join(dir, 'card.json');
  const card = await readModelCard<SrModelCard>(dir, 'loadSrModel');
  assertSrScale(card.scale, `loadSrModel: ${cardPath} scale`);
  if (typeof location === 'number' && card.scale !== location) throw new Error(`loadSrModel: ${cardPath} is a ×${card.scale} model, not ×${location}`);
  const net = await loadLayersModelFromDisk(dir);
  const scale = card.scale;
  return {
    scale,
    net,
    card,
    upscale: (image, options = {}) => upscaleImage(net, image, scale, options),
    dispose: () => net.dispose(),
  };
}
