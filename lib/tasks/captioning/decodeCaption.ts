import { END_ID, PAD_ID, START_ID, type Vocabulary } from './Vocabulary';
import { checkVocabulary, describe } from './vocabularyInternal';

/**
 * Turns decoder ids back into words: stops at the first `<end>`, drops `<start>` and `<pad>`, and keeps
 * `<unk>` as the word `"<unk>"`. Inverse of `encodeCaption` for in-vocabulary words.
 * @param ids - token ids, e.g. an `encodeCaption` output or a greedy decoder's argmax sequence
 *   (any array-like of integers in `[0, vocab.words.length)`); not modified.
 * @param vocab - the vocabulary the ids come from.
 * @returns the words, without special tokens except `<unk>`.
 * @throws TypeError for a value that is not array-like or not a vocabulary; RangeError naming the
 *   position of an id that is not an integer in range.
 */
export function decodeCaption(ids: ArrayLike<number>, vocab: Vocabulary): string[] {
  const fn = 'decodeCaption';
  if (typeof ids !== 'object' || ids === null || typeof ids.length !== 'number') {
    throw new TypeError(`${fn}: ids must be an array-like of token ids, got ${describe(ids)}`);
  }
  checkVocabulary(fn, 'vocab', vocab);
  const words: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (!Number.isInteger(id) || id < 0 || id >= vocab.words.length) {
      throw new RangeError(`${fn}: ids[${i}] must be an integer in [0, ${vocab.words.length}), got ${String(id)}`);
    }
    if (id === END_ID) break;
    if (id !== START_ID && id !== PAD_ID) words.push(vocab.words[id] as string);
  }
  return words;
}
