import fs from 'node:fs';
import type { Vocabulary } from './Vocabulary';
import type { VocabularyFile } from './saveVocabulary';
import { describe, makeVocabulary } from './vocabularyInternal';

/**
 * Reads a vocabulary written by `saveVocabulary` and checks it: format `tounum-vocabulary` version 1,
 * `minCount` a positive integer, `words` unique non-empty strings starting with the four special
 * tokens in their fixed order.
 * @param file - the JSON file.
 * @returns the vocabulary, with its `index` rebuilt.
 * @throws TypeError for an empty `file`; Error naming the file when it cannot be read or is not JSON;
 *   TypeError / RangeError naming the file and the field when the content is invalid.
 */
export async function loadVocabulary(file: string): Promise<Vocabulary> {
  const fn = 'loadVocabulary';
  if (typeof file !== 'string' || file === '') throw new TypeError(`${fn}: file must be a non-empty path, got ${file === '' ? 'an empty string' : typeof file}`);
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`${fn}: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : `${code ?? 'error'}: ${(err as Error).message}`}`, { cause: err });
  }
  let data: Partial<VocabularyFile>;
  try {
    data = JSON.parse(text) as Partial<VocabularyFile>;
  } catch (err) {
    throw new Error(`${fn}: ${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const where = `${fn}: ${file}`;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new TypeError(`${where} must hold a JSON object, got ${describe(data)}`);
  if (data.format !== 'tounum-vocabulary') throw new RangeError(`${where}: "format" must be "tounum-vocabulary", got ${JSON.stringify(data.format)}`);
  if (data.version !== 1) throw new RangeError(`${where}: "version" ${JSON.stringify(data.version)} is not supported (this tounum-lab reads version 1)`);
  const { minCount, words } = data;
  if (typeof minCount !== 'number' || !Number.isInteger(minCount) || minCount < 1) {
    throw new RangeError(`${where}: "minCount" must be a positive integer, got ${JSON.stringify(minCount)}`);
  }
  if (!Array.isArray(words)) throw new TypeError(`${where}: "words" must be an array of strings, got ${describe(words)}`);
  return makeVocabulary(where, 'words', words, minCount);
}
