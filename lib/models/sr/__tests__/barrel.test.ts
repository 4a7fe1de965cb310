import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sr from '..';
import * as unet from '../../unet';

test('models/sr barrel exports (snapshot: change deliberately)', () => {
  assert.deepEqual(Object.keys(sr).sort(), [
    'SR_BENCHMARK_NAMES', 'SR_SCALES', 'assertSrScale', 'buildSrNetwork', 'createSrPatchSampler', 'defaultSrModelDir', 'evaluateSuperResolution',
    'listSrBenchmark', 'loadSrModel', 'prepareSrPair', 'resizeBicubic', 'rgbToYcbcr', 'saveSrModel', 'shippedModelDir', 'trainOnPatches',
    'upscaleBicubic', 'upscaleImage', 'upscaleLuma', 'ycbcrToRgb',
  ]);
});

test('models/unet barrel exports (snapshot: change deliberately)', () => {
  assert.deepEqual(Object.keys(unet).sort(), [
    'ENHANCE_TRIALS', 'buildUnet', 'createRestorationSampler', 'defaultEnhanceModelDir', 'degradeImage', 'loadEnhanceModel', 'restoreImage', 'saveEnhanceModel',
  ]);
});
