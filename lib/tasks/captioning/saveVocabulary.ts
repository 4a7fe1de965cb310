import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Vocabulary } from './Vocabulary';
import { checkVocabulary } from './vocabularyInternal';

/** The JSON file written by {@link saveVocabulary} and read by `loadVocabulary`. */
export interface VocabularyFile {
  format: 'tounum-vocabulary';
  version: 1;
  /** {@link Vocabulary.minCount}. */
  minCount: number;
  /** Every token by id, the four special tokens first. */
  words: string[];
}

/**
 * Writes a vocabulary as JSON (`{ format: 'tounum-vocabulary', version: 1, minCount, words }`, one
 * word per line) next to a model, so that its ids can be decoded later. The file is written to a
 * temporary name in the same folder, then renamed: an interrupted save leaves the old file or none,
 * never half a file. Missing parent folders are created.
 * @param vocab - the vocabulary; not modified.
 * @param file - destination path (usually `vocabulary.json`); replaced if it exists.
 * @throws TypeError for a non-vocabulary or an empty `file`; the operating-system error (with the
 *   path) when the folder cannot be written.
 */
export async function saveVocabulary(vocab: Vocabulary, file: string): Promise<void> {
  const fn = 'saveVocabulary';
  checkVocabulary(fn, 'vocab', vocab);
  if (typeof file !== 'string' || file === '') throw new TypeError(`${fn}: file must be a non-empty path, got ${file === '' ? 'an empty string' : typeof file}`);
  const content: VocabularyFile = { format: 'tounum-vocabulary', version: 1, minCount: vocab.minCount, words: vocab.words };
  const target = path.resolve(file);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.promises.writeFile(tmp, `${JSON.stringify(content, null, 1)}\n`);
    await fs.promises.rename(tmp, target);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}
