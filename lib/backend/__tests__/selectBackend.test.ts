import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '..';

test('auto picks wasm here (tfjs-node absent) and says why it skipped tensorflow', async () => {
  const logs: string[] = [];
  const choice = await selectBackend({ backend: 'auto', env: {}, log: (m) => logs.push(m) });
  assert.equal(choice.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(choice.attempts[0]?.name, 'tensorflow');
  assert.equal(choice.attempts[0]?.ok, false);
  assert.match(choice.attempts[0]?.reason ?? '', /@tensorflow\/tfjs-node-gpu: not installed/);
  assert.match(logs[0] ?? '', /backend: wasm/);
  assert.ok(Array.isArray(choice.trainingKernels));
  const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).arraySync());
  assert.deepEqual(sum, [4, 6]);
});

test('TOUNUM_BACKEND forces a backend; the option beats the variable', async () => {
  const c1 = await selectBackend({ env: { TOUNUM_BACKEND: 'cpu' }, log: false });
  assert.equal(c1.name, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  assert.match(c1.reason, /forced by TOUNUM_BACKEND/);
  const c2 = await selectBackend({ backend: 'wasm', env: { TOUNUM_BACKEND: 'cpu' }, log: false });
  assert.equal(c2.name, 'wasm');
});

test('a forced backend that cannot start is an error naming it; bad names are rejected', async () => {
  await assert.rejects(selectBackend({ backend: 'tensorflow', log: false }), /backend "tensorflow" requested by the backend option could not start/);
  await assert.rejects(selectBackend({ env: { TOUNUM_BACKEND: 'gpu' }, log: false }), /TOUNUM_BACKEND must be one of auto, tensorflow, wasm, cpu; got "gpu"/);
});
