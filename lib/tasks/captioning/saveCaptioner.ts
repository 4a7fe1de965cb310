import fs from 'node:fs';
import path from 'node:path';
import type { CaptionDecoder } from '../../networks/CaptionDecoder';
import { writeTensors } from '../../models/writeTensors';
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
  await fs.promises.mkdir(dir, { recursive: true });
  const write = async (name: string, text: string): Promise<void> => {
    const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
    await fs.promises.writeFile(tmp, text);
    await fs.promises.rename(tmp, path.join(dir, name));
  };
  await write('decoder.json', `${JSON.stringify({ format: 'tounum-caption-decoder', version: 1, config: decoder.config }, null, 1)}\n`);
  await writeTensors([...decoder.weights].map(([name, tensor]) => ({ name, tensor })), path.join(dir, 'weights'), { dtype: options.dtype ?? 'float16' });
  await saveVocabulary(vocab, path.join(dir, 'vocabulary.json'));
  if (options.card !== undefined) await write('card.json', `${JSON.stringify(options.card, null, 2)}\n`);
}
