import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildPatchGan, buildPix2pixGenerator, generatorSizeMultiple, PATCHGAN_RECEPTIVE_FIELD } from '..';

test('generator: same-size output for any multiple of 2^levels, in [-1, 1] with tanh', () => {
  const before = tf.memory().numTensors;
  const g = buildPix2pixGenerator({ filters: [4, 8, 8], seed: 1 });
  assert.equal(generatorSizeMultiple([4, 8, 8]), 8);
  for (const [h, w] of [[8, 8], [16, 24], [40, 8]] as const) {
    const y = tf.tidy(() => g.predict(tf.randomUniform([2, h, w, 3], -1, 1, 'float32', 3)) as tf.Tensor);
    assert.deepEqual(y.shape, [2, h, w, 3]);
    const v = y.dataSync();
    assert.ok(v.every((x) => x >= -1 && x <= 1));
    y.dispose();
  }
  // Skips: one concatenation per decoder level; dropout on the deepest blocks only.
  assert.equal(g.layers.filter((l) => l.getClassName() === 'Concatenate').length, 2);
  assert.equal(g.layers.filter((l) => l.getClassName() === 'Dropout').length, 2);
  g.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('generator: default architecture is the documented 5-level, 32→256 U-Net', () => {
  const g = buildPix2pixGenerator();
  const convs = g.layers.filter((l) => l.getClassName() === 'Conv2D').map((l) => (l.getConfig() as { filters: number }).filters);
  assert.deepEqual(convs, [32, 64, 128, 256, 256]);
  assert.equal(g.layers.filter((l) => l.getClassName() === 'Dropout').length, 3);
  g.dispose();
});

test('generator: residual output is the identity before training', () => {
  const g = buildPix2pixGenerator({ filters: [4, 8], residual: true });
  const x = tf.randomUniform([1, 8, 12, 3], -1, 1, 'float32', 5);
  const y = g.predict(x) as tf.Tensor;
  assert.ok(tf.max(tf.abs(tf.sub(x, y))).dataSync()[0]! < 1e-6);
  tf.dispose([x, y]);
  g.dispose();
});

test('generator: dropout is active in training mode only', () => {
  const g = buildPix2pixGenerator({ filters: [4, 8, 8], seed: 2 });
  const x = tf.randomUniform([1, 16, 16, 3], -1, 1, 'float32', 9);
  const a = g.predict(x) as tf.Tensor;
  const b = g.predict(x) as tf.Tensor;
  assert.equal(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0], 0);
  const c = g.apply(x, { training: true }) as tf.Tensor;
  const d = g.apply(x, { training: true }) as tf.Tensor;
  assert.ok(tf.max(tf.abs(tf.sub(c, d))).dataSync()[0]! > 0);
  tf.dispose([x, a, b, c, d]);
  g.dispose();
});

test('generator: option errors name the option', () => {
  assert.throws(() => buildPix2pixGenerator({ channels: 2 as 3 }), /options\.channels must be 1 or 3, got 2/);
  assert.throws(() => buildPix2pixGenerator({ filters: [8] }), /options\.filters must be 2–9 integers/);
  assert.throws(() => buildPix2pixGenerator({ dropout: 1 }), /options\.dropout must be in \[0, 1\), got 1/);
  assert.throws(() => buildPix2pixGenerator({ norm: 'instance' as 'batch' }), /options\.norm must be 'batch' or 'none'/);
});

test('PatchGAN: [condition, candidate] → one logit per 8×8 stride, 70×70 receptive field', () => {
  assert.equal(PATCHGAN_RECEPTIVE_FIELD, 70);
  const before = tf.memory().numTensors;
  const d = buildPatchGan({ filters: [4, 8, 8, 8], seed: 3 });
  const size = 160;
  const out = tf.tidy(() => d.predict([tf.zeros([1, size, size, 3]), tf.zeros([1, size, size, 3])]) as tf.Tensor);
  assert.deepEqual(out.shape, [1, size / 8, size / 8, 1]);
  out.dispose();
  // The receptive field measured, not computed: the gradient of one central logit with respect to
  // the input is non-zero exactly on a 70×70 window (LeakyReLU never zeroes a gradient).
  const cy = 10;
  const grad = tf.tidy(() => {
    const x = tf.randomNormal([1, size, size, 3], 0, 1, 'float32', 4);
    const f = (inp: tf.Tensor): tf.Scalar => (d.apply([inp, inp]) as tf.Tensor).slice([0, cy, cy, 0], [1, 1, 1, 1]).sum() as tf.Scalar;
    return tf.grad(f)(x).abs().sum([0, 3]);
  });
  const g = grad.arraySync() as number[][];
  grad.dispose();
  const rows = g.map((r) => r.some((v) => v > 0));
  const cols = g[0]!.map((_, x) => g.some((r) => r[x]! > 0));
  const extent = (a: boolean[]): number => a.lastIndexOf(true) - a.indexOf(true) + 1;
  assert.equal(extent(rows), 70);
  assert.equal(extent(cols), 70);
  d.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('PatchGAN: default filters and option errors', () => {
  const d = buildPatchGan();
  const convs = d.layers.filter((l) => l.getClassName() === 'Conv2D').map((l) => (l.getConfig() as { filters: number; strides: number[] }));
  assert.deepEqual(convs.map((c) => c.filters), [32, 64, 128, 256, 1]);
  assert.deepEqual(convs.map((c) => c.strides[0]), [2, 2, 2, 1, 1]);
  d.dispose();
  assert.throws(() => buildPatchGan({ filters: [1, 2, 3] as unknown as [number, number, number, number] }), /options\.filters must be 4 integers/);
  assert.throws(() => buildPatchGan({ channels: 4 as 3 }), /options\.channels must be 1 or 3, got 4/);
});
