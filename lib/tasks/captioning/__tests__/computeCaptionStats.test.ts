import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildVocabulary, computeCaptionStats, type Vocabulary } from '..';

test('computeCaptionStats: lengths, nearest-rank p95 and histogram', () => {
  const captions = [['a'], ['a', 'b'], ['a', 'b'], ['a', 'b', 'c', 'd'], []];
  assert.deepEqual(computeCaptionStats(captions), { count: 5, meanLength: 9 / 5, medianLength: 2, p95Length: 4, maxLength: 4, histogram: [1, 1, 2, 0, 1] });
  assert.equal(computeCaptionStats([['a'], ['a', 'b', 'c']]).medianLength, 2);
  // 20 captions: the 19th shortest is the 95th percentile by nearest rank.
  const twenty = Array.from({ length: 20 }, (_, i) => new Array<string>(i + 1).fill('w'));
  const s = computeCaptionStats(twenty);
  assert.deepEqual([s.p95Length, s.maxLength, s.medianLength, s.meanLength], [19, 20, 10.5, 10.5]);
  assert.equal(s.histogram.length, 21);
  assert.equal(s.histogram.reduce((a, b) => a + b, 0), 20);
  assert.equal('coverage' in s || 'vocabularySize' in s, false);
});

test('computeCaptionStats with a vocabulary: size (specials included) and token coverage', () => {
  const train = [['a', 'dog'], ['a', 'cat'], ['a', 'dog']];
  const vocab = buildVocabulary(train, { minCount: 2 });
  const s = computeCaptionStats([['a', 'dog', 'zebra', 'cat'], ['a']], vocab);
  assert.equal(s.vocabularySize, 6);
  assert.equal(s.coverage, 3 / 5);
  assert.ok(Number.isNaN(computeCaptionStats([[]], vocab).coverage));
  const copy = train.map((t) => [...t]);
  computeCaptionStats(train, vocab);
  assert.deepEqual(train, copy);
});

test('computeCaptionStats rejects bad input', () => {
  assert.throws(() => computeCaptionStats([]), { name: 'RangeError', message: 'computeCaptionStats: tokenized must hold at least one caption, got an empty array' });
  assert.throws(() => computeCaptionStats([['a'], [1 as unknown as string]]), { name: 'TypeError', message: 'computeCaptionStats: tokenized[1][0] must be a string token, got number 1' });
  assert.throws(() => computeCaptionStats({} as unknown as string[][]), { name: 'TypeError', message: /^computeCaptionStats: tokenized must be an array of token arrays, got an object/ });
  assert.throws(() => computeCaptionStats([['a']], { words: [], index: new Map(), minCount: 1 } as Vocabulary), { name: 'TypeError', message: 'computeCaptionStats: vocab must have "<pad>" at id 0, got undefined' });
});
