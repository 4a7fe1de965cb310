import { SPECIAL_TOKENS, type Vocabulary } from './Vocabulary';
import { checkTokenized, checkVocabulary } from './vocabularyInternal';

/** Lengths (in words) of a set of captions and, with a vocabulary, how much of it the vocabulary covers. */
export interface CaptionStats {
  /** Number of captions. */
  count: number;
  /** Mean number of words. */
  meanLength: number;
  /** Median number of words (mean of the two middle lengths for an even count, like numpy.median). */
  medianLength: number;
  /**
   * 95th percentile by nearest rank: the smallest length L with at least 95 % of the captions of
   * L words or fewer (an integer, usable as `encodeCaption`'s `maxLength`).
   */
  p95Length: number;
  /** Longest caption, in words. */
  maxLength: number;
  /** `histogram[L]`: number of captions of exactly L words, for L = 0 … maxLength. */
  histogram: number[];
  /** `vocab.words.length`, the four special tokens included (present only when a vocabulary is given). */
  vocabularySize?: number;
  /**
   * Share of all word occurrences that have an id in the vocabulary (the rest become `<unk>`), in [0, 1];
   * NaN when the captions hold no word (present only when a vocabulary is given).
   */
  coverage?: number;
}

/**
 * Length statistics of tokenised captions, for choosing `maxLength` and `minCount`: count, mean,
 * median, nearest-rank 95th percentile and maximum length in words, a length histogram and, given a
 * vocabulary, its size and token coverage.
 * @param tokenized - captions as word arrays (from `tokenizeCaption`); not modified.
 * @param vocab - optional vocabulary to measure coverage with (`undefined` = no coverage fields).
 * @throws TypeError when `tokenized` is not an array of string arrays or `vocab` not a vocabulary;
 *   RangeError when `tokenized` is empty.
 */
export function computeCaptionStats(tokenized: readonly (readonly string[])[], vocab?: Vocabulary): CaptionStats {
  const fn = 'computeCaptionStats';
  checkTokenized(fn, 'tokenized', tokenized);
  if (tokenized.length === 0) throw new RangeError(`${fn}: tokenized must hold at least one caption, got an empty array`);
  if (vocab !== undefined) checkVocabulary(fn, 'vocab', vocab);
  const lengths = tokenized.map((t) => t.length).sort((a, b) => a - b);
  const n = lengths.length;
  const maxLength = lengths[n - 1] as number;
  const histogram = new Array<number>(maxLength + 1).fill(0);
  let total = 0;
  for (const l of lengths) {
    histogram[l] = (histogram[l] as number) + 1;
    total += l;
  }
  const mid = n >> 1;
  const medianLength = n % 2 === 1 ? (lengths[mid] as number) : ((lengths[mid - 1] as number) + (lengths[mid] as number)) / 2;
  const p95Length = lengths[Math.ceil((95 * n) / 100) - 1] as number;
  const stats: CaptionStats = { count: n, meanLength: total / n, medianLength, p95Length, maxLength, histogram };
  if (vocab !== undefined) {
    let known = 0;
    for (const tokens of tokenized) {
      for (const t of tokens) {
        const id = vocab.index.get(t);
        if (id !== undefined && id >= SPECIAL_TOKENS.length) known++;
      }
    }
    stats.vocabularySize = vocab.words.length;
    stats.coverage = total === 0 ? Number.NaN : known / total;
  }
  return stats;
}
