// Helpers shared by the vocabulary operations; not exported from the barrel.
import { SPECIAL_TOKENS, type Vocabulary } from './Vocabulary';

/** A vocabulary from its full word list (specials included); throws naming `what` when the list is invalid. */
export function makeVocabulary(fn: string, what: string, words: readonly unknown[], minCount: number): Vocabulary {
  for (let i = 0; i < SPECIAL_TOKENS.length; i++) {
    if (words[i] !== SPECIAL_TOKENS[i]) {
      throw new RangeError(`${fn}: ${what}[${i}] must be ${JSON.stringify(SPECIAL_TOKENS[i])}, got ${JSON.stringify(words[i])}`);
    }
  }
  const index = new Map<string, number>();
  words.forEach((w, i) => {
    if (typeof w !== 'string' || w === '') throw new TypeError(`${fn}: ${what}[${i}] must be a non-empty string, got ${JSON.stringify(w)}`);
    if (index.has(w)) throw new RangeError(`${fn}: ${what}[${i}] ${JSON.stringify(w)} repeats ${what}[${index.get(w) as number}]`);
    index.set(w, i);
  });
  return { words: [...(words as string[])], index, minCount };
}

/** Throws a TypeError naming `name` unless `vocab` looks like a {@link Vocabulary}. */
export function checkVocabulary(fn: string, name: string, vocab: unknown): asserts vocab is Vocabulary {
  const v = vocab as Partial<Vocabulary> | null | undefined;
  if (typeof v !== 'object' || v === null || !Array.isArray(v.words) || !(v.index instanceof Map) || v.words.length !== v.index.size) {
    throw new TypeError(`${fn}: ${name} must be a Vocabulary ({ words, index, minCount } from buildVocabulary or loadVocabulary), got ${describe(vocab)}`);
  }
  for (let i = 0; i < SPECIAL_TOKENS.length; i++) {
    if (v.words[i] !== SPECIAL_TOKENS[i] || v.index.get(SPECIAL_TOKENS[i] as string) !== i) {
      throw new TypeError(`${fn}: ${name} must have ${JSON.stringify(SPECIAL_TOKENS[i])} at id ${i}, got ${JSON.stringify(v.words[i])}`);
    }
  }
}

/** Checks an array of token arrays (each token a string); returns nothing, throws TypeError naming the place. */
export function checkTokenized(fn: string, name: string, tokenized: unknown): asserts tokenized is readonly (readonly string[])[] {
  if (!Array.isArray(tokenized)) throw new TypeError(`${fn}: ${name} must be an array of token arrays, got ${describe(tokenized)}`);
  for (let i = 0; i < tokenized.length; i++) checkTokens(fn, `${name}[${i}]`, tokenized[i]);
}

/** Checks one token array. */
export function checkTokens(fn: string, name: string, tokens: unknown): asserts tokens is readonly string[] {
  if (!Array.isArray(tokens)) throw new TypeError(`${fn}: ${name} must be an array of string tokens, got ${describe(tokens)}`);
  for (let k = 0; k < tokens.length; k++) {
    if (typeof tokens[k] !== 'string') throw new TypeError(`${fn}: ${name}[${k}] must be a string token, got ${describe(tokens[k])}`);
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value)})`;
  return `${typeof value} ${String(value)}`;
}
