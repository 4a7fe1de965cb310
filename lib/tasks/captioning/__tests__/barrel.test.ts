import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as captioning from '..';
import * as tasks from '../..';

test('the captioning barrel exports exactly this API (also through lib/tasks)', () => {
  const names = [
    'CAPTION_ENCODERS',
    'END_ID',
    'PAD_ID',
    'SPECIAL_TOKENS',
    'START_ID',
    'UNK_ID',
    'buildVocabulary',
    'cacheCaptionFeatures',
    'computeCaptionStats',
    'decodeCaption',
    'defaultCaptionerDir',
    'encodeCaption',
    'evaluateCaptioner',
    'generateCaptions',
    'imageToEncoderInput',
    'loadCaptionEncoder',
    'loadCaptioningModel',
    'loadVocabulary',
    'openCaptionFeatureCache',
    'readCaptionDecoder',
    'sampleCaptionBatches',
    'saveCaptioner',
    'saveVocabulary',
    'shardName',
    'tokenizeCaption',
    'trainCaptioner',
  ];
  assert.deepEqual(Object.keys(captioning).sort(), names);
  for (const name of names) assert.ok(name in tasks, name);
});
