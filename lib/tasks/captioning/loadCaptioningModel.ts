import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { findPackageRoot } from '../../datasets/findPackageRoot';
import { assertImage, type Image } from '../../image/Image';
import type { CaptionDecoder } from '../../networks/CaptionDecoder';
import { loadCaptionEncoder, type CaptionEncoder, type CaptionEncoderId } from './loadCaptionEncoder';
import { imageToEncoderInput } from './imageToEncoderInput';
import { readCaptionDecoder } from './readCaptionDecoder';
import { loadVocabulary } from './loadVocabulary';
import { generateCaptions } from './generateCaptions';
import { decodeCaption } from './decodeCaption';
import type { Vocabulary } from './Vocabulary';
import type { CaptionerCard } from './CaptionerCard';

/** A caption with its score and where the model looked for each word. */
export interface CaptionResult {
  /** The words joined by spaces. */
  caption: string;
  words: string[];
  /** Natural-log probability of the caption (words and `<end>`) under the model. */
  logProb: number;
  /** Per word (then `<end>`), the attention over the 7 × 7 regions, row-major (49 values). */
  attention: Float32Array[];
}

/** Options of {@link CaptioningModel.caption}. */
export interface CaptionOptions {
  /** Beam width, 1 (greedy) to 5 or more. @default the card's (5) */
  beam?: number;
  /** Longest caption in words. @default the card's (20) */
  maxLength?: number;
  /** Length normalisation exponent of the beam search. @default the card's (0.7) */
  lengthPenalty?: number;
}

/** The shipped captioner: frozen encoder + attention decoder + vocabulary + card. */
export interface CaptioningModel {
  card: CaptionerCard;
  vocab: Vocabulary;
  encoder: CaptionEncoder;
  decoder: CaptionDecoder;
  /** Captions one photo (any size: squashed to 224 × 224 by area averaging, as the training photos were). */
  caption(image: Image, options?: CaptionOptions): Promise<CaptionResult>;
  /** Captions several photos, the encoder run once over the batch. */
  captionBatch(images: readonly Image[], options?: CaptionOptions): Promise<CaptionResult[]>;
  dispose(): void;
}

/** Default folder of the shipped captioner: `<package root>/models/captioner`. */
export function defaultCaptionerDir(): string {
  return path.join(findPackageRoot(), 'models', 'captioner');
}

/** Options of {@link loadCaptioningModel}. */
export interface LoadCaptioningModelOptions {
  /** Datasets mirror holding the encoder. @default TOUNUM_DATA_MIRROR or ../shared/datasets */
  mirror?: string;
  /** Folder of the encoder's weights instead of the registry's copy. */
  encoderDir?: string;
}

/**
 * Loads a captioner folder (`saveCaptioner`: decoder, weights, vocabulary, card) and its frozen
 * encoder (from the data registry), and returns an interface that captions images, as tfjs-models'
 * `mobilenet.load()` returns a classifier.
 * @param dir - the folder. @default {@link defaultCaptionerDir}
 * @throws Error naming the folder when a file is missing or malformed.
 */
export async function loadCaptioningModel(dir: string = defaultCaptionerDir(), options: LoadCaptioningModelOptions = {}): Promise<CaptioningModel> {
  const cardFile = path.join(dir, 'card.json');
  let card: CaptionerCard;
  try {
    card = JSON.parse(await fs.promises.readFile(cardFile, 'utf8')) as CaptionerCard;
  } catch (e) {
    throw new Error(`loadCaptioningModel: cannot read ${cardFile}: ${(e as Error).message}`, { cause: e });
  }
  if (card.task !== 'captioning') throw new Error(`loadCaptioningModel: ${cardFile} is not a captioning model card (task ${String(card.task)})`);
  const vocab = await loadVocabulary(path.join(dir, 'vocabulary.json'));
  const decoder = await readCaptionDecoder(dir);
  if (decoder.config.vocabSize !== vocab.words.length) {
    decoder.dispose();
    throw new Error(`loadCaptioningModel: ${dir}: the decoder has ${decoder.config.vocabSize} words, vocabulary.json ${vocab.words.length}`);
  }
  let encoder: CaptionEncoder;
  try {
    encoder = await loadCaptionEncoder(card.encoder.id as CaptionEncoderId, { ...(options.mirror !== undefined ? { mirror: options.mirror } : {}), ...(options.encoderDir !== undefined ? { dir: options.encoderDir } : {}) });
  } catch (e) {
    decoder.dispose();
    throw e;
  }
  const defaults = card.inference;
  const captionBatch = async (images: readonly Image[], opts: CaptionOptions = {}): Promise<CaptionResult[]> => {
    if (!Array.isArray(images) || images.length === 0) throw new RangeError('captionBatch: images must be a non-empty array');
    images.forEach((im, i) => assertImage(im, `images[${i}]`));
    const s = encoder.inputSize;
    const input = new Float32Array(images.length * s * s * 3);
    images.forEach((im, i) => input.set(imageToEncoderInput(im, s), i * s * s * 3));
    const feats = tf.tidy(() => encoder.net.predict(tf.tensor4d(input, [images.length, s, s, 3])) as tf.Tensor);
    const values = (await feats.data()) as Float32Array;
    feats.dispose();
    const gen = await generateCaptions(decoder, values, images.length, { beam: opts.beam ?? defaults.beam, maxLength: opts.maxLength ?? defaults.maxLength, lengthPenalty: opts.lengthPenalty ?? defaults.lengthPenalty });
    return gen.map((g) => {
      const words = decodeCaption(g.ids, vocab);
      return { caption: words.join(' '), words, logProb: g.logProb, attention: g.attention };
    });
  };
  return {
    card,
    vocab,
    encoder,
    decoder,
    captionBatch,
    caption: async (image, opts = {}) => (await captionBatch([image], opts))[0] as CaptionResult,
    dispose: () => {
      decoder.dispose();
      encoder.dispose();
    },
  };
}
