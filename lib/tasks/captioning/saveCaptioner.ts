import path from 'node:path';
import type { CaptionDecoder } from '../../networks/CaptionDecoder';
import { writeTensors } from '../../models/writeTensors';
import { writeFileAtomic } from '../../io/writeFileAtomic';
import { saveVocabulary } from './saveVocabulary';
import type { Vocabulary } from './Vocabulary';

/** Options of {@link saveCaptioner}. */
export interface SaveCaptionerOptions {
  /** Weight storage. @default 'float16' (half the size; the card's metrics are measured on what is stored) */
  dtype?: 'float16' | 'float32';
  /** The model card, written as `card.json`. @default undefined (no card) */
  card?: object;
}

/**
 * Saves a captioner folder: `decoder.json` (architecture), `weights.json` + `weights.bin`,
 * `vocabulary.json` and `card.json`, each written atomically.
 */
export async function saveCaptioner(decoder: CaptionDecoder, vocab: Vocabulary, dir: string, options: SaveCaptionerOptions = {}): Promise<void> {
  const write = (name: string, text: string): Promise<void> => writeFileAtomic(path.join(dir, name), text);
  await write('decoder.json', `${JSON.stringify({ format: 'tounum-caption-decoder', version: 1, config: decoder.config }, null, 1)}\n`);
  await writeTensors([...decoder.weights].map(([name, tensor]) => ({ name, tensor })), path.join(dir, 'weights'), { dtype: options.dtype ?? 'float16' });
  await saveVocabulary(vocab, path.join(dir, 'vocabulary.json'));
  if (options.card !== undefined) await write('card.json', `${JSON.stringify(options.card, null, 2)}\n`);
}
