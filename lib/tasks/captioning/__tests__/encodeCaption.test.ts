import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildVocabulary, decodeCaption, encodeCaption, tokenizeCaption, type Vocabulary } from '..';

const vocab = buildVocabulary([['a', 'dog', 'runs'], ['a', 'cat', 'runs'], ['a', 'dog']], { minCount: 2 }); // a=4 dog=5 runs=6

test('encodeCaption wraps the ids in <start> … <end> and maps unknown words to <unk>', () => {
  const ids = encodeCaption(['a', 'dog', 'runs'], vocab);
  assert.ok(ids instanceof Int32Array);
  assert.deepEqual([...ids], [1, 4, 5, 6, 2]);
  assert.deepEqual([...encodeCaption(['a', 'cat', 'jumps'], vocab)], [1, 4, 3, 3, 2]);
  assert.deepEqual([...encodeCaption([], vocab)], [1, 2]);
});

test('encodeCaption maxLength truncates the words and keeps <end>', () => {
  assert.deepEqual([...encodeCaption(['a', 'dog', 'runs', 'a', 'dog'], vocab, { maxLength: 2 })], [1, 4, 5, 2]);
  assert.deepEqual([...encodeCaption(['a', 'dog'], vocab, { maxLength: 5 })], [1, 4, 5, 2]);
  assert.deepEqual([...encodeCaption(['a', 'dog'], vocab, { maxLength: 2 })], [1, 4, 5, 2]);
});

test('decodeCaption stops at <end>, drops <start> and <pad>, keeps <unk>', () => {
  assert.deepEqual(decodeCaption([1, 4, 5, 6, 2, 0, 0], vocab), ['a', 'dog', 'runs']);
  assert.deepEqual(decodeCaption(new Int32Array([4, 0, 3, 5, 2, 6, 99.5]), vocab), ['a', '<unk>', 'dog']);
  assert.deepEqual(decodeCaption([2, 4], vocab), []);
  assert.deepEqual(decodeCaption([], vocab), []);
  assert.deepEqual(decodeCaption(new Float32Array([1, 6, 5]), vocab), ['runs', 'dog']);
});

test('encode → decode round trip for in-vocabulary words; input not modified', () => {
  const tokens = tokenizeCaption('A dog runs , a dog runs .');
  const copy = [...tokens];
  const ids = encodeCaption(tokens, vocab);
  assert.deepEqual(decodeCaption(ids, vocab), tokens);
  assert.deepEqual(tokens, copy);
  const before = [...ids];
  decodeCaption(ids, vocab);
  assert.deepEqual([...ids], before);
});

test('encodeCaption / decodeCaption reject bad input with the parameter and value', () => {
  assert.throws(() => encodeCaption('a dog' as unknown as string[], vocab), { name: 'TypeError', message: 'encodeCaption: tokens must be an array of string tokens, got "a dog"' });
  assert.throws(() => encodeCaption(['a', 1 as unknown as string], vocab), { name: 'TypeError', message: 'encodeCaption: tokens[1] must be a string token, got number 1' });
  assert.throws(() => encodeCaption(['a', '<end>'], vocab), { name: 'RangeError', message: 'encodeCaption: tokens[1] is the special token "<end>"; pass words only' });
  for (const maxLength of [0, -2, 1.5]) {
    assert.throws(() => encodeCaption(['a'], vocab, { maxLength }), { name: 'RangeError', message: `encodeCaption: options.maxLength must be a positive integer, got ${maxLength}` });
  }
  assert.throws(() => encodeCaption(['a'], { words: ['a'] } as unknown as Vocabulary), { name: 'TypeError', message: /^encodeCaption: vocab must be a Vocabulary/ });
  const shuffled: Vocabulary = { words: ['<start>', '<pad>', '<end>', '<unk>'], index: new Map([['<start>', 0], ['<pad>', 1], ['<end>', 2], ['<unk>', 3]]), minCount: 1 };
  assert.throws(() => encodeCaption(['a'], shuffled), { name: 'TypeError', message: 'encodeCaption: vocab must have "<pad>" at id 0, got "<start>"' });
  assert.throws(() => decodeCaption([1, 7, 2], vocab), { name: 'RangeError', message: 'decodeCaption: ids[1] must be an integer in [0, 7), got 7' });
  assert.throws(() => decodeCaption([1, -1], vocab), { name: 'RangeError', message: 'decodeCaption: ids[1] must be an integer in [0, 7), got -1' });
  assert.throws(() => decodeCaption([1.5], vocab), { name: 'RangeError', message: 'decodeCaption: ids[0] must be an integer in [0, 7), got 1.5' });
  assert.throws(() => decodeCaption(5 as unknown as number[], vocab), { name: 'TypeError', message: 'decodeCaption: ids must be an array-like of token ids, got number 5' });
  assert.throws(() => decodeCaption([1], null as unknown as Vocabulary), { name: 'TypeError', message: /^decodeCaption: vocab must be a Vocabulary .*, got null$/ });
});
