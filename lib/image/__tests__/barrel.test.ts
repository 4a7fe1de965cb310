import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as image from '..';

test('image barrel exports (snapshot: change deliberately)', () => {
  assert.deepEqual(Object.keys(image).sort(), [
    'assertImage', 'cloneImage', 'createImage', 'cropImage', 'resizeBicubic', 'resizeImageArea', 'rgbToYcbcr', 'ycbcrToRgb',
  ]);
});
