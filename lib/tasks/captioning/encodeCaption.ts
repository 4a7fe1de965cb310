import { END_ID, SPECIAL_TOKENS, START_ID, UNK_ID, type Vocabulary } from './Vocabulary';
import { checkTokens, checkVocabulary } from './vocabularyInternal';

/** Options of {@link encodeCaption}. */
export interface EncodeCaptionOptions {
  /**
   * Maximum number of words kept (`<start>` and `<end>` not counted): longer captions lose their
   * last words, and still end with `<end>`, so the output has at most `maxLength + 2` ids.
   * `computeCaptionStats(...).p95Length` is a good value. `undefined` = no truncation.
   * @default undefined
   */
  maxLength?: number;
}

/**
 * Turns the words of a caption into decoder ids: `[<start>, id(w₁), …, id(wₙ), <end>]`, with `<unk>`
 * for words outside the vocabulary. The inverse is `decodeCaption` (up to `<unk>` and truncation).
 * @param tokens - the words (from `tokenizeCaption`); not modified.
 * @param vocab - the vocabulary (from `buildVocabulary` or `loadVocabulary`).
 * @returns a new Int32Array of length `min(tokens.length, maxLength) + 2`.
 * @throws TypeError for tokens that are not strings or a value that is not a vocabulary;
 *   RangeError for a `maxLength` that is not a positive integer or a token that is a special token.
 */
export function encodeCaption(tokens: readonly string[], vocab: Vocabulary, options: EncodeCaptionOptions = {}): Int32Array {
  const fn = 'encodeCaption';
  checkTokens(fn, 'tokens', tokens);
  checkVocabulary(fn, 'vocab', vocab);
  const { maxLength } = options;
  if (maxLength !== undefined && (typeof maxLength !== 'number' || !Number.isInteger(maxLength) || maxLength < 1)) {
    throw new RangeError(`${fn}: options.maxLength must be a positive integer, got ${String(maxLength)}`);
  }
  const n = maxLength === undefined ? tokens.length : Math.min(tokens.length, maxLength);
  const ids = new Int32Array(n + 2);
  ids[0] = START_ID;
  for (let k = 0; k < n; k++) {
    const t = tokens[k] as string;
    const id = vocab.index.get(t);
    // A literal "<end>" among the words would cut the caption short when decoded.
    if (id !== undefined && id < SPECIAL_TOKENS.length) throw new RangeError(`${fn}: tokens[${k}] is the special token ${JSON.stringify(t)}; pass words only`);
    ids[k + 1] = id ?? UNK_ID;
  }
  ids[n + 1] = END_ID;
  return ids;
}
