import { SPECIAL_TOKENS, type Vocabulary } from './Vocabulary';
import { checkTokenized, makeVocabulary } from './vocabularyInternal';

/** Options of {@link buildVocabulary}. */
export interface BuildVocabularyOptions {
  /**
   * Minimum number of occurrences (over all captions given) for a word to get an id; rarer words
   * become `<unk>`. 5 is the usual threshold for Flickr8k / COCO (Karpathy & Fei-Fei 2015).
   * @default 5
   */
  minCount?: number;
}

/**
 * Builds the caption vocabulary: the four special tokens at ids 0–3 (`<pad>`, `<start>`, `<end>`,
 * `<unk>`), then every word seen at least `minCount` times, by descending count, ties in
 * alphabetical (code-unit) order, so the same captions always give the same ids.
 * Pass the training captions only: words seen only in validation or test must stay `<unk>`.
 * @param tokenized - the training captions, each an array of words (from `tokenizeCaption`).
 * @returns a new {@link Vocabulary}; the input is not modified.
 * @throws TypeError when `tokenized` is not an array of string arrays; RangeError for a `minCount`
 *   that is not a positive integer, or a word equal to a special token (e.g. `"<unk>"`) or empty.
 */
export function buildVocabulary(tokenized: readonly (readonly string[])[], options: BuildVocabularyOptions = {}): Vocabulary {
  const fn = 'buildVocabulary';
  checkTokenized(fn, 'tokenized', tokenized);
  const { minCount = 5 } = options;
  if (typeof minCount !== 'number' || !Number.isInteger(minCount) || minCount < 1) {
    throw new RangeError(`${fn}: options.minCount must be a positive integer, got ${String(minCount)}`);
  }
  const specials = new Set<string>(SPECIAL_TOKENS);
  const counts = new Map<string, number>();
  tokenized.forEach((tokens, i) => {
    tokens.forEach((t, k) => {
      if (t === '' || specials.has(t)) throw new RangeError(`${fn}: tokenized[${i}][${k}] must be a word, got ${JSON.stringify(t)}`);
      counts.set(t, (counts.get(t) ?? 0) + 1);
    });
  });
  const words = [...counts]
    .filter(([, c]) => c >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([w]) => w);
  return makeVocabulary(fn, 'words', [...SPECIAL_TOKENS, ...words], minCount);
}
