/**
 * A word ↔ id table for captions. Ids 0–3 are the special tokens ({@link SPECIAL_TOKENS}), then the
 * words of the training captions by descending count, ties in alphabetical (code-unit) order.
 * Made by `buildVocabulary`, stored by `saveVocabulary` / `loadVocabulary`.
 */
export interface Vocabulary {
  /** `words[id]`: the token of each id, specials first. */
  words: string[];
  /** Token → id, the inverse of `words`. */
  index: Map<string, number>;
  /** Minimum number of training occurrences a word needed to get an id (rarer words map to `<unk>`). */
  minCount: number;
}

/** Id of `<pad>`, which fills sequences after `<end>` in a batch. */
export const PAD_ID = 0;
/** Id of `<start>`, the first input of the decoder. */
export const START_ID = 1;
/** Id of `<end>`, the last target of every caption. */
export const END_ID = 2;
/** Id of `<unk>`, which stands for every word outside the vocabulary. */
export const UNK_ID = 3;
/** The special tokens, at ids 0–3 of every {@link Vocabulary}. */
export const SPECIAL_TOKENS: readonly ['<pad>', '<start>', '<end>', '<unk>'] = Object.freeze(['<pad>', '<start>', '<end>', '<unk>'] as const);
