import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { findPackageRoot } from '../../datasets/findPackageRoot';
import { loadSquareImage } from '../../datasets/loadSquareImage';
import { assertImage, resizeImageArea, type Image } from '../../image';
import { loadMobileNetEncoder, type MobileNetEncoder } from './loadMobileNetEncoder';
import { fileSystemLoader, saveLayersModelToDisk } from '../io';
import type { PhotoClassifierCard } from './PhotoClassifierCard';

/** The shipped photo classifier: frozen MobileNetV2 encoder + trained head + card. */
export interface PhotoClassifier {
  card: PhotoClassifierCard;
  /** Decision threshold from the card (chosen on validation). */
  threshold: number;
  encoder: MobileNetEncoder;
  head: tf.LayersModel;
  /** P(photo) for each image (any size; resized by area averaging to 224×224). */
  classifyImages(images: readonly Image[]): Promise<number[]>;
  /** P(photo) for one file. @throws the reader's ImageReadError for an unreadable file. */
  classifyFile(file: string): Promise<number>;
  dispose(): void;
}

/** Default folder of the shipped model: `<package root>/models/photo-classifier`. */
export function defaultPhotoClassifierDir(): string {
  return path.join(findPackageRoot(), 'models', 'photo-classifier');
}

/**
 * Writes a trained head (`model.json` + `weights.bin`) and its card (`card.json`) into `dir`.
 * The encoder is not copied: it is found through the data registry at load time.
 */
export async function savePhotoClassifier(head: tf.LayersModel, card: PhotoClassifierCard, dir: string = defaultPhotoClassifierDir()): Promise<void> {
  await saveLayersModelToDisk(head, dir);
  await fs.promises.writeFile(path.join(dir, 'card.json'), JSON.stringify(card, null, 2) + '\n');
}

/** Options of {@link loadPhotoClassifier}. */
export interface LoadPhotoClassifierOptions {
  /** Folder with model.json, weights.bin and card.json. @default defaultPhotoClassifierDir() */
  dir?: string;
  /** An already loaded encoder (then not disposed by `dispose`). */
  encoder?: MobileNetEncoder;
  /** Dataset mirror to find the encoder in. */
  mirror?: string;
}

/**
 * Loads the photo classifier: the head and card from `dir`, the MobileNetV2 encoder from the data
 * registry. Use `classifyFile` / `classifyImages`, then `dispose()`.
 * @throws Error naming the folder when the model files are missing.
 */
export async function loadPhotoClassifier(options: LoadPhotoClassifierOptions = {}): Promise<PhotoClassifier> {
  const dir = options.dir ?? defaultPhotoClassifierDir();
  for (const f of ['model.json', 'weights.bin', 'card.json']) {
    if (!fs.existsSync(path.join(dir, f))) throw new Error(`loadPhotoClassifier: ${path.join(dir, f)} is missing; train it with node scripts/train/classifier-transfer.js`);
  }
  const card = JSON.parse(await fs.promises.readFile(path.join(dir, 'card.json'), 'utf8')) as PhotoClassifierCard;
  const head = await tf.loadLayersModel(fileSystemLoader(path.join(dir, 'model.json')));
  let encoder: MobileNetEncoder;
  try {
    encoder = options.encoder ?? (await loadMobileNetEncoder(options.mirror !== undefined ? { mirror: options.mirror } : {}));
  } catch (e) {
    head.dispose();
    throw e;
  }
  const size = encoder.inputSize;
  const score = async (images: readonly Image[]): Promise<number[]> => {
    if (images.length === 0) return [];
    const data = new Float32Array(images.length * size * size * 3);
    images.forEach((im, k) => {
      const sq = im.width === size && im.height === size && im.channels === 3 ? im : resizeImageArea(toRgb(im), size, size);
      for (let q = 0; q < sq.data.length; q++) data[k * size * size * 3 + q] = 2 * (sq.data[q] as number) - 1;
    });
    const out = tf.tidy(() => head.predict(encoder.net.predict(tf.tensor4d(data, [images.length, size, size, 3])) as tf.Tensor) as tf.Tensor);
    const p = await out.data();
    out.dispose();
    return Array.from(p);
  };
  return {
    card,
    threshold: card.threshold.value,
    encoder,
    head,
    async classifyImages(images) {
      if (!Array.isArray(images)) throw new TypeError('classifyImages: images must be an array of Image');
      images.forEach((im, i) => assertImage(im, `images[${i}]`));
      const out: number[] = [];
      for (let b = 0; b < images.length; b += 16) out.push(...(await score(images.slice(b, b + 16))));
      return out;
    },
    async classifyFile(file) {
      const [p] = await score([await loadSquareImage(file, size)]);
      return p as number;
    },
    dispose() {
      head.dispose();
      if (!options.encoder) encoder.dispose();
    },
  };
}

function toRgb(image: Image): Image {
  if (image.channels === 3) return image;
  const data = new Float32Array(image.width * image.height * 3);
  for (let i = 0; i < image.data.length; i++) data[3 * i] = data[3 * i + 1] = data[3 * i + 2] = image.data[i] as number;
  return { data, width: image.width, height: image.height, channels: 3 };
}
