import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { maskedSoftmaxCrossEntropy } from '../maskedSoftmaxCrossEntropy';

/** Written by scripts/golden/make_caption_decoder.py (PyTorch F.cross_entropy, float64). */
interface LossCase {
  name: string;
  shape: [number, number];
  logits: number[];
  targets: number[];
  mask: number[] | null;
  loss: number;
  grad: number[];
}

const fx = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'lib', 'training', '__tests__', 'fixtures', 'masked-cross-entropy-torch.json'), 'utf8')) as { reference: string; cases: LossCase[] };

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

for (const c of fx.cases) {
  test(`maskedSoftmaxCrossEntropy matches ${fx.reference}: ${c.name}`, async () => {
    await tf.setBackend('cpu');
    const z = tf.tensor2d(c.logits, c.shape);
    const y = tf.tensor1d(c.targets, 'int32');
    const m = c.mask === null ? undefined : tf.tensor1d(c.mask, 'float32');
    const zCopy = await z.data();
    const before = tf.memory().numTensors;
    const loss = maskedSoftmaxCrossEntropy(z, y, m);
    assert.equal(loss.rank, 0);
    const v = (await loss.data())[0] as number;
    assert.ok(Math.abs(v - c.loss) <= 1e-5 * Math.max(1, c.loss), `loss ${v}, PyTorch ${c.loss}`);
    // The written-out gradient, under an upstream factor of 1 and of 3 (dy is honoured).
    const g1 = tf.grad((t: tf.Tensor) => maskedSoftmaxCrossEntropy(t as tf.Tensor2D, y, m))(z);
    const g3 = tf.grad((t: tf.Tensor) => tf.mul(maskedSoftmaxCrossEntropy(t as tf.Tensor2D, y, m), 3))(z);
    const d1 = maxAbsDiff(await g1.data(), c.grad);
    const d3 = maxAbsDiff(await g3.data(), c.grad.map((g) => 3 * g));
    assert.ok(d1 < 1e-6 && d3 < 3e-6, `gradient differs by ${d1} (×3: ${d3})`);
    tf.dispose([loss, g1, g3]);
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
    assert.deepEqual(await z.data(), zCopy, 'logits unchanged');
    tf.dispose([z, y, ...(m === undefined ? [] : [m])]);
  });
}

test('maskedSoftmaxCrossEntropy: an all-zero mask gives 0 and a zero gradient (not NaN, as 0/0 would)', async () => {
  await tf.setBackend('cpu');
  const z = tf.tensor2d([[1, 2, 3], [0, -1, 4]]);
  const y = tf.tensor1d([2, 0], 'int32');
  const m = tf.zeros([2]) as tf.Tensor1D;
  const before = tf.memory().numTensors;
  const loss = maskedSoftmaxCrossEntropy(z, y, m);
  const g = tf.grad((t: tf.Tensor) => maskedSoftmaxCrossEntropy(t as tf.Tensor2D, y, m))(z);
  const v = (await loss.data())[0] as number;
  assert.ok(v === 0, `loss ${v}`); // ±0
  const gv = Array.from(await g.data());
  assert.ok(gv.length === 6 && gv.every((x) => x === 0), `gradient ${gv.join(', ')}`);
  tf.dispose([loss, g]);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([z, y, m]);
});

test('maskedSoftmaxCrossEntropy: rows masked out do not matter; the loss is invariant to a per-row shift of the logits', async () => {
  await tf.setBackend('cpu');
  const z = tf.tensor2d([[1, 2, 3], [0, -1, 4], [5, 5, 5]]);
  const y = tf.tensor1d([2, 0, 1], 'int32');
  const m = tf.tensor1d([1, 1, 0]);
  const other = tf.tensor2d([[1, 2, 3], [0, -1, 4], [-50, 90, 3]]);
  const shifted = tf.add(z, tf.tensor2d([[10], [-7], [0]])) as tf.Tensor2D;
  const value = async (t: tf.Tensor2D): Promise<number> => {
    const l = maskedSoftmaxCrossEntropy(t, y, m);
    const v = (await l.data())[0] as number;
    l.dispose();
    return v;
  };
  const a = await value(z);
  const want = (Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3 + Math.log(1 + Math.exp(-1) + Math.exp(4)) - 0) / 2;
  assert.ok(Math.abs(a - want) < 1e-6, `${a} vs ${want}`);
  assert.equal(await value(other), a);
  assert.ok(Math.abs((await value(shifted)) - a) < 1e-5);
  tf.dispose([z, y, m, other, shifted]);
});

test('maskedSoftmaxCrossEntropy: wrong ranks, lengths and dtypes are RangeErrors naming the expected shape; nothing leaks', () => {
  const z = tf.zeros([3, 4]) as tf.Tensor2D;
  const rank1 = tf.zeros([3]);
  const y = tf.tensor1d([0, 1, 2], 'int32');
  const yFloat = tf.tensor1d([0, 1, 2], 'float32');
  const yShort = tf.tensor1d([0, 1], 'int32');
  const mShort = tf.ones([2]) as tf.Tensor1D;
  const before = tf.memory().numTensors;
  assert.throws(() => maskedSoftmaxCrossEntropy(rank1 as unknown as tf.Tensor2D, y), { name: 'RangeError', message: 'maskedSoftmaxCrossEntropy: logits must be [N, C], got rank 1' });
  assert.throws(() => maskedSoftmaxCrossEntropy(z, yFloat), { name: 'RangeError', message: 'maskedSoftmaxCrossEntropy: targets must be int32 [3], got float32 [3]' });
  assert.throws(() => maskedSoftmaxCrossEntropy(z, yShort), { name: 'RangeError', message: 'maskedSoftmaxCrossEntropy: targets must be int32 [3], got int32 [2]' });
  assert.throws(() => maskedSoftmaxCrossEntropy(z, y, mShort), { name: 'RangeError', message: 'maskedSoftmaxCrossEntropy: mask must be [3], got [2]' });
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([z, rank1, y, yFloat, yShort, mShort]);
});
