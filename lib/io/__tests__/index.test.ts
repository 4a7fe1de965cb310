import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as io from '..';

test('the io barrel exports exactly this API (change deliberately)', () => {
  assert.deepEqual(Object.keys(io).sort(), [
    'IMAGE_SOURCE',
    'ImageReadError',
    'ImageWriteError',
    'decodeFloat16',
    'encodeFloat16',
    'encodeImage',
    'getImageSource',
    'imageToTensor',
    'parseBackground',
    'readImage',
    'readImageMetadata',
    'tensorToImage',
    'writeImage',
  ]);
  assert.equal(typeof io.IMAGE_SOURCE, 'symbol');
  assert.equal(io.IMAGE_SOURCE, Symbol.for('tounum-lab.io.imageSource'));
});

test('error classes carry reason and path and name the file in the message', () => {
  const r = new io.ImageReadError('empty', '/x/y.jpg', 'file is empty (0 bytes)');
  assert.ok(r instanceof Error);
  assert.equal(r.message, 'cannot read image /x/y.jpg: file is empty (0 bytes)');
  assert.deepEqual([r.name, r.reason, r.path], ['ImageReadError', 'empty', '/x/y.jpg']);
  const w = new io.ImageWriteError('exists', '/x/z.png', 'file already exists');
  assert.equal(w.message, 'cannot write image /x/z.png: file already exists');
  assert.equal(new io.ImageWriteError('encode-failed', undefined, 'boom').message, 'cannot encode image: boom');
  assert.deepEqual(io.parseBackground('#ff8000'), [1, 128 / 255, 0]);
  assert.deepEqual(io.parseBackground('#fff'), [1, 1, 1]);
});
