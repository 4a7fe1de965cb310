import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as captioning from '..';
import * as tasks from '../..';

test('the captioning barrel exports exactly this API (also through lib/tasks)', () => {
  const names = [
    'END_ID',
    'PAD_ID',
    'SPECIAL_TOKENS',
    'START_ID',
    'UNK_ID',
    'buildVocabulary',
    'computeCaptionStats',
    'decodeCaption',
    'encodeCaption',
    'loadVocabulary',
    'saveVocabulary',
    'tokenizeCaption',
  ];
  assert.deepEqual(Object.keys(captioning).sort(), names);
  for (const name of names) assert.ok(name in tasks, name);
});
