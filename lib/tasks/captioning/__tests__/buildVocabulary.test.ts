import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildVocabulary, END_ID, PAD_ID, SPECIAL_TOKENS, START_ID, UNK_ID } from '..';

const CAPTIONS = [
  ['a', 'dog', 'runs'],
  ['a', 'cat', 'runs'],
  ['the', 'dog', 'sleeps'],
  ['a', 'dog'],
];

test('buildVocabulary: specials at 0-3, then words by descending count, ties alphabetical', () => {
  assert.deepEqual([PAD_ID, START_ID, END_ID, UNK_ID], [0, 1, 2, 3]);
  assert.deepEqual([...SPECIAL_TOKENS], ['<pad>', '<start>', '<end>', '<unk>']);
  const v = buildVocabulary(CAPTIONS, { minCount: 1 });
  assert.deepEqual(v.words, ['<pad>', '<start>', '<end>', '<unk>', 'a', 'dog', 'runs', 'cat', 'sleeps', 'the']);
  assert.equal(v.minCount, 1);
  assert.deepEqual([...v.index], v.words.map((w, i) => [w, i]));
  const v2 = buildVocabulary(CAPTIONS, { minCount: 2 });
  assert.deepEqual(v2.words.slice(4), ['a', 'dog', 'runs']);
  // The default threshold is 5.
  assert.deepEqual(buildVocabulary(CAPTIONS).words, [...SPECIAL_TOKENS]);
  assert.equal(buildVocabulary(CAPTIONS).minCount, 5);
  assert.deepEqual(buildVocabulary([]).words, [...SPECIAL_TOKENS]);
});

test('buildVocabulary does not depend on caption order and leaves its input unchanged', () => {
  const copy = CAPTIONS.map((c) => [...c]);
  const a = buildVocabulary(CAPTIONS, { minCount: 1 });
  const b = buildVocabulary([...CAPTIONS].reverse().map((c) => [...c].reverse()), { minCount: 1 });
  assert.deepEqual(a.words, b.words);
  assert.deepEqual(CAPTIONS, copy);
});

test('buildVocabulary rejects bad input with the parameter and value', () => {
  assert.throws(() => buildVocabulary('a dog' as unknown as string[][]), { name: 'TypeError', message: 'buildVocabulary: tokenized must be an array of token arrays, got "a dog"' });
  assert.throws(() => buildVocabulary([['a'], 'dog' as unknown as string[]]), { name: 'TypeError', message: 'buildVocabulary: tokenized[1] must be an array of string tokens, got "dog"' });
  assert.throws(() => buildVocabulary([['a', 7 as unknown as string]]), { name: 'TypeError', message: 'buildVocabulary: tokenized[0][1] must be a string token, got number 7' });
  assert.throws(() => buildVocabulary([['a', '<unk>']]), { name: 'RangeError', message: 'buildVocabulary: tokenized[0][1] must be a word, got "<unk>"' });
  assert.throws(() => buildVocabulary([['']]), { name: 'RangeError', message: 'buildVocabulary: tokenized[0][0] must be a word, got ""' });
  for (const minCount of [0, -1, 2.5, Number.NaN]) {
    assert.throws(() => buildVocabulary(CAPTIONS, { minCount }), { name: 'RangeError', message: `buildVocabulary: options.minCount must be a positive integer, got ${String(minCount)}` });
  }
});
