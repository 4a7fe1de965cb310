import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { imageToTensor, tensorToImage } from '..';
import { makeImage } from './helpers';

test('imageToTensor gives [h, w, c] float32 (or [1, h, w, c]) with the HWC samples, copied', () => {
  const before = tf.memory().numTensors;
  const im = makeImage(3, 2, 3, (i) => i / 17);
  const t = imageToTensor(im);
  assert.deepEqual(t.shape, [2, 3, 3]);
  assert.equal(t.dtype, 'float32');
  assert.deepEqual(Array.from(t.dataSync()), Array.from(im.data));
  // Pixel (x=2, y=1) channel 1 is at [1, 2, 1].
  assert.equal(t.arraySync()[1][2][1], im.data[(1 * 3 + 2) * 3 + 1]);
  const b = imageToTensor(makeImage(4, 5, 1, () => 0.5), { batch: true });
  assert.deepEqual(b.shape, [1, 5, 4, 1]);
  const original = im.data[0];
  im.data[0] = 99;
  assert.equal(t.dataSync()[0], original, 'tensor independent of later image edits');
  t.dispose();
  b.dispose();
  assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
  assert.throws(() => imageToTensor({ data: new Float32Array(2), width: 1, height: 1, channels: 3 }), /image.data has 2 samples, expected 1×1×3 = 3/);
  assert.throws(() => imageToTensor(im, { batch: 'yes' as never }), /options.batch must be a boolean, got yes/);
});

test('tensorToImage accepts [h, w, c] and [1, h, w, c], clips by default, copies, leaks nothing', () => {
  const before = tf.memory().numTensors;
  const im = makeImage(4, 3, 3, (i) => (i % 5) / 4);
  const t3 = imageToTensor(im);
  const t4 = imageToTensor(im, { batch: true });
  assert.deepEqual(tensorToImage(t3), im);
  assert.deepEqual(tensorToImage(t4), im);
  const grey = tf.tensor3d([-0.5, 0.25, 1.5, NaN], [2, 2, 1]);
  assert.deepEqual(tensorToImage(grey), { data: Float32Array.from([0, 0.25, 1, 0]), width: 2, height: 2, channels: 1 });
  const raw = tensorToImage(grey, { clip: false });
  assert.deepEqual(Array.from(raw.data.slice(0, 3)), [-0.5, 0.25, 1.5]);
  const ints = tf.tensor3d([0, 1, 1, 0, 0, 1], [1, 2, 3], 'int32');
  assert.deepEqual(Array.from(tensorToImage(ints).data), [0, 1, 1, 0, 0, 1]);
  // The image does not alias tensor storage, and the tensor stays usable.
  const out = tensorToImage(t3);
  out.data[0] = 42;
  assert.equal(t3.dataSync()[0], im.data[0]);
  assert.equal(t3.isDisposed, false);

  const bad = [tf.zeros([2, 2]), tf.zeros([2, 2, 2, 3]), tf.zeros([2, 2, 4])];
  assert.throws(() => tensorToImage(bad[0]), /shape must be \[h, w, c\] or \[1, h, w, c\], got \[2, 2\]/);
  assert.throws(() => tensorToImage(bad[1]), /got \[2, 2, 2, 3\]/);
  assert.throws(() => tensorToImage(bad[2]), /must have 1 or 3 channels \(last axis\), got shape \[2, 2, 4\]/);
  assert.throws(() => tensorToImage({} as never), /tensor must be a tf.Tensor/);
  for (const t of [t3, t4, grey, ints, ...bad]) t.dispose();
  assert.throws(() => tensorToImage(t3), /tensor has been disposed/);
  assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
});

test('imageToTensor → tensorToImage round trip inside tf.tidy leaves numTensors unchanged', () => {
  const before = tf.memory().numTensors;
  const im = makeImage(8, 6, 3, (i) => ((i * 13) % 100) / 100);
  let back: ReturnType<typeof tensorToImage> | undefined;
  tf.tidy(() => {
    back = tensorToImage(imageToTensor(im, { batch: true }).mul(1));
  });
  assert.deepEqual(back?.data, im.data);
  const again = (() => {
    const t = imageToTensor(im);
    try {
      return tensorToImage(t);
    } finally {
      t.dispose();
    }
  })();
  assert.deepEqual(again, im);
  assert.equal(tf.memory().numTensors, before);
});
