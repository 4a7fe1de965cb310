import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getDataLocations, readFlickr8kCaptions } from '../../../datasets';
import { buildVocabulary, computeCaptionStats, decodeCaption, encodeCaption, tokenizeCaption } from '..';

test('Flickr8k training split: vocabulary sizes and caption lengths on the mirror', async () => {
  // CI keeps the datasets mirror beside the clone (../shared/datasets) or names it in TOUNUM_DATA_MIRROR.
  const train = await readFlickr8kCaptions(getDataLocations('flickr8k').mirrorDir, { split: 'train' });
  const tokenized = train.flatMap((item) => item.captions.map((c) => tokenizeCaption(c)));
  assert.equal(tokenized.length, 30000);
  const vocab5 = buildVocabulary(tokenized);
  const vocab3 = buildVocabulary(tokenized, { minCount: 3 });
  // Words of the training captions only; + 4 special tokens.
  assert.equal(vocab5.words.length, 2536 + 4);
  assert.equal(vocab3.words.length, 3488 + 4);
  assert.deepEqual(vocab5.words.slice(4, 10), ['a', 'in', 'the', 'on', 'is', 'and']);
  const stats = computeCaptionStats(tokenized, vocab5);
  assert.equal(stats.count, 30000);
  assert.ok(Math.abs(stats.meanLength - 10.7883) < 1e-4, String(stats.meanLength));
  assert.deepEqual([stats.medianLength, stats.p95Length, stats.maxLength, stats.vocabularySize], [10, 18, 36, 2540]);
  assert.equal(stats.histogram[0], 0);
  assert.ok((stats.coverage as number) > 0.97 && (stats.coverage as number) < 0.975, String(stats.coverage));
  const first = tokenized[0] as string[];
  assert.deepEqual(decodeCaption(encodeCaption(first, vocab5), vocab5), first.map((w) => (vocab5.index.has(w) ? w : '<unk>')));
});
